// The image config (what `docker inspect` shows and what the image ID is the digest of), written
// byte for byte as Docker's commit writes it: moby's Image.MarshalJSON sorts the top-level keys,
// nested objects keep Go's struct field order.

import type { Sha256 } from '../platform';
import { asImageId, type DiffId, type ImageId } from '../ids';
import {
  goBool,
  goInt,
  goMap,
  goSlice,
  goString,
  goStrings,
  goStruct,
  omitEmptyString,
  omitFalse,
} from './gojson';
import { compareNames } from '../fs/path';

/** An empty Go struct value, as in `map[string]struct{}` (ExposedPorts, Volumes). */
export type Empty = Record<string, never>;

/** moby container.HealthConfig; durations in nanoseconds, every field omitted when zero. */
export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** moby api/types/container.Config, fields in Go's declaration order. */
export interface ContainerConfig {
  Hostname: string;
  Domainname: string;
  User: string;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  ExposedPorts?: Record<string, Empty>;
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  Env: string[] | null;
  Cmd: string[] | null;
  Healthcheck?: HealthConfig;
  ArgsEscaped?: boolean;
  Image: string;
  Volumes: Record<string, Empty> | null;
  WorkingDir: string;
  Entrypoint: string[] | null;
  OnBuild: string[] | null;
  Labels: Record<string, string> | null;
  StopSignal?: string;
  Shell?: string[];
}

export interface HistoryItem {
  created: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageConfig {
  architecture: string;
  variant?: string;
  author?: string;
  /** The commit message (`docker commit -m`). */
  comment?: string;
  config: ContainerConfig;
  container?: string;
  container_config?: ContainerConfig;
  /** RFC 3339 time in UTC as Go writes it (see `goTime`). */
  created: string;
  docker_version?: string;
  history: HistoryItem[];
  os: string;
  rootfs: { type: 'layers'; diff_ids: DiffId[] };
}

/** A container config with every field at its zero value, as `docker run` starts from. */
export function emptyContainerConfig(): ContainerConfig {
  return {
    Hostname: '',
    Domainname: '',
    User: '',
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: null,
    Cmd: null,
    Image: '',
    Volumes: null,
    WorkingDir: '',
    Entrypoint: null,
    OnBuild: null,
    Labels: null,
  };
}

const emptyObject = () => '{}';
const omitZero = (n: number | undefined) => (n ? goInt(n) : undefined);

function healthJson(h: HealthConfig): string {
  return goStruct([
    ['Test', h.Test && h.Test.length > 0 ? goStrings(h.Test) : undefined],
    ['Interval', omitZero(h.Interval)],
    ['Timeout', omitZero(h.Timeout)],
    ['StartPeriod', omitZero(h.StartPeriod)],
    ['StartInterval', omitZero(h.StartInterval)],
    ['Retries', omitZero(h.Retries)],
  ]);
}

export function containerConfigJson(c: ContainerConfig): string {
  return goStruct([
    ['Hostname', goString(c.Hostname)],
    ['Domainname', goString(c.Domainname)],
    ['User', goString(c.User)],
    ['AttachStdin', goBool(c.AttachStdin)],
    ['AttachStdout', goBool(c.AttachStdout)],
    ['AttachStderr', goBool(c.AttachStderr)],
    [
      'ExposedPorts',
      c.ExposedPorts && Object.keys(c.ExposedPorts).length > 0
        ? goMap(c.ExposedPorts, emptyObject)
        : undefined,
    ],
    ['Tty', goBool(c.Tty)],
    ['OpenStdin', goBool(c.OpenStdin)],
    ['StdinOnce', goBool(c.StdinOnce)],
    ['Env', goStrings(c.Env)],
    ['Cmd', goStrings(c.Cmd)],
    ['Healthcheck', c.Healthcheck ? healthJson(c.Healthcheck) : undefined],
    ['ArgsEscaped', omitFalse(c.ArgsEscaped)],
    ['Image', goString(c.Image)],
    ['Volumes', goMap(c.Volumes, emptyObject)],
    ['WorkingDir', goString(c.WorkingDir)],
    ['Entrypoint', goStrings(c.Entrypoint)],
    ['OnBuild', goStrings(c.OnBuild)],
    ['Labels', goMap(c.Labels, goString)],
    ['StopSignal', omitEmptyString(c.StopSignal)],
    ['Shell', c.Shell && c.Shell.length > 0 ? goStrings(c.Shell) : undefined],
  ]);
}

function historyJson(h: HistoryItem): string {
  return goStruct([
    ['created', goString(h.created)],
    ['author', omitEmptyString(h.author)],
    ['created_by', omitEmptyString(h.created_by)],
    ['comment', omitEmptyString(h.comment)],
    ['empty_layer', omitFalse(h.empty_layer)],
  ]);
}

/** The config's canonical bytes: top-level keys sorted, no spaces, Go's escaping. */
export function configBytes(cfg: ImageConfig): Uint8Array {
  const top: [string, string | undefined][] = [
    ['architecture', omitEmptyString(cfg.architecture)],
    ['author', omitEmptyString(cfg.author)],
    ['comment', omitEmptyString(cfg.comment)],
    ['config', containerConfigJson(cfg.config)],
    ['container', omitEmptyString(cfg.container)],
    ['container_config', cfg.container_config ? containerConfigJson(cfg.container_config) : undefined],
    ['created', goString(cfg.created)],
    ['docker_version', omitEmptyString(cfg.docker_version)],
    ['history', cfg.history.length > 0 ? goSlice(cfg.history, historyJson) : undefined],
    ['os', omitEmptyString(cfg.os)],
    [
      'rootfs',
      goStruct([
        ['type', goString(cfg.rootfs.type)],
        ['diff_ids', cfg.rootfs.diff_ids.length > 0 ? goStrings(cfg.rootfs.diff_ids) : undefined],
      ]),
    ],
    ['variant', omitEmptyString(cfg.variant)],
  ];
  top.sort((a, b) => compareNames(a[0], b[0]));
  return new TextEncoder().encode(goStruct(top));
}

/** IMAGE ID: the sha256 of the config's exact bytes. */
export function imageIdOf(bytes: Uint8Array, sha: () => Sha256): ImageId {
  const h = sha();
  h.update(bytes);
  return asImageId(`sha256:${h.hex()}`);
}

/** Reads a config back (any key order); keys this model does not know are dropped. */
export function parseConfig(bytes: Uint8Array): ImageConfig {
  const raw = JSON.parse(new TextDecoder().decode(bytes)) as Partial<ImageConfig> | null;
  if (raw === null || typeof raw !== 'object' || !raw.rootfs || !Array.isArray(raw.rootfs.diff_ids)) {
    throw new Error('invalid image config: no rootfs');
  }
  const cfg: ImageConfig = {
    architecture: raw.architecture ?? '',
    config: { ...emptyContainerConfig(), ...raw.config },
    created: raw.created ?? '',
    history: raw.history ?? [],
    os: raw.os ?? '',
    rootfs: { type: 'layers', diff_ids: raw.rootfs.diff_ids },
  };
  if (raw.variant !== undefined) cfg.variant = raw.variant;
  if (raw.author !== undefined) cfg.author = raw.author;
  if (raw.comment !== undefined) cfg.comment = raw.comment;
  if (raw.container !== undefined) cfg.container = raw.container;
  if (raw.container_config !== undefined)
    cfg.container_config = { ...emptyContainerConfig(), ...raw.container_config };
  if (raw.docker_version !== undefined) cfg.docker_version = raw.docker_version;
  return cfg;
}
