// busybox (from Debian's busybox-static package), hello-world, and layerlab/unionfs-demo: the
// textbook three-layer union.

import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR, run } from '../cache';
import { candidate, readDeb } from '../deb';
import type { DebianBase } from '../debian';
import { DEFAULT_PATH, ImageBuild } from '../build';
import { textNode, Tree, type Meta } from '../tree';
import type { ImageDef } from '../output';

const DAY = 86400;

export interface SmallImages {
  defs: ImageDef[];
  /** Applet paths of busybox (`bin/ls`, `usr/bin/awk`…), for the alpine model. */
  applets: string[];
  busyboxSize: number;
}

export const BUSYBOX_PASSWD =
  'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\n' +
  'sys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\n' +
  'www-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n';
const BUSYBOX_GROUP =
  'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nkmem:x:9:\n' +
  'wheel:x:10:root\ncdrom:x:11:\ndialout:x:18:\nfloppy:x:19:\nvideo:x:28:\naudio:x:29:\ntape:x:32:\nwww-data:x:33:\n' +
  'operator:x:37:\nutmp:x:43:\nplugdev:x:46:\nstaff:x:50:\nlock:x:54:\nnetdev:x:82:\nusers:x:100:\nnogroup:x:65534:\n';

// The glibc variant of the busybox image carries the C library beside the binary.
const GLIBC_LIBS = [
  'ld-linux-x86-64.so.2',
  'libc.so.6',
  'libnss_compat.so.2',
  'libnss_dns.so.2',
  'libnss_files.so.2',
  'libpthread.so.0',
  'libresolv.so.2',
];

/** `busybox --list-full` of the real binary, run once and cached. */
function appletList(binary: Uint8Array): string[] {
  const cached = join(CACHE_DIR, 'busybox-applets.txt');
  if (!existsSync(cached)) {
    const dir = join(CACHE_DIR, 'tmp');
    mkdirSync(dir, { recursive: true });
    const bin = join(dir, 'busybox');
    writeFileSync(bin, binary);
    chmodSync(bin, 0o755);
    writeFileSync(cached, run(bin, ['--list-full']).toString());
  }
  return readFileSync(cached, 'utf8').split('\n').filter(Boolean).sort();
}

function dir(tree: Tree, p: string, meta: Meta, mode = 0o755): void {
  tree.mkdirp(p, meta);
  tree.set(p, { type: 'dir', ...meta, mode });
}

async function busybox(base: DebianBase): Promise<{ build: ImageBuild; applets: string[]; size: number }> {
  const time = base.epoch + 2 * DAY;
  const meta: Meta = { mode: 0o755, uid: 0, gid: 0, mtime: time };
  const deb = await readDeb(candidate('busybox-static'));
  const bin = deb.members.find((m) => m.path.endsWith('/bin/busybox') && m.type === 'file');
  if (!bin?.data) throw new Error('busybox-static without /bin/busybox');
  const applets = appletList(bin.data);

  const tree = new Tree();
  for (const d of [
    '/bin',
    '/dev',
    '/etc',
    '/etc/network',
    '/home',
    '/lib',
    '/root',
    '/tmp',
    '/usr',
    '/usr/sbin',
    '/var',
    '/var/spool',
    '/var/spool/mail',
    '/var/www',
  ]) {
    dir(tree, d, meta, d === '/root' ? 0o700 : d === '/tmp' ? 0o1777 : 0o755);
  }
  for (const d of ['if-down.d', 'if-post-down.d', 'if-pre-up.d', 'if-up.d'])
    dir(tree, `/etc/network/${d}`, meta);
  tree.set('/bin/busybox', { type: 'file', ...meta, size: bin.size, rev: `${deb.name}_${deb.version}` });
  const names = new Set(applets.map((a) => a.slice(a.lastIndexOf('/') + 1)));
  names.delete('busybox');
  for (const n of names) tree.set(`/bin/${n}`, { type: 'hardlink', ...meta, target: '/bin/busybox' });
  const libc = await readDeb(candidate('libc6'));
  for (const lib of GLIBC_LIBS) {
    const m = libc.members.find(
      (x) => x.path === `/lib/x86_64-linux-gnu/${lib}` || x.path === `/usr/lib/x86_64-linux-gnu/${lib}`,
    );
    if (m?.type !== 'file') throw new Error(`libc6 without ${lib}`);
    tree.set(`/lib/${lib}`, {
      type: 'file',
      ...meta,
      mode: m.mode,
      size: m.size,
      rev: `${libc.name}_${libc.version}`,
    });
  }
  tree.set('/lib64', { type: 'symlink', ...meta, mode: 0o777, target: 'lib' });
  const etc = (p: string, text: string, mode = 0o644) =>
    tree.set(p, textNode(text, { ...meta, mode }, 'busybox'));
  etc('/etc/passwd', BUSYBOX_PASSWD);
  etc('/etc/group', BUSYBOX_GROUP);
  etc(
    '/etc/shadow',
    BUSYBOX_PASSWD.split('\n')
      .filter(Boolean)
      .map((l) => `${l.split(':')[0]}:*:10933:0:99999:7:::`)
      .join('\n') + '\n',
    0o640,
  );
  etc('/etc/nsswitch.conf', 'hosts:\t\tfiles dns\nnetworks:\tfiles\n');

  const b = ImageBuild.scratch(time);
  b.base('busybox-1.35-glibc', tree, 'ADD busybox.tar.xz / # buildkit', 'buildkit.dockerfile.v0');
  b.config = {
    Env: [DEFAULT_PATH],
    Labels: {
      'org.layerlab.modelled': `/bin/busybox and its applets from Debian's busybox-static ${deb.version}; C library from libc6`,
    },
  };
  b.meta('CMD ["sh"]', (c) => (c.Cmd = ['sh']));
  return { build: b, applets, size: bin.size };
}

