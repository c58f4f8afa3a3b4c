// Containers: create (id, name, init layer, empty writable layer), start, stop, kill, pause, rename, rm.

import type { Core } from './core';
import { DockerError } from './errors';
import { Upper } from './fs/upper';
import type { View } from './fs/view';
import type { ContainerId } from './ids';
import { asContainerId, shortId } from './ids';
import { findImage } from './images';
import { newCacheId, releaseLayers, unionOf, usedChainIds } from './layers';
import { VALID_CONTAINER_NAME, generateName } from './names';
import { randomHex } from './platform';
import { initLayer } from './runtime/init-layer';
import { classify, exitOnStop, keepsRunning, onStart, onStop } from './runtime/processes';
import type { ContainerConfig, ContainerRec, PortBinding } from './state';
import { emptyState } from './state';

export interface CreateOptions {
  image: string;
  name?: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  workdir?: string;
  hostname?: string;
  user?: string;
  ports?: PortBinding[];
  publishAll?: boolean;
  tty?: boolean;
  openStdin?: boolean;
  autoRemove?: boolean;
  labels?: Record<string, string>;
}

/** Finds a container by full id, exact name, then unique id prefix, as the daemon does. */
export function findContainer(core: Core, text: string): ContainerRec {
  const { containers } = core.state;
  const direct = containers.get(text as ContainerId);
  if (direct) return direct;
  const name = text.startsWith('/') ? text.slice(1) : text;
  for (const c of containers.values()) if (c.name === name) return c;
  if (/^[0-9a-f]+$/.test(text)) {
    const hits = [...containers.values()].filter((c) => c.id.startsWith(text));
    if (hits.length === 1) return hits[0] as ContainerRec;
    if (hits.length > 1)
      throw new DockerError(`multiple IDs found with provided prefix: ${text}`, 'conflict');
  }
  throw new DockerError(`No such container: ${text}`, 'notFound');
}

function newContainerId(core: Core): ContainerId {
  for (;;) {
    const id = randomHex(core.platform.random, 32);
    if (!/^[0-9]{12}/.test(id)) return asContainerId(id);
  }
}

function pickName(core: Core, id: string): string {
  const taken = new Set([...core.state.containers.values()].map((c) => c.name));
  for (let retry = 0; retry < 6; retry++) {
    const n = generateName(core.platform.random, retry);
    if (!taken.has(n)) return n;
  }
  return shortId(id);
}

function nextIp(core: Core): string {
  const used = new Set([...core.state.containers.values()].map((c) => c.ipAddress));
  for (let i = 2; i < 65535; i++) {
    const ip = `172.17.${Math.floor(i / 256)}.${i % 256}`;
    if (!used.has(ip)) return ip;
  }
  throw new DockerError('no available IPv4 addresses on this network', 'system');
}

