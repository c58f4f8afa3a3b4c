// A model of alpine:3.21's minirootfs: busybox's applets as symlinks to /bin/busybox, musl as the C
// library, apk's database and keys; sizes near the real image's (7.8 MB). No bash.

import { textNode, Tree, type Meta } from '../tree';

/** `docker images` shows 7.8MB for alpine:3.21. */
export const ALPINE_SIZE = 7_800_000;

const ALPINE_PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  'bin:x:1:1:bin:/bin:/sbin/nologin',
  'daemon:x:2:2:daemon:/sbin:/sbin/nologin',
  'lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin',
  'sync:x:5:0:sync:/sbin:/bin/sync',
  'shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown',
  'halt:x:7:0:halt:/sbin:/sbin/halt',
  'mail:x:8:12:mail:/var/mail:/sbin/nologin',
  'news:x:9:13:news:/usr/lib/news:/sbin/nologin',
  'uucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin',
  'cron:x:16:16:cron:/var/spool/cron:/sbin/nologin',
  'ftp:x:21:21::/var/lib/ftp:/sbin/nologin',
  'sshd:x:22:22:sshd:/dev/null:/sbin/nologin',
  'games:x:35:35:games:/usr/games:/sbin/nologin',
  'ntp:x:123:123:NTP:/var/empty:/sbin/nologin',
  'guest:x:405:100:guest:/dev/null:/sbin/nologin',
  'nobody:x:65534:65534:nobody:/:/sbin/nologin',
];
const ALPINE_GROUP = [
  'root:x:0:root',
  'bin:x:1:root,bin,daemon',
  'daemon:x:2:root,bin,daemon',
  'sys:x:3:root,bin',
  'adm:x:4:root,daemon',
  'tty:x:5:',
  'disk:x:6:root',
  'lp:x:7:lp',
  'kmem:x:9:',
  'wheel:x:10:root',
  'floppy:x:11:root',
  'mail:x:12:mail',
  'news:x:13:news',
  'uucp:x:14:uucp',
  'cron:x:16:cron',
  'audio:x:18:',
  'cdrom:x:19:',
  'dialout:x:20:root',
  'ftp:x:21:',
  'sshd:x:22:',
  'input:x:23:',
  'tape:x:26:root',
  'video:x:27:root',
  'netdev:x:28:',
  'kvm:x:34:kvm',
  'games:x:35:',
  'shadow:x:42:',
  'www-data:x:82:',
  'users:x:100:games',
  'ntp:x:123:',
  'abuild:x:300:',
  'utmp:x:406:',
  'ping:x:999:',
  'nogroup:x:65533:',
  'nobody:x:65534:',
];

const OS_RELEASE = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.21.3
PRETTY_NAME="Alpine Linux v3.21"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;

const PROFILE = `# /etc/profile: read by login shells.

export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
export PAGER=less
umask 022

# A prompt that shows user, host and directory.
PS1='\\h:\\w\\$ '

for script in /etc/profile.d/*.sh ; do
	if [ -r "$script" ] ; then
		. "$script"
	fi
done
unset script
`;

/** Real sizes of the files of alpine 3.21's minirootfs that are not text here. */
const FILLS: [string, number, number][] = [
  ['/bin/busybox', 808_712, 0o755],
  ['/lib/ld-musl-x86_64.so.1', 659_744, 0o755],
  ['/lib/libz.so.1.3.1', 100_448, 0o755],
  ['/lib/libapk.so.2.14.6', 258_432, 0o755],
  ['/lib/apk/db/installed', 17_784, 0o644],
  ['/lib/apk/db/scripts.tar', 2_048, 0o644],
  ['/lib/apk/db/triggers', 78, 0o644],
  ['/lib/sysctl.d/00-alpine.conf', 1_278, 0o644],
  ['/sbin/apk', 69_520, 0o755],
  ['/sbin/mkmntdirs', 14_136, 0o755],
  ['/usr/bin/getconf', 34_856, 0o755],
  ['/usr/bin/getent', 46_664, 0o755],
  ['/usr/bin/iconv', 22_024, 0o755],
  ['/usr/bin/scanelf', 80_776, 0o755],
  ['/usr/bin/ssl_client', 14_264, 0o755],
  ['/usr/lib/libcrypto.so.3', 4_649_704, 0o755],
  ['/usr/lib/libssl.so.3', 688_600, 0o755],
  ['/usr/lib/engines-3/afalg.so', 18_008, 0o755],
  ['/usr/lib/engines-3/capi.so', 14_160, 0o755],
  ['/usr/lib/engines-3/loader_attic.so', 30_536, 0o755],
  ['/usr/lib/engines-3/padlock.so', 14_160, 0o755],
  ['/usr/lib/ossl-modules/legacy.so', 108_744, 0o755],
  ['/etc/ssl/cert.pem', 230_139, 0o644],
  ['/etc/ssl/certs/ca-certificates.crt', 230_139, 0o644],
  ['/etc/ssl/openssl.cnf', 12_411, 0o644],
  ['/etc/ssl/openssl.cnf.dist', 12_411, 0o644],
  ['/etc/ssl/ct_log_list.cnf', 412, 0o644],
  ['/etc/ssl/ct_log_list.cnf.dist', 412, 0o644],
  ['/etc/ssl/misc/CA.pl', 8_062, 0o755],
  ['/etc/ssl/misc/tsget.pl', 6_743, 0o755],
  ['/etc/services', 12_813, 0o644],
  ['/etc/protocols', 3_144, 0o644],
  ['/etc/inittab', 570, 0o644],
  ['/etc/udhcpc/udhcpc.conf', 284, 0o644],
  ['/etc/apk/keys/alpine-devel@lists.alpinelinux.org-4a6a0840.rsa.pub', 451, 0o644],
  ['/etc/apk/keys/alpine-devel@lists.alpinelinux.org-5261cecb.rsa.pub', 451, 0o644],
  ['/etc/apk/keys/alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub', 800, 0o644],
  ['/usr/share/apk/keys/x86_64/alpine-devel@lists.alpinelinux.org-4a6a0840.rsa.pub', 451, 0o644],
  ['/usr/share/apk/keys/x86_64/alpine-devel@lists.alpinelinux.org-5261cecb.rsa.pub', 451, 0o644],
  ['/usr/share/apk/keys/x86_64/alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub', 800, 0o644],
  ['/usr/share/udhcpc/default.script', 3_138, 0o755],
];

