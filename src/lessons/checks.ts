// Small readers the goal checks share: what a command line asks for, and what the host holds now.
// Checks look at the engine's state where they can, so a learner may get there any way they like
// (an id instead of a name, `docker image ls` instead of `docker images`, a shell inside a container).

import type { Engine } from '../engine/engine';
import type { ContainerRec, ImageRec } from '../engine/state';
import type { CheckContext, RanCommand } from './types';

/** The words of a command line, quotes removed (enough to recognise a docker command and its args). */
export function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: '"' | "'" | null = null;
  let any = false;
  for (const ch of line.trim()) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (any || cur) out.push(cur);
      cur = '';
      any = false;
    } else cur += ch;
  }
  if (any || cur) out.push(cur);
  return out;
}

// `docker images` is `docker image ls`; `docker inspect` is also `docker image inspect` and so on.
const ALIASES: Record<string, readonly string[]> = {
  images: ['image ls', 'image list', 'images'],
  inspect: ['inspect', 'image inspect', 'container inspect'],
  history: ['history', 'image history'],
  pull: ['pull', 'image pull'],
  tag: ['tag', 'image tag'],
  run: ['run', 'container run'],
  create: ['create', 'container create'],
  exec: ['exec', 'container exec'],
  diff: ['diff', 'container diff'],
  commit: ['commit', 'container commit'],
  rm: ['rm', 'container rm'],
  build: ['build', 'image build', 'buildx build'],
};

/**
 * The arguments after `docker <sub>` when `line` is that docker subcommand (an alias counts), else
 * null. Only the first command of the line is read.
 */
export function dockerArgs(line: string, sub: keyof typeof ALIASES): string[] | null {
  const w = words(line.split(/&&|\|\||;|\|/)[0] ?? '');
  if (w[0] !== 'docker') return null;
  for (const form of ALIASES[sub] ?? []) {
    const parts = form.split(' ');
    if (parts.every((p, i) => w[1 + i] === p)) return w.slice(1 + parts.length);
  }
  return null;
}

/** The image `ref` names on this host, or undefined. */
export function imageOf(engine: Engine, ref: string): ImageRec | undefined {
  try {
    return engine.image(ref);
  } catch {
    return undefined;
  }
}

/** The container `ref` names (name or id prefix), or undefined. */
export function containerOf(engine: Engine, ref: string): ContainerRec | undefined {
  try {
    return engine.container(ref);
  } catch {
    return undefined;
  }
}

export function containers(engine: Engine): ContainerRec[] {
  return engine.listContainers(true);
}

/** Does one of `args` name the image `ref` stands for (by any of its names or its id)? */
export function namesImage(engine: Engine, args: readonly string[], ref: string): boolean {
  const want = imageOf(engine, ref);
  if (!want) return false;
  return args.some((a) => !a.startsWith('-') && imageOf(engine, a)?.id === want.id);
}

/** Does one of `args` name a container made from the image `ref` stands for? */
export function namesContainerOf(engine: Engine, args: readonly string[], ref: string): boolean {
  const want = imageOf(engine, ref);
  if (!want) return false;
  return args.some((a) => !a.startsWith('-') && containerOf(engine, a)?.imageId === want.id);
}

/**
 * The last command ran in a container of image `ref`: `docker run … ref …` or `docker exec` into one
 * (on the host), or any command in a container shell while a container of that image runs.
 */
export function ranIn(ctx: CheckContext, ref: string): boolean {
  const last = ctx.last;
  if (!last) return false;
  if (last.shell === 'container') {
    const want = imageOf(ctx.engine, ref);
    return !!want && ctx.engine.listContainers().some((c) => c.imageId === want.id);
  }
  const run = dockerArgs(last.line, 'run');
  if (run) return namesImage(ctx.engine, run, ref);
  const exec = dockerArgs(last.line, 'exec');
  if (exec) return namesContainerOf(ctx.engine, exec, ref);
  return false;
}

/** The last command succeeded and was this docker subcommand. */
export function lastDocker(ctx: CheckContext, sub: keyof typeof ALIASES): string[] | null {
  const last = ctx.last;
  if (!last || last.shell !== 'host' || last.exitCode !== 0) return null;
  return dockerArgs(last.line, sub);
}

/** A file or directory exists at `path` in the container's merged view. */
export function existsIn(ctr: ContainerRec, path: string): boolean {
  try {
    const view = ctr.upper.view();
    return view.lookup(view.resolve(path)) !== undefined;
  } catch {
    return false;
  }
}

/** Some command since the step began matches. */
export function ranSince(ctx: CheckContext, fn: (r: RanCommand) => boolean): boolean {
  return ctx.history.some(fn);
}

/** One `[n/m]` step of a docker build, as its progress output showed it. */
export interface BuiltStep {
  /** What the brackets hold: `2/4`, or `build 2/4` in a multi-stage build. */
  readonly pos: string;
  /** The instruction as shown, e.g. `RUN apt-get update` (the terminal view may cut a long one short). */
  readonly text: string;
  /** The step came from the build cache (`CACHED`); false when it ran now or had not finished. */
  readonly cached: boolean;
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** Plain progress: the header `#6 [2/3] COPY …`, later `#6 CACHED` or `#6 DONE 0.1s`. */
const PLAIN_STEP = /^#(\d+) \[([^\]]*\d+\/\d+)\] (.*)$/;
const PLAIN_CACHED = /^#(\d+) CACHED$/;
/** A line of the terminal view: ` => CACHED [2/3] COPY …   0.0s` (ERROR/CANCELED may lead the name). */
const TTY_STEP = /^ => (CACHED )?(?:(?:ERROR|CANCELED) )?\[([^\]]*\d+\/\d+)\] (.*?)\s+\d+\.\ds$/;

/**
 * The `[n/m]` steps of a docker build's output, in the order they first appear, each with whether it
 * came from the build cache. Reads both forms: plain progress (`#N CACHED` after `#N [n/m] …`) and
 * the terminal view, whose frames are redrawn in place (the last frame a step appears in counts).
 * Steps of `[internal]` work and the output of `-q` give nothing.
 */
export function buildSteps(output: string): BuiltStep[] {
  const steps = new Map<string, { pos: string; text: string; cached: boolean }>();
  const byVertex = new Map<string, string>();
  for (const raw of output.replace(ANSI, '').split(/\r?\n/)) {
    const plain = PLAIN_STEP.exec(raw);
    if (plain) {
      const [, n = '', pos = '', text = ''] = plain;
      if (!steps.has(pos)) steps.set(pos, { pos, text, cached: false });
      byVertex.set(n, pos);
      continue;
    }
    const hit = PLAIN_CACHED.exec(raw);
    if (hit) {
      const step = steps.get(byVertex.get(hit[1] ?? '') ?? '');
      if (step) step.cached = true;
      continue;
    }
    const tty = TTY_STEP.exec(raw.trimEnd());
    if (tty) {
      const [, cached, pos = '', text = ''] = tty;
      const step = steps.get(pos);
      if (step) {
        step.text = text;
        step.cached = !!cached;
      } else steps.set(pos, { pos, text, cached: !!cached });
    }
  }
  return [...steps.values()];
}

/** The steps of the last command when it was a docker build that succeeded, else null. */
export function lastBuild(ctx: CheckContext): BuiltStep[] | null {
  const args = lastDocker(ctx, 'build');
  return args && ctx.last ? buildSteps(ctx.last.output) : null;
}
