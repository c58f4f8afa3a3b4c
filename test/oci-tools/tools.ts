// The real tools these tests check Layer Lab against (Debian's skopeo and umoci), and the few host
// steps around them: run a CLI line, move an archive between the simulated home and a real file.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostSession } from '../../src/cli/session';
import type { Stdio } from '../../src/cli/types';
import type { Engine } from '../../src/engine/engine';
import { contentChunks } from '../../src/engine/fs/content';

const works = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;

/** Whether skopeo and umoci both run here. */
export const toolsPresent = works('skopeo') && works('umoci');

/** CI must have the tools (.ci/run installs them); elsewhere the suite skips, loudly. */
export const runTools = toolsPresent || process.env.CI === 'true';

if (!runTools)
  console.warn(
    [
      '',
      '!!! test/oci-tools: skopeo and/or umoci not found: the real-tool round trips are SKIPPED.',
      '!!! Install them to run these checks: apt-get install -y skopeo umoci',
      '',
    ].join('\n'),
  );

export const FIXTURE_SCRIPT = fileURLToPath(
  new URL('../../scripts/fixtures/umoci-image.sh', import.meta.url),
);

/** Runs a tool; on failure the error carries its stderr. */
export function tool(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

/** A fresh temporary directory, and a function that removes it. */
export function scratch(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `layerlab-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * What `skopeo inspect` reads from a docker-archive: the config's diffIDs, and the manifest skopeo
 * builds for it (`--raw`): its config digest and its layer digests (a docker-archive's layers are
 * uncompressed, so those are the diffIDs again).
 */
export function skopeoInspect(archive: string): { diffIds: string[]; config: string; layers: string[] } {
  const ref = `docker-archive:${archive}`;
  const config = JSON.parse(tool('skopeo', ['inspect', '--config', ref])) as {
    rootfs: { type: string; diff_ids: string[] };
  };
  const raw = JSON.parse(tool('skopeo', ['inspect', '--raw', ref])) as {
    config: { digest: string };
    layers: { digest: string }[];
  };
  return {
    diffIds: config.rootfs.diff_ids,
    config: raw.config.digest,
    layers: raw.layers.map((l) => l.digest),
  };
}

/**
 * `skopeo copy docker-archive:ARCHIVE oci:DIR/oci:t`, then `umoci unpack --rootless`: the path of the
 * unpacked rootfs.
 */
export function unpackWithUmoci(archive: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const layout = join(dir, 'oci');
  tool('skopeo', ['copy', '-q', `docker-archive:${archive}`, `oci:${layout}:t`]);
  tool('umoci', ['unpack', '--rootless', '--image', `${layout}:t`, join(dir, 'bundle')]);
  return join(dir, 'bundle', 'rootfs');
}

/** Runs one line in the host shell, as the terminal would. */
export async function sh(engine: Engine, line: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Stdio = { stdin: null, out: (t) => (out += t), err: (t) => (err += t), tty: false, columns: 80 };
  const r = await hostSession(engine).run(line, io);
  return { code: r.code, out, err };
}

/** Copies a file of the learner's home (/home/learner/NAME) out to a real file. */
export function homeToDisk(engine: Engine, name: string, path: string): void {
  const f = engine.state.home.view().fileOf(`/home/learner/${name}`);
  if (!f) throw new Error(`no /home/learner/${name}`);
  writeFileSync(path, Buffer.concat([...contentChunks(f.content)]));
}

/** Puts a real file into the learner's home as /home/learner/NAME. */
export async function diskToHome(engine: Engine, path: string, name: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path));
  await engine.changeHome((u) =>
    u.writeFile(`/home/learner/${name}`, { kind: 'bytes', bytes }, { mtime: 1 }),
  );
}
