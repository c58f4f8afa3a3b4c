// Executes parsed shell scripts: lists, pipelines, simple commands, redirections and the builtins a
// learner's shell needs. Programs come from the session's registry; files go through its ShellFs, so a
// redirection into a container writes (and copies up) through the container's writable layer.

import type { Engine } from '../../engine/engine';
import { FsError } from '../../engine/errors';
import { contentBytes, textContent } from '../../engine/fs/content';
import { join } from '../../engine/fs/path';
import type { OutsideFiles, Program, ProgramContext, ShellFs, ShellState, Stdio } from '../types';
import type { AndOrList, Command, Pipeline, Redirect, Script, SimpleCommand } from './ast';
import { ExpansionError } from './errors';
import { expandHeredoc, expandRedirectTarget, expandString, expandWords, type ExpandContext } from './expand';
import { globMatch, hasGlobMeta, unescapeGlob } from './glob';
import { tryParse } from './syntax';
import { BUILTINS, ExitSignal, runBuiltin } from './builtins';

/** What a line (or a script) ended with. */
export interface Outcome {
  code: number;
  /** A program asked to open an interactive session (`docker exec -it c bash`). */
  enter?: import('../types').Session;
  /** `exit` ran. */
  leave?: boolean;
}

/** Where the interpreter finds programs: the registry of the shell's place. */
export interface ShellHost {
  readonly engine: Engine;
  readonly fs: ShellFs;
  readonly where: 'host' | string;
  /** `bash` or `sh`: the prefix of the shell's own messages. */
  readonly name: string;
  /** The program a command name runs, or a message when it cannot run (`command not found`). */
  find(name: string, shell: ShellState): { program: Program } | { status: number; message: string };
  /** Names `help` lists (host) / `type` knows. */
  programs(): string[];
  /** The learner's real computer (host shell only): where archives go and dropped files come from. */
  readonly outside?: OutsideFiles;
}

const DEV_NULL = '/dev/null';
const dec = new TextDecoder();

interface Sink {
  write(text: string): void;
}

/** An output file a redirection opened: text collected, written when the command ends. */
interface FileSink extends Sink {
  path: string;
  text: string;
}

export function cloneState(s: ShellState): ShellState {
  return { ...s, env: new Map(s.env), history: s.history };
}

export class Interpreter {
  /** Set while `exit` from a nested `sh -c` must not leave the outer session. */
  constructor(
    readonly host: ShellHost,
    public shell: ShellState,
  ) {}

  /** Parses and runs one line; `incomplete` when more input may finish it (open quote, here-doc). */
  async runLine(
    line: string,
    io: Stdio,
    opts: { final?: boolean; lineNo?: string } = {},
  ): Promise<Outcome & { incomplete?: boolean }> {
    const parsed = tryParse(line, { final: opts.final ?? false });
    if (parsed.kind === 'incomplete') {
      if (!opts.final) return { code: 0, incomplete: true };
      io.err(`${this.host.name}: ${opts.lineNo ?? ''}${parsed.message}\n`);
      this.shell.lastStatus = 2;
      return { code: 2 };
    }
    if (parsed.kind === 'error') {
      const where = opts.lineNo ?? '';
      io.err(`${this.host.name}: ${where}${parsed.error.message}\n`);
      this.shell.lastStatus = 2;
      return { code: 2 };
    }
    for (const w of parsed.warnings) io.err(`${this.host.name}: warning: ${w}\n`);
    return this.runScript(parsed.script, io);
  }

  async runScript(script: Script, io: Stdio): Promise<Outcome> {
    try {
      return await this.list(script, io);
    } catch (e) {
      if (e instanceof ExitSignal) {
        this.shell.lastStatus = e.code;
        return { code: e.code, leave: true };
      }
      throw e;
    }
  }

