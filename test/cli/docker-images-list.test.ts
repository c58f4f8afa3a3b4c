import { describe, expect, it } from 'vitest';
import { command as history } from '../../src/cli/docker/history';
import { command as prune } from '../../src/cli/docker/image-prune';
import { command as images } from '../../src/cli/docker/images';
import { command as rmi } from '../../src/cli/docker/rmi';
import { command as tag } from '../../src/cli/docker/tag';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { docker } from './docker-images-ctx';

const lines = (...l: string[]) => l.join('\n') + '\n';

/** redis:latest and nginx:1.27 pulled, nginx also tagged web:v1. */
async function pulled() {
  const { engine, clock } = await openHost({ seed: 1, time: GOLDEN_TIME });
  await engine.pull('redis');
  await engine.pull('nginx:1.27');
  await engine.tag('nginx:1.27', 'web:v1');
  return { engine, clock: clock! };
}

/** busybox, a container b1 from it, committed twice as snap:1 (the first commit is left dangling). */
async function committed() {
  const { engine, clock } = await openHost({ seed: 1, time: GOLDEN_TIME });
  await engine.pull('busybox');
  await engine.create({ image: 'busybox', name: 'b1' });
  clock!.advance(65_000);
  await engine.commit({ container: 'b1', reference: 'snap:1' });
  clock!.advance(120_000);
  await engine.commit({ container: 'b1', reference: 'snap:1' });
  return { engine, clock: clock! };
}