const DIRS = [
  '/bin',
  '/dev',
  '/etc',
  '/etc/apk',
  '/etc/apk/keys',
  '/etc/apk/protected_paths.d',
  '/etc/crontabs',
  '/etc/logrotate.d',
  '/etc/modprobe.d',
  '/etc/modules-load.d',
  '/etc/network',
  '/etc/network/if-down.d',
  '/etc/network/if-post-down.d',
  '/etc/network/if-post-up.d',
  '/etc/network/if-pre-down.d',
  '/etc/network/if-pre-up.d',
  '/etc/network/if-up.d',
  '/etc/opt',
  '/etc/periodic',
  '/etc/periodic/15min',
  '/etc/periodic/daily',
  '/etc/periodic/hourly',
  '/etc/periodic/monthly',
  '/etc/periodic/weekly',
  '/etc/profile.d',
  '/etc/secfixes.d',
  '/etc/ssl',
  '/etc/ssl/certs',
  '/etc/ssl/misc',
  '/etc/ssl/private',
  '/etc/sysctl.d',
  '/etc/udhcpc',
  '/home',
  '/lib',
  '/lib/apk',
  '/lib/apk/db',
  '/lib/apk/exec',
  '/lib/firmware',
  '/lib/modules-load.d',
  '/lib/sysctl.d',
  '/media',
  '/media/cdrom',
  '/media/floppy',
  '/media/usb',
  '/mnt',
  '/opt',
  '/proc',
  '/root',
  '/run',
  '/sbin',
  '/srv',
  '/sys',
  '/tmp',
  '/usr',
  '/usr/bin',
  '/usr/lib',
  '/usr/lib/engines-3',
  '/usr/lib/ossl-modules',
  '/usr/local',
  '/usr/local/bin',
  '/usr/local/lib',
  '/usr/local/share',
  '/usr/sbin',
  '/usr/share',
  '/usr/share/apk',
  '/usr/share/apk/keys',
  '/usr/share/apk/keys/x86_64',
  '/usr/share/man',
  '/usr/share/misc',
  '/usr/share/udhcpc',
  '/var',
  '/var/cache',
  '/var/cache/apk',
  '/var/cache/misc',
  '/var/empty',
  '/var/lib',
  '/var/lib/misc',
  '/var/local',
  '/var/log',
  '/var/mail',
  '/var/opt',
  '/var/spool',
  '/var/spool/cron',
  '/var/tmp',
];

