// `docker ps`: the container table (newest first), with docker/cli's formatter rules for COMMAND,
// CREATED, STATUS and PORTS, and `--format` over the same fields.

import type { Engine } from '../../engine/engine';
import type { ContainerRec } from '../../engine/state';
import { flagBool, flagList, flagNumber, flagString } from '../flags';
import { renderFormat } from '../format/context';
import { GoStruct } from '../format/govalue';
import { goJson } from '../format/json';
import { goQuote } from '../format/strconv';
import { humanDuration, humanSizeWithPrecision } from '../format/units';
import { displayWidth } from '../format/width';
import type { DockerCommand } from './command';

const HEADER = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Names: 'NAMES',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  Networks: 'NETWORKS',
  LocalVolumes: 'LOCAL VOLUMES',
};

const TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

/** formatter.Ellipsis: cut to `max` display columns, the last one an ellipsis. */
export function ellipsis(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return out + '…';
}

/** The daemon's State.String() as `docker ps` shows it. */
export function statusText(ctr: ContainerRec, now: number): string {
  const s = ctr.state;
  const ago = (t: number | null) => humanDuration(now - (t ?? now));
  switch (s.status) {
    case 'running':
      return `Up ${ago(s.startedAt)}`;
    case 'paused':
      return `Up ${ago(s.startedAt)} (Paused)`;
    case 'restarting':
      return `Restarting (${s.exitCode}) ${ago(s.finishedAt)} ago`;
    case 'dead':
      return 'Dead';
    case 'created':
      return 'Created';
    case 'exited':
      return s.finishedAt === null ? 'Created' : `Exited (${s.exitCode}) ${ago(s.finishedAt)} ago`;
  }
}

interface ApiPort {
  ip: string;
  priv: number;
  pub: number;
  type: string;
}

function hostPort(ip: string, port: number | string): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** formatter.DisplayablePorts: ranges of equal mappings grouped, other mappings after them. */
export function displayablePorts(ports: ApiPort[]): string {
  const sorted = [...ports].sort((a, b) =>
    a.priv !== b.priv
      ? a.priv - b.priv
      : a.ip !== b.ip
        ? a.ip < b.ip
          ? -1
          : 1
        : a.pub !== b.pub
          ? a.pub - b.pub
          : a.type < b.type
            ? -1
            : a.type > b.type
              ? 1
              : 0,
  );
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const mappings: string[] = [];
  const form = (key: string, g: { first: number; last: number }) => {
    const slash = key.lastIndexOf('/');
    const ip = slash >= 0 ? key.slice(0, slash) : '';
    const type = slash >= 0 ? key.slice(slash + 1) : key;
    let group = g.first === g.last ? `${g.first}` : `${g.first}-${g.last}`;
    if (ip) group = `${hostPort(ip, group)}->${group}`;
    return `${group}/${type}`;
  };
  for (const p of sorted) {
    let key = p.type;
    if (p.ip !== '') {
      if (p.pub !== p.priv) {
        mappings.push(`${hostPort(p.ip, p.pub)}->${p.priv}/${p.type}`);
        continue;
      }
      key = `${p.ip}/${p.type}`;
    }
    const g = groups.get(key);
    if (!g) groups.set(key, { first: p.priv, last: p.priv });
    else if (p.priv === g.last + 1) g.last = p.priv;
    else {
      result.push(form(key, g));
      groups.delete(key);
      groups.set(key, { first: p.priv, last: p.priv });
    }
  }
  for (const [key, g] of groups) result.push(form(key, g));
  return [...result, ...mappings].join(', ');
}

/** The container's ports as the API lists them: bound ones while running, plus exposed unpublished ones. */
export function apiPorts(ctr: ContainerRec): ApiPort[] {
  const s = ctr.state.status;
  if (s !== 'running' && s !== 'paused' && s !== 'restarting') return [];
  const out: ApiPort[] = ctr.boundPorts.map((b) => ({
    ip: b.hostIp,
    priv: b.containerPort,
    pub: b.hostPort,
    type: b.proto,
  }));
  for (const key of Object.keys(ctr.config.ExposedPorts ?? {})) {
    const [port, type = 'tcp'] = key.split('/');
    if (!ctr.boundPorts.some((b) => `${b.containerPort}/${b.proto}` === `${port}/${type}`))
      out.push({ ip: '', priv: Number(port), pub: 0, type });
  }
  return out;
}

