// Images that cannot be built from Debian packages, modelled on the nearest real tree and saying so
// in a label: ubuntu (the Debian slim tree with Ubuntu's identity), centos:7 (the full Debian tree
// with CentOS's identity and rpm database), alpine (busybox's applets over musl-like paths) and
// portainer/portainer (two COPY layers of a Go program).

import { createHash } from 'node:crypto';
import type { DebianBase } from '../debian';
import { DEFAULT_PATH, ImageBuild, type BuiltLayer } from '../build';
import { layerFileJson, type ImageDef } from '../output';
import { textNode, Tree, type FileNode, type Meta } from '../tree';
import type { SmallImages } from './small';
import { alpineTree } from './alpine';

const DAY = 86400;
const MODELLED = 'org.layerlab.modelled';

/** Stands in for the content hash the classic builder prints in `ADD file:<hash> in /`. */
export function contentHash(layer: BuiltLayer): string {
  return createHash('sha256').update(layerFileJson(layer)).digest('hex');
}

export function putText(tree: Tree, p: string, text: string, meta: Meta, rev: string): void {
  tree.mkdirp(p.slice(0, p.lastIndexOf('/')) || '/', { ...meta, mode: 0o755 });
  tree.set(p, textNode(text, meta, rev));
}

export function putFill(tree: Tree, p: string, size: number, meta: Meta, rev: string): void {
  tree.mkdirp(p.slice(0, p.lastIndexOf('/')) || '/', { ...meta, mode: 0o755 });
  tree.set(p, { type: 'file', ...meta, size, rev });
}

function appendText(tree: Tree, p: string, line: string): void {
  const n = tree.get(p) as FileNode | undefined;
  if (n?.text === undefined) throw new Error(`${p} has no text`);
  tree.set(p, textNode(n.text + line + '\n', n, n.rev));
}

/** Scales the virtual fills so that the tree's total is `target` bytes (texts keep their size). */
function scaleTo(tree: Tree, target: number): void {
  let fixed = 0;
  let fills = 0;
  for (const n of tree.nodes.values()) {
    if (n.type !== 'file') continue;
    if (n.text !== undefined) fixed += n.size;
    else fills += n.size;
  }
  const f = (target - fixed) / fills;
  let total = fixed;
  const files = [...tree.nodes]
    .filter(([, n]) => n.type === 'file' && n.text === undefined)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  files.forEach(([p, n], i) => {
    const node = n as FileNode;
    const size = i === files.length - 1 ? target - total : Math.round(node.size * f);
    total += size;
    tree.set(p, { ...node, size });
  });
}

function clampMtimes(tree: Tree, t: number): void {
  for (const [p, n] of tree.nodes) if (n.mtime > t) tree.nodes.set(p, { ...n, mtime: t });
}

const UBUNTU_OS_RELEASE = `PRETTY_NAME="Ubuntu 24.04.2 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.2 LTS (Noble Numbat)"
VERSION_CODENAME=noble
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=noble
LOGO=ubuntu-logo
`;

function ubuntuSources(): string {
  const block = (uri: string, suites: string) =>
    `Types: deb\nURIs: ${uri}\nSuites: ${suites}\nComponents: main universe restricted multiverse\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n`;
  return `${block('http://archive.ubuntu.com/ubuntu/', 'noble noble-updates noble-backports')}\n${block('http://security.ubuntu.com/ubuntu/', 'noble-security')}`;
}

