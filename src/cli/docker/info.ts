// docker info: the simulated daemon's facts, laid out as docker/cli's prettyPrintInfo does
// (Docker Engine 27.5.1, overlay2, the kernel the settings name, live counts).

import { flagString } from '../flags';
import { GoTemplate, TemplateError } from '../format/template/index';
import { bytesSize } from '../format/units';
import type { ProgramContext } from '../types';
import type { DockerCommand } from './command';
import { ENGINE_VERSION, VERSION_FACTS } from './version';

const MEMORY = 4_105_969_664; // a small teaching VM: 3.824GiB

/** The daemon's system.Info fields the output and `--format` use. */
export function infoData(ctx: ProgramContext): Record<string, unknown> {
  const { engine } = ctx;
  const ctrs = [...engine.state.containers.values()];
  const count = (s: string) => ctrs.filter((c) => c.state.status === s).length;
  const hex = engine.sha256Hex(`daemon-id:${engine.settings.hostname}`);
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  const running = count('running') + count('restarting');
  const paused = count('paused');
  return {
    ID: id,
    Containers: ctrs.length,
    ContainersRunning: running,
    ContainersPaused: paused,
    ContainersStopped: ctrs.length - running - paused,
    Images: engine.state.images.size,
    Driver: 'overlay2',
    DriverStatus: [
      ['Backing Filesystem', 'extfs'],
      ['Supports d_type', 'true'],
      ['Using metacopy', 'false'],
      ['Native Overlay Diff', 'true'],
      ['userxattr', 'false'],
    ],
    LoggingDriver: 'json-file',
    CgroupDriver: 'systemd',
    CgroupVersion: '2',
    KernelVersion: engine.settings.kernel,
    OperatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    OSVersion: '12',
    OSType: 'linux',
    Architecture: 'x86_64',
    NCPU: 2,
    MemTotal: MEMORY,
    DockerRootDir: '/var/lib/docker',
    Name: engine.settings.hostname,
    ServerVersion: ENGINE_VERSION,
    DefaultRuntime: 'runc',
    Debug: false,
    ExperimentalBuild: false,
    LiveRestoreEnabled: false,
  };
}

function prettyText(ctx: ProgramContext): string {
  const d = infoData(ctx);
  const { containerd, runc, init } = VERSION_FACTS;
  const lines = [
    'Client: Docker Engine - Community',
    ` Version:    ${ENGINE_VERSION}`,
    ' Context:    default',
    ' Debug Mode: false',
    '',
    'Server:',
    ` Containers: ${d.Containers}`,
    `  Running: ${d.ContainersRunning}`,
    `  Paused: ${d.ContainersPaused}`,
    `  Stopped: ${d.ContainersStopped}`,
    ` Images: ${d.Images}`,
    ` Server Version: ${ENGINE_VERSION}`,
    ' Storage Driver: overlay2',
    ...(d.DriverStatus as string[][]).map(([k, v]) => `  ${k}: ${v}`),
    ' Logging Driver: json-file',
    ' Cgroup Driver: systemd',
    ' Cgroup Version: 2',
    ' Plugins:',
    '  Volume: local',
    '  Network: bridge host ipvlan macvlan null overlay',
    '  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog',
    ' Swarm: inactive',
    ' Runtimes: io.containerd.runc.v2 runc',
    ' Default Runtime: runc',
    ' Init Binary: docker-init',
    ` containerd version: ${containerd.commit}`,
    ` runc version: ${runc.commit}`,
    ` init version: ${init.commit}`,
    ' Security Options:',
    '  apparmor',
    '  seccomp',
    '   Profile: builtin',
    '  cgroupns',
    ` Kernel Version: ${d.KernelVersion}`,
    ` Operating System: ${d.OperatingSystem}`,
    ' OSType: linux',
    ' Architecture: x86_64',
    ` CPUs: ${d.NCPU}`,
    ` Total Memory: ${bytesSize(MEMORY)}`,
    ` Name: ${d.Name}`,
    ` ID: ${d.ID}`,
    ' Docker Root Dir: /var/lib/docker',
    ' Debug Mode: false',
    ' Experimental: false',
    ' Insecure Registries:',
    '  127.0.0.0/8',
    ' Live Restore Enabled: false',
  ];
  return lines.join('\n') + '\n\n';
}

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'info [OPTIONS]',
    short: 'Show what the (simulated) daemon runs and holds',
    args: { kind: 'none' },
    flags: [
      { name: 'format', short: 'f', type: 'string', usage: "Format the output with a Go template or 'json'" },
    ],
  },
  async run(parsed, ctx) {
    const format = flagString(parsed, 'format');
    if (format === '') {
      ctx.io.out(prettyText(ctx));
      return 0;
    }
    try {
      const tmpl = GoTemplate.parse(format === 'json' ? '{{json .}}' : format);
      ctx.io.out(tmpl.execute(infoData(ctx)) + '\n');
      return 0;
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      ctx.io.err(`template parsing error: ${e.message}\n`);
      return 64;
    }
  },
};
