// Which programs exist where. The host offers docker, curl and the file commands; a container offers
// what its image holds: a name runs only when its file is on the PATH of the container's view (so an
// image without /bin/bash has no bash), and only programs Layer Lab simulates can run.

import type { View } from '../../engine/fs/view';
import { join } from '../../engine/fs/path';
import type { Program, ShellState } from '../types';
import { COREUTIL_NAMES, SERVICE_NAMES } from './names';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Bash builtins that are programs here: they run even where the image has no file for them. */
const SHELL_BUILTINS = new Set(['echo', 'printf', 'kill', 'test', '[', 'read']);

/** What the shell does with a command name. */
export type Lookup = { program: Program } | { status: number; message: string };

/** `bash`/`sh` themselves: `-c 'script'` runs in a child shell; without it, a nested interactive shell. */
export type ShellProgram = (name: string) => Program;

// The programs' code is loaded the first time one of its group runs (the page's first download stays
// small); the module loader keeps each group once loaded. Only the names are known up front.
const coreutils = () => import('./coreutils/index').then((m) => m.COREUTILS);
const services = () => import('./services/index').then((m) => m.SERVICES);
const dockerProgram = () => import('../docker/index').then((m) => m.docker);

function loaded(group: () => Promise<Record<string, Program>>, name: string): Program {
  return async (argv, ctx) => {
    const p = (await group())[name];
    if (!p) throw new Error(`no program ${name} in its group`);
    return p(argv, ctx);
  };
}

const docker: Program = async (argv, ctx) => (await dockerProgram())(argv, ctx);

/**
 * Fetches every program group now (say once the terminal is ready and the page is idle), so the first
 * command does not wait for its code. Optional: each group is also loaded on its first use.
 */
export async function preloadPrograms(): Promise<void> {
  await Promise.all([coreutils(), services(), dockerProgram()]);
}
const COREUTILS: Record<string, Program> = Object.fromEntries(
  COREUTIL_NAMES.map((name) => [name, loaded(coreutils, name)]),
);

// The service programs read their own name as argv[0] (as C's main does); coreutils and docker get
// only the arguments. Adapted once here so the shell calls every program the same way.
const NAMED: Record<string, Program> = Object.fromEntries(
  SERVICE_NAMES.map((name) => {
    const p = loaded(services, name);
    return [name, ((argv, ctx) => p([name, ...argv], ctx)) as Program];
  }),
);

// Null-prototype tables: a command named `valueOf` or `__proto__` must not find Object's methods.
const table = (o: Record<string, Program>): Record<string, Program> =>
  Object.assign(Object.create(null) as Record<string, Program>, o);
const HOST: Record<string, Program> = table({
  ...COREUTILS,
  docker,
  ...(NAMED.curl ? { curl: NAMED.curl } : {}),
  // The learner's own editors, for Dockerfiles and notes in the home directory.
  ...Object.fromEntries(['vi', 'vim', 'nano'].flatMap((n) => (NAMED[n] ? [[n, NAMED[n]]] : []))),
});
const CONTAINER: Record<string, Program> = table({ ...COREUTILS, ...NAMED });

/** The host's programs (the learner's own machine). */
export function hostPrograms(): Record<string, Program> {
  return HOST;
}

/** Programs simulated inside containers, by name. */
export function containerPrograms(): Record<string, Program> {
  return CONTAINER;
}

export function hostLookup(name: string, shellName: string): Lookup {
  const p = hostPrograms()[name.slice(name.lastIndexOf('/') + 1)];
  if (p) return { program: p };
  return { status: 127, message: notFound(shellName, name) };
}

/**
 * bash: `command not found`; dash (Debian's sh): `sh: 1: x: not found`; busybox sh: `sh: x: not found`.
 * A shell started as `/bin/sh` (a Dockerfile's RUN) names itself so: `/bin/sh: x: not found`.
 */
function notFound(shellName: string, name: string, busybox = false): string {
  if (shellName !== 'sh' && !shellName.endsWith('/sh')) return `${shellName}: ${name}: command not found\n`;
  return busybox ? `${shellName}: ${name}: not found\n` : `${shellName}: 1: ${name}: not found\n`;
}

function kindOf(view: View, path: string): 'file' | 'dir' | undefined {
  try {
    const real = view.resolve(path, true);
    if (real === '/') return 'dir';
    const f = view.lookup(real);
    if (!f) return undefined;
    return view.resolvedEntry(real, f).type === 'dir' ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

/** Whether the image's /bin/sh is busybox (alpine, busybox): its shell prints its own texts. */
export function isBusybox(view: View): boolean {
  try {
    return view.resolve('/bin/sh', true) === '/bin/busybox';
  } catch {
    return false;
  }
}

/** The path a name runs from in the container (bash's PATH search), or undefined. */
export function searchPath(view: View, name: string, shell: ShellState): string | undefined {
  for (const dir of (shell.env.get('PATH') ?? DEFAULT_PATH).split(':')) {
    if (!dir.startsWith('/')) continue;
    const p = join(dir, name);
    if (kindOf(view, p) === 'file') return p;
  }
  return undefined;
}

/** Finds a command in a container: PATH search in its view, then the simulated program of that name. */
export function containerLookup(
  view: View,
  name: string,
  shell: ShellState,
  shellName: string,
  shells: ShellProgram,
): Lookup {
  const busybox = isBusybox(view);
  const programs = containerPrograms();
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (name.includes('/')) {
    const p = name.startsWith('/') ? name : join(shell.cwd, name);
    const k = kindOf(view, p);
    if (k === undefined)
      return { status: 127, message: `${shellName}: ${name}: No such file or directory\n` };
    if (k === 'dir') return { status: 126, message: `${shellName}: ${name}: Is a directory\n` };
  } else if (!SHELL_BUILTINS.has(name) && searchPath(view, name, shell) === undefined) {
    return { status: 127, message: notFound(shellName, name, busybox) };
  }
  if (base === 'bash' || base === 'sh' || base === 'dash' || base === 'ash') return { program: shells(base) };
  const p = programs[base];
  if (p) return { program: p };
  return { status: 126, message: `${shellName}: ${name}: this program is not simulated in Layer Lab\n` };
}

/** The names a container's `help` lists: simulated programs its image has. */
export function containerNames(view: View, shell: ShellState): string[] {
  const names = Object.keys(containerPrograms()).filter(
    (n) => SHELL_BUILTINS.has(n) || searchPath(view, n, shell),
  );
  for (const s of ['bash', 'sh']) if (searchPath(view, s, shell)) names.push(s);
  return names;
}