function ubuntu(base: DebianBase): ImageBuild {
  const time = base.epoch + 5 * DAY;
  const tree = base.slim.clone();
  const meta: Meta = { mode: 0o644, uid: 0, gid: 0, mtime: time };
  const rev = 'ubuntu-model';
  for (const p of [...tree.nodes.keys()]) {
    if (/^\/(etc\/apt\/trusted\.gpg\.d|usr\/share\/keyrings)\/debian-/.test(p)) tree.remove(p);
  }
  for (const p of [
    '/etc/apt/sources.list.d/debian.sources',
    '/etc/dpkg/dpkg.cfg.d/docker',
    '/etc/hostname',
    '/etc/resolv.conf',
  ])
    tree.remove(p);
  putText(tree, '/usr/lib/os-release', UBUNTU_OS_RELEASE, meta, rev);
  putText(
    tree,
    '/etc/lsb-release',
    'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=24.04\nDISTRIB_CODENAME=noble\nDISTRIB_DESCRIPTION="Ubuntu 24.04.2 LTS"\n',
    meta,
    rev,
  );
  putText(tree, '/etc/debian_version', 'trixie/sid\n', meta, rev);
  putText(tree, '/etc/issue', 'Ubuntu 24.04.2 LTS \\n \\l\n\n', meta, rev);
  putText(tree, '/etc/issue.net', 'Ubuntu 24.04.2 LTS\n', meta, rev);
  putText(
    tree,
    '/etc/apt/sources.list',
    '# Ubuntu sources have moved to /etc/apt/sources.list.d/ubuntu.sources\n',
    meta,
    rev,
  );
  putText(tree, '/etc/apt/sources.list.d/ubuntu.sources', ubuntuSources(), meta, rev);
  putFill(tree, '/usr/share/keyrings/ubuntu-archive-keyring.gpg', 2_536, meta, rev);
  putText(
    tree,
    '/etc/dpkg/dpkg.cfg.d/excludes',
    '# This image is minimized: no documentation, manual pages or translations are installed.\n# Run unminimize to get them back.\n' +
      'path-exclude=/usr/share/doc/*\npath-include=/usr/share/doc/*/copyright\npath-exclude=/usr/share/man/*\npath-exclude=/usr/share/groff/*\n' +
      'path-exclude=/usr/share/info/*\npath-exclude=/usr/share/lintian/*\npath-exclude=/usr/share/linda/*\npath-exclude=/usr/share/locale/*\n' +
      'path-include=/usr/share/locale/locale.alias\n',
    meta,
    rev,
  );
  putText(
    tree,
    '/usr/local/sbin/unminimize',
    '#!/bin/sh\n\necho "This system was minimized: documentation and manual pages were left out."\n' +
      'echo "This model of the ubuntu image cannot restore them."\nexit 1\n',
    { ...meta, mode: 0o755 },
    rev,
  );
  const day = Math.floor(time / DAY);
  appendText(tree, '/etc/passwd', 'ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash');
  appendText(tree, '/etc/group', 'ubuntu:x:1000:');
  appendText(tree, '/etc/shadow', `ubuntu:!:${day}:0:99999:7:::`);
  appendText(tree, '/etc/gshadow', 'ubuntu:!::');
  tree.set('/home/ubuntu', { type: 'dir', mode: 0o750, uid: 1000, gid: 1000, mtime: time });
  for (const f of ['.bash_logout', '.bashrc', '.profile']) {
    const skel = tree.get(`/etc/skel/${f}`);
    if (skel?.type === 'file') tree.set(`/home/ubuntu/${f}`, { ...skel, uid: 1000, gid: 1000 });
  }
  scaleTo(tree, 78_180_000);

  const b = ImageBuild.scratch(time - 60);
  b.config = { Env: [DEFAULT_PATH] };
  b.meta('ARG RELEASE', undefined, { comment: null });
  b.meta('ARG LAUNCHPAD_BUILD_ARCH', undefined, { comment: null });
  b.meta(
    'LABEL org.opencontainers.image.ref.name=ubuntu',
    (c) => (c.Labels = { 'org.opencontainers.image.ref.name': 'ubuntu' }),
    { comment: null },
  );
  b.meta(
    'LABEL org.opencontainers.image.version=24.04',
    (c) => {
      c.Labels = {
        ...c.Labels,
        'org.opencontainers.image.version': '24.04',
        [MODELLED]:
          "Modelled on Debian bookworm-slim's real file tree with Ubuntu 24.04's identity files; sizes scaled to the real image",
      };
    },
    { comment: null },
  );
  b.time = time;
  b.base('ubuntu-24.04', tree, (l) => `/bin/sh -c #(nop) ADD file:${contentHash(l)} in / `);
  b.meta('/bin/sh -c #(nop)  CMD ["/bin/bash"]', (c) => (c.Cmd = ['/bin/bash']), { comment: null });
  return b;
}