  /** Runs an argv directly, without a shell line (`docker exec c ls -l`). */
  async runArgv(argv: string[], io: Stdio): Promise<Outcome> {
    try {
      const r = await this.exec(argv, [], io);
      this.shell.lastStatus = r.code;
      return r;
    } catch (e) {
      if (e instanceof ExitSignal) return { code: e.code, leave: true };
      throw e;
    }
  }

  private async list(script: Script, io: Stdio): Promise<Outcome> {
    let out: Outcome = { code: this.shell.lastStatus };
    for (const item of script.items) {
      out = await this.andOr(item, io);
      if (out.enter) return out;
      if (io.signal?.aborted) break;
    }
    return out;
  }

  private async andOr(item: AndOrList, io: Stdio): Promise<Outcome> {
    let out = await this.pipeline(item.pipelines[0] as Pipeline, io);
    for (let i = 0; i < item.ops.length; i++) {
      if (out.enter) return out;
      const op = item.ops[i];
      if ((op === '&&') !== (out.code === 0)) continue;
      out = await this.pipeline(item.pipelines[i + 1] as Pipeline, io);
    }
    return out;
  }

  private async pipeline(p: Pipeline, io: Stdio): Promise<Outcome> {
    let stdin = io.stdin;
    let out: Outcome = { code: 0 };
    const last = p.commands.length - 1;
    for (const [i, cmd] of p.commands.entries()) {
      if (i === last) {
        out = await this.command(cmd, { ...io, stdin });
      } else {
        // Each stage runs to the end before the next (programs are short); its output is the next stdin.
        let buf = '';
        const both = p.stderr[i] === true;
        const stage: Stdio = {
          stdin,
          out: (t) => (buf += t),
          err: both ? (t) => (buf += t) : (t) => io.err(t),
          tty: false,
          columns: io.columns,
          signal: io.signal,
        };
        const r = await this.command(cmd, stage);
        // Pipeline stages run in subshells: `exit` or a session there ends only that stage.
        stdin = buf;
        if (r.enter) continue;
      }
    }
    if (p.negated) out = { ...out, code: out.code === 0 ? 1 : 0 };
    this.shell.lastStatus = out.code;
    return out;
  }

  private async command(cmd: Command, io: Stdio): Promise<Outcome> {
    if (cmd.type === 'simple') return this.simple(cmd, io);
    return this.withRedirects(cmd.redirects, io, async (rio) => {
      if (cmd.type === 'group') return this.list(cmd.body, rio);
      const sub = new Interpreter(this.host, cloneState(this.shell));
      const r = await sub.runScript(cmd.body, rio);
      return { code: r.code };
    });
  }

  // ---- expansion ----
  expandContext(): ExpandContext {
    const sh = this.shell;
    return {
      lookup: (name) => {
        if (name === '?') return String(sh.lastStatus);
        if (name === '$') return '1';
        if (name === '0') return this.host.name;
        if (name === '#') return '0';
        if (name === '@' || name === '*') return '';
        return sh.env.get(name);
      },
      assign: (name, value) => void sh.env.set(name, value),
      substitute: async (script) => {
        let buf = '';
        const sub = new Interpreter(this.host, cloneState(sh));
        const r = await sub.runScript(script, {
          stdin: null,
          out: (t) => (buf += t),
          err: (t) => this.errSink?.(t),
          tty: false,
          columns: 80,
        });
        sh.lastStatus = r.code;
        return buf;
      },
      home: (user) => {
        if (user === '' || user === sh.user.name) return sh.env.get('HOME') ?? sh.user.home;
        if (user === 'root') return '/root';
        return undefined;
      },
      glob: (pattern) => this.glob(pattern),
    };
  }

  /** Where `$(…)`'s error output goes: the stderr of the command being expanded. */
  private errSink: ((t: string) => void) | undefined;

