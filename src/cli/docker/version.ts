// docker version: the client's and the simulated daemon's build facts (Docker Engine 27.5.1),
// laid out by docker/cli's version template through tabwriter(minwidth 20, padding 1).

import { flagString } from '../flags';
import { GoTemplate, TemplateError } from '../format/template/index';
import { tabwrite } from '../format/tabwriter';
import type { DockerCommand } from './command';

export const ENGINE_VERSION = '27.5.1';
export const API_VERSION = '1.47';
const GO_VERSION = 'go1.22.11';
const BUILT = 'Wed Jan 22 13:41:48 2025';
const CONTAINERD = { version: '1.7.25', commit: 'bcc810d6b9066471b0b6fa75f557a15a1cbf31bb' };
const RUNC = { version: '1.2.4', commit: 'v1.2.4-0-g6c52b3f' };
const INIT = { version: '0.19.0', commit: 'de40ad0' };
export const VERSION_FACTS = { containerd: CONTAINERD, runc: RUNC, init: INIT };

/** The data `--format` templates see: docker's ClientVersion and types.Version, field for field. */
export function versionData(kernel: string): Record<string, unknown> {
  const platform = { Name: 'Docker Engine - Community' };
  return {
    Client: {
      Platform: platform,
      Version: ENGINE_VERSION,
      ApiVersion: API_VERSION,
      DefaultAPIVersion: API_VERSION,
      GitCommit: '9f9e405',
      GoVersion: GO_VERSION,
      Os: 'linux',
      Arch: 'amd64',
      BuildTime: BUILT,
      Context: 'default',
    },
    Server: {
      Platform: platform,
      Components: [
        {
          Name: 'Engine',
          Version: ENGINE_VERSION,
          Details: {
            ApiVersion: API_VERSION,
            Arch: 'amd64',
            BuildTime: '2025-01-22T13:41:48.000000000+00:00',
            Experimental: 'false',
            GitCommit: '4c9b3b0',
            GoVersion: GO_VERSION,
            KernelVersion: kernel,
            MinAPIVersion: '1.24',
            Os: 'linux',
          },
        },
        { Name: 'containerd', Version: CONTAINERD.version, Details: { GitCommit: CONTAINERD.commit } },
        { Name: 'runc', Version: RUNC.version, Details: { GitCommit: RUNC.commit } },
        { Name: 'docker-init', Version: INIT.version, Details: { GitCommit: INIT.commit } },
      ],
      Version: ENGINE_VERSION,
      ApiVersion: API_VERSION,
      MinAPIVersion: '1.24',
      GitCommit: '4c9b3b0',
      GoVersion: GO_VERSION,
      Os: 'linux',
      Arch: 'amd64',
      KernelVersion: kernel,
      BuildTime: '2025-01-22T13:41:48.000000000+00:00',
    },
  };
}

/** The default output, before the tabwriter lines it up. */
function defaultText(): string {
  const lines = [
    'Client: Docker Engine - Community',
    ` Version:\t${ENGINE_VERSION}`,
    ` API version:\t${API_VERSION}`,
    ` Go version:\t${GO_VERSION}`,
    ' Git commit:\t9f9e405',
    ` Built:\t${BUILT}`,
    ' OS/Arch:\tlinux/amd64',
    ' Context:\tdefault',
    '',
    'Server: Docker Engine - Community',
    ' Engine:',
    `  Version:\t${ENGINE_VERSION}`,
    `  API version:\t${API_VERSION} (minimum version 1.24)`,
    `  Go version:\t${GO_VERSION}`,
    '  Git commit:\t4c9b3b0',
    `  Built:\t${BUILT}`,
    '  OS/Arch:\tlinux/amd64',
    '  Experimental:\tfalse',
    ' containerd:',
    `  Version:\t${CONTAINERD.version}`,
    `  GitCommit:\t${CONTAINERD.commit}`,
    ' runc:',
    `  Version:\t${RUNC.version}`,
    `  GitCommit:\t${RUNC.commit}`,
    ' docker-init:',
    `  Version:\t${INIT.version}`,
    `  GitCommit:\t${INIT.commit}`,
  ];
  return lines.join('\n') + '\n';
}

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'version [OPTIONS]',
    short: 'Show the versions of the docker client and of the (simulated) daemon',
    args: { kind: 'none' },
    flags: [
      { name: 'format', short: 'f', type: 'string', usage: "Format the output with a Go template or 'json'" },
    ],
  },
  async run(parsed, ctx) {
    const format = flagString(parsed, 'format');
    if (format === '') {
      ctx.io.out(tabwrite(defaultText(), { minwidth: 20, tabwidth: 1, padding: 1, padchar: ' ' }));
      return 0;
    }
    try {
      const tmpl = GoTemplate.parse(format === 'json' ? '{{json .}}' : format, { name: 'version' });
      ctx.io.out(tmpl.execute(versionData(ctx.engine.settings.kernel)) + '\n');
      return 0;
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      ctx.io.err(`template parsing error: ${e.message}\n`);
      return 64;
    }
  },
};
