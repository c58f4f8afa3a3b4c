// debian (bookworm-slim and full), and the two images built FROM debian:bookworm-slim as on Docker
// Hub: nginx and redis, their RUN layers made of the real Debian packages' file lists.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILES_DIR } from '../cache';
import { readDeb, resolveInstall, type Deb } from '../deb';
import { teachingText, type DebianBase } from '../debian';
import { fileSize, installDebs, putFill, removePath, write, type InstallContext } from '../dpkg';
import { runPostinst } from '../postinst';
import { ImageBuild, DEFAULT_PATH } from '../build';
import { textNode, type FileNode } from '../tree';
import type { ImageDef } from '../output';

const DAY = 86400;

function file(name: string): string {
  return readFileSync(join(FILES_DIR, name), 'utf8');
}

function putText(ctx: InstallContext, p: string, text: string, mode = 0o644, uid = 0, gid = 0): void {
  write(ctx, p, textNode(text, { mode, uid, gid, mtime: ctx.time }, ctx.rev));
}

async function debsFor(key: string, base: DebianBase, names: string[]): Promise<Deb[]> {
  const refs = resolveInstall(key, base.statusFile, names);
  const out: Deb[] = [];
  for (const r of refs) out.push(await readDeb(r));
  return out;
}

/** apt's and dpkg's records after an install whose packages were purged again in the same RUN. */
function purgedInstallBooks(ctx: InstallContext, packages: number): void {
  putFill(ctx, '/var/lib/dpkg/status-old', fileSize(ctx.tree, '/var/lib/dpkg/status'));
  putFill(ctx, '/var/lib/dpkg/status', fileSize(ctx.tree, '/var/lib/dpkg/status'));
  putFill(ctx, '/var/log/dpkg.log', fileSize(ctx.tree, '/var/log/dpkg.log') + packages * 12 * 64);
  putFill(
    ctx,
    '/var/log/apt/history.log',
    fileSize(ctx.tree, '/var/log/apt/history.log') + 420 + packages * 90,
  );
  putFill(ctx, '/var/log/apt/term.log', fileSize(ctx.tree, '/var/log/apt/term.log') + 300 + packages * 380);
  putFill(
    ctx,
    '/var/log/apt/eipp.log.xz',
    fileSize(ctx.tree, '/var/log/apt/eipp.log.xz') + 9000 + packages * 600,
    0o600,
  );
  putFill(ctx, '/etc/ld.so.cache', fileSize(ctx.tree, '/etc/ld.so.cache'));
}

/** Appends a line to a text file the base carries as text (passwd, group, shadow…), keeping a `-` backup. */
function appendLine(ctx: InstallContext, p: string, line: string): void {
  const old = ctx.tree.get(p) as FileNode | undefined;
  if (!old || old.text === undefined) throw new Error(`${p} is not a text file of the base`);
  write(ctx, `${p}-`, { ...old, mtime: ctx.time, rev: ctx.rev });
  write(ctx, p, textNode(old.text + line + '\n', { ...old, mtime: ctx.time }, ctx.rev));
}

export interface DebianImages {
  slim: ImageBuild;
  defs: ImageDef[];
}

