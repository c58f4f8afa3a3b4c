// The main process of a container, modelled enough to teach: which commands keep running, what they
// write into the writable layer when they start and stop, what they print.

import type { Core } from '../core';
import { contentBytes, textContent } from '../fs/content';
import type { ContainerRec } from '../state';
import { changeFs } from './container-fs';
import { loadNginxSite } from './http';

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
          upper.writeFile(conf, textContent(next), { mtime: now });
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
          upper.mkdir(p, { mode: 0o700, uid: 101, gid: 0, mtime: now, parents: true });
      }
      upper.writeFile('/run/nginx.pid', textContent(`${ctr.state.pid}\n`), { mtime: now });
    });
    log(core, ctr, '/docker-entrypoint.sh: Configuration complete; ready for start up');
    loadNginxSite(core, ctr);
    return;
  }
  if (kind === 'redis') {
    log(core, ctr, `1:M ${redisStamp(core.platform.clock.now())} * Ready to accept connections tcp`);
  }
}

/** Side effects of the main process ending. */
export function onStop(core: Core, ctr: ContainerRec, kind: MainKind): void {
  if (kind === 'nginx') {
    changeFs(core, ctr, (upper) => {
      if (upper.view().lookup('/run/nginx.pid')) upper.unlink('/run/nginx.pid');
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

/** nginx's error-log time stamp: `2026/11/27 09:00:00`. */
export function nginxStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/^(\d+)-(\d+)-(\d+)T([\d:]+)\..*$/, '$1/$2/$3 $4');
}

/**
 * `nginx -s reload` sent SIGHUP from process `from`: the master re-reads its configuration (so edits
 * made since start now take effect) and logs the reload as real nginx does.
 */
export function reloadNginx(core: Core, ctr: ContainerRec, from: number): void {
  loadNginxSite(core, ctr);
  const at = nginxStamp(core.platform.clock.now());
  const worker = from + 1;
  for (const text of [
    `signal 1 (SIGHUP) received from ${from}, reconfiguring`,
    'reconfiguring',
    'using the "epoll" event method',
    'start worker processes',
    `start worker process ${worker}`,
  ])
    log(core, ctr, `${at} [notice] 1#1: ${text}`, 'stderr');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Redis's log time: `27 Nov 2026 09:00:00.000`. */
export function redisStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`
  );
}
