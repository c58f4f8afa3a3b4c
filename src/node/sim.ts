// The headless runner: replays a script through the same cli a browser terminal uses and prints the
// transcript (prompt + echoed command, then its output). Lines go to an open container shell until its
// `exit`, as when typing.
//   npm run sim -- [--seed N] [--state FILE] [--files DIR] [--speed instant|realistic] [--tty] [--strict] SCRIPT|-
// `docker save -o`/`export -o` also write a real file into DIR (default: the current directory), and
// `docker load -i NAME` reads one from there when the simulated home has no such file.

import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { hostSession } from '../cli/session';
import { tryParse } from '../cli/sh/syntax';
import type { OutsideFiles, Session, Stdio } from '../cli/types';
import type { Engine } from '../engine/engine';
import type { PullSpeed } from '../engine/core';
import { GOLDEN_TIME, openHost, type FixedClock } from './host';
import { nodeOutsideFiles } from './outside-files';

export interface ReplayOptions {
  tty?: boolean;
  columns?: number;
  /** With a fixed clock: how far it moves before each line (ms), so "N seconds ago" reads naturally. */
  stepMs?: number;
  clock?: FixedClock | null;
  /** The real files beside the simulated host (`--files`). */
  outside?: OutsideFiles;
}

/** One line as it ran: what the screen showed for it. */
export interface LineRun {
  /** 1-based line number in the script. */
  lineNo: number;
  prompt: string;
  command: string;
  /** stdout and stderr interleaved, as a terminal shows them. */
  output: string;
  stdout: string;
  stderr: string;
  code: number;
}

/** Replays script text; returns each line's result and the whole transcript. */
export async function replay(
  engine: Engine,
  script: string,
  opts: ReplayOptions = {},
): Promise<{ runs: LineRun[]; transcript: string }> {
  const stack: Session[] = [hostSession(engine, opts.outside ? { outside: opts.outside } : {})];
  const runs: LineRun[] = [];
  let transcript = '';
  let pending = '';
  let pendingStart = 0;
  let pendingPrompt = '';
  const lines = script.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const [i, raw] of lines.entries()) {
    const session = stack[stack.length - 1];
    if (!session) break;
    if (pending === '' && (raw.trim() === '' || raw.trimStart().startsWith('#'))) continue;
    const prompt = pending === '' ? session.prompt() : '> ';
    transcript += prompt + raw + '\n';
    const line = pending === '' ? raw : pending + '\n' + raw;
    if (pending === '') {
      pendingStart = i + 1;
      pendingPrompt = prompt;
    }
    if (opts.clock && opts.stepMs && pending === '') opts.clock.advance(opts.stepMs);
    let output = '';
    let stdout = '';
    let stderr = '';
    const io: Stdio = {
      stdin: null,
      out: (t) => {
        stdout += t;
        output += t;
      },
      err: (t) => {
        stderr += t;
        output += t;
      },
      tty: opts.tty ?? false,
      columns: opts.columns ?? 80,
    };
    const r = await session.run(line, io);
    if (r.incomplete) {
      pending = line;
      continue;
    }
    pending = '';
    transcript += output;
    runs.push({
      lineNo: pendingStart,
      prompt: pendingPrompt,
      command: line,
      output,
      stdout,
      stderr,
      code: r.code,
    });
    if (r.leave) stack.pop();
    if (r.enter) stack.push(r.enter);
  }
  if (pending !== '') {
    // The script ended inside an open quote or here-document: bash's end-of-file error.
    const p = tryParse(pending, { final: true });
    const msg = p.kind === 'error' ? p.error.message : p.kind === 'incomplete' ? p.message : '';
    const text = msg ? `bash: line ${pendingStart}: ${msg}\n` : '';
    transcript += text;
    runs.push({
      lineNo: pendingStart,
      prompt: pendingPrompt,
      command: pending,
      output: text,
      stdout: '',
      stderr: text,
      code: 2,
    });
  }
  return { runs, transcript };
}

interface Args {
  seed?: number;
  state?: string;
  files?: string;
  speed: PullSpeed;
  tty: boolean;
  strict: boolean;
  script?: string;
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { speed: 'instant', tty: false, strict: false };
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${s} needs a value`);
      return v;
    };
    try {
      if (s === '--seed') a.seed = Number(value());
      else if (s === '--state') a.state = value();
      else if (s === '--files') a.files = value();
      else if (s === '--speed') {
        const v = value();
        if (v !== 'instant' && v !== 'realistic') return `--speed must be instant or realistic, not ${v}`;
        a.speed = v;
      } else if (s === '--tty') a.tty = true;
      else if (s === '--strict') a.strict = true;
      else if (s === '-' || !s.startsWith('-')) a.script = s;
      else return `unknown option ${s}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (a.seed !== undefined && !Number.isInteger(a.seed)) return '--seed needs an integer';
  if (!a.script)
    return 'usage: sim [--seed N] [--state FILE] [--files DIR] [--speed instant|realistic] [--tty] [--strict] SCRIPT|-';
  return a;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(argv: string[]): Promise<number> {
  const a = parseArgs(argv);
  if (typeof a === 'string') {
    process.stderr.write(`sim: ${a}\n`);
    return 2;
  }
  const text = a.script === '-' ? await readStdin() : await readFile(a.script as string, 'utf8');
  const seeded = a.seed !== undefined;
  const { engine, clock, problems } = await openHost({
    seed: a.seed,
    time: seeded ? GOLDEN_TIME : undefined,
    speed: a.speed,
  });
  for (const p of problems) process.stderr.write(`sim: ${p}\n`);
  if (a.state) {
    const bytes = await readFile(a.state).catch(() => undefined);
    if (bytes)
      for (const p of await engine.importSession(new Uint8Array(bytes))) process.stderr.write(`sim: ${p}\n`);
  }
  const { runs, transcript } = await replay(engine, text, {
    tty: a.tty,
    columns: process.stdout.columns ?? 80,
    clock,
    stepMs: 2000,
    outside: nodeOutsideFiles(a.files ?? process.cwd()),
  });
  process.stdout.write(transcript);
  if (a.state) await writeFile(a.state, await engine.exportSession());
  return a.strict && runs.some((r) => r.code !== 0) ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`sim: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
