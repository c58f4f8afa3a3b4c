// Step names as dockerfile2llb names its vertexes: an instruction's shown text, which instructions
// are numbered steps, a stage's label and step count, and the `[label n/total] text` name.

import { type ExpandEnv, expandWord, LexError } from '../shell-lex';
import type { Dockerfile, Instruction } from './types';

function uppercaseFirstWord(text: string): string {
  const sp = text.indexOf(' ');
  return sp < 0 ? text.toUpperCase() : text.slice(0, sp).toUpperCase() + text.slice(sp);
}

function summarizeHeredoc(doc: string): string {
  const lines = doc.trim().replace(/\r\n/g, '\n').split('\n');
  return (lines[0] ?? '') + (lines.length > 1 ? '...' : '');
}

/**
 * The text BuildKit shows for an instruction's step: its original line with the keyword upper-cased
 * and, given the stage's env, variables expanded (`COPY index.html /usr/share/nginx/html`). RUN keeps
 * quotes and leaves unset variables as written; a RUN heredoc adds ` (first line...)`. When the
 * expansion fails the text is shown unexpanded, as BuildKit does.
 */
export function instructionText(instr: Instruction, env: ExpandEnv = {}, escapeToken = '\\'): string {
  const original = instr.original.trim();
  const run = instr.kind === 'RUN';
  let text: string;
  try {
    text = expandWord(original, env, {
      escapeToken,
      ...(run ? { rawQuotes: true, skipUnsetEnv: true } : {}),
    });
  } catch (e) {
    if (!(e instanceof LexError)) throw e;
    text = original;
  }
  text = uppercaseFirstWord(text);
  const doc = run ? instr.heredocs[0] : undefined;
  return doc ? `${text} (${summarizeHeredoc(doc.content)})` : text;
}

/** Instructions that make a numbered step (and a vertex) in BuildKit: RUN, COPY, ADD, WORKDIR. */
export function isStep(instr: Instruction): boolean {
  return instr.kind === 'RUN' || instr.kind === 'COPY' || instr.kind === 'ADD' || instr.kind === 'WORKDIR';
}

/**
 * The stage's label in step names: none for a one-stage file, else its `AS` name or `stage-N`
 * (N = its index), as dockerfile2llb does. dockerfile2llb counts an image named by `COPY --from=`
 * (not a stage) as one more state, so a one-stage file with such a COPY is labelled: pass how many
 * such images the build uses as `copyFromImages`.
 */
export function stageLabel(df: Dockerfile, stageIndex: number, copyFromImages = 0): string {
  if (df.stages.length + copyFromImages <= 1) return '';
  const st = df.stages[stageIndex];
  return st?.name ?? `stage-${stageIndex}`;
}

/**
 * How many numbered steps a stage has: its RUN/COPY/ADD/WORKDIR, plus 1 for the FROM unless the
 * base is `scratch` or an earlier stage. `baseName` is the expanded FROM image when ARGs were used.
 */
export function stageStepTotal(df: Dockerfile, stageIndex: number, baseName?: string): number {
  const st = df.stages[stageIndex];
  if (st === undefined) return 0;
  const base = baseName ?? st.from.image;
  const fromEarlier = df.stages
    .slice(0, stageIndex)
    .some((s) => s.name !== undefined && s.name === base.toLowerCase());
  const fromCounts = base.toLowerCase() !== 'scratch' && !fromEarlier;
  return (fromCounts ? 1 : 0) + st.instructions.filter(isStep).length;
}

/**
 * A step's vertex name: `[2/4] COPY …`, `[stage-1 2/3] RUN …`, the number right-aligned to the
 * width of the total (`[ 3/12]`) as BuildKit's `%*d` does.
 */
export function stepName(label: string, index: number, total: number, text: string): string {
  const width = String(total).length;
  const num = String(index).padStart(width, ' ');
  return `[${label === '' ? '' : `${label} `}${num}/${total}] ${text}`;
}