const CENTOS_OS_RELEASE = `NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:7"
HOME_URL="https://www.centos.org/"
BUG_REPORT_URL="https://bugs.centos.org/"

CENTOS_MANTISBT_PROJECT="CentOS-7"
CENTOS_MANTISBT_PROJECT_VERSION="7"
REDHAT_SUPPORT_PRODUCT="centos"
REDHAT_SUPPORT_PRODUCT_VERSION="7"

`;

function centosRepo(): string {
  const repo = (id: string, name: string, path: string, enabled: boolean) =>
    `[${id}]\nname=CentOS-$releasever - ${name}\nmirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=${path}&infra=$infra\n` +
    `#baseurl=http://mirror.centos.org/centos/$releasever/${path}/$basearch/\ngpgcheck=1\n${enabled ? '' : 'enabled=0\n'}gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7\n`;
  return (
    '# CentOS-Base.repo: the repositories yum reads (a model of the real file).\n\n' +
    [
      repo('base', 'Base', 'os', true),
      repo('updates', 'Updates', 'updates', true),
      repo('extras', 'Extras', 'extras', true),
      repo('centosplus', 'Plus', 'centosplus', false),
    ].join('\n')
  );
}

function centos(base: DebianBase): ImageBuild {
  const built = Date.UTC(2020, 10, 13) / 1000;
  const created = Date.UTC(2021, 8, 15, 18, 20, 4) / 1000;
  const tree = base.full.clone();
  const meta: Meta = { mode: 0o644, uid: 0, gid: 0, mtime: built };
  const rev = 'centos-model';
  for (const p of [...tree.nodes.keys()]) {
    const name = p.slice(p.lastIndexOf('/') + 1);
    if (
      /\/(apt|dpkg|debconf)(\/|$)/.test(p) ||
      /^(apt|dpkg|debconf|debian)/.test(name) ||
      /^\/usr\/share\/keyrings\/debian/.test(p)
    )
      tree.remove(p);
  }
  for (const p of ['/etc/hostname', '/etc/resolv.conf', '/etc/issue', '/etc/issue.net']) tree.remove(p);
  putText(tree, '/usr/lib/os-release', CENTOS_OS_RELEASE, meta, rev);
  putText(tree, '/etc/centos-release', 'CentOS Linux release 7.9.2009 (Core)\n', meta, rev);
  putText(
    tree,
    '/etc/centos-release-upstream',
    'Derived from Red Hat Enterprise Linux 7.9 (Source)\n',
    meta,
    rev,
  );
  tree.set('/etc/redhat-release', { type: 'symlink', ...meta, mode: 0o777, target: 'centos-release' });
  tree.set('/etc/system-release', { type: 'symlink', ...meta, mode: 0o777, target: 'centos-release' });
  putText(tree, '/etc/system-release-cpe', 'cpe:/o:centos:centos:7\n', meta, rev);
  putText(tree, '/etc/issue', '\\S\nKernel \\r on an \\m\n\n', meta, rev);
  putText(tree, '/etc/yum.repos.d/CentOS-Base.repo', centosRepo(), meta, rev);
  putText(
    tree,
    '/etc/yum.conf',
    '[main]\ncachedir=/var/cache/yum/$basearch/$releasever\nkeepcache=0\ndebuglevel=2\nlogfile=/var/log/yum.log\nexactarch=1\nobsoletes=1\ngpgcheck=1\nplugins=1\ninstallonly_limit=5\ndistroverpkg=centos-release\n',
    meta,
    rev,
  );
  putFill(tree, '/etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7', 1_690, meta, rev);
  putText(
    tree,
    '/usr/bin/yum',
    '#!/usr/bin/python\nimport sys\nsys.path.insert(0, "/usr/share/yum-cli")\nimport yummain\nyummain.user_main(sys.argv[1:], exit_code=True)\n',
    { ...meta, mode: 0o755 },
    rev,
  );
  for (const [f, size] of [
    ['rpm', 12_208],
    ['rpmdb', 7_984],
    ['rpmquery', 12_208],
    ['rpmverify', 12_208],
  ] as const)
    putFill(tree, `/usr/bin/${f}`, size, { ...meta, mode: 0o755 }, rev);
  for (const [f, size] of [
    ['Packages', 13_942_784],
    ['Basenames', 2_646_016],
    ['Providename', 1_339_392],
    ['Requirename', 110_592],
    ['Dirnames', 643_072],
    ['Name', 12_288],
    ['Sha1header', 28_672],
    ['Installtid', 12_288],
  ] as const) {
    putFill(tree, `/var/lib/rpm/${f}`, size, meta, rev);
  }
  tree.mkdirp('/var/lib/yum/yumdb', { ...meta, mode: 0o755 });
  tree.mkdirp('/var/cache/yum', { ...meta, mode: 0o755 });
  putFill(tree, '/usr/lib/locale/locale-archive', 1, meta, rev);
  // The locale archive (all glibc locales, compiled) is what makes centos:7 big.
  let others = 0;
  for (const n of tree.nodes.values()) if (n.type === 'file') others += n.size;
  putFill(tree, '/usr/lib/locale/locale-archive', 204_200_000 - others + 1, meta, rev);
  clampMtimes(tree, built);

  const b = ImageBuild.scratch(created);
  b.base('centos-7', tree, (l) => `/bin/sh -c #(nop) ADD file:${contentHash(l)} in / `);
  const labels: Record<string, string> = {
    'org.label-schema.build-date': '20201113',
    'org.label-schema.license': 'GPLv2',
    'org.label-schema.name': 'CentOS Base Image',
    'org.label-schema.schema-version': '1.0',
    'org.label-schema.vendor': 'CentOS',
    'org.opencontainers.image.created': '2020-11-13 00:00:00+00:00',
    'org.opencontainers.image.licenses': 'GPL-2.0-only',
    'org.opencontainers.image.title': 'CentOS Base Image',
    'org.opencontainers.image.vendor': 'CentOS',
    [MODELLED]:
      "Modelled on Debian bookworm's real file tree with CentOS 7's identity files, rpm database and locale archive",
  };
  b.config = { Env: [DEFAULT_PATH] };
  b.meta(
    '/bin/sh -c #(nop)  LABEL org.label-schema.schema-version=1.0 org.label-schema.name=CentOS Base Image org.label-schema.vendor=CentOS org.label-schema.license=GPLv2 org.label-schema.build-date=20201113 org.opencontainers.image.title=CentOS Base Image org.opencontainers.image.vendor=CentOS org.opencontainers.image.licenses=GPL-2.0-only org.opencontainers.image.created=2020-11-13 00:00:00+00:00',
    (c) => (c.Labels = labels),
    { comment: null, seconds: 1 },
  );
  b.meta('/bin/sh -c #(nop)  CMD ["/bin/bash"]', (c) => (c.Cmd = ['/bin/bash']), { comment: null });
  return b;
}

