// docker build (docker buildx build, Docker 27's default): reads the context from the host's home,
// hands it to the engine's builder, and shows BuildKit's progress as it comes — the terminal view
// redrawn in place, or `--progress plain` text — then the error block of a failed build.

import type { BuildContext } from '../../engine/build/context';
import { buildContext } from '../../engine/build/context';
import { DockerignoreError } from '../../engine/build/dockerignore';
import { DockerError } from '../../engine/errors';
import type { EngineEvent } from '../../engine/events';
import { familiarName, parseReference, withDefaultTag } from '../../engine/reference';
import { runBuildStep } from '../build-step';
import { flagBool, flagList, flagString } from '../flags';
import type { ProgramContext } from '../types';
import {
  DEFAULT_PLAIN_DESC,
  DEFAULT_TTY_DESC,
  errorEpilogue,
  PlainPrinter,
  TtyPrinter,
  type BuildEvent,
  type FailedStep,
} from './build-progress';
import type { DockerCommand } from './command';

const PROGRESS_MODES = ['auto', 'plain', 'tty', 'quiet'];

interface Printer {
  write(e: BuildEvent): void;
  finish(): void;
  failed(): FailedStep[];
}

/** What prints the progress: nothing (quiet), the terminal view, or plain text — on stderr. */
function printerFor(mode: string, ctx: ProgramContext): Printer {
  const err = (t: string) => ctx.io.err(t);
  if (mode === 'quiet') return { write: () => undefined, finish: () => undefined, failed: () => [] };
  if (mode === 'tty' || (mode === 'auto' && ctx.io.tty))
    return new TtyPrinter(err, { columns: ctx.io.columns, rows: 30, desc: DEFAULT_TTY_DESC });
  return new PlainPrinter(err, { desc: DEFAULT_PLAIN_DESC });
}

/** `--build-arg K=V`; a bare `K` takes the client's environment value, or is left out. */
function buildArgs(values: readonly string[], ctx: ProgramContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i > 0) out[v.slice(0, i)] = v.slice(i + 1);
    else {
      const env = ctx.shell.env.get(v);
      if (env !== undefined) out[v] = env;
    }
  }
  return out;
}

/** `-t name[:tag]`: checked as a reference, stored as `name:tag`. */
function tagsOf(values: readonly string[]): string[] | string {
  const out: string[] = [];
  for (const t of values) {
    try {
      const ref = parseReference(t);
      if (ref.digest) return `invalid tag "${t}": tags cannot contain a digest`;
      const r = withDefaultTag(ref);
      out.push(`${familiarName(r)}:${r.tag}`);
    } catch (e) {
      if (e instanceof DockerError) return `invalid tag "${t}": ${e.message}`;
      throw e;
    }
  }
  return out;
}

export const command: DockerCommand = {
  spec: {
    parent: 'docker buildx',
    use: 'build [OPTIONS] PATH | URL | -',
    short: 'Start a build',
    aliases: ['docker build', 'docker builder build', 'docker image build', 'docker buildx b'],
    args: { kind: 'exact', n: 1 },
    flags: [
      { name: 'build-arg', type: 'stringArray', usage: 'Set build-time variables' },
      {
        name: 'file',
        short: 'f',
        type: 'string',
        default: '',
        usage: 'Name of the Dockerfile (default: "PATH/Dockerfile")',
      },
      { name: 'no-cache', type: 'bool', usage: 'Do not use cache when building the image' },
      {
        name: 'progress',
        type: 'string',
        default: 'auto',
        usage:
          'Set type of progress output ("auto", "quiet", "plain", "tty"). Use plain to show container output',
      },
      {
        name: 'quiet',
        short: 'q',
        type: 'bool',
        usage: 'Suppress the build output and print image ID on success',
      },
      {
        name: 'tag',
        short: 't',
        type: 'stringArray',
        usage: 'Name and optionally a tag (format: "name:tag")',
      },
      { name: 'target', type: 'string', default: '', usage: 'Set the target build stage to build' },
    ],
  },
  async run(parsed, ctx) {
    const engine = ctx.engine;
    const path = parsed.args[0] ?? '.';
    const fail = (text: string) => {
      ctx.io.err(`ERROR: ${text}\n`);
      return 1;
    };
    const quiet = flagBool(parsed, 'quiet');
    const mode = quiet ? 'quiet' : flagString(parsed, 'progress');
    if (!PROGRESS_MODES.includes(mode)) return fail(`invalid progress mode "${mode}"`);
    const tags = tagsOf(flagList(parsed, 'tag'));
    if (typeof tags === 'string') return fail(tags);
    if (path === '-' || /^[a-z]+:\/\//.test(path) || path.startsWith('git@'))
      return fail(
        `Layer Lab builds from a directory of the host (docker build PATH): "${path}" would need stdin or the network`,
      );

    let context: BuildContext;
    try {
      const dockerfile = flagString(parsed, 'file');
      context = buildContext(engine.state.home.view(), path, {
        cwd: ctx.shell.cwd,
        ...(dockerfile !== '' ? { dockerfile } : {}),
        sha256: engine.platform.sha256,
      });
    } catch (e) {
      if (e instanceof DockerignoreError) return fail(e.message);
      if (!(e instanceof DockerError)) throw e;
      if (!e.message.startsWith('failed to read dockerfile')) return fail(e.message);
      // BuildKit loads the definition first, then finds no file: its vertex, then the error.
      const printer = printerFor(mode, ctx);
      const t = engine.platform.clock.now();
      const name = flagString(parsed, 'file').split('/').pop() || 'Dockerfile';
      const v = { digest: 'sha256:definition', name: `[internal] load build definition from ${name}` };
      printer.write({ type: 'vertex', vertex: { ...v, started: t } });
      printer.write({
        type: 'status',
        status: {
          vertex: v.digest,
          id: 'transferring dockerfile: 2B',
          timestamp: t,
          started: t,
          completed: t,
        },
      });
      printer.write({ type: 'vertex', vertex: { ...v, started: t, completed: t } });
      printer.finish();
      return fail(`failed to solve: ${e.message}`);
    }

    const printer = printerFor(mode, ctx);
    const off = engine.on((e: EngineEvent) => {
      if (e.type === 'build-status') printer.write(e.event);
    });
    let result;
    try {
      result = await engine.build({
        context,
        tags,
        buildArgs: buildArgs(flagList(parsed, 'build-arg'), ctx),
        ...(flagString(parsed, 'target') !== '' ? { target: flagString(parsed, 'target') } : {}),
        noCache: flagBool(parsed, 'no-cache'),
        runner: (job) => runBuildStep(engine, job),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      });
    } finally {
      off();
    }
    printer.finish();
    if (result.error) {
      ctx.io.err(
        errorEpilogue({
          steps: printer.failed(),
          dockerfileName: context.dockerfile.name,
          dockerfile: context.dockerfile.text,
          ...(result.error.lines ? { lines: result.error.lines } : {}),
          error: result.error.message,
        }),
      );
      return 1;
    }
    if (quiet && result.imageId) ctx.io.out(`${result.imageId}\n`);
    return 0;
  },
};
