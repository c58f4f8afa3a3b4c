// `docker port`: the host addresses a container's ports are published on.

import type { DockerCommand } from './command';
import { daemonCall } from './container-common';

/** sortorder.NaturalLess: digit runs compare as numbers. */
export function naturalLess(a: string, b: string): boolean {
  const re = /(\d+|\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy && Number(x) !== Number(y)) return Number(x) < Number(y);
    return x < y;
  }
  return pa.length < pb.length;
}

const joinHostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'port CONTAINER [PRIVATE_PORT[/PROTO]]',
    short: 'List port mappings or a specific mapping for the container',
    aliases: ['docker container port', 'docker port'],
    args: { kind: 'range', min: 1, max: 2 },
    flags: [],
  },
  run: (parsed, ctx) =>
    daemonCall(ctx, async () => {
      const [name, wanted] = parsed.args as [string, string | undefined];
      const ctr = ctx.engine.container(name);
      const out: string[] = [];
      if (wanted !== undefined) {
        const [port = '', proto = 'tcp'] = wanted.split('/');
        if (!/^\d+$/.test(port) || Number(port) > 65535) {
          ctx.io.err(
            `Error: invalid port (${port}): strconv.ParseUint: parsing ${JSON.stringify(port)}: ${/^\d+$/.test(port) ? 'value out of range' : 'invalid syntax'}\n`,
          );
          return 1;
        }
        for (const b of ctr.boundPorts)
          if (b.containerPort === Number(port) && b.proto === proto)
            out.push(joinHostPort(b.hostIp, b.hostPort));
        if (!out.length) {
          ctx.io.err(`Error: No public port '${port}/${proto}' published for ${name}\n`);
          return 1;
        }
      } else {
        for (const b of ctr.boundPorts)
          out.push(`${b.containerPort}/${b.proto} -> ${joinHostPort(b.hostIp, b.hostPort)}`);
      }
      out.sort((a, b) => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0));
      if (out.length) ctx.io.out(out.join('\n') + '\n');
      return 0;
    }),
};
