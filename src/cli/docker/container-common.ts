// What the container commands share: daemon error text, the per-argument loop of stop/rm/kill…,
// and `docker run`'s own error format.

import { DockerError } from '../../engine/errors';
import { INVALID_REFERENCE } from '../../engine/reference';
import type { ContainerRec } from '../../engine/state';
import type { ProgramContext } from '../types';

/** An engine error as the CLI prints it (daemon errors carry the API prefix, client-side ones don't). */
export function errorText(e: DockerError): string {
  const client = !e.daemon || e.message.startsWith(INVALID_REFERENCE);
  return client ? e.message : `Error response from daemon: ${e.message}`;
}

/** Runs `fn`; a DockerError is printed on stderr and becomes exit status 1. */
export async function daemonCall(ctx: ProgramContext, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof DockerError)) throw e;
    ctx.io.err(errorText(e) + '\n');
    return 1;
  }
}

/**
 * stop/start/rm/kill/restart/pause: each argument on its own, echoed as typed when it worked; the
 * errors are printed together after the loop (errors.Join), exit 1 if any failed.
 */
export async function eachContainer(
  ctx: ProgramContext,
  refs: readonly string[],
  fn: (ref: string) => Promise<unknown>,
  echo = true,
): Promise<number> {
  const errors: string[] = [];
  for (const ref of refs) {
    try {
      await fn(ref);
      if (echo) ctx.io.out(ref + '\n');
    } catch (e) {
      if (!(e instanceof DockerError)) throw e;
      errors.push(errorText(e));
    }
  }
  if (errors.length) ctx.io.err(errors.join('\n') + '\n');
  return errors.length ? 1 : 0;
}

/** docker/cli's reportError: `docker: <msg>.` with one trailing dot, optionally the help hint. */
export function reportError(command: string, message: string, withHelp: boolean): string {
  const text = message.replace(/\.$/, '') + '.';
  return `docker: ${text}${withHelp ? `\nSee 'docker ${command} --help'.` : ''}\n`;
}

/** runStartContainerErr: 127 when the program is missing, 126 when it cannot run, else 125. */
export function startErrorStatus(message: string): number {
  if (/executable file not found|no such file or directory/.test(message)) return 127;
  if (/permission denied|exec format error/.test(message)) return 126;
  return 125;
}

/** The logs a container wrote, split by stream, as `docker logs` / an attached run print them. */
export function printLogs(
  ctx: ProgramContext,
  ctr: ContainerRec,
  opts: { from?: number; timestamps?: boolean; tail?: number } = {},
): number {
  let lines = ctr.logs.slice(opts.from ?? 0);
  if (opts.tail !== undefined && opts.tail >= 0) lines = opts.tail === 0 ? [] : lines.slice(-opts.tail);
  for (const l of lines) {
    const stamp = opts.timestamps ? rfc3339Nano(l.time) + ' ' : '';
    const text = stamp + l.text + '\n';
    if (l.stream === 'stderr') ctx.io.err(text);
    else ctx.io.out(text);
  }
  return ctr.logs.length;
}

/** The daemon's log timestamps (RFC3339NanoFixed): always nine fraction digits, UTC. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-27T09:00:00.000Z
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
}

const SHELLS = new Set(['bash', 'sh', 'ash', 'dash', 'zsh']);

/** The shell a container's main process runs (`nginx bash` runs bash behind the entrypoint). */
export function shellOf(ctr: ContainerRec): string {
  const argv = [ctr.path, ...ctr.args].map((a) => a.slice(a.lastIndexOf('/') + 1));
  return argv.find((a) => SHELLS.has(a)) ?? 'sh';
}
