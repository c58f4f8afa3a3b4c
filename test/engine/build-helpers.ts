// Shared steps for the engine's `docker build` tests: a seeded host with a fixed clock, a build context
// written into the learner's home, a build run straight through Engine.build with the CLI's RUN runner,
// and small readers of what a build left behind (layers, history, the union view).

import { runBuildStep } from '../../src/cli/build-step';
import { buildContext } from '../../src/engine/build/context';
import type { BuildRequest, BuildResult } from '../../src/engine/build/executor';
import type { Engine } from '../../src/engine/engine';
import type { Entry } from '../../src/engine/fs/entry';
import { contentBytes, textContent } from '../../src/engine/fs/content';
import { Union } from '../../src/engine/fs/union';
import type { Layer } from '../../src/engine/fs/layer';
import { concat } from '../../src/engine/oci/tar-read';
import { HOME } from '../../src/engine/host-home';
import { headerBlocks } from '../../src/engine/oci/tar';
import type { Store } from '../../src/engine/store';
import { type FixedClock, GOLDEN_TIME, openHost } from '../../src/node/host';

/** A file of a context: text, or bytes, with an optional mode (0644 by default). */
export type ContextFile = string | { text?: string; bytes?: Uint8Array; mode?: number };

/** A fresh host: seeded, its clock fixed at the golden time (moved only by `clock.advance`). */
export async function newHost(seed = 1, store?: Store): Promise<{ engine: Engine; clock: FixedClock }> {
  const { engine, clock } = await openHost({ seed, time: GOLDEN_TIME, ...(store ? { store } : {}) });
  if (!clock) throw new Error('expected a fixed clock');
  return { engine, clock };
}

/** Writes files into ~/DIR (parents made); a `null` value removes the file. */
export async function writeContext(
  engine: Engine,
  dir: string,
  files: Record<string, ContextFile | null>,
): Promise<void> {
  await engine.changeHome((u) => {
    u.mkdir(`${HOME}/${dir}`, { parents: true, mtime: 100, uid: 1000, gid: 1000 });
    for (const [name, f] of Object.entries(files)) {
      const path = `${HOME}/${dir}/${name}`;
      if (f === null) {
        u.remove(path);
        continue;
      }
      u.mkdir(path.slice(0, path.lastIndexOf('/')), { parents: true, mtime: 100, uid: 1000, gid: 1000 });
      const spec = typeof f === 'string' ? { text: f } : f;
      const content = spec.bytes
        ? { kind: 'bytes' as const, bytes: spec.bytes }
        : textContent(spec.text ?? '');
      u.writeFile(path, content, { mtime: 100, uid: 1000, gid: 1000, mode: spec.mode ?? 0o644 });
    }
  });
}

export type BuildOptions = Omit<BuildRequest, 'context' | 'runner' | 'tags'> & {
  tags?: string[];
  dockerfile?: string;
};

/** `docker build [-t …] ~/DIR` through the engine, RUN steps run by the CLI's sandbox shell. */
export function build(engine: Engine, dir: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const { tags = [], dockerfile, ...rest } = opts;
  const context = buildContext(engine.state.home.view(), dir, {
    cwd: HOME,
    sha256: engine.platform.sha256,
    ...(dockerfile !== undefined ? { dockerfile } : {}),
  });
  return engine.build({ ...rest, context, tags, runner: (job) => runBuildStep(engine, job) });
}

/** Writes a context with its Dockerfile and builds it; fails the test on a build error. */
export async function buildOk(
  engine: Engine,
  dir: string,
  dockerfile: string,
  files: Record<string, ContextFile | null> = {},
  opts: BuildOptions = {},
): Promise<BuildResult & { imageId: string }> {
  await writeContext(engine, dir, { Dockerfile: dockerfile, ...files });
  const r = await build(engine, dir, opts);
  if (r.error || !r.imageId) throw new Error(`build failed: ${r.error?.message ?? 'no image'}`);
  return r as BuildResult & { imageId: string };
}

/** The image's own layers, bottom first. */
export function imageLayers(engine: Engine, ref: string): Layer[] {
  const img = engine.image(ref);
  return engine.chainIdsOf(img.diffIds).map((c) => {
    const rec = engine.state.layers.get(c);
    if (!rec) throw new Error(`layer ${c} missing`);
    return rec.layer;
  });
}

/** The image's layers merged into one view. */
export function imageView(engine: Engine, ref: string): Union {
  return new Union(imageLayers(engine, ref));
}

/** An entry of the merged image (links not followed), or undefined. */
export function entryAt(engine: Engine, ref: string, path: string): Entry | undefined {
  return imageView(engine, ref).lookup(path)?.entry;
}

/** The text of a file in the merged image, or null. */
export function textAt(engine: Engine, ref: string, path: string): string | null {
  const v = imageView(engine, ref);
  try {
    const f = v.fileOf(v.resolve(path, true));
    return f ? new TextDecoder().decode(contentBytes(f.content)) : null;
  } catch {
    return null;
  }
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The image config as its bytes say it (what the image id is the digest of). */
export function configJson(
  engine: Engine,
  ref: string,
): {
  config: Record<string, unknown>;
  history: HistoryEntry[];
  created: string;
  rootfs: { diff_ids: string[] };
} {
  return JSON.parse(new TextDecoder().decode(engine.image(ref).configBytes));
}

export interface TarMember {
  name: string;
  /** '0' file (default), '5' directory, '2' symlink. */
  type?: '0' | '2' | '5';
  text?: string;
  linkname?: string;
  mode?: number;
}

/** A small ustar archive, members written as given (names unchecked, so `../x` can be tried). */
export function tarOf(members: readonly TarMember[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const m of members) {
    const type = m.type ?? '0';
    const data = type === '0' ? enc.encode(m.text ?? '') : new Uint8Array(0);
    parts.push(
      ...headerBlocks({
        name: m.name,
        typeflag: type,
        linkname: m.linkname ?? '',
        mode: m.mode ?? (type === '5' ? 0o755 : 0o644),
        uid: 0,
        gid: 0,
        size: data.length,
        mtime: 1_700_000_000,
      }),
    );
    if (data.length > 0) {
      parts.push(data);
      const pad = (512 - (data.length % 512)) % 512;
      if (pad > 0) parts.push(new Uint8Array(pad));
    }
  }
  parts.push(new Uint8Array(1024));
  return concat(parts);
}