export async function debianImages(base: DebianBase): Promise<DebianImages> {
  const E = base.epoch;
  const createdBy = `# debian.sh --arch 'amd64' out/ 'bookworm' '@${E}'`;
  const opts = {
    rootfs: join(base.statusFile, '../../../..'),
    stanzas: base.statusStanzas,
    wantText: wantText,
  };

  const slim = ImageBuild.scratch(E, { ...opts, slim: true });
  slim.base('debian-bookworm-slim', base.slim, createdBy, 'debuerreotype 0.15');
  slim.config = { Env: [DEFAULT_PATH], Cmd: ['bash'] };
  const full = ImageBuild.scratch(E, opts);
  full.base('debian-bookworm', base.full, createdBy, 'debuerreotype 0.15');
  full.config = { Env: [DEFAULT_PATH], Cmd: ['bash'] };

  // The images above the base are built the day after the newest package they install was made.
  const debs = [
    ...(await debsFor('nginx', base, NGINX_PACKAGES)),
    ...(await debsFor('redis-tzdata', base, ['tzdata'])),
    ...(await debsFor('redis-gosu', base, ['gosu'])),
    ...(await debsFor('redis-build', base, ['libssl3'])),
  ];
  const newest = Math.max(E, ...debs.flatMap((d) => d.members.map((m) => m.mtime)));
  const day = newest - (newest % DAY) + DAY;
  const nginx = await nginxImage(base, slim, day + 2 * 3600);
  const redis = await redisImage(base, slim, day + 4 * 3600);
  return {
    slim,
    defs: [
      {
        repo: 'library/debian',
        tags: ['bookworm-slim', '12-slim'],
        description: 'Debian is a Linux distribution composed of free and open-source software.',
        build: slim,
      },
      {
        repo: 'library/debian',
        tags: ['latest', 'bookworm', '12', `${base.release}`],
        description: '',
        build: full,
      },
      {
        repo: 'library/nginx',
        tags: ['latest', '1.27'],
        description: 'Official build of Nginx.',
        build: nginx,
      },
      {
        repo: 'library/redis',
        tags: ['latest', '7.4'],
        description: 'Redis is an in-memory data store, here built on debian:bookworm-slim.',
        build: redis,
      },
    ],
  };
}

/** Real text for configuration and the pages nginx serves. */
function wantText(p: string, size: number): boolean {
  return teachingText(p, size) || (p.startsWith('/usr/share/nginx/html/') && size <= 8192);
}

const NGINX_PACKAGES = [
  'nginx',
  'libnginx-mod-http-geoip',
  'libnginx-mod-http-image-filter',
  'libnginx-mod-http-xslt-filter',
  'gettext-base',
  'curl',
  'ca-certificates',
];
const NGINX_ENTRYPOINT_SCRIPTS = [
  '10-listen-on-ipv6-by-default.sh',
  '15-local-resolvers.envsh',
  '20-envsubst-on-templates.sh',
  '30-tune-worker-processes.sh',
];

async function nginxImage(base: DebianBase, slim: ImageBuild, start: number): Promise<ImageBuild> {
  const debs = await debsFor('nginx', base, NGINX_PACKAGES);
  const b = ImageBuild.from(slim, start);
  b.meta('LABEL maintainer=Layer Lab <nginx image modelled on Debian bookworm packages>', (c) => {
    c.Labels = {
      maintainer: 'Layer Lab <nginx image modelled on Debian bookworm packages>',
      'org.layerlab.modelled': `Files of Debian bookworm's nginx ${debs.find((d) => d.name === 'nginx')?.version ?? ''} packages; tags follow Docker Hub's`,
    };
  });
  b.meta('ENV NGINX_VERSION=1.27.5', (c) => c.Env.push('NGINX_VERSION=1.27.5'));
  b.meta('ENV PKG_RELEASE=1~bookworm', (c) => c.Env.push('PKG_RELEASE=1~bookworm'));
  const run =
    'RUN /bin/sh -c set -x     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y ' +
    NGINX_PACKAGES.join(' ') +
    '     && rm -f /etc/nginx/sites-enabled/default     && ln -sf /dev/stdout /var/log/nginx/access.log' +
    '     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d     && rm -rf /var/lib/apt/lists/* # buildkit';
  b.layer(
    'nginx-1.27-run',
    run,
    (ctx) => {
      installDebs(ctx, debs, NGINX_PACKAGES);
      runPostinst(ctx, debs);
      removePath(ctx, '/etc/nginx/sites-enabled/default');
      for (const [f, dev] of [
        ['access.log', 'stdout'],
        ['error.log', 'stderr'],
      ] as const) {
        write(ctx, `/var/log/nginx/${f}`, {
          type: 'symlink',
          mode: 0o777,
          uid: 0,
          gid: 0,
          mtime: ctx.time,
          target: `/dev/${dev}`,
        });
      }
      write(ctx, '/docker-entrypoint.d', { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: ctx.time });
      // What nginx.org's package ships and Debian's does not: the image's default server and pages.
      putText(ctx, '/etc/nginx/conf.d/default.conf', file('nginx/default.conf'));
      putText(ctx, '/usr/share/nginx/html/index.html', file('nginx/index.html'));
      putText(ctx, '/usr/share/nginx/html/50x.html', file('nginx/50x.html'));
    },
    { seconds: 95 },
  );
  b.layer('nginx-1.27-entrypoint', 'COPY docker-entrypoint.sh / # buildkit', (ctx) => {
    putText(ctx, '/docker-entrypoint.sh', file('nginx/docker-entrypoint.sh'), 0o775);
  });
  for (const script of NGINX_ENTRYPOINT_SCRIPTS) {
    const name = `nginx-1.27-${script.slice(0, 2)}`;
    b.layer(
      name,
      `COPY ${script} /docker-entrypoint.d # buildkit`,
      (ctx) => {
        putText(ctx, `/docker-entrypoint.d/${script}`, file(`nginx/${script}`), 0o775);
      },
      { seconds: 1 },
    );
  }
  b.meta('ENTRYPOINT ["/docker-entrypoint.sh"]', (c) => (c.Entrypoint = ['/docker-entrypoint.sh']));
  b.meta('EXPOSE map[80/tcp:{}]', (c) => (c.ExposedPorts = ['80/tcp']));
  b.meta('STOPSIGNAL SIGQUIT', (c) => (c.StopSignal = 'SIGQUIT'));
  b.meta('CMD ["nginx" "-g" "daemon off;"]', (c) => (c.Cmd = ['nginx', '-g', 'daemon off;']));
  return b;
}