function helloWorld(base: DebianBase): ImageBuild {
  const b = ImageBuild.scratch(base.epoch - 40 * DAY);
  b.config = { Env: [DEFAULT_PATH] };
  b.layer('hello-world-latest', 'COPY hello / # buildkit', (ctx) => {
    ctx.tree.set('/hello', {
      type: 'file',
      mode: 0o775,
      uid: 0,
      gid: 0,
      mtime: ctx.time,
      size: 13_256,
      rev: ctx.rev,
    });
  });
  b.meta('CMD ["/hello"]', (c) => (c.Cmd = ['/hello']));
  return b;
}

/** The picture from every union-filesystem tutorial: a newer file3 in layer 3 hides layer 2's. */
function unionfsDemo(base: DebianBase): ImageBuild {
  const b = ImageBuild.scratch(base.epoch + 3 * DAY);
  b.config = {
    Env: [DEFAULT_PATH],
    Labels: {
      'org.opencontainers.image.description': 'Three layers: file1+file2, file3+file4, then a newer file3.',
    },
  };
  const put = (p: string, text: string) => (ctx: { tree: Tree; time: number; rev: string }) =>
    ctx.tree.set(p, textNode(text, { mode: 0o644, uid: 0, gid: 0, mtime: ctx.time }, ctx.rev));
  b.layer(
    'unionfs-demo-1',
    'COPY file1 file2 / # buildkit',
    (ctx) => {
      put('/file1', 'file1: from layer 1\n')(ctx);
      put('/file2', 'file2: from layer 1\n')(ctx);
    },
    { seconds: 60 },
  );
  b.layer(
    'unionfs-demo-2',
    'COPY file3 file4 / # buildkit',
    (ctx) => {
      put('/file3', 'file3: from layer 2 (the older version)\n')(ctx);
      put('/file4', 'file4: from layer 2\n')(ctx);
    },
    { seconds: 60 },
  );
  b.layer(
    'unionfs-demo-3',
    'COPY file3 / # buildkit',
    (ctx) => {
      put('/file3', 'file3: from layer 3 (the newer version; it hides the one in layer 2)\n')(ctx);
    },
    { seconds: 60 },
  );
  b.meta(
    'CMD ["cat" "/file1" "/file2" "/file3" "/file4"]',
    (c) => (c.Cmd = ['cat', '/file1', '/file2', '/file3', '/file4']),
  );
  return b;
}

export async function smallImages(base: DebianBase): Promise<SmallImages> {
  const bb = await busybox(base);
  return {
    applets: bb.applets,
    busyboxSize: bb.size,
    defs: [
      {
        repo: 'library/busybox',
        tags: ['latest', '1.35', 'glibc'],
        description: 'Busybox base image.',
        build: bb.build,
      },
      {
        repo: 'library/hello-world',
        tags: ['latest'],
        description: 'Hello World! (an example of minimal Dockerization)',
        build: helloWorld(base),
      },
      {
        repo: 'layerlab/unionfs-demo',
        tags: ['latest'],
        description: 'Three small layers showing how a union filesystem merges them.',
        build: unionfsDemo(base),
      },
    ],
  };
}
