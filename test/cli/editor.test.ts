import { describe, expect, it } from 'vitest';
import { hostSession } from '../../src/cli/session';
import type { Stdio } from '../../src/cli/types';
import { contentBytes } from '../../src/engine/fs/content';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

function io(editor?: Stdio['editor']): Stdio & { text: () => string } {
  let out = '';
  return {
    stdin: null,
    out: (t) => (out += t),
    err: (t) => (out += t),
    tty: true,
    columns: 80,
    editor,
    text: () => out,
  };
}

describe('vi and nano', () => {
  it("open the terminal's editor on a container file; saving copies it up and writes the new text", async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('nginx');
    await engine.run({ image: 'nginx', name: 'web' });
    const opened: [string, string][] = [];
    const editor = async (path: string, text: string) => {
      opened.push([path, text]);
      return text.replace('Welcome to nginx!', 'Edited in Layer Lab');
    };
    const { enter } = await hostSession(engine).run('docker exec -it web bash', io());
    // The nginx image has no editor: install one first, as a learner would.
    expect((await enter!.run('vi x', io(editor))).code).toBe(127);
    expect((await enter!.run('apt-get update && apt-get install -y vim', io())).code).toBe(0);
    const r = await enter!.run('vi /usr/share/nginx/html/index.html', io(editor));
    expect(r.code).toBe(0);
    expect(opened[0]?.[0]).toBe('/usr/share/nginx/html/index.html');
    expect(opened[0]?.[1]).toContain('Welcome to nginx!');
    const f = engine.container('web').upper.entries.get('/usr/share/nginx/html/index.html');
    expect(f?.type === 'file' && new TextDecoder().decode(contentBytes(f.content))).toContain(
      'Edited in Layer Lab',
    );
    expect(engine.diff('web').map((d) => `${d.kind} ${d.path}`)).toContain(
      'C /usr/share/nginx/html/index.html',
    );
  });

  it('leaving without saving changes nothing; without an editor (the Node runner) they refuse and say how to write a file', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    const unsaved = await hostSession(engine).run(
      'vi notes.txt',
      io(async () => null),
    );
    expect(unsaved.code).toBe(0);
    expect(engine.state.home.view().lookup('/home/learner/notes.txt')).toBeUndefined();
    const plain = io();
    const refused = await hostSession(engine).run('nano notes.txt', plain);
    expect(refused.code).toBe(1);
    expect(plain.text()).toContain('nano: full-screen editors are not available in this terminal.');
  });
});
