// `docker create`, and what `docker run` shares with it: the container flags, `-p` parsing as
// go-connections/nat does it, and creating with the implicit pull of a missing image.

import type { CreateOptions } from '../../engine/containers';
import { DockerError } from '../../engine/errors';
import { familiarTagged, parseReference } from '../../engine/reference';
import type { ContainerRec, PortBinding } from '../../engine/state';
import type { FlagSpec, ParsedFlags } from '../flags';
import { flagBool, flagList, flagString } from '../flags';
import type { ProgramContext } from '../types';
import type { DockerCommand } from './command';
import { errorText, reportError } from './container-common';
import { pullWithProgress } from './pull-progress';

/** The flags `docker create` and `docker run` both take (help texts in our own words). */
export const CONTAINER_FLAGS: readonly FlagSpec[] = [
  { name: 'entrypoint', type: 'string', usage: "Replace the image's default ENTRYPOINT" },
  { name: 'env', short: 'e', type: 'stringArray', typeName: 'list', usage: 'Set environment variables' },
  { name: 'hostname', short: 'h', type: 'string', usage: "The container's host name" },
  { name: 'interactive', short: 'i', type: 'bool', usage: 'Keep STDIN open even when not attached' },
  {
    name: 'label',
    short: 'l',
    type: 'stringArray',
    typeName: 'list',
    usage: 'Set metadata on the container',
  },
  { name: 'name', type: 'string', usage: 'Give the container a name' },
  {
    name: 'publish',
    short: 'p',
    type: 'stringArray',
    typeName: 'list',
    usage: "Publish a container's port(s) on the host",
  },
  {
    name: 'publish-all',
    short: 'P',
    type: 'bool',
    usage: 'Publish every exposed port on a random host port',
  },
  { name: 'rm', type: 'bool', usage: 'Remove the container automatically when it exits' },
  { name: 'tty', short: 't', type: 'bool', usage: 'Allocate a pseudo-TTY' },
  {
    name: 'user',
    short: 'u',
    type: 'string',
    usage: 'User name or UID (format: "<name|uid>[:<group|gid>]")',
  },
  { name: 'workdir', short: 'w', type: 'string', usage: 'Working directory inside the container' },
];

const PROTOS = new Set(['tcp', 'udp', 'sctp']);

function portRange(s: string): [number, number] | null {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a > 65535 || b > 65535 || b < a) return null;
  return [a, b];
}

function validIp(ip: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip.split('.').every((o) => Number(o) <= 255);
  return ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip) && (ip.match(/::/g) ?? []).length <= 1;
}

/** nat.ParsePortSpec: `8888:80`, `127.0.0.1:8888:80`, `80`, `8888:80/udp`, ranges; or its error text. */
export function parsePortSpec(raw: string): PortBinding[] | string {
  const parts = raw.split(':');
  const n = parts.length;
  let containerPort = parts[n - 1] as string;
  const hostPort = n >= 2 ? (parts[n - 2] as string) : '';
  let ip = n === 3 ? (parts[0] as string) : n > 3 ? parts.slice(0, n - 2).join(':') : '';
  let proto = 'tcp';
  const slash = containerPort.split('/');
  if (containerPort !== '' && slash[0] !== '' && slash.length > 1) {
    if (slash[1] !== '') proto = slash[1] as string;
    containerPort = slash[0] as string;
  }
  if (ip.startsWith('[')) {
    if (!ip.endsWith(']')) return `invalid IP address ${ip}: address ${ip}:: missing ']' in address`;
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && !validIp(ip)) return `invalid IP address: ${ip}`;
  if (containerPort === '') return `no port specified: ${raw}<empty>`;
  const cr = portRange(containerPort);
  if (!cr) return `invalid containerPort: ${containerPort}`;
  let hr: [number, number] | null = null;
  if (hostPort !== '') {
    hr = portRange(hostPort);
    if (!hr) return `invalid hostPort: ${hostPort}`;
    if (hr[1] - hr[0] !== cr[1] - cr[0] && cr[1] !== cr[0])
      return `invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`;
  }
  proto = proto.toLowerCase();
  if (!PROTOS.has(proto)) return `invalid proto: ${proto}`;
  const out: PortBinding[] = [];
  for (let p = cr[0]; p <= cr[1]; p++) {
    // A host range for one container port means "any of these"; the first is the one we bind.
    const hostPortN = hr ? (cr[0] === cr[1] ? hr[0] : hr[0] + (p - cr[0])) : 0;
    out.push({ containerPort: p, proto: proto as 'tcp' | 'udp', hostIp: ip, hostPort: hostPortN });
  }
  return out;
}

