import { describe, expect, it } from 'vitest';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { HELLO_TEXT } from '../../src/engine/runtime/processes';
import { SERVICES } from '../../src/cli/programs/services';
import { run } from './services-ctx';

describe('editors and hello', () => {
  it('vi, vim and nano refuse with a message that shows how to write a file here, exit 1', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    for (const name of ['vi', 'vim', 'nano']) {
      expect(await run(engine, 'host', [name, 'index.html'])).toEqual({
        code: 1,
        out: '',
        err:
          `${name}: full-screen editors are not available in this terminal.\n` +
          "To write 'index.html', use a redirection, e.g.:\n" +
          "  echo 'some text' > index.html\n" +
          "  cat > index.html <<'EOF'\n" +
          '  …lines…\n' +
          '  EOF\n',
      });
    }
  });

  it('hello prints the hello-world text', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    expect(await run(engine, 'host', ['hello'])).toEqual({ code: 0, out: HELLO_TEXT, err: '' });
  });

  it('SERVICES names every program', () => {
    expect(Object.keys(SERVICES).sort()).toEqual([
      'apt',
      'apt-get',
      'curl',
      'hello',
      'nano',
      'nginx',
      'redis-cli',
      'vi',
      'vim',
    ]);
  });

  it('apt-get install -y vim makes vi and vim real paths through /etc/alternatives', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('debian');
    const { container } = await engine.run({ image: 'debian', name: 'box', cmd: ['sleep', 'infinity'] });
    await run(engine, container.id, ['apt-get', 'update']);
    const r = await run(engine, container.id, ['apt-get', 'install', '-y', 'vim']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'update-alternatives: using /usr/bin/vim.basic to provide /usr/bin/vi (vi) in auto mode\n',
    );
    const view = container.upper.view();
    expect(view.resolve('/usr/bin/vi')).toBe('/usr/bin/vim.basic');
    expect(view.resolve('/usr/bin/vim')).toBe('/usr/bin/vim.basic');
    expect(view.lookup('/usr/share/vim/vim90/defaults.vim')?.entry.type).toBe('file');
  });
});