  private glob(pattern: string): string[] {
    const view = this.host.fs.view();
    const absolute = pattern.startsWith('/');
    const segs = pattern.split('/').filter((s) => s !== '');
    let found: { real: string; shown: string }[] = [
      { real: absolute ? '/' : this.shell.cwd, shown: absolute ? '/' : '' },
    ];
    for (const seg of segs) {
      const next: { real: string; shown: string }[] = [];
      for (const f of found) {
        if (!hasGlobMeta(seg)) {
          const lit = unescapeGlob(seg);
          next.push({
            real: join(f.real, lit),
            shown: f.shown + (f.shown === '' || f.shown.endsWith('/') ? '' : '/') + lit,
          });
          continue;
        }
        let names: readonly string[];
        try {
          names = view.names(view.resolve(f.real, true));
        } catch {
          continue;
        }
        for (const n of names) {
          if (n.startsWith('.') && !seg.startsWith('.') && !seg.startsWith('\\.')) continue;
          if (!globMatch(seg, n)) continue;
          next.push({
            real: join(f.real, n),
            shown: f.shown + (f.shown === '' || f.shown.endsWith('/') ? '' : '/') + n,
          });
        }
      }
      found = next;
    }
    const exists = (p: string) => {
      try {
        const r = view.resolve(p, false);
        return r === '/' || view.lookup(r) !== undefined;
      } catch {
        return false;
      }
    };
    return found
      .filter((f) => exists(f.real))
      .map((f) => f.shown + (pattern.endsWith('/') ? '/' : ''))
      .sort();
  }

