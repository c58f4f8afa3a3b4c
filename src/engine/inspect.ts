// The objects `docker inspect` prints, with fields in the daemon's struct order (API 1.47).

import type { Core } from './core';
import { isoNano } from './core';
import { findContainer } from './containers';
import { findImage, imageSize } from './images';
import type { ContainerConfig, ContainerRec, ImageRec } from './state';

const ZERO_TIME = '0001-01-01T00:00:00Z';
const OVERLAY = '/var/lib/docker/overlay2';

/** A container.Config in Go's field order, omitempty fields left out when empty. */
export function orderedConfig(c: Partial<ContainerConfig>): Record<string, unknown> {
  const o: Record<string, unknown> = {
    Hostname: c.Hostname ?? '',
    Domainname: c.Domainname ?? '',
    User: c.User ?? '',
    AttachStdin: c.AttachStdin ?? false,
    AttachStdout: c.AttachStdout ?? false,
    AttachStderr: c.AttachStderr ?? false,
  };
  if (c.ExposedPorts && Object.keys(c.ExposedPorts).length) o.ExposedPorts = c.ExposedPorts;
  o.Tty = c.Tty ?? false;
  o.OpenStdin = c.OpenStdin ?? false;
  o.StdinOnce = c.StdinOnce ?? false;
  o.Env = c.Env ?? null;
  o.Cmd = c.Cmd ?? null;
  if (c.Healthcheck) o.Healthcheck = c.Healthcheck;
  if (c.ArgsEscaped) o.ArgsEscaped = c.ArgsEscaped;
  o.Image = c.Image ?? '';
  o.Volumes = c.Volumes ?? null;
  o.WorkingDir = c.WorkingDir ?? '';
  o.Entrypoint = c.Entrypoint ?? null;
  o.OnBuild = c.OnBuild ?? null;
  o.Labels = c.Labels ?? null;
  if (c.StopSignal) o.StopSignal = c.StopSignal;
  return o;
}

function graphDriver(lowerIds: string[], topId: string | null): Record<string, unknown> {
  const data: Record<string, string> = {};
  if (lowerIds.length) data.LowerDir = lowerIds.map((id) => `${OVERLAY}/${id}/diff`).join(':');
  if (topId) {
    data.MergedDir = `${OVERLAY}/${topId}/merged`;
    data.UpperDir = `${OVERLAY}/${topId}/diff`;
    data.WorkDir = `${OVERLAY}/${topId}/work`;
  }
  return { Data: data, Name: 'overlay2' };
}

/** The overlay2 directory names of an image's layers, nearest (top) first. */
function cacheIds(core: Core, img: Pick<ImageRec, 'diffIds'>): string[] {
  return core
    .chainIdsOf(img.diffIds)
    .map((c) => core.state.layers.get(c)?.cacheId ?? '')
    .reverse();
}

export function inspectImage(core: Core, text: string): Record<string, unknown> {
  const img = findImage(core, text);
  const cfg = img.config;
  const ids = cacheIds(core, img);
  return {
    Id: img.id,
    RepoTags: core.state.tagsOf(img.id),
    RepoDigests: [...img.repoDigests],
    Parent: img.parent ?? '',
    // moby's classic store keeps the commit message in history only; inspect shows the last one.
    Comment: cfg.comment || (cfg.history.at(-1)?.comment ?? ''),
    Created: cfg.created,
    DockerVersion: cfg.docker_version ?? '',
    Author: cfg.author ?? '',
    Config: orderedConfig(cfg.config),
    Architecture: cfg.architecture,
    Os: cfg.os,
    Size: imageSize(core, img),
    GraphDriver: graphDriver(ids.slice(1), ids[0] ?? null),
    RootFS: { Type: 'layers', Layers: [...img.diffIds] },
    Metadata: { LastTagTime: img.lastTagTime === null ? ZERO_TIME : isoNano(img.lastTagTime) },
  };
}

function portMap(ctr: ContainerRec): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const out: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const p of Object.keys(ctr.config.ExposedPorts ?? {}).sort()) out[p] = null;
  const running = ctr.state.status === 'running' || ctr.state.status === 'paused';
  if (!running) return {};
  for (const b of ctr.boundPorts) {
    const key = `${b.containerPort}/${b.proto}`;
    out[key] = [...(out[key] ?? []), { HostIp: b.hostIp, HostPort: String(b.hostPort) }];
  }
  return out;
}

