// Which words of which instruction BuildKit expands, and the values global ARGs give FROM lines.
// The expansion itself is shell-lex.ts's.

import { type ExpandEnv, expandWord, expandWords } from '../shell-lex';
import type {
  AddInstruction,
  CopyInstruction,
  CopyLike,
  Dockerfile,
  Instruction,
  InstructionKind,
} from './types';

/**
 * The instruction with its words expanded against `env`, exactly where BuildKit expands:
 * FROM (image, platform), ENV/LABEL (keys and values), ARG (names and defaults), WORKDIR, USER,
 * STOPSIGNAL, VOLUME, EXPOSE (expanded then split), COPY/ADD (sources, dest, --chown, --chmod,
 * --from). RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, ONBUILD, MAINTAINER come back unchanged:
 * their variables are the shell's business. Throws LexError with BuildKit's text.
 */
export function expandInstruction<T extends Instruction>(instr: T, env: ExpandEnv, escapeToken = '\\'): T {
  return expandAny(instr, env, escapeToken) as T;
}

function expandAny(i: Instruction, env: ExpandEnv, escapeToken: string): Instruction {
  const x = (w: string): string => expandWord(w, env, { escapeToken });
  switch (i.kind) {
    case 'FROM':
      return { ...i, image: x(i.image), ...(i.platform !== undefined ? { platform: x(i.platform) } : {}) };
    case 'ENV':
    case 'LABEL':
      return { ...i, pairs: i.pairs.map((p) => ({ key: x(p.key), value: x(p.value) })) };
    case 'ARG':
      return {
        ...i,
        args: i.args.map((a) => ({ key: x(a.key), ...(a.value !== undefined ? { value: x(a.value) } : {}) })),
      };
    case 'WORKDIR':
      return { ...i, path: x(i.path) };
    case 'USER':
      return { ...i, user: x(i.user) };
    case 'STOPSIGNAL':
      return { ...i, signal: x(i.signal) };
    case 'VOLUME':
      return { ...i, volumes: i.volumes.map(x) };
    case 'EXPOSE':
      return { ...i, ports: i.ports.flatMap((p) => expandWords(p, env, { escapeToken })) };
    case 'COPY':
    case 'ADD': {
      const out: CopyLike & { from?: string } = {
        ...i,
        sources: i.sources.map(x),
        dest: x(i.dest),
        ...(i.chown !== undefined ? { chown: x(i.chown) } : {}),
        ...(i.chmod !== undefined ? { chmod: x(i.chmod) } : {}),
      };
      if (i.kind === 'COPY' && i.from !== undefined) out.from = x(i.from);
      return out as CopyInstruction | AddInstruction;
    }
    default:
      return i;
  }
}

/**
 * The values the global ARGs (those before the first FROM) give to FROM lines, as dockerfile2llb
 * computes them: each default is expanded with the ARGs before it, a `--build-arg` of the same name
 * wins, and an ARG without default or build-arg is set but empty. `predefined` seeds the map (the
 * executor's BUILDPLATFORM/TARGETPLATFORM…). Throws LexError like BuildKit on a bad default.
 */
export function globalArgValues(
  df: Dockerfile,
  buildArgs: ExpandEnv = {},
  predefined: ExpandEnv = {},
): Map<string, string> {
  const out = new Map<string, string>(predefined instanceof Map ? predefined : Object.entries(predefined));
  const given = buildArgs instanceof Map ? buildArgs : new Map(Object.entries(buildArgs));
  for (const arg of df.globalArgs) {
    for (const decl of arg.args) {
      const fallback =
        decl.value === undefined ? '' : expandWord(decl.value, out, { escapeToken: df.escapeToken });
      out.set(decl.key, given.get(decl.key) ?? fallback);
    }
  }
  return out;
}

/** Whether BuildKit expands this instruction's words (false: they go to the shell as written). */
export function expandsWords(kind: InstructionKind): boolean {
  return !['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK', 'ONBUILD', 'MAINTAINER'].includes(kind);
}