function alpine(base: DebianBase, small: SmallImages): ImageBuild {
  const time = base.epoch + 4 * DAY;
  const b = ImageBuild.scratch(time);
  b.base(
    'alpine-3.21',
    alpineTree(small.applets, time),
    'ADD alpine-minirootfs-3.21.3-x86_64.tar.gz / # buildkit',
    'buildkit.dockerfile.v0',
  );
  b.config = {
    Env: [DEFAULT_PATH],
    Labels: {
      [MODELLED]: "Modelled: busybox's applet list as symlinks, musl and apk paths, sizes of the real image",
    },
  };
  b.meta('CMD ["/bin/sh"]', (c) => (c.Cmd = ['/bin/sh']));
  return b;
}

function portainer(base: DebianBase): ImageBuild {
  const time = Date.UTC(2020, 5, 29, 3, 12, 0) / 1000;
  const meta: Meta = { mode: 0o644, uid: 0, gid: 0, mtime: time };
  const b = ImageBuild.scratch(time);
  b.config = {
    Env: [DEFAULT_PATH],
    Labels: {
      [MODELLED]:
        'Modelled: the layout of portainer/portainer 1.24 (a Go binary, the docker CLI and web assets) with fills of the real sizes',
    },
  };
  const certs = b.layer(
    'portainer-1.24-certs',
    '',
    (ctx) => {
      ctx.tree.mkdirp('/etc/ssl/certs', { ...meta, mode: 0o755, mtime: ctx.time });
      ctx.tree.set('/etc/ssl/certs/ca-certificates.crt', {
        type: 'file',
        ...meta,
        mtime: ctx.time,
        size: 232_470,
        rev: ctx.rev,
      });
    },
    { comment: '', seconds: 0 },
  );
  b.history.at(-1)!.createdBy = `/bin/sh -c #(nop) COPY file:${contentHash(certs)} in /etc/ssl/certs/ `;
  b.time = time + 40 * DAY;
  const dist = b.layer(
    'portainer-1.24-dist',
    '',
    (ctx) => {
      const put = (p: string, size: number, mode = 0o644) => {
        if (p.lastIndexOf('/') > 0)
          ctx.tree.mkdirp(p.slice(0, p.lastIndexOf('/')), { ...meta, mode: 0o755, mtime: ctx.time });
        if (p.lastIndexOf('/') > 0)
          ctx.tree.set(p.slice(0, p.lastIndexOf('/')), {
            type: 'dir',
            ...meta,
            mode: 0o755,
            mtime: ctx.time,
          });
        ctx.tree.set(p, { type: 'file', ...meta, mode, mtime: ctx.time, size, rev: ctx.rev });
      };
      put('/portainer', 33_948_672, 0o755);
      put('/docker', 40_128_512, 0o755);
      const assets: [string, number][] = [
        ['index.html', 7_168],
        ['main.3b0c4e7d.js', 1_466_112],
        ['vendor.1f2d0a9b.js', 2_551_808],
        ['main.a4c2e5f1.css', 158_720],
        ['vendor.9d8e7c6b.css', 395_264],
        ['fonts/fontawesome-webfont.woff2', 77_160],
        ['fonts/glyphicons-halflings-regular.woff2', 18_028],
        ['fonts/Montserrat-Regular.woff', 64_536],
        ['images/logo.png', 8_340],
        ['images/logo_alt.png', 7_286],
        ['images/logo_small.png', 3_172],
        ['images/favicon-32x32.png', 1_503],
        ['ico/apple-touch-icon.png', 4_418],
        ['ico/favicon.ico', 15_086],
        ['ico/manifest.json', 402],
        ['ico/safari-pinned-tab.svg', 1_816],
      ];
      for (const [f, size] of assets) put(`/public/${f}`, size);
    },
    { comment: '', seconds: 0 },
  );
  b.history.at(-1)!.createdBy = `/bin/sh -c #(nop) COPY dir:${contentHash(dist)} in / `;
  b.meta('/bin/sh -c #(nop)  VOLUME [/data]', (c) => (c.Volumes = ['/data']), { comment: null, seconds: 1 });
  b.meta('/bin/sh -c #(nop) WORKDIR /', (c) => (c.WorkingDir = '/'), { comment: null, seconds: 1 });
  b.meta('/bin/sh -c #(nop)  EXPOSE 8000 9000', (c) => (c.ExposedPorts = ['8000/tcp', '9000/tcp']), {
    comment: null,
    seconds: 1,
  });
  b.meta('/bin/sh -c #(nop)  ENTRYPOINT ["/portainer"]', (c) => (c.Entrypoint = ['/portainer']), {
    comment: null,
    seconds: 1,
  });
  void base;
  return b;
}

export function modelledImages(base: DebianBase, small: SmallImages): ImageDef[] {
  return [
    {
      repo: 'library/ubuntu',
      tags: ['latest', '24.04', 'noble'],
      description: 'Ubuntu is a Debian-based Linux operating system (modelled here).',
      build: ubuntu(base),
    },
    {
      repo: 'library/centos',
      tags: ['7', 'centos7'],
      description: 'DEPRECATED; The official build of CentOS (modelled here).',
      build: centos(base),
    },
    {
      repo: 'library/alpine',
      tags: ['latest', '3.21'],
      description: 'A minimal Docker image based on Alpine Linux (modelled here).',
      build: alpine(base, small),
    },
    {
      repo: 'portainer/portainer',
      tags: ['latest', '1.24.2'],
      description: 'This repo is now deprecated; portainer/portainer-ce is its successor (modelled here).',
      build: portainer(base),
    },
  ];
}
