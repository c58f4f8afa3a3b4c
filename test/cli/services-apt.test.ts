import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { ContainerRec } from '../../src/engine/state';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { aptSize } from '../../src/cli/programs/services/apt-catalog';
import { run } from './services-ctx';

/** Before the first install the image has no /var/lib/apt/extended_states, so apt reads no state. */
const FRESH = 'Reading package lists...\nBuilding dependency tree...\n';
const PREAMBLE = `${FRESH}Reading state information...\n`;
const UPDATE =
  'Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\n' +
  'Get:2 http://deb.debian.org/debian bookworm-updates InRelease [55.4 kB]\n' +
  'Get:3 http://deb.debian.org/debian-security bookworm-security InRelease [34.8 kB]\n' +
  'Get:4 http://deb.debian.org/debian bookworm/main amd64 Packages [8792 kB]\n' +
  'Get:5 http://deb.debian.org/debian bookworm-updates/main amd64 Packages [6924 B]\n' +
  'Get:6 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages [381 kB]\n' +
  'Fetched 9421 kB in 1s (9421 kB/s)\n' +
  'Reading package lists...\n';

let engine: Engine;
let box: ContainerRec;

const apt = (args: string[], opts: { uid?: number; tty?: boolean } = {}) =>
  run(engine, box.id, ['apt-get', ...args], opts);

