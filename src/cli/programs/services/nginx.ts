// nginx run inside a container: `-t` checks the configuration, `-s reload` has the running master
// re-read it (edits to default.conf take effect only then), `-v` prints the version.

import { nginxStamp, reloadNginx } from '../../../engine/runtime/processes';
import { classify } from '../../../engine/runtime/processes';
import type { Program, ProgramContext } from '../../types';
import { checkNginxConf, ConfError, errorLogLevel } from './nginx-conf';

const CONF = '/etc/nginx/nginx.conf';

function version(ctx: ProgramContext): string {
  if (ctx.where === 'host') return 'unknown';
  const env = ctx.engine.container(ctx.where).config.Env ?? [];
  return env.find((e) => e.startsWith('NGINX_VERSION='))?.slice('NGINX_VERSION='.length) ?? '1.22.1';
}

/** Parses the configuration as every nginx invocation does first; false after printing the error. */
function test(ctx: ProgramContext): boolean {
  try {
    checkNginxConf(ctx.fs.view(), CONF);
    return true;
  } catch (e) {
    if (!(e instanceof ConfError)) throw e;
    ctx.io.err(`nginx: [emerg] ${e.message}\n`);
    return false;
  }
}

/** A pid for the short-lived process this command is, inside the container's pid namespace. */
function ownPid(ctx: ProgramContext): number {
  if (ctx.where === 'host') return 1;
  return 20 + (ctx.engine.container(ctx.where).logs.length % 70);
}

const USAGE = (v: string) =>
  `nginx version: nginx/${v}\n` +
  'Usage: nginx [-?hvVtTq] [-s signal] [-p prefix]\n' +
  '             [-e filename] [-c filename] [-g directives]\n\n' +
  'Options:\n' +
  '  -?,-h         : this help\n' +
  '  -v            : show version and exit\n' +
  '  -V            : show version and configure options then exit\n' +
  '  -t            : test configuration and exit\n' +
  '  -T            : test configuration, dump it and exit\n' +
  '  -q            : suppress non-error messages during configuration testing\n' +
  '  -s signal     : send signal to a master process: stop, quit, reopen, reload\n' +
  '  -p prefix     : set prefix path (default: /etc/nginx/)\n' +
  '  -e filename   : set error log file (default: /var/log/nginx/error.log)\n' +
  '  -c filename   : set configuration file (default: /etc/nginx/nginx.conf)\n' +
  '  -g directives : set global directives out of configuration file\n\n';

export const nginx: Program = async (argv, ctx) => {
  const { io } = ctx;
  const v = version(ctx);
  let testOnly = false;
  let quiet = false;
  let signal: string | null = null;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '-?') {
      io.err(USAGE(v));
      return 0;
    }
    if (a === '-v' || a === '-V') {
      io.err(`nginx version: nginx/${v}\n`);
      return 0;
    }
    if (a === '-t' || a === '-T') testOnly = true;
    else if (a === '-q') quiet = true;
    else if (a === '-s') {
      const s = argv[++i];
      if (s === undefined) {
        io.err('nginx: option "-s" requires parameter\n');
        return 1;
      }
      if (!['stop', 'quit', 'reopen', 'reload'].includes(s)) {
        io.err(`nginx: invalid option: "-s ${s}"\n`);
        return 1;
      }
      signal = s;
    } else {
      io.err(`nginx: invalid option: "${a.replace(/^-/, '')}"\n`);
      return 1;
    }
  }
  if (testOnly) {
    if (!test(ctx)) {
      io.err(`nginx: configuration file ${CONF} test failed\n`);
      return 1;
    }
    if (!quiet)
      io.err(
        `nginx: the configuration file ${CONF} syntax is ok\nnginx: configuration file ${CONF} test is successful\n`,
      );
    return 0;
  }
  if (!test(ctx)) return 1;
  const ctr = ctx.where === 'host' ? null : ctx.engine.container(ctx.where);
  const master = ctr && ctr.state.status === 'running' && classify(ctr) === 'nginx' ? ctr : null;
  const pidFile = ctx.fs.view().fileOf('/run/nginx.pid');
  const pid = ownPid(ctx);
  const stamp = nginxStamp(ctx.engine.platform.clock.now());
  if (signal !== null) {
    if (!pidFile || !master) {
      io.err(
        `${stamp} [error] ${pid}#${pid}: open() "/run/nginx.pid" failed (2: No such file or directory)\n`,
      );
      io.err('nginx: [error] open() "/run/nginx.pid" failed (2: No such file or directory)\n');
      return 1;
    }
    // the signal process logs at notice level: the official image's error_log shows it on the terminal
    if (errorLogLevel(ctx.fs.view(), CONF) === 'notice')
      io.err(`${stamp} [notice] ${pid}#${pid}: signal process started\n`);
    if (signal === 'reload') await ctx.engine.command(() => reloadNginx(ctx.engine, master, pid));
    else if (signal === 'stop' || signal === 'quit') await ctx.engine.stop(master.id);
    return 0;
  }
  // a second nginx finds port 80 taken by the running one, tries five times, gives up
  if (master) {
    for (let n = 0; n < 5; n++)
      for (const addr of ['0.0.0.0:80', '[::]:80']) {
        io.err(`${stamp} [emerg] ${pid}#${pid}: bind() to ${addr} failed (98: Address already in use)\n`);
        io.err(`nginx: [emerg] bind() to ${addr} failed (98: Address already in use)\n`);
      }
    io.err(`${stamp} [emerg] ${pid}#${pid}: still could not bind()\nnginx: [emerg] still could not bind()\n`);
    return 1;
  }
  io.err('nginx: starting a second server by hand is not modelled here; run an nginx container instead\n');
  return 1;
};
