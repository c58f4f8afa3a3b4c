// The image a build stage is making, as dockerfile2llb keeps it (dockerspec.DockerOCIImage): the
// runtime config the instructions change, the history they add, and the bytes BuildKit's exporter
// writes (top-level keys sorted, the config in the OCI struct's field order, every field omitempty).
// Times: a history entry made by this build has no time until the export fills it in (`fillCreated`).

import { goInt, goMap, goSlice, goString, goStrings, goStruct, goTime } from '../oci/gojson';
import type { HealthConfig, ImageConfig } from '../oci/config';
import type { DiffId } from '../ids';

export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const HISTORY_COMMENT = 'buildkit.dockerfile.v0';

type Empty = Record<string, never>;

/** dockerspec.DockerOCIImageConfig: what RUN sees and what `docker run` starts from. */
export interface RuntimeConfig {
  User?: string;
  ExposedPorts?: Record<string, Empty>;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: Record<string, Empty>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  ArgsEscaped?: boolean;
  Healthcheck?: HealthConfig;
  OnBuild?: string[];
  Shell?: string[];
}

export interface StageHistory {
  /** The base image's time as it wrote it, or ms for an entry of this build once filled in. */
  created: string | number | null;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface StageImage {
  architecture: string;
  os: string;
  variant?: string;
  author?: string;
  config: RuntimeConfig;
  history: StageHistory[];
  diffIds: DiffId[];
}

const copyRecord = <T>(r: Record<string, T> | null | undefined): Record<string, T> | undefined =>
  r && Object.keys(r).length > 0 ? { ...r } : undefined;
const copyList = (a: readonly string[] | null | undefined): string[] | undefined =>
  a && a.length > 0 ? [...a] : undefined;

/** A stage's starting image from a base image's config (its `created` dropped, as dockerfile2llb does). */
export function fromBaseConfig(cfg: ImageConfig): StageImage {
  const c = cfg.config;
  const config: RuntimeConfig = {};
  if (c.User) config.User = c.User;
  const ports = copyRecord(c.ExposedPorts);
  if (ports) config.ExposedPorts = ports;
  const env = copyList(c.Env);
  if (env) config.Env = env;
  const entrypoint = copyList(c.Entrypoint);
  if (entrypoint) config.Entrypoint = entrypoint;
  const cmd = copyList(c.Cmd);
  if (cmd) config.Cmd = cmd;
  const volumes = copyRecord(c.Volumes);
  if (volumes) config.Volumes = volumes;
  if (c.WorkingDir) config.WorkingDir = c.WorkingDir;
  const labels = copyRecord(c.Labels);
  if (labels) config.Labels = labels;
  if (c.StopSignal) config.StopSignal = c.StopSignal;
  if (c.ArgsEscaped) config.ArgsEscaped = true;
  if (c.Healthcheck) config.Healthcheck = { ...c.Healthcheck };
  const onBuild = copyList(c.OnBuild);
  if (onBuild) config.OnBuild = onBuild;
  const shell = copyList(c.Shell);
  if (shell) config.Shell = shell;
  return {
    architecture: cfg.architecture || 'amd64',
    os: cfg.os || 'linux',
    ...(cfg.variant ? { variant: cfg.variant } : {}),
    ...(cfg.author ? { author: cfg.author } : {}),
    config,
    history: cfg.history.map((h) => ({ ...h })),
    diffIds: [...cfg.rootfs.diff_ids],
  };
}

/** `FROM scratch`: dockerfile2llb's emptyImage for linux/amd64. */
export function emptyImage(): StageImage {
  return {
    architecture: 'amd64',
    os: 'linux',
    config: { Env: [DEFAULT_PATH], WorkingDir: '/' },
    history: [],
    diffIds: [],
  };
}

/** A deep copy: a stage built on another stage starts from a copy of its image. */
export function cloneImage(img: StageImage): StageImage {
  return structuredClone(img);
}

/** The image's Env with `key` set (replacing an existing entry in place), as dockerfile2llb's addEnv. */
export function addEnv(env: readonly string[] | undefined, key: string, value: string): string[] {
  const out = [...(env ?? [])];
  const i = out.findIndex((e) => (e.includes('=') ? e.slice(0, e.indexOf('=')) : e) === key);
  if (i >= 0) out[i] = `${key}=${value}`;
  else out.push(`${key}=${value}`);
  return out;
}

/**
 * Appends a history entry as dockerfile2llb's commitToHistory: a RUN/COPY/ADD text ends `# buildkit`.
 * An entry with a layer carries that layer's time (`created`); the others get theirs at export.
 */
export function commitToHistory(
  img: StageImage,
  msg: string,
  withLayer: boolean,
  created: number | null,
  suffix = false,
): void {
  img.history.push({
    created: withLayer ? created : null,
    created_by: suffix ? `${msg} # buildkit` : msg,
    comment: HISTORY_COMMENT,
    ...(withLayer ? {} : { empty_layer: true }),
  });
}

/** Go's `%q` of a []string: `["nginx" "-g" "daemon off;"]`. */
export function goQuoteList(a: readonly string[]): string {
  return `[${a.map((s) => JSON.stringify(s)).join(' ')}]`;
}

/** Go's `%v` of a []string: `[/data /logs]`. */
export function goList(a: readonly string[]): string {
  return `[${a.join(' ')}]`;
}

/** Go's `%v` of a map[string]struct{} (keys sorted): `map[443/tcp:{} 80/tcp:{}]`. */
export function goSetMap(keys: Iterable<string>): string {
  return `map[${[...keys]
    .sort()
    .map((k) => `${k}:{}`)
    .join(' ')}]`;
}

/**
 * The exporter's history times. An entry of this build that made a layer already has the time that
 * layer was made (kept by the cache, so a fully cached build writes the same image); every other new
 * entry takes the time of the entry with a time before it, or else of the first new one.
 */
export function fillCreated(history: StageHistory[]): void {
  let created: string | number | null = null;
  let sawNew = false;
  for (const h of history) {
    if (h.created !== null) {
      created = h.created;
      if (sawNew) break;
    } else sawNew = true;
  }
  sawNew = false;
  for (const h of history) {
    if (h.created !== null) {
      if (sawNew) created = h.created;
    } else {
      sawNew = true;
      h.created = created;
    }
  }
}

const timeJson = (t: string | number | null): string | undefined =>
  t === null ? undefined : typeof t === 'number' ? goString(goTime(t)) : goString(t);

function healthJson(h: HealthConfig): string {
  const n = (x: number | undefined) => (x ? goInt(x) : undefined);
  return goStruct([
    ['Test', h.Test && h.Test.length > 0 ? goStrings(h.Test) : undefined],
    ['Interval', n(h.Interval)],
    ['Timeout', n(h.Timeout)],
    ['StartPeriod', n(h.StartPeriod)],
    ['StartInterval', n(h.StartInterval)],
    ['Retries', n(h.Retries)],
  ]);
}

const nonEmpty = (a: readonly string[] | undefined) => (a && a.length > 0 ? goStrings(a) : undefined);
const nonEmptyMap = <T>(m: Record<string, T> | undefined, v: (x: T) => string) =>
  m && Object.keys(m).length > 0 ? goMap(m, v) : undefined;

/** ocispec.ImageConfig's fields, then DockerOCIImageConfigExt's, each omitted when empty. */
export function runtimeConfigJson(c: RuntimeConfig): string {
  return goStruct([
    ['User', c.User ? goString(c.User) : undefined],
    ['ExposedPorts', nonEmptyMap(c.ExposedPorts, () => '{}')],
    ['Env', nonEmpty(c.Env)],
    ['Entrypoint', nonEmpty(c.Entrypoint)],
    ['Cmd', nonEmpty(c.Cmd)],
    ['Volumes', nonEmptyMap(c.Volumes, () => '{}')],
    ['WorkingDir', c.WorkingDir ? goString(c.WorkingDir) : undefined],
    ['Labels', nonEmptyMap(c.Labels, goString)],
    ['StopSignal', c.StopSignal ? goString(c.StopSignal) : undefined],
    ['ArgsEscaped', c.ArgsEscaped ? 'true' : undefined],
    ['Healthcheck', c.Healthcheck ? healthJson(c.Healthcheck) : undefined],
    ['OnBuild', nonEmpty(c.OnBuild)],
    ['Shell', nonEmpty(c.Shell)],
  ]);
}

function historyJson(h: StageHistory): string {
  return goStruct([
    ['created', timeJson(h.created)],
    ['created_by', h.created_by ? goString(h.created_by) : undefined],
    ['author', h.author ? goString(h.author) : undefined],
    ['comment', h.comment ? goString(h.comment) : undefined],
    ['empty_layer', h.empty_layer ? 'true' : undefined],
  ]);
}

/** The config bytes the image ID is the digest of; `created` is the last history entry's time. */
export function exportConfigBytes(img: StageImage): Uint8Array {
  const last = img.history.at(-1)?.created ?? null;
  const top: [string, string | undefined][] = [
    ['architecture', goString(img.architecture)],
    ['author', img.author ? goString(img.author) : undefined],
    ['config', runtimeConfigJson(img.config)],
    ['created', timeJson(last)],
    ['history', img.history.length > 0 ? goSlice(img.history, historyJson) : undefined],
    ['os', goString(img.os)],
    [
      'rootfs',
      goStruct([
        ['type', goString('layers')],
        ['diff_ids', goStrings(img.diffIds)],
      ]),
    ],
    ['variant', img.variant ? goString(img.variant) : undefined],
  ];
  return new TextEncoder().encode(goStruct(top));
}