export function alpineTree(applets: string[], time: number): Tree {
  const tree = new Tree();
  const meta = (mode: number): Meta => ({ mode, uid: 0, gid: 0, mtime: time });
  for (const d of DIRS)
    tree.set(d, {
      type: 'dir',
      ...meta(d === '/root' ? 0o700 : d === '/tmp' || d === '/var/tmp' ? 0o1777 : 0o755),
    });
  const text = (p: string, t: string, mode = 0o644) => tree.set(p, textNode(t, meta(mode), 'alpine-model'));
  const link = (p: string, target: string) => tree.set(p, { type: 'symlink', ...meta(0o777), target });
  for (const [p, size, mode] of FILLS)
    tree.set(p, { type: 'file', ...meta(mode), size, rev: 'alpine-model' });

  for (const a of applets) {
    const p = `/${a}`;
    const dir = p.slice(0, p.lastIndexOf('/'));
    if (p === '/bin/busybox' || p.endsWith('/bash') || tree.has(p) || !tree.has(dir)) continue;
    link(p, '/bin/busybox');
  }
  link('/lib/libc.musl-x86_64.so.1', 'ld-musl-x86_64.so.1');
  link('/lib/libz.so.1', 'libz.so.1.3.1');
  link('/lib/libapk.so.2.14.0', 'libapk.so.2.14.6');
  link('/usr/bin/ldd', '../../lib/ld-musl-x86_64.so.1');
  link('/sbin/ldconfig', '../lib/ld-musl-x86_64.so.1');
  link('/etc/os-release', '../usr/lib/os-release');
  link('/var/lock', '../run/lock');
  link('/var/run', '../run');
  link('/var/spool/mail', '../mail');
  link('/var/spool/cron/crontabs', '../../../etc/crontabs');
  link('/etc/mtab', '../proc/mounts');
  link('/etc/ssl1.1', 'ssl');

  text('/usr/lib/os-release', OS_RELEASE);
  text('/etc/alpine-release', '3.21.3\n');
  text('/etc/passwd', ALPINE_PASSWD.join('\n') + '\n');
  text('/etc/group', ALPINE_GROUP.join('\n') + '\n');
  text(
    '/etc/shadow',
    ALPINE_PASSWD.map((l) => `${l.split(':')[0]}:${l.startsWith('root:') ? '*' : '!'}::0:::::`).join('\n') +
      '\n',
    0o640,
  );
  text('/etc/hostname', 'localhost\n');
  text('/etc/hosts', '127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n');
  text('/etc/profile', PROFILE);
  text('/etc/profile.d/README', 'Files in this directory ending in .sh are sourced by /etc/profile.\n');
  text(
    '/etc/profile.d/locale.sh',
    'export CHARSET=${CHARSET:-UTF-8}\nexport LANG=${LANG:-C.UTF-8}\nexport LC_COLLATE=${LC_COLLATE:-C}\n',
  );
  text(
    '/etc/motd',
    'Welcome to Alpine (a model of the alpine image in Layer Lab).\n\nThe package manager is apk: apk add <package>.\n\n',
  );
  text('/etc/issue', 'Welcome to Alpine Linux 3.21\nKernel \\r on an \\m (\\l)\n\n');
  text('/etc/shells', '# valid login shells\n/bin/sh\n/bin/ash\n');
  text(
    '/etc/fstab',
    '/dev/cdrom\t/media/cdrom\tiso9660\tnoauto,ro 0 0\n/dev/usbdisk\t/media/usb\tvfat\tnoauto,ro 0 0\n',
  );
  text('/etc/securetty', 'console\ntty1\ntty2\ntty3\ntty4\ntty5\ntty6\n');
  text('/etc/sysctl.conf', '# Kernel settings; see /etc/sysctl.d/ and /lib/sysctl.d/.\n');
  text('/etc/modules', 'af_packet\nipv6\n');
  text('/etc/nsswitch.conf', 'hosts: files dns\n');
  text(
    '/etc/crontabs/root',
    '# min\thour\tday\tmonth\tweekday\tcommand\n*/15\t*\t*\t*\t*\trun-parts /etc/periodic/15min\n0\t*\t*\t*\t*\trun-parts /etc/periodic/hourly\n0\t2\t*\t*\t*\trun-parts /etc/periodic/daily\n0\t3\t*\t*\t6\trun-parts /etc/periodic/weekly\n0\t5\t1\t*\t*\trun-parts /etc/periodic/monthly\n',
    0o600,
  );
  text('/etc/apk/arch', 'x86_64\n');
  text(
    '/etc/apk/repositories',
    'https://dl-cdn.alpinelinux.org/alpine/v3.21/main\nhttps://dl-cdn.alpinelinux.org/alpine/v3.21/community\n',
  );
  text(
    '/etc/apk/world',
    'alpine-baselayout\nalpine-keys\nalpine-release\napk-tools\nbusybox\nca-certificates-bundle\nlibc-utils\nlibssl3\nmusl-utils\nscanelf\nssl_client\nzlib\n',
  );
  tree.set('/lib/apk/db/lock', { type: 'file', ...meta(0o600), size: 0, rev: 'alpine-model' });
  // libcrypto takes up the difference so that the whole is the real image's 7.8 MB.
  const crypto = tree.get('/usr/lib/libcrypto.so.3');
  if (crypto?.type !== 'file') throw new Error('alpine model without libcrypto');
  tree.set('/usr/lib/libcrypto.so.3', { ...crypto, size: crypto.size + ALPINE_SIZE - tree.size() });
  return tree;
}