describe('docker images', () => {
  it('one row per tag, newest image first, SIZE in base 1000 to 3 digits, CREATED from the config', async () => {
    const { engine } = await pulled();
    expect(await docker(engine, images, [])).toEqual({
      code: 0,
      err: '',
      out: lines(
        'REPOSITORY   TAG       IMAGE ID       CREATED      SIZE',
        'redis        latest    6bc6cbdaf372   7 days ago   117MB',
        'nginx        1.27      4dc54898e692   7 days ago   184MB',
        'web          v1        4dc54898e692   7 days ago   184MB',
      ),
    });
  });

  it('CREATED follows the host clock', async () => {
    const { engine, clock } = await pulled();
    clock.advance(21 * 24 * 3600 * 1000);
    const r = await docker(engine, images, ['--format', '{{.Repository}} {{.CreatedSince}}']);
    expect(r.out).toBe(lines('redis 4 weeks ago', 'nginx 4 weeks ago', 'web 4 weeks ago'));
  });

  it('-q prints an id per row (repeated for each tag); --no-trunc the full sha256', async () => {
    const { engine } = await pulled();
    expect((await docker(engine, images, ['-q'])).out).toBe(
      lines('6bc6cbdaf372', '4dc54898e692', '4dc54898e692'),
    );
    expect((await docker(engine, images, ['-q', '--no-trunc', 'redis'])).out).toBe(
      lines('sha256:6bc6cbdaf372135f00d3481c40cb746da711b021ddbadc49168df3d98bdcacee'),
    );
  });

  it('--digests adds the DIGEST column; a tag made locally has none', async () => {
    const { engine } = await pulled();
    expect((await docker(engine, images, ['--digests'])).out).toBe(
      lines(
        'REPOSITORY   TAG       DIGEST                                                                    IMAGE ID       CREATED      SIZE',
        'redis        latest    sha256:e555f9bebd28067f93419de09810255f7abdb1b65eae2bd44df1b265fa4c878e   6bc6cbdaf372   7 days ago   117MB',
        'nginx        1.27      sha256:3ef52baf03f39c5215cb371d14716ccd264a41a36e8d611b229e8a4e5dce1cd4   4dc54898e692   7 days ago   184MB',
        'web          v1        <none>                                                                    4dc54898e692   7 days ago   184MB',
      ),
    );
  });

  it('--format templates see the formatter fields; json is one object per row with sorted keys and <> kept', async () => {
    const { engine } = await pulled();
    expect((await docker(engine, images, ['--format', '{{.Repository}}:{{.Tag}} {{.Size}}'])).out).toBe(
      lines('redis:latest 117MB', 'nginx:1.27 184MB', 'web:v1 184MB'),
    );
    expect((await docker(engine, images, ['--format', 'json', 'redis'])).out).toBe(
      lines(
        '{"Containers":"N/A","CreatedAt":"2026-11-20 04:03:11 +0000 UTC","CreatedSince":"7 days ago","Digest":"<none>","ID":"6bc6cbdaf372","Repository":"redis","SharedSize":"N/A","Size":"117MB","Tag":"latest","UniqueSize":"N/A","VirtualSize":"117MB"}',
      ),
    );
    expect((await docker(engine, images, ['--format', 'table {{.ID}}\t{{.Repository}}', 'web'])).out).toBe(
      lines('IMAGE ID       REPOSITORY', '4dc54898e692   web'),
    );
  });

  it('an unknown field in --format is a template error, exit 1', async () => {
    const { engine } = await pulled();
    expect(await docker(engine, images, ['--format', '{{.Foo}}'])).toEqual({
      code: 1,
      out: '',
      err: 'template parsing error: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.imageContext\n',
    });
  });

  it('REPOSITORY[:TAG] and reference= keep only matching rows (globs stop at /)', async () => {
    const { engine } = await pulled();
    expect((await docker(engine, images, ['--format', '{{.Repository}}:{{.Tag}}', 'nginx'])).out).toBe(
      lines('nginx:1.27'),
    );
    expect(
      (await docker(engine, images, ['--format', '{{.Repository}}:{{.Tag}}', '-f', 'reference=*:v*'])).out,
    ).toBe(lines('web:v1'));
  });

  it('a dangling image shows as <none> <none>; dangling=true keeps only it', async () => {
    const { engine } = await committed();
    expect((await docker(engine, images, [])).out).toBe(
      lines(
        'REPOSITORY   TAG       IMAGE ID       CREATED                  SIZE',
        'snap         1         216446cecdc8   Less than a second ago   4.27MB',
        '<none>       <none>    b44efeb76536   2 minutes ago            4.27MB',
        'busybox      latest    8b2fe97e51a2   4 months ago             4.27MB',
      ),
    );
    expect((await docker(engine, images, ['-q', '-f', 'dangling=true'])).out).toBe(lines('b44efeb76536'));
  });

  it('an untagged parent of another image is intermediate: hidden unless -a', async () => {
    const { engine, clock } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('busybox');
    await engine.create({ image: 'busybox', name: 'b1' });
    clock!.advance(65_000);
    await engine.commit({ container: 'b1', reference: 'snap:1' });
    await engine.rm('b1');
    await docker(engine, rmi, ['busybox']);
    expect((await docker(engine, images, ['--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])).out).toBe(
      lines('snap:1 b44efeb76536'),
    );
    expect((await docker(engine, images, ['-a', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'])).out).toBe(
      lines('snap:1 b44efeb76536', '<none>:<none> 8b2fe97e51a2'),
    );
  });

  it('filter errors: a filter without = fails as a flag error; an unknown key fails at the daemon', async () => {
    const { engine } = await pulled();
    const bad = await docker(engine, images, ['-f', 'dangling']);
    expect(bad.code).toBe(125);
    expect(
      bad.err.startsWith(
        'invalid argument "dangling" for "-f, --filter" flag: bad format of filter (expected name=value)\n',
      ),
    ).toBe(true);
    expect(await docker(engine, images, ['-f', 'color=blue'])).toEqual({
      code: 1,
      out: '',
      err: "Error response from daemon: invalid filter 'color'\n",
    });
  });
});

describe('docker history', () => {
  it('newest first; the top row has the image id, older ones <missing>; sizes to 3 digits', async () => {
    const { engine } = await committed();
    expect((await docker(engine, history, ['busybox'])).out).toBe(
      lines(
        'IMAGE          CREATED        CREATED BY                        SIZE      COMMENT',
        '8b2fe97e51a2   4 months ago   CMD ["sh"]                        0B        buildkit.dockerfile.v0',
        '<missing>      4 months ago   ADD busybox.tar.xz / # buildkit   4.27MB    buildkit.dockerfile.v0',
      ),
    );
  });

  it("a committed image's row carries its id and its parent's row the parent's", async () => {
    const { engine } = await committed();
    expect((await docker(engine, history, ['-q', 'snap:1'])).out).toBe(
      lines('216446cecdc8', '8b2fe97e51a2', '<missing>'),
    );
  });

  it('CREATED BY is cut to 45 columns ending in …; --no-trunc and -H=false give it whole with raw sizes and RFC 3339 dates', async () => {
    const { engine } = await pulled();
    const cut = (await docker(engine, history, ['--format', '{{.CreatedBy}}', 'nginx:1.27'])).out.split('\n');
    expect(cut[4]).toBe('COPY 30-tune-worker-processes.sh /docker-ent…');
    expect([...(cut[4] ?? '')].length).toBe(45);
    const full = (
      await docker(engine, history, [
        '-H=false',
        '--no-trunc',
        '--format',
        '{{.ID}}|{{.CreatedSince}}|{{.CreatedBy}}|{{.Size}}',
        'nginx:1.27',
      ])
    ).out.split('\n');
    expect(full[4]).toBe(
      '<missing>|2026-11-20T02:01:46Z|COPY 30-tune-worker-processes.sh /docker-entrypoint.d # buildkit|588',
    );
    expect(
      full[0]?.startsWith('sha256:4dc54898e6920ded7d18631e808fae02746548ed9d3e6884a69840c6e0df53b7|'),
    ).toBe(true);
  });

  it('an unknown image: No such image, exit 1', async () => {
    const { engine } = await pulled();
    expect(await docker(engine, history, ['x'])).toEqual({
      code: 1,
      out: '',
      err: 'Error response from daemon: No such image: x:latest\n',
    });
  });
});

describe('docker tag', () => {
  it('prints nothing and the new name lists beside the old', async () => {
    const { engine } = await pulled();
    expect(await docker(engine, tag, ['redis', 'cache:7'])).toEqual({ code: 0, out: '', err: '' });
    expect(
      (
        await docker(engine, images, [
          '--format',
          '{{.Repository}}:{{.Tag}} {{.ID}}',
          '-f',
          'reference=cache',
        ])
      ).out,
    ).toBe(lines('cache:7 6bc6cbdaf372'));
  });

  it('errors: unknown source (daemon), bad target (client), digest target', async () => {
    const { engine } = await pulled();
    expect(await docker(engine, tag, ['nope', 'web:v2'])).toEqual({
      code: 1,
      out: '',
      err: 'Error response from daemon: No such image: nope:latest\n',
    });
    expect(await docker(engine, tag, ['redis', 'Web:v1'])).toEqual({
      code: 1,
      out: '',
      err: 'Error parsing reference: "Web:v1" is not a valid repository/tag: invalid reference format: repository name (library/Web) must be lowercase\n',
    });
    expect(
      (
        await docker(engine, tag, [
          'redis',
          'web@sha256:e555f9bebd28067f93419de09810255f7abdb1b65eae2bd44df1b265fa4c878e',
        ])
      ).err,
    ).toBe('refusing to create a tag with a digest reference\n');
  });
});

describe('docker rmi', () => {
  it('only Untagged: while another tag remains; then the image and each layer, top first', async () => {
    const { engine } = await pulled();
    expect(await docker(engine, rmi, ['web:v1'])).toEqual({ code: 0, out: 'Untagged: web:v1\n', err: '' });
    expect(await docker(engine, rmi, ['redis'])).toEqual({
      code: 0,
      err: '',
      out: lines(
        'Untagged: redis:latest',
        'Untagged: redis@sha256:e555f9bebd28067f93419de09810255f7abdb1b65eae2bd44df1b265fa4c878e',
        'Deleted: sha256:6bc6cbdaf372135f00d3481c40cb746da711b021ddbadc49168df3d98bdcacee',
        'Deleted: sha256:f55795ab13375b74999124e447f8210317e7e12af52183423b591d412f4fd5d9',
        'Deleted: sha256:a8c61bfc8ffa496a8936bb52ede70960898e64b260e47635a873d8dff0a85b6e',
        'Deleted: sha256:acacea88fc2c3a0a277ad4649048be46d44bb5d1cc36d20efb8e286c51baaf1d',
        'Deleted: sha256:ee25e1c1a787fc878e8b58709fd60211879c26cd18cc8ced323dc2aa88300173',
        'Deleted: sha256:5f1930e53e3dfad28e131ec467c1439367ec0dab6158f7ab8c071ac4da3283f1',
        'Deleted: sha256:de3bc12512b28d3eae7b022a800af85075cda071d80c450b9b584d7e3d6e192a',
      ),
    });
  });

  it('each argument on its own: the others are removed, the errors come last, exit 1', async () => {
    const { engine } = await pulled();
    const r = await docker(engine, rmi, ['nope', 'web:v1', 'gone:2']);
    expect(r).toEqual({
      code: 1,
      out: 'Untagged: web:v1\n',
      err: lines(
        'Error response from daemon: No such image: nope:latest',
        'Error response from daemon: No such image: gone:2',
      ),
    });
  });

  it('-f: a missing image is reported but the command succeeds', async () => {
    const { engine } = await pulled();
    expect(await docker(engine, rmi, ['-f', 'nope'])).toEqual({
      code: 0,
      out: '',
      err: 'Error response from daemon: No such image: nope:latest\n',
    });
  });

  it('an image a container uses: the conflict, exit 1, nothing removed', async () => {
    const { engine } = await committed();
    const r = await docker(engine, rmi, ['busybox']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^Error response from daemon: conflict: unable to remove repository reference "busybox" \(must force\) - container [0-9a-f]{12} is using its referenced image 8b2fe97e51a2\n$/,
    );
    expect(engine.state.tags.has('busybox:latest')).toBe(true);
  });
});

describe('docker image prune', () => {
  it('without -f and nothing on stdin: the question, no answer, nothing removed, exit 0', async () => {
    const { engine } = await committed();
    const before = engine.state.images.size;
    expect(await docker(engine, prune, [])).toEqual({
      code: 0,
      out: 'WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ',
      err: '',
    });
    expect(engine.state.images.size).toBe(before);
  });

  it('-a asks the wider question', async () => {
    const { engine } = await pulled();
    expect((await docker(engine, prune, ['-a'])).out).toBe(
      'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] ',
    );
    expect(engine.state.images.size).toBe(2);
  });

  it('"n" on stdin declines; "y" confirms and removes the dangling image', async () => {
    const { engine } = await committed();
    expect((await docker(engine, prune, [], { stdin: 'n\n' })).out).toBe(
      'WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ',
    );
    expect(await docker(engine, prune, [], { stdin: 'y\n' })).toEqual({
      code: 0,
      err: '',
      out:
        'WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ' +
        lines(
          'Deleted Images:',
          'deleted: sha256:b44efeb76536deb07c37428b98c53747aa83366c44e4cd584a59709f880c77c1',
          '',
          'Total reclaimed space: 0B',
        ),
    });
  });

  it('-a -f removes every image no container uses; with nothing to remove only the total prints', async () => {
    const { engine } = await pulled();
    const r = await docker(engine, prune, ['-a', '-f']);
    expect(
      r.out.startsWith(
        'Deleted Images:\nuntagged: redis:latest\nuntagged: redis@sha256:e555f9bebd28067f93419de09810255f7abdb1b65eae2bd44df1b265fa4c878e\ndeleted: sha256:6bc6cbdaf372135f00d3481c40cb746da711b021ddbadc49168df3d98bdcacee\n',
      ),
    ).toBe(true);
    expect(r.out).toContain(
      '\nuntagged: nginx:1.27\nuntagged: web:v1\nuntagged: nginx@sha256:3ef52baf03f39c5215cb371d14716ccd264a41a36e8d611b229e8a4e5dce1cd4\ndeleted: sha256:4dc54898e6920ded7d18631e808fae02746548ed9d3e6884a69840c6e0df53b7\n',
    );
    expect(r.out.endsWith('\n\nTotal reclaimed space: 226.3MB\n')).toBe(true);
    expect(engine.state.images.size).toBe(0);
    expect(await docker(engine, prune, ['-f'])).toEqual({
      code: 0,
      out: 'Total reclaimed space: 0B\n',
      err: '',
    });
  });
});
