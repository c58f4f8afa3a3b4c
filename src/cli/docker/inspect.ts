// docker inspect (containers, then images), docker image inspect, docker container inspect:
// the daemon's JSON, or a Go template per object (docker/cli cli/command/inspect/inspector.go).

import { DockerError } from '../../engine/errors';
import { imageSize } from '../../engine/images';
import { flagBool, flagString } from '../flags';
import type { ParsedFlags } from '../flags';
import { inspectJson } from '../format/json';
import { GoTemplate, TemplateError } from '../format/template/index';
import type { ProgramContext } from '../types';
import type { DockerCommand } from './command';
import { errorText } from './pull-progress';

type Lookup = (ref: string) => Record<string, unknown>;

const FORMAT_FLAG = {
  name: 'format',
  short: 'f',
  type: 'string',
  usage: "Format the output with a Go template (e.g. '{{.RootFS.Layers}}') or 'json'",
} as const;

/** Prints each object (or the errors) the way the CLI's inspector does; returns the exit status. */
function inspectRefs(ctx: ProgramContext, refs: readonly string[], format: string, lookup: Lookup): number {
  let tmpl: GoTemplate | null = null;
  if (format !== '' && format !== 'json') {
    try {
      tmpl = GoTemplate.parse(format);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      ctx.io.err(`template parsing error: ${e.message}\n`);
      return 64;
    }
  }
  const objects: Record<string, unknown>[] = [];
  const errors: string[] = [];
  let text = '';
  for (const ref of refs) {
    let obj: Record<string, unknown>;
    try {
      obj = lookup(ref);
    } catch (e) {
      if (!(e instanceof DockerError)) throw e;
      errors.push(errorText(e));
      continue;
    }
    if (!tmpl) {
      objects.push(obj);
      continue;
    }
    try {
      // the CLI retries on the decoded JSON with missingkey=error, so an unknown field is an error
      text += tmpl.execute(obj, { missingKey: 'error' }) + '\n';
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      errors.push(`template parsing error: ${e.message}`);
    }
  }
  if (tmpl) ctx.io.out(text === '' ? '\n' : text);
  else ctx.io.out(inspectJson(objects));
  if (errors.length === 0) return 0;
  ctx.io.err(`${errors.join('\n')}\n`);
  return 1;
}

/** Adds SizeRw and SizeRootFs where the daemon puts them (after GraphDriver) for `--size`. */
function withSizes(ctx: ProgramContext, ref: string, obj: Record<string, unknown>): Record<string, unknown> {
  const ctr = ctx.engine.container(ref);
  const img = ctx.engine.state.images.get(ctr.imageId);
  const rw = ctr.upper.size;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] = v;
    if (k === 'GraphDriver') {
      out.SizeRw = rw;
      out.SizeRootFs = rw + (img ? imageSize(ctx.engine, img) : 0);
    }
  }
  return out;
}

function containerLookup(ctx: ProgramContext, parsed: ParsedFlags): Lookup {
  const size = flagBool(parsed, 'size');
  return (ref) => {
    const obj = ctx.engine.inspectContainer(ref);
    return size ? withSizes(ctx, ref, obj) : obj;
  };
}

const TYPES = [
  'config',
  'container',
  'image',
  'network',
  'node',
  'plugin',
  'secret',
  'service',
  'task',
  'volume',
];

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'inspect [OPTIONS] NAME|ID [NAME|ID...]',
    short: 'Show everything the daemon knows about containers or images, as JSON',
    args: { kind: 'min', n: 1 },
    flags: [
      FORMAT_FLAG,
      { name: 'size', short: 's', type: 'bool', usage: "Add a container's sizes (SizeRw, SizeRootFs)" },
      { name: 'type', type: 'string', usage: 'Look only for objects of this type (container, image, …)' },
    ],
  },
  async run(parsed, ctx) {
    const type = flagString(parsed, 'type');
    if (type !== '' && !TYPES.includes(type)) {
      ctx.io.err(`"${type}" is not a valid value for --type\n`);
      return 1;
    }
    const format = flagString(parsed, 'format');
    const asContainer = containerLookup(ctx, parsed);
    const asImage: Lookup = (ref) => ctx.engine.inspectImage(ref);
    let lookup: Lookup;
    if (type === 'container') lookup = asContainer;
    else if (type === 'image') lookup = asImage;
    else if (type !== '') lookup = (ref) => notFoundObject(ref);
    else
      lookup = (ref) => {
        for (const find of [asContainer, asImage]) {
          try {
            return find(ref);
          } catch (e) {
            if (!(e instanceof DockerError) || e.kind !== 'notFound') throw e;
          }
        }
        return notFoundObject(ref);
      };
    return inspectRefs(ctx, parsed.args, format, lookup);
  },
};

/** What `docker inspect` says when nothing of any type has that name (a client message). */
function notFoundObject(ref: string): never {
  throw new DockerError(`Error: No such object: ${ref}`, 'notFound', false);
}

/** docker image inspect IMAGE… */
export const imageInspect: DockerCommand = {
  spec: {
    parent: 'docker image',
    use: 'inspect [OPTIONS] IMAGE [IMAGE...]',
    short: 'Show everything the daemon knows about images, as JSON',
    args: { kind: 'min', n: 1 },
    flags: [FORMAT_FLAG],
  },
  async run(parsed, ctx) {
    return inspectRefs(ctx, parsed.args, flagString(parsed, 'format'), (ref) => ctx.engine.inspectImage(ref));
  },
};

/** docker container inspect CONTAINER… */
export const containerInspect: DockerCommand = {
  spec: {
    parent: 'docker container',
    use: 'inspect [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Show everything the daemon knows about containers, as JSON',
    args: { kind: 'min', n: 1 },
    flags: [
      FORMAT_FLAG,
      { name: 'size', short: 's', type: 'bool', usage: 'Add the sizes (SizeRw, SizeRootFs)' },
    ],
  },
  async run(parsed, ctx) {
    return inspectRefs(ctx, parsed.args, flagString(parsed, 'format'), containerLookup(ctx, parsed));
  },
};