/** `docker create`: the image must be local (the CLI pulls first when it is not). */
export function createContainer(core: Core, opts: CreateOptions): ContainerRec {
  const { state } = core;
  const img = findImage(core, opts.image);
  if (opts.name !== undefined) {
    if (!VALID_CONTAINER_NAME.test(opts.name))
      throw new DockerError(
        `Invalid container name (${opts.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
        'invalid',
      );
    const name = opts.name.replace(/^\//, '');
    const other = [...state.containers.values()].find((c) => c.name === name);
    if (other)
      throw new DockerError(
        `Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`,
        'conflict',
      );
  }
  const ic = img.config.config;
  const entrypoint = opts.entrypoint ?? ic.Entrypoint ?? [];
  const cmd = opts.cmd && opts.cmd.length ? opts.cmd : opts.entrypoint ? [] : (ic.Cmd ?? []);
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0) throw new DockerError('no command specified', 'invalid');

  const id = newContainerId(core);
  const name = opts.name?.replace(/^\//, '') ?? pickName(core, id);
  const hostname = opts.hostname ?? shortId(id);
  const exposed: Record<string, Record<string, never>> = { ...(ic.ExposedPorts ?? {}) };
  for (const p of opts.ports ?? []) exposed[`${p.containerPort}/${p.proto}`] = {};
  let ports = opts.ports ?? [];
  if (opts.publishAll) {
    const extra: PortBinding[] = Object.keys(exposed)
      .filter((k) => !ports.some((p) => `${p.containerPort}/${p.proto}` === k))
      .map((k) => ({
        containerPort: Number(k.split('/')[0]),
        proto: k.endsWith('/udp') ? 'udp' : 'tcp',
        hostIp: '',
        hostPort: 0,
      }));
    ports = [...ports, ...extra];
  }
  const env = mergeEnv(ic.Env ?? [], opts.env ?? []);
  const config: ContainerConfig = {
    ...ic,
    Hostname: hostname,
    Domainname: '',
    User: opts.user ?? ic.User ?? '',
    AttachStdin: !!opts.openStdin,
    AttachStdout: true,
    AttachStderr: true,
    ExposedPorts: Object.keys(exposed).length ? exposed : undefined,
    Tty: !!opts.tty,
    OpenStdin: !!opts.openStdin,
    StdinOnce: !!opts.openStdin,
    Env: env,
    Cmd: cmd.length ? cmd : null,
    Image: opts.image,
    WorkingDir: opts.workdir ?? ic.WorkingDir ?? '',
    Entrypoint: entrypoint.length ? entrypoint : null,
    Labels: { ...(ic.Labels ?? {}), ...(opts.labels ?? {}) },
  };
  const now = core.platform.clock.now();
  const ipAddress = nextIp(core);
  const init = initLayer({ hostname, ipAddress, mtime: Math.floor(now / 1000) });
  const rec: ContainerRec = {
    id,
    name,
    imageId: img.id,
    imageRef: opts.image,
    diffIds: img.diffIds,
    created: now,
    path: argv[0] as string,
    args: argv.slice(1),
    config,
    ports,
    boundPorts: [],
    autoRemove: !!opts.autoRemove,
    init,
    upper: new Upper(containerLower(core, img.diffIds, init)),
    state: emptyState(),
    restartCount: 0,
    logs: [],
    ipAddress,
    cacheId: newCacheId(core),
    execs: [],
  };
  core.tx().set(state.containers, id, rec, 'containers');
  core.events.emit({ type: 'container-created', id, name, imageId: img.id });
  return rec;
}

/** The read-only part of a container: the image's shared union with the init layer on top. */
export function containerLower(
  core: Core,
  diffIds: ContainerRec['diffIds'],
  init: ContainerRec['init'],
): View {
  return unionOf(core, diffIds).with(init);
}

function mergeEnv(base: readonly string[], extra: readonly string[]): string[] {
  const out = new Map<string, string>();
  for (const e of [...base, ...extra]) {
    const i = e.indexOf('=');
    out.set(i === -1 ? e : e.slice(0, i), e);
  }
  return [...out.values()];
}

function snapshotState(ctr: ContainerRec) {
  return {
    state: { ...ctr.state },
    boundPorts: [...ctr.boundPorts],
    execs: [...ctr.execs],
    restartCount: ctr.restartCount,
  };
}

function allocatePorts(core: Core, ctr: ContainerRec): ContainerRec['boundPorts'] {
  const taken = new Set<number>();
  for (const c of core.state.containers.values())
    if (c !== ctr && (c.state.status === 'running' || c.state.status === 'paused'))
      for (const b of c.boundPorts) taken.add(b.hostPort);
  const bound: ContainerRec['boundPorts'] = [];
  let ephemeral = 32768;
  for (const p of ctr.ports) {
    let hostPort = p.hostPort;
    if (hostPort === 0) {
      while (taken.has(ephemeral)) ephemeral++;
      hostPort = ephemeral++;
    } else if (taken.has(hostPort)) {
      const endpoint = randomHex(core.platform.random, 32);
      throw new DockerError(
        `driver failed programming external connectivity on endpoint ${ctr.name} (${endpoint}): Bind for ${p.hostIp || '0.0.0.0'}:${hostPort} failed: port is already allocated`,
        'system',
      );
    }
    taken.add(hostPort);
    if (p.hostIp) bound.push({ containerPort: p.containerPort, proto: p.proto, hostIp: p.hostIp, hostPort });
    else {
      bound.push({ containerPort: p.containerPort, proto: p.proto, hostIp: '0.0.0.0', hostPort });
      bound.push({ containerPort: p.containerPort, proto: p.proto, hostIp: '::', hostPort });
    }
  }
  return bound;
}

function nextPid(core: Core): number {
  const s = core.state;
  s.lastPid = s.lastPid || 1000 + (core.platform.random.uint32() % 2000);
  return (s.lastPid += 1 + (core.platform.random.uint32() % 40));
}

/** `docker start`: allocates ports, runs the main process; a one-shot process exits at once. */
export function startContainer(core: Core, ctr: ContainerRec): void {
  const s = ctr.state.status;
  if (s === 'running') return;
  if (s === 'paused')
    throw new DockerError('cannot start a paused container, try unpause instead', 'conflict');
  const tx = core.tx();
  tx.touch(ctr, 'containers', ctr.id, () => snapshotState(ctr));
  const boundPorts = allocatePorts(core, ctr);
  const now = core.platform.clock.now();
  ctr.boundPorts = boundPorts;
  ctr.state = {
    ...ctr.state,
    status: 'running',
    pid: nextPid(core),
    exitCode: 0,
    error: '',
    startedAt: now,
    finishedAt: null,
  };
  core.events.emit({ type: 'container-started', id: ctr.id });
  const kind = classify(ctr);
  onStart(core, ctr, kind);
  if (!keepsRunning(kind)) exitContainer(core, ctr, 0);
}

/** The main process ended by itself with `code`. */
export function exitContainer(core: Core, ctr: ContainerRec, code: number): void {
  const tx = core.tx();
  tx.touch(ctr, 'containers', ctr.id, () => snapshotState(ctr));
  ctr.state = {
    ...ctr.state,
    status: 'exited',
    pid: 0,
    exitCode: code,
    finishedAt: core.platform.clock.now(),
  };
  ctr.boundPorts = [];
  ctr.execs = [];
  core.events.emit({ type: 'container-stopped', id: ctr.id, exitCode: code });
  if (ctr.autoRemove) removeContainer(core, ctr, true);
}

export function stopContainer(core: Core, ctr: ContainerRec, signal: 'TERM' | 'KILL' = 'TERM'): void {
  if (ctr.state.status !== 'running' && ctr.state.status !== 'paused') {
    if (signal === 'KILL')
      throw new DockerError(
        `cannot kill container: ${ctr.name}: container ${ctr.id} is not running`,
        'conflict',
      );
    return;
  }
  const kind = classify(ctr);
  onStop(core, ctr, kind);
  exitContainer(core, ctr, signal === 'KILL' ? 137 : exitOnStop(kind));
}

export function pauseContainer(core: Core, ctr: ContainerRec, pause: boolean): void {
  const s = ctr.state.status;
  if (pause) {
    if (s === 'paused')
      throw new DockerError(
        `cannot pause container ${ctr.id}: container ${ctr.id} is already paused`,
        'conflict',
      );
    if (s !== 'running') throw new DockerError(`container ${ctr.id} is not running`, 'conflict');
  } else if (s !== 'paused') throw new DockerError(`container ${ctr.id} is not paused`, 'conflict');
  core.tx().touch(ctr, 'containers', ctr.id, () => snapshotState(ctr));
  ctr.state = { ...ctr.state, status: pause ? 'paused' : 'running' };
  core.events.emit({ type: pause ? 'container-paused' : 'container-unpaused', id: ctr.id });
}

export function renameContainer(core: Core, ctr: ContainerRec, newName: string): void {
  const name = newName.replace(/^\//, '');
  if (!VALID_CONTAINER_NAME.test(newName))
    throw new DockerError(
      `Invalid container name (${newName}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      'invalid',
    );
  if (name === ctr.name)
    throw new DockerError('Renaming a container with the same name as its current name', 'invalid');
  const other = [...core.state.containers.values()].find((c) => c.name === name);
  if (other)
    throw new DockerError(
      `Error when allocating new name: Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`,
      'conflict',
    );
  core.tx().touch(ctr, 'containers', ctr.id, () => ({ name: ctr.name }));
  ctr.name = name;
  core.events.emit({ type: 'container-renamed', id: ctr.id, name });
}

export function removeContainer(core: Core, ctr: ContainerRec, force: boolean): void {
  const s = ctr.state.status;
  if ((s === 'running' || s === 'paused' || s === 'restarting') && !force)
    throw new DockerError(
      `cannot remove container "/${ctr.name}": container is ${s === 'paused' ? 'paused' : 'running'}: stop the container before removing or force remove`,
      'conflict',
    );
  if (s === 'running' || s === 'paused') {
    onStop(core, ctr, classify(ctr));
    core.tx().touch(ctr, 'containers', ctr.id, () => snapshotState(ctr));
    ctr.state = {
      ...ctr.state,
      status: 'exited',
      exitCode: 137,
      pid: 0,
      finishedAt: core.platform.clock.now(),
    };
  }
  core.tx().delete(core.state.containers, ctr.id, 'containers');
  core.events.emit({ type: 'container-removed', id: ctr.id });
  // A force-removed image's layers live only as long as its last container.
  if (!core.state.images.has(ctr.imageId)) releaseLayers(core, ctr.diffIds, usedChainIds(core));
}
