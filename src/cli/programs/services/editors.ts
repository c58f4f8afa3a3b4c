// vi, vim and nano are full-screen programs. In the browser they open the editor panel on the file
// (saving writes it through the shell's filesystem, so a lower file is copied up); where there is no
// editor (the Node runner) they say so and point at the ways of writing a file that work there.

import { contentBytes, textContent } from '../../../engine/fs/content';
import { normalize } from '../../../engine/fs/path';
import type { Program, ProgramContext } from '../../types';

const dec = new TextDecoder();

async function edit(name: string, file: string, ctx: ProgramContext): Promise<number> {
  const path = normalize(file, ctx.shell.cwd);
  const view = ctx.fs.view();
  const found = view.lookup(view.resolve(path, true));
  if (found && found.entry.type === 'dir') {
    ctx.io.err(`${name}: ${file}: Is a directory\n`);
    return 1;
  }
  const current = view.fileOf(view.resolve(path, true));
  const text = await (ctx.io.editor as NonNullable<ProgramContext['io']['editor']>)(
    path,
    current ? dec.decode(contentBytes(current.content)) : '',
  );
  if (text === null) return 0;
  await ctx.fs.change((u) => u.writeFile(path, textContent(text), { mtime: ctx.fs.now() }));
  return 0;
}

function refuse(name: string): Program {
  return async (argv, ctx) => {
    const file = argv.slice(1).find((a) => !a.startsWith('-') && !a.startsWith('+'));
    if (ctx.io.editor && ctx.io.tty && file) return edit(name, file, ctx);
    const target = file ?? 'FILE';
    ctx.io.err(
      `${name}: full-screen editors are not available in this terminal.\n` +
        `To write ${file ? `'${file}'` : 'a file'}, use a redirection, e.g.:\n` +
        `  echo 'some text' > ${target}\n` +
        `  cat > ${target} <<'EOF'\n` +
        '  …lines…\n' +
        '  EOF\n',
    );
    return 1;
  };
}

export const vi = refuse('vi');
export const vim = refuse('vim');
export const nano = refuse('nano');
