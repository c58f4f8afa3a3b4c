// load-200mb: `docker load -i` of a ~200 MB docker-archive from a real file (the Node runner's path:
// streamed from disk, every layer hashed, parsed and registered), over `sha256sum` of the same file.
// Peak memory during the load is printed beside it.

import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entry } from '../src/engine/fs/entry';
import { tarChunks } from '../src/engine/oci/tar';
import { GOLDEN_TIME, openHost } from '../src/node/host';
import { nodeOutsideFiles } from '../src/node/outside-files';
import { compare } from './lib';
import { createHash } from 'node:crypto';

const LAYERS = 5;
const MB = 1024 * 1024;

/** A layer of ~40 MB: a thousand small files, some medium ones and a few big binaries (virtual fills). */
function layer(n: number): Map<string, Entry> {
  const m = new Map<string, Entry>();
  const meta = { uid: 0, gid: 0, mtime: 1_700_000_000 };
  m.set(`/l${n}`, { type: 'dir', mode: 0o755, ...meta });
  for (let i = 0; i < 1000; i++)
    m.set(`/l${n}/small${i}`, {
      type: 'file',
      mode: 0o644,
      ...meta,
      content: { kind: 'fill', seed: n * 7919 + i, size: 4000 + (i % 50) * 100 },
    });
  for (let i = 0; i < 40; i++)
    m.set(`/l${n}/medium${i}`, {
      type: 'file',
      mode: 0o644,
      ...meta,
      content: { kind: 'fill', seed: n * 104729 + i, size: 300_000 },
    });
  for (let i = 0; i < 6; i++)
    m.set(`/l${n}/big${i}`, {
      type: 'file',
      mode: 0o755,
      ...meta,
      content: { kind: 'fill', seed: n * 1299709 + i, size: 4 * MB },
    });
  return m;
}

function concat(chunks: Iterable<Uint8Array>): Uint8Array {
  const parts = [...chunks];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Writes the archive (Docker 25+ layout) to a file; returns its path. */
export function writeArchive(dir: string): string {
  const enc = new TextEncoder();
  const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const files = new Map<string, Entry>();
  const meta = { uid: 0, gid: 0, mtime: 0 };
  const file = (bytes: Uint8Array): Entry => ({
    type: 'file',
    mode: 0o644,
    ...meta,
    content: { kind: 'bytes', bytes },
  });
  files.set('/blobs', { type: 'dir', mode: 0o755, ...meta });
  files.set('/blobs/sha256', { type: 'dir', mode: 0o755, ...meta });
  const diffIds: string[] = [];
  for (let n = 0; n < LAYERS; n++) {
    const tar = concat(tarChunks(layer(n)));
    const id = hex(tar);
    diffIds.push(`sha256:${id}`);
    files.set(`/blobs/sha256/${id}`, file(tar));
  }
  const config = enc.encode(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/bin/sh'] },
      history: diffIds.map((_, i) => ({ created: '2026-01-01T00:00:00Z', created_by: `COPY l${i} /l${i}` })),
      rootfs: { type: 'layers', diff_ids: diffIds },
    }),
  );
  files.set(`/blobs/sha256/${hex(config)}`, file(config));
  files.set(
    '/manifest.json',
    file(
      enc.encode(
        JSON.stringify([
          {
            Config: `blobs/sha256/${hex(config)}`,
            RepoTags: ['bench/big:1'],
            Layers: diffIds.map((d) => `blobs/sha256/${d.slice(7)}`),
          },
        ]),
      ),
    ),
  );
  const path = join(dir, 'big.tar');
  const fd = openSync(path, 'w');
  for (const chunk of tarChunks(files)) writeSync(fd, chunk);
  closeSync(fd);
  return path;
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-bench-'));
  try {
    const path = writeArchive(dir);
    const size = statSync(path).size;
    const outside = nodeOutsideFiles(dir);
    const sha256sum = () => {
      const r = spawnSync('sha256sum', [path]);
      if (r.status !== 0) throw new Error(`sha256sum failed: ${r.stderr}`);
    };
    let peak = 0;
    const load = async () => {
      const { engine } = await openHost({ seed: 5, time: GOLDEN_TIME });
      const f = await outside.open('big.tar');
      if (!f) throw new Error('archive missing');
      const timer = setInterval(() => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.rss);
      }, 5);
      try {
        const r = await engine.load(f.stream(), { size: f.size });
        if (r.loaded[0] !== 'Loaded image: bench/big:1') throw new Error(`unexpected: ${r.loaded.join()}`);
      } finally {
        clearInterval(timer);
      }
    };
    const before = process.memoryUsage().rss;
    const { ratio, base, subject } = await compare(sha256sum, load, { minRuns: 3, minMs: 3000 });
    console.log(
      `load-200mb: archive ${(size / MB).toFixed(0)} MiB in ${LAYERS} layers; sha256sum ${base.toFixed(0)} ms, ` +
        `docker load ${subject.toFixed(0)} ms; peak RSS ${(peak / MB).toFixed(0)} MiB (${((peak - before) / MB).toFixed(0)} MiB above the start)`,
    );
    return [{ name: 'load-200mb', value: ratio, target: 2 }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