  // ---- simple commands ----
  private async simple(cmd: SimpleCommand, io: Stdio): Promise<Outcome> {
    const ctx = this.expandContext();
    this.errSink = (t) => io.err(t);
    let argv: string[];
    const assigns: [string, string][] = [];
    try {
      for (const a of cmd.assignments) assigns.push([a.name, await expandString(a.value.parts, ctx)]);
      argv = await expandWords(cmd.words, ctx);
    } catch (e) {
      if (!(e instanceof ExpansionError)) throw e;
      io.err(`${this.host.name}: ${e.message}\n`);
      return { code: e.status };
    }
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.shell.env.set(k, v);
      // Redirections alone still create (truncate) their files.
      return this.withRedirects(cmd.redirects, io, async () => ({ code: this.shell.lastStatus }));
    }
    return this.withRedirects(cmd.redirects, io, (rio) => this.exec(argv, assigns, rio));
  }

  private async exec(argv: string[], assigns: [string, string][], io: Stdio): Promise<Outcome> {
    const name = argv[0] as string;
    const args = argv.slice(1);
    if (BUILTINS.includes(name)) return { code: await runBuiltin(this.host, this.shell, name, args, io) };
    const found = this.host.find(name, this.shell);
    if ('message' in found) {
      io.err(found.message);
      return { code: found.status };
    }
    const shell = assigns.length ? cloneState(this.shell) : this.shell;
    for (const [k, v] of assigns) shell.env.set(k, v);
    const ctx: ProgramContext = {
      engine: this.host.engine,
      io,
      fs: this.host.fs,
      shell,
      where: this.host.where,
      ...(this.host.outside ? { outside: this.host.outside } : {}),
      runLine: async (line, lio) => {
        const sub = new Interpreter(this.host, cloneState(shell));
        const r = await sub.runLine(line, lio, { final: true, lineNo: '-c: line 1: ' });
        return r.code;
      },
    };
    const r = await found.program(args, ctx);
    if (typeof r === 'number') return { code: r };
    if (r.leave) throw new ExitSignal(r.code);
    return { code: r.code, enter: r.enter };
  }

  // ---- redirections ----
  private async withRedirects(
    redirects: readonly Redirect[],
    io: Stdio,
    run: (io: Stdio) => Promise<Outcome>,
  ): Promise<Outcome> {
    if (redirects.length === 0) return run(io);
    const terminal: Sink = { write: (t) => io.out(t) };
    const fds = new Map<number, Sink>([
      [1, terminal],
      [2, { write: (t) => io.err(t) }],
    ]);
    let stdin = io.stdin;
    const files: FileSink[] = [];
    const ctx = this.expandContext();
    const fail = (msg: string, code = 1): Outcome => {
      io.err(`${this.host.name}: ${msg}\n`);
      return { code };
    };
    try {
      for (const r of redirects) {
        if (r.op === '<<' || r.op === '<<-') {
          stdin = r.heredoc ? await expandHeredoc(r.heredoc, ctx) : '';
          continue;
        }
        if (r.op === '<<<') {
          stdin = (await expandString(r.target.parts, ctx)) + '\n';
          continue;
        }
        const target = await expandRedirectTarget(r.target, ctx);
        if (r.op === '>&' || r.op === '<&') {
          if (target === '-') {
            fds.set(r.fd, { write: () => undefined });
            continue;
          }
          if (/^\d+$/.test(target)) {
            const src = fds.get(Number(target));
            if (!src) return fail(`${target}: Bad file descriptor`);
            if (r.op === '>&') fds.set(r.fd, src);
            continue;
          }
          if (r.op === '<&') return fail(`${target}: ambiguous redirect`);
          // `>& file` is `&> file`.
        }
        if (r.op === '<' || r.op === '<>') {
          if (target === DEV_NULL) {
            stdin = '';
            continue;
          }
          stdin = this.readFile(target);
          continue;
        }
        const append = r.op === '>>' || r.op === '&>>';
        const both = r.op === '&>' || r.op === '&>>' || r.op === '>&';
        let sink: Sink;
        if (target === DEV_NULL) sink = { write: () => undefined };
        else if (target === '/dev/stdout') sink = fds.get(1) as Sink;
        else if (target === '/dev/stderr') sink = fds.get(2) as Sink;
        else {
          const path = this.abs(target);
          // Opening happens before the command runs: a bad path stops it, `>` truncates now.
          await this.host.fs.change((u) =>
            u.writeFile(path, textContent(''), {
              mtime: this.host.fs.now(),
              append,
              uid: this.shell.user.uid,
              gid: this.shell.user.gid,
            }),
          );
          const f: FileSink = { path, text: '', write: (t) => void (f.text += t) };
          files.push(f);
          sink = f;
        }
        if (both) {
          fds.set(1, sink);
          fds.set(2, sink);
        } else fds.set(r.fd, sink);
      }
    } catch (e) {
      if (e instanceof FsError) return fail(`${redirectName(redirects, e)}: ${e.text}`);
      if (e instanceof ExpansionError) return fail(e.message, e.status);
      throw e;
    }
    const out = fds.get(1) as Sink;
    const err = fds.get(2) as Sink;
    try {
      return await run({
        ...io,
        stdin,
        out: (t) => out.write(t),
        err: (t) => err.write(t),
        // Only stdout still on the terminal keeps TTY behaviour (`ls > f` writes one name a line).
        tty: io.tty && out === terminal,
      });
    } finally {
      for (const f of files) {
        if (f.text === '') continue;
        await this.host.fs.change((u) =>
          u.writeFile(f.path, textContent(f.text), { mtime: this.host.fs.now(), append: true }),
        );
      }
    }
  }

  private abs(p: string): string {
    return p.startsWith('/') ? p : join(this.shell.cwd, p);
  }

  private readFile(name: string): string {
    const view = this.host.fs.view();
    const real = view.resolve(this.abs(name), true);
    const found = real === '/' ? undefined : view.lookup(real);
    if (real === '/' || (found && found.entry.type === 'dir')) throw new FsError('EISDIR', name);
    if (!found) throw new FsError('ENOENT', name);
    const f = view.fileOf(real);
    if (!f) throw new FsError('ENOENT', name);
    return dec.decode(contentBytes(f.content));
  }
}

/** The file name bash names in a redirection error: the one the error is about, as typed. */
function redirectName(redirects: readonly Redirect[], e: FsError): string {
  for (const r of redirects)
    if (e.path.endsWith(r.target.text) || r.target.text.endsWith(e.path)) return r.target.text;
  return e.path;
}
