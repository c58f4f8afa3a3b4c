// vi, vim and nano are full-screen programs: this terminal cannot host them yet, so they say so and
// point at the ways of writing a file that work here.

import type { Program } from '../../types';

function refuse(name: string): Program {
  return async (argv, ctx) => {
    const file = argv.slice(1).find((a) => !a.startsWith('-') && !a.startsWith('+'));
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
