// The main process of a container, modelled enough to teach: which commands keep running, what they
// write into the writable layer when they start and stop, what they print.

import type { Core } from '../core';
import { contentBytes, textContent } from '../fs/content';
import type { ContainerRec } from '../state';
import { announce, changeFs } from './container-fs';

export type MainKind = 'nginx' | 'redis' | 'hello' | 'shell' | 'sleep' | 'daemon' | 'oneshot';

const basename = (s: string) => s.slice(s.lastIndexOf('/') + 1);

/** What the container's argv (entrypoint + cmd) will do when started. */
export function classify(ctr: Pick<ContainerRec, 'path' | 'args' | 'config'>): MainKind {
  const argv = [ctr.path, ...ctr.args].map(basename);
  const prog =
    argv.find(
      (a) => a !== 'docker-entrypoint.sh' && a !== 'docker-entrypoint.sh' && a !== 'tini' && a !== '--',
    ) ?? '';
  if (prog === 'nginx') return 'nginx';
  if (prog === 'redis-server') return 'redis';
  if (prog === 'hello') return 'hello';
  if (prog === 'portainer') return 'daemon';
  if (prog === 'sleep' || (prog === 'tail' && argv.includes('-f'))) return 'sleep';
  if (['bash', 'sh', 'ash', 'zsh', 'dash'].includes(prog)) {
    const interactive = ctr.config.OpenStdin || ctr.config.Tty;
    const runsScript = argv.includes('-c');
    return interactive && !runsScript ? 'shell' : 'oneshot';
  }
  return 'oneshot';
}

export const HELLO_TEXT = [
  '',
  'Hello from Layer Lab!',
  'This message shows that your installation appears to be working correctly.',
  '',
  'To make this message, Layer Lab took these steps:',
  ' 1. The docker client asked the (simulated) Docker daemon to run "hello-world".',
  ' 2. The daemon did not have the image, so it pulled it from the simulated registry:',
  '    one small layer holding a single program, /hello.',
  ' 3. The daemon stacked that read-only layer, added an init layer and an empty writable layer,',
  "    and started /hello in the new container on the host's own kernel.",
  ' 4. /hello wrote this text to its standard output, which the daemon streamed to your terminal.',
  '',
  'Try something more ambitious: run an Ubuntu container with',
  ' $ docker run -it ubuntu bash',
  '',
  'Then watch the stack view: every file you change is copied up into the writable layer.',
  '',
].join('\n');

function log(core: Core, ctr: ContainerRec, text: string, stream: 'stdout' | 'stderr' = 'stdout') {
  core.tx().touch(ctr, 'containers', ctr.id, () => ({ logs: [...ctr.logs] }));
  ctr.logs = [...ctr.logs, { time: core.platform.clock.now(), stream, text }];
}

const dec = new TextDecoder();

/** Side effects of the main process starting: nginx makes its temp dirs, pid file, IPv6 listen line. */
export function onStart(core: Core, ctr: ContainerRec, kind: MainKind): void {
  const now = Math.floor(core.platform.clock.now() / 1000);
  if (kind === 'hello') {
    log(core, ctr, HELLO_TEXT);
    return;
  }
  if (kind === 'nginx') {
    changeFs(core, ctr, (upper) => {
      const view = upper.view();
      const conf = '/etc/nginx/conf.d/default.conf';
      const entry = view.lookup(conf)?.entry;
      if (entry && entry.type === 'file') {
        const text = dec.decode(contentBytes(entry.content));
        if (!text.includes('[::]:80')) {
          log(
            core,
            ctr,
            '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
          );
          const next = text.replace(/(\n\s*listen\s+80;[^\n]*)/, '$1\n    listen  [::]:80;');
          announce(core, ctr, upper.writeFile(conf, textContent(next), { mtime: now }));
        }
      }
      const cacheRoot = view.lookup('/var/cache/nginx') ? '/var/cache/nginx' : '/var/lib/nginx';
      const names =
        cacheRoot === '/var/cache/nginx'
          ? ['client_temp', 'fastcgi_temp', 'proxy_temp', 'scgi_temp', 'uwsgi_temp']
          : ['body', 'fastcgi', 'proxy', 'scgi', 'uwsgi'];
      for (const n of names) {
        const p = `${cacheRoot}/${n}`;
        if (!upper.view().lookup(p))
          announce(core, ctr, upper.mkdir(p, { mode: 0o700, uid: 101, gid: 0, mtime: now, parents: true }));
      }
      announce(
        core,
        ctr,
        upper.writeFile('/run/nginx.pid', textContent(`${ctr.state.pid}\n`), { mtime: now }),
      );
    });
    log(core, ctr, '/docker-entrypoint.sh: Configuration complete; ready for start up');
    return;
  }
  if (kind === 'redis') {
    log(
      core,
      ctr,
      `1:M ${new Date(core.platform.clock.now()).toUTCString()} * Ready to accept connections tcp`,
    );
  }
}

/** Side effects of the main process ending. */
export function onStop(core: Core, ctr: ContainerRec, kind: MainKind): void {
  if (kind === 'nginx') {
    changeFs(core, ctr, (upper) => {
      if (upper.view().lookup('/run/nginx.pid')) announce(core, ctr, upper.unlink('/run/nginx.pid'));
    });
  }
}

/** The exit code when the process is asked to stop with SIGTERM (PID 1 ignores it unless it handles it). */
export function exitOnStop(kind: MainKind): number {
  return kind === 'nginx' || kind === 'redis' || kind === 'daemon' ? 0 : 137;
}

export function keepsRunning(kind: MainKind): boolean {
  return kind !== 'hello' && kind !== 'oneshot';
}