// Sizes of the binaries `make install` puts in /usr/local/bin (redis 7.4, built with debug info).
const REDIS_BINARIES: [string, number][] = [
  ['redis-benchmark', 7_102_464],
  ['redis-cli', 7_436_920],
  ['redis-server', 15_493_232],
];

async function redisImage(base: DebianBase, slim: ImageBuild, start: number): Promise<ImageBuild> {
  const b = ImageBuild.from(slim, start);
  const day = Math.floor(b.time / DAY);
  b.layer(
    'redis-7.4-user',
    'RUN /bin/sh -c set -eux; \tgroupadd -r -g 999 redis; \tuseradd -r -g redis -u 999 redis # buildkit',
    (ctx) => {
      appendLine(ctx, '/etc/group', 'redis:x:999:');
      appendLine(ctx, '/etc/gshadow', 'redis:!::');
      appendLine(ctx, '/etc/passwd', 'redis:x:999:999::/home/redis:/bin/sh');
      appendLine(ctx, '/etc/shadow', `redis:!:${day}::::::`);
    },
    { seconds: 3 },
  );

  const tzdata = await debsFor('redis-tzdata', base, ['tzdata']);
  b.layer(
    'redis-7.4-tzdata',
    'RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\ttzdata \t; \trm -rf /var/lib/apt/lists/* # buildkit',
    (ctx) => {
      installDebs(ctx, tzdata, ['tzdata']);
    },
    { seconds: 20 },
  );

  const [gosu] = await debsFor('redis-gosu', base, ['gosu']);
  const gosuBin = gosu?.members.find((m) => m.path.endsWith('/gosu') && m.type === 'file');
  if (!gosu || !gosuBin) throw new Error('gosu package without a gosu binary');
  b.meta(`ENV GOSU_VERSION=${gosu.version.replace(/-.*/, '')}`, (c) =>
    c.Env.push(`GOSU_VERSION=${gosu.version.replace(/-.*/, '')}`),
  );
  b.layer(
    'redis-7.4-gosu',
    'RUN /bin/sh -c set -eux; \tsavedAptMark="$(apt-mark showmanual)"; \tapt-get update; \tapt-get install -y --no-install-recommends ca-certificates gnupg wget; ' +
      '\trm -rf /var/lib/apt/lists/*; \tdpkgArch="$(dpkg --print-architecture | awk -F- \'{ print $NF }\')"; \twget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$dpkgArch"; ' +
      '\tapt-mark auto \'.*\' > /dev/null; \t[ -z "$savedAptMark" ] || apt-mark manual $savedAptMark > /dev/null; \tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; ' +
      '\tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu nobody true # buildkit',
    (ctx) => {
      write(ctx, '/usr/local/bin/gosu', {
        type: 'file',
        mode: 0o755,
        uid: 0,
        gid: 0,
        mtime: ctx.time,
        size: gosuBin.size,
        rev: ctx.rev,
      });
      purgedInstallBooks(ctx, 14);
    },
    { seconds: 25 },
  );

  b.meta('ENV REDIS_VERSION=7.4.2', (c) => c.Env.push('REDIS_VERSION=7.4.2'));
  b.meta('ENV REDIS_DOWNLOAD_URL=http://download.redis.io/releases/redis-7.4.2.tar.gz', (c) =>
    c.Env.push('REDIS_DOWNLOAD_URL=http://download.redis.io/releases/redis-7.4.2.tar.gz'),
  );
  const libssl = await debsFor('redis-build', base, ['libssl3']);
  b.layer(
    'redis-7.4-build',
    'RUN /bin/sh -c set -eux; \t\tsavedAptMark="$(apt-mark showmanual)"; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\twget \t\t\t\tdpkg-dev \t\tgcc \t\tlibc6-dev \t\tlibssl-dev \t\tmake \t; ' +
      '\t\trm -rf /var/lib/apt/lists/*; \t\twget -O redis.tar.gz "$REDIS_DOWNLOAD_URL"; \tmkdir -p /usr/src/redis; \ttar -xzf redis.tar.gz -C /usr/src/redis --strip-components=1; \trm redis.tar.gz; ' +
      '\t\texport BUILD_TLS=yes; \tmake -C /usr/src/redis -j "$(nproc)" all; \tmake -C /usr/src/redis install; \t\tserverMd5="$(md5sum /usr/local/bin/redis-server | cut -d\' \' -f1)"; export serverMd5; ' +
      '\tfind /usr/local/bin/redis* -maxdepth 0 \t\t-type f -not -name redis-server \t\t-exec sh -eux -c \' \t\t\tmd5="$(md5sum "$1" | cut -d" " -f1)"; \t\t\ttest "$md5" = "$serverMd5"; \t\t\' -- \'{}\' \';\' ' +
      "\t\t-exec ln -svfT 'redis-server' '{}' ';' \t; \t\trm -r /usr/src/redis; \t\tapt-mark auto '.*' > /dev/null; \t[ -z \"$savedAptMark\" ] || apt-mark manual $savedAptMark > /dev/null; " +
      '\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \t\tredis-cli --version; \tredis-server --version # buildkit',
    (ctx) => {
      installDebs(ctx, libssl, []);
      purgedInstallBooks(ctx, 28);
      for (const [name, size] of REDIS_BINARIES) {
        write(ctx, `/usr/local/bin/${name}`, {
          type: 'file',
          mode: 0o755,
          uid: 0,
          gid: 0,
          mtime: ctx.time,
          size,
          rev: ctx.rev,
        });
      }
      for (const name of ['redis-check-aof', 'redis-check-rdb', 'redis-sentinel']) {
        write(ctx, `/usr/local/bin/${name}`, {
          type: 'symlink',
          mode: 0o777,
          uid: 0,
          gid: 0,
          mtime: ctx.time,
          target: 'redis-server',
        });
      }
      ctx.tree.mkdirp('/usr/local/etc/redis', { mode: 0o755, uid: 0, gid: 0, mtime: ctx.time });
      putText(ctx, '/usr/local/etc/redis/redis.conf', file('redis/redis.conf'));
    },
    { seconds: 140 },
  );
  b.layer(
    'redis-7.4-data',
    'RUN /bin/sh -c mkdir /data && chown redis:redis /data # buildkit',
    (ctx) => {
      write(ctx, '/data', { type: 'dir', mode: 0o755, uid: 999, gid: 999, mtime: ctx.time });
    },
    { seconds: 2 },
  );
  b.meta('VOLUME [/data]', (c) => (c.Volumes = ['/data']));
  b.meta('WORKDIR /data', (c) => (c.WorkingDir = '/data'));
  b.layer(
    'redis-7.4-entrypoint',
    'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit',
    (ctx) => {
      putText(ctx, '/usr/local/bin/docker-entrypoint.sh', file('redis/docker-entrypoint.sh'), 0o775);
    },
    { seconds: 1 },
  );
  b.meta('ENTRYPOINT ["docker-entrypoint.sh"]', (c) => (c.Entrypoint = ['docker-entrypoint.sh']));
  b.meta('EXPOSE map[6379/tcp:{}]', (c) => (c.ExposedPorts = ['6379/tcp']));
  b.meta('CMD ["redis-server"]', (c) => (c.Cmd = ['redis-server']));
  return b;
}
