// A presenter's script: the same plain text the headless runner replays (`npm run sim -- FILE`).
// Command lines are the steps; `#` comment lines are captions. Comments after a command say what
// the audience should see, so they belong to that command and are shown once it has run; comments
// before the first command are the introduction. While an interactive shell is open
// (`docker exec -it …`, `docker run -it …`), lines go to that shell until `exit`, as when typing.

/** One line the presenter types. */
export interface Step {
  /** The command, as typed (a line ending in `\` continues on the next). */
  readonly line: string;
  /** The comment lines after it, without their `#`. */
  readonly caption: readonly string[];
  /** Where it is typed: the host shell, or a shell inside a container. */
  readonly shell: 'host' | 'container';
  /** 1-based line number in the script, for messages. */
  readonly lineNo: number;
}

export interface Script {
  /** The comment lines before the first command. */
  readonly intro: readonly string[];
  readonly steps: readonly Step[];
}

/** What a script may be: longer ones are refused rather than slowly played. */
export const SCRIPT_LIMITS = { chars: 64 * 1024, steps: 500 } as const;

export class ScriptError extends Error {
  constructor(
    readonly reason: 'empty' | 'too-large',
    message: string,
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}

/** `docker exec|run` with -i and -t and no command other than a shell's opens an interactive shell. */
export function opensShell(line: string): boolean {
  const words = line.trim().split(/\s+/);
  if (words[0] !== 'docker' || (words[1] !== 'exec' && words[1] !== 'run')) return false;
  let i = false;
  let t = false;
  for (const w of words.slice(2)) {
    if (w === '--interactive') i = true;
    else if (w === '--tty') t = true;
    else if (/^-[a-zA-Z]+$/.test(w)) {
      if (w.includes('i')) i = true;
      if (w.includes('t')) t = true;
    }
  }
  return i && t;
}

function comment(raw: string): string {
  return raw.trimStart().slice(1).replace(/^ /, '').trimEnd();
}

export function parseScript(text: string): Script {
  if (text.length > SCRIPT_LIMITS.chars)
    throw new ScriptError('too-large', `the script is longer than ${SCRIPT_LIMITS.chars} characters`);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const intro: string[] = [];
  const steps: { line: string; caption: string[]; shell: 'host' | 'container'; lineNo: number }[] = [];
  let depth = 0;
  let pending: { parts: string[]; lineNo: number } | null = null;

  const push = (line: string, lineNo: number) => {
    const shell = depth > 0 ? 'container' : 'host';
    steps.push({ line, caption: [], shell, lineNo });
    if (steps.length > SCRIPT_LIMITS.steps)
      throw new ScriptError('too-large', `the script has more than ${SCRIPT_LIMITS.steps} commands`);
    if (shell === 'container' && line.trim() === 'exit') depth -= 1;
    else if (opensShell(line)) depth += 1;
  };

  for (const [i, raw] of lines.entries()) {
    if (pending) {
      pending.parts.push(raw);
      if (!raw.endsWith('\\')) {
        push(pending.parts.join('\n'), pending.lineNo);
        pending = null;
      }
      continue;
    }
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      const last = steps.at(-1);
      if (last) last.caption.push(comment(raw));
      else intro.push(comment(raw));
      continue;
    }
    if (raw.endsWith('\\')) {
      pending = { parts: [raw], lineNo: i + 1 };
      continue;
    }
    push(raw, i + 1);
  }
  if (pending) push(pending.parts.join('\n'), pending.lineNo);
  if (steps.length === 0) throw new ScriptError('empty', 'the script has no commands');
  return { intro, steps };
}

/**
 * Where stepping back from `position` (steps done) lands: the step before, or — when that one was
 * typed into a container shell, which a restarted terminal no longer has — the command that opened
 * that shell.
 */
export function backTarget(script: Script, position: number): number {
  let k = Math.min(position, script.steps.length) - 1;
  while (k > 0 && script.steps[k]?.shell === 'container') k -= 1;
  return Math.max(k, 0);
}