/** The engine's create options from parsed flags, or the error `docker` prints before asking the daemon. */
export function createOptionsFrom(
  parsed: ParsedFlags,
  ctx: ProgramContext,
): { ok: true; opts: CreateOptions } | { ok: false; message: string } {
  const [image, ...cmd] = parsed.args as [string, ...string[]];
  const ports: PortBinding[] = [];
  for (const raw of flagList(parsed, 'publish')) {
    const r = parsePortSpec(raw);
    if (typeof r === 'string') return { ok: false, message: r };
    ports.push(...r);
  }
  const env: string[] = [];
  for (const e of flagList(parsed, 'env')) {
    if (e.startsWith('=')) return { ok: false, message: `invalid environment variable: ${e}` };
    if (e.includes('=')) env.push(e);
    else {
      // `-e NAME` passes the client's own value, or nothing when it has none.
      const v = ctx.shell.env.get(e);
      if (v !== undefined) env.push(`${e}=${v}`);
    }
  }
  const labels: Record<string, string> = {};
  for (const l of flagList(parsed, 'label')) {
    const i = l.indexOf('=');
    labels[i < 0 ? l : l.slice(0, i)] = i < 0 ? '' : l.slice(i + 1);
  }
  const opts: CreateOptions = {
    image,
    cmd: cmd.length ? cmd : undefined,
    env,
    ports,
    publishAll: flagBool(parsed, 'publish-all'),
    tty: flagBool(parsed, 'tty'),
    openStdin: flagBool(parsed, 'interactive'),
    autoRemove: flagBool(parsed, 'rm'),
    labels,
  };
  if (parsed.changed.has('name')) opts.name = flagString(parsed, 'name');
  if (parsed.changed.has('entrypoint')) {
    const ep = flagString(parsed, 'entrypoint');
    opts.entrypoint = ep === '' ? [] : [ep];
  }
  if (parsed.changed.has('hostname')) opts.hostname = flagString(parsed, 'hostname');
  if (parsed.changed.has('user')) opts.user = flagString(parsed, 'user');
  if (parsed.changed.has('workdir')) opts.workdir = flagString(parsed, 'workdir');
  return { ok: true, opts };
}

/**
 * Creates the container as the CLI does: a missing image is pulled first (`Unable to find image …`),
 * then the create is sent. Returns the container, or the exit status after printing the error.
 */
export async function createWithPull(
  ctx: ProgramContext,
  opts: CreateOptions,
  command: 'run' | 'create',
): Promise<ContainerRec | number> {
  const { engine } = ctx;
  // `docker run` reports create errors itself (docker: …, exit 125); `docker create` just returns them.
  const fail = (message: string): number => {
    if (command === 'run') {
      ctx.io.err(reportError(command, message, true));
      return 125;
    }
    ctx.io.err(message + '\n');
    return 1;
  };
  let tagged: string;
  try {
    tagged = familiarTagged(parseReference(opts.image));
  } catch (e) {
    if (!(e instanceof DockerError)) throw e;
    return fail(e.message);
  }
  let missing = false;
  try {
    engine.image(opts.image);
  } catch (e) {
    if (!(e instanceof DockerError) || e.kind !== 'notFound') throw e;
    missing = true;
  }
  if (missing) {
    ctx.io.err(`Unable to find image '${tagged}' locally\n`);
    const pulled = await pullWithProgress(ctx, opts.image, { implicit: true, command });
    if (!pulled) return 125;
    if (pulled.cancelled) return 130;
  }
  try {
    return await engine.create(opts);
  } catch (e) {
    if (!(e instanceof DockerError)) throw e;
    return fail(errorText(e));
  }
}

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'create [OPTIONS] IMAGE [COMMAND] [ARG...]',
    short: 'Create a new container',
    aliases: ['docker container create', 'docker create'],
    interspersed: false,
    args: { kind: 'min', n: 1 },
    flags: CONTAINER_FLAGS,
  },
  async run(parsed, ctx) {
    const r = createOptionsFrom(parsed, ctx);
    if (!r.ok) {
      ctx.io.err(reportError('create', r.message, true));
      return 125;
    }
    const ctr = await createWithPull(ctx, r.opts, 'create');
    if (typeof ctr === 'number') return ctr;
    ctx.io.out(ctr.id + '\n');
    return 0;
  },
};