export function inspectContainer(core: Core, text: string): Record<string, unknown> {
  const ctr = findContainer(core, text);
  const s = ctr.state;
  const running = s.status === 'running' || s.status === 'paused';
  const root = `/var/lib/docker/containers/${ctr.id}`;
  const ids = cacheIds(core, ctr);
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of ctr.ports) {
    const key = `${p.containerPort}/${p.proto}`;
    bindings[key] = [
      ...(bindings[key] ?? []),
      { HostIp: p.hostIp, HostPort: p.hostPort ? String(p.hostPort) : '' },
    ];
  }
  const ip = running ? ctr.ipAddress : '';
  return {
    Id: ctr.id,
    Created: isoNano(ctr.created),
    Path: ctr.path,
    Args: [...ctr.args],
    State: {
      Status: s.status,
      Running: running,
      Paused: s.status === 'paused',
      Restarting: s.status === 'restarting',
      OOMKilled: s.oomKilled,
      Dead: s.status === 'dead',
      Pid: s.pid,
      ExitCode: s.exitCode,
      Error: s.error,
      StartedAt: s.startedAt === null ? ZERO_TIME : isoNano(s.startedAt),
      FinishedAt: s.finishedAt === null ? ZERO_TIME : isoNano(s.finishedAt),
    },
    Image: ctr.imageId,
    ResolvConfPath: `${root}/resolv.conf`,
    HostnamePath: `${root}/hostname`,
    HostsPath: `${root}/hosts`,
    LogPath: `${root}/${ctr.id}-json.log`,
    Name: `/${ctr.name}`,
    RestartCount: ctr.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: 'docker-default',
    ExecIDs: ctr.execs.length ? ctr.execs.map((e) => String(e.pid)) : null,
    HostConfig: {
      Binds: null,
      ContainerIDFile: '',
      LogConfig: { Type: 'json-file', Config: {} },
      NetworkMode: 'bridge',
      PortBindings: bindings,
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: ctr.autoRemove,
      VolumeDriver: '',
      VolumesFrom: null,
      ConsoleSize: [0, 0],
      CapAdd: null,
      CapDrop: null,
      CgroupnsMode: 'private',
      Dns: [],
      DnsOptions: [],
      DnsSearch: [],
      ExtraHosts: null,
      GroupAdd: null,
      IpcMode: 'private',
      Cgroup: '',
      Links: null,
      OomScoreAdj: 0,
      PidMode: '',
      Privileged: false,
      PublishAllPorts: false,
      ReadonlyRootfs: false,
      SecurityOpt: null,
      UTSMode: '',
      UsernsMode: '',
      ShmSize: 67108864,
      Runtime: 'runc',
      Isolation: '',
    },
    GraphDriver: graphDriver([`${ctr.cacheId}-init`, ...ids], ctr.cacheId),
    Mounts: [],
    Config: orderedConfig(ctr.config),
    NetworkSettings: {
      Bridge: '',
      SandboxID: running ? ctr.cacheId.split('').reverse().join('') : '',
      SandboxKey: running ? `/var/run/docker/netns/${ctr.cacheId.slice(0, 12)}` : '',
      Ports: portMap(ctr),
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: running ? ctr.cacheId.slice(8) + ctr.cacheId.slice(0, 8) : '',
      Gateway: running ? '172.17.0.1' : '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: ip,
      IPPrefixLen: running ? 16 : 0,
      IPv6Gateway: '',
      MacAddress: running ? macOf(ip) : '',
      Networks: {
        bridge: {
          IPAMConfig: null,
          Links: null,
          Aliases: null,
          MacAddress: running ? macOf(ip) : '',
          DriverOpts: null,
          NetworkID: '',
          EndpointID: '',
          Gateway: running ? '172.17.0.1' : '',
          IPAddress: ip,
          IPPrefixLen: running ? 16 : 0,
          IPv6Gateway: '',
          GlobalIPv6Address: '',
          GlobalIPv6PrefixLen: 0,
          DNSNames: null,
        },
      },
    },
  };
}

/** Docker derives a container's MAC from its IPv4 address: 02:42 then the four octets. */
function macOf(ip: string): string {
  if (!ip) return '';
  return ['02', '42', ...ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':');
}
