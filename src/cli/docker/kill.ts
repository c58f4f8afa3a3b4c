// `docker kill`: a signal (KILL by default) to each running container's main process; each argument
// echoed as typed. PID 1 ignores signals it has no handler for, so only servers stop on TERM/INT/QUIT.

import { DockerError } from '../../engine/errors';
import { classify, exitOnStop } from '../../engine/runtime/processes';
import { flagString } from '../flags';
import type { DockerCommand } from './command';
import { eachContainer } from './container-common';

const NUMBERS: Record<string, string> = {
  '1': 'HUP',
  '2': 'INT',
  '3': 'QUIT',
  '9': 'KILL',
  '10': 'USR1',
  '12': 'USR2',
  '15': 'TERM',
};
const KNOWN = new Set(['HUP', 'INT', 'QUIT', 'KILL', 'USR1', 'USR2', 'TERM', 'WINCH', 'STOP', 'CONT']);

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'kill [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Kill one or more running containers',
    aliases: ['docker container kill', 'docker kill'],
    args: { kind: 'min', n: 1 },
    flags: [{ name: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' }],
  },
  run(parsed, ctx) {
    const typed = flagString(parsed, 'signal');
    const upper = typed.toUpperCase().replace(/^SIG/, '');
    const signal = typed === '' ? 'KILL' : (NUMBERS[upper] ?? upper);
    return eachContainer(ctx, parsed.args, async (ref) => {
      if (!KNOWN.has(signal)) throw new DockerError(`Invalid signal: ${typed}`, 'invalid');
      const c = ctx.engine.container(ref);
      const running = c.state.status === 'running' || c.state.status === 'paused';
      if (signal === 'KILL' || !running) return ctx.engine.kill(ref);
      const stopsOnTerm = exitOnStop(classify(c)) === 0;
      if ((signal === 'TERM' || signal === 'INT' || signal === 'QUIT') && stopsOnTerm)
        return ctx.engine.stop(ref);
      return undefined;
    });
  },
};