/** `2026-11-27 09:00:00 +0000 UTC`: Go's time.String of the creation second. */
function goTime(ms: number): string {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

function sizeText(engine: Engine, ctr: ContainerRec): string {
  const rw = ctr.upper.size;
  const image = engine.listImages().find((i) => i.image.id === ctr.imageId)?.size ?? 0;
  return `${humanSizeWithPrecision(rw, 3)} (virtual ${humanSizeWithPrecision(rw + image, 3)})`;
}

/** The image as typed, or its id once that name no longer points at the container's image. */
function imageText(engine: Engine, ctr: ContainerRec, trunc: boolean): string {
  let current: string | undefined;
  try {
    current = engine.image(ctr.imageRef).id;
  } catch {
    current = undefined;
  }
  if (current === ctr.imageId) return ctr.imageRef;
  return trunc ? ctr.imageId.slice(7, 19) : ctr.imageId;
}

/** One row for the template: the fields of docker/cli's ContainerContext. */
export function containerRow(engine: Engine, ctr: ContainerRec, trunc: boolean, size = true): GoStruct {
  const now = engine.platform.clock.now();
  // moby's daemon/list.go quotes an argument that holds a space: nginx -g 'daemon off;'
  const cmd = [ctr.path, ...ctr.args.map((a) => (a.includes(' ') ? `'${a}'` : a))].join(' ');
  const labels = ctr.config.Labels ?? {};
  return new GoStruct('*formatter.ContainerContext', {
    ID: trunc ? ctr.id.slice(0, 12) : ctr.id,
    Image: imageText(engine, ctr, trunc),
    Command: goQuote(trunc ? ellipsis(cmd, 20) : cmd),
    CreatedAt: goTime(ctr.created),
    RunningFor: `${humanDuration(now - ctr.created)} ago`,
    Ports: displayablePorts(apiPorts(ctr)),
    State: ctr.state.status,
    Status: statusText(ctr, now),
    // Sizes are only computed when asked for (-s); otherwise the API leaves them zero.
    Size: size ? sizeText(engine, ctr) : '0B',
    Names: ctr.name,
    Labels: Object.entries(labels)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
    Label: (name: unknown) => labels[String(name)] ?? '',
    Mounts: '',
    Networks: 'bridge',
    LocalVolumes: '0',
  });
}

/** The `-f key=value` filters docker ps knows best; anything else is the daemon's `invalid filter`. */
function applyFilters(list: ContainerRec[], filters: readonly string[]): ContainerRec[] | string {
  let out = list;
  for (const f of filters) {
    const i = f.indexOf('=');
    if (i < 0) return 'bad format of filter (expected name=value)';
    const key = f.slice(0, i).trim().toLowerCase();
    const value = f.slice(i + 1);
    switch (key) {
      case 'name':
        out = out.filter((c) => c.name.includes(value.replace(/^\//, '')));
        break;
      case 'id':
        out = out.filter((c) => c.id.startsWith(value));
        break;
      case 'status':
        out = out.filter((c) => c.state.status === value);
        break;
      case 'ancestor':
        out = out.filter(
          (c) => c.imageRef === value || c.imageId.slice(7).startsWith(value.replace(/^sha256:/, '')),
        );
        break;
      default:
        return `Error response from daemon: invalid filter '${key}'`;
    }
  }
  return out;
}

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'ps [OPTIONS]',
    short: 'List containers',
    aliases: ['docker container ls', 'docker container list', 'docker container ps', 'docker ps'],
    args: { kind: 'none' },
    flags: [
      { name: 'all', short: 'a', type: 'bool', usage: 'Show all containers (only running ones by default)' },
      {
        name: 'filter',
        short: 'f',
        type: 'stringArray',
        typeName: 'filter',
        usage: 'Filter the output by conditions',
      },
      { name: 'format', type: 'string', usage: 'Format the output with a Go template, "table" or "json"' },
      {
        name: 'last',
        short: 'n',
        type: 'int',
        default: -1,
        usage: 'Show the n last created containers (any state)',
      },
      { name: 'latest', short: 'l', type: 'bool', usage: 'Show the latest created container (any state)' },
      { name: 'no-trunc', type: 'bool', usage: 'Do not truncate output' },
      { name: 'quiet', short: 'q', type: 'bool', usage: 'Only show container IDs' },
      { name: 'size', short: 's', type: 'bool', usage: 'Show total file sizes' },
    ],
  },
  async run(parsed, ctx) {
    const { engine } = ctx;
    let last = flagNumber(parsed, 'last');
    if (flagBool(parsed, 'latest')) last = 1;
    const all = flagBool(parsed, 'all') || last > 0;
    const filters = flagList(parsed, 'filter');
    // A status filter looks at every container, as the daemon does.
    const wide = all || filters.some((f) => f.startsWith('status='));
    const filtered = applyFilters(engine.listContainers(wide), filters);
    if (typeof filtered === 'string') {
      ctx.io.err(filtered + '\n');
      return 1;
    }
    let list = filtered;
    if (last > 0) list = list.slice(0, last);
    const quiet = flagBool(parsed, 'quiet');
    const size = flagBool(parsed, 'size');
    let format = flagString(parsed, 'format');
    if (format === '' || format === 'table') {
      format = quiet ? '{{.ID}}' : size ? TABLE + '\t{{.Size}}' : TABLE;
    }
    const trunc = !flagBool(parsed, 'no-trunc');
    const rows = list.map((c) => containerRow(engine, c, trunc, size));
    if (format === 'json') {
      // ContainerContext.MarshalJSON: every field but the Label method as a map (keys sorted), through
      // json.Marshal, so HTML characters come out escaped (`->` reads `-\u003e`).
      for (const r of rows) {
        const fields = Object.entries(r.fields)
          .filter(([, v]) => typeof v === 'string')
          .sort(([a], [b]) => (a < b ? -1 : 1));
        ctx.io.out(goJson(Object.fromEntries(fields)) + '\n');
      }
      return 0;
    }
    const r = renderFormat(format, rows, HEADER);
    if (!r.ok) {
      ctx.io.err(r.error + '\n');
      return 1;
    }
    ctx.io.out(r.output);
    return 0;
  },
};