describe('apt-get', () => {
  beforeAll(async () => {
    ({ engine } = await openHost({ seed: 1, time: GOLDEN_TIME }));
    await engine.pull('debian');
    ({ container: box } = await engine.run({ image: 'debian', name: 'box', cmd: ['sleep', 'infinity'] }));
  });

  it("apt's sizes: SizeToStr with powers of 1000", () => {
    expect([999, 9999, 10000, 63_400, 2_039_888, 42_200_000].map(aptSize)).toEqual([
      '999 ',
      '9999 ',
      '10.0 k',
      '63.4 k',
      '2040 k',
      '42.2 M',
    ]);
  });

  it('install before update cannot find the package (the lists are empty in a fresh image)', async () => {
    expect(await apt(['install', '-y', 'curl'])).toEqual({
      code: 100,
      out: FRESH,
      err: 'E: Unable to locate package curl\n',
    });
  });

  it('a non-root user cannot take the lock', async () => {
    expect(await apt(['update'], { uid: 1000 })).toEqual({
      code: 100,
      out: '',
      err:
        'E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\n' +
        'E: Unable to lock directory /var/lib/apt/lists/\n',
    });
  });

  it('update prints the Get lines and writes the package lists into the writable layer', async () => {
    const before = box.upper.size;
    expect(await apt(['update'])).toEqual({ code: 0, out: UPDATE, err: '' });
    const lists = box.upper.view().names('/var/lib/apt/lists');
    expect(lists).toContain('deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4');
    expect(lists).toContain('deb.debian.org_debian-security_dists_bookworm-security_InRelease');
    expect(box.upper.size - before).toBeGreaterThan(13_000_000);
  });

  it('install -y less: the real file list lands in the layer, less becomes the pager (quietly)', async () => {
    const before = box.upper.size;
    const r = await apt(['install', '-y', 'less']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      FRESH +
        'The following NEW packages will be installed:\n  less\n' +
        '0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\n' +
        'Need to get 132 kB of archives.\n' +
        'After this operation, 321 kB of additional disk space will be used.\n' +
        'Get:1 http://deb.debian.org/debian-security bookworm-security/main amd64 less amd64 590-2.1~deb12u2 [132 kB]\n' +
        'debconf: delaying package configuration, since apt-utils is not installed\n' +
        'Fetched 132 kB in 0s (132 kB/s)\n' +
        'Selecting previously unselected package less.\n' +
        `(Reading database ... ${r.out.match(/database \.\.\. (\d+) files/)![1]} files and directories currently installed.)\n` +
        'Preparing to unpack .../less_590-2.1~deb12u2_amd64.deb ...\n' +
        'Unpacking less (590-2.1~deb12u2) ...\n' +
        'Setting up less (590-2.1~deb12u2) ...\n',
    );
    const view = box.upper.view();
    expect(view.lookup('/usr/bin/less')?.layer).toBe(view.depth - 1);
    expect(view.resolve('/usr/bin/pager')).toBe('/usr/bin/less');
    expect(view.lookup('/var/lib/dpkg/info/less.list')).toBeDefined();
    expect(box.upper.size).toBeGreaterThan(before + 150_000);
  });

  it('installing it again changes nothing', async () => {
    expect(await apt(['install', '-y', 'less'])).toEqual({
      code: 0,
      out:
        PREAMBLE +
        'less is already the newest version (590-2.1~deb12u2).\n' +
        '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n',
      err: '',
    });
  });

  it('without -y apt asks before adding dependencies and aborts without an answer', async () => {
    const r = await apt(['install', 'iputils-ping']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'The following additional packages will be installed:\n  libcap2-bin libpam-cap\n',
    );
    expect(r.out.endsWith('Do you want to continue? [Y/n] Abort.\n')).toBe(true);
    expect(box.upper.view().lookup('/usr/bin/ping')).toBeUndefined();
  });

  it('install -y curl brings its libraries, the CA bundle and the libc trigger; the layer grows', async () => {
    const before = box.upper.size;
    const r = await apt(['install', '-y', 'curl']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'The following NEW packages will be installed:\n' +
        '  ca-certificates curl krb5-locales libbrotli1 libcurl4 libgssapi-krb5-2\n',
    );
    expect(r.out).toContain(
      'Suggested packages:\n  krb5-doc krb5-user libsasl2-modules-gssapi-mit\n' +
        '  | libsasl2-modules-gssapi-heimdal libsasl2-modules-ldap libsasl2-modules-otp\n' +
        '  libsasl2-modules-sql\n',
    );
    expect(r.out).toContain('0 upgraded, 22 newly installed, 0 to remove and 0 not upgraded.\n');
    expect(r.out).toContain('Need to get 6132 kB of archives.\n');
    expect(r.out).toContain('Selecting previously unselected package libssl3:amd64.\n');
    expect(r.out).toContain('Preparing to unpack .../00-libssl3_3.0.22-1~deb12u2_amd64.deb ...\n');
    expect(r.out).toContain('debconf: delaying package configuration, since apt-utils is not installed\n');
    expect(r.out.endsWith('Processing triggers for libc-bin (2.36-9+deb12u14) ...\n')).toBe(true);
    const view = box.upper.view();
    expect(view.fileOf('/usr/bin/curl')?.content).toMatchObject({ kind: 'fill', size: 280800 });
    expect(view.lookup('/usr/lib/x86_64-linux-gnu/libcurl.so.4')?.entry.type).toBe('symlink');
    expect(box.upper.size - before).toBeGreaterThan(5_000_000);
  });

  it('unknown packages and operations are errors, exit 100', async () => {
    expect(await apt(['install', '-y', 'nosuchthing'])).toEqual({
      code: 100,
      out: PREAMBLE,
      err: 'E: Unable to locate package nosuchthing\n',
    });
    expect(await apt(['frobnicate'])).toEqual({
      code: 100,
      out: '',
      err: 'E: Invalid operation frobnicate\n',
    });
  });

  it('apt warns that its interface is unstable when not on a terminal', async () => {
    const r = await run(engine, box.id, ['apt', 'install', '-y', 'less']);
    expect(r.err).toBe(
      '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n',
    );
    expect(r.out).toContain('less is already the newest version (590-2.1~deb12u2).\n');
  });

  it('in an image that is not Debian, apt-get says the archive is not modelled', async () => {
    await engine.pull('ubuntu');
    const { container } = await engine.run({ image: 'ubuntu', cmd: ['sleep', 'infinity'] });
    expect(await run(engine, container.id, ['apt-get', 'update'])).toEqual({
      code: 100,
      out: '',
      err:
        "apt-get: only Debian bookworm's package archive is modelled here; this image's is not.\n" +
        'Try it in a debian, nginx or redis container.\n',
    });
  });
});
