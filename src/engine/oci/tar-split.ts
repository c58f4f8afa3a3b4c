// Keeping a loaded layer's exact bytes without keeping its bytes twice (what Docker's tar-split does):
// while a layer tar streams in, everything that is not file content — headers, long-name records,
// padding, the end blocks and whatever follows them — is kept (gzip-compressed), with the places where
// each file's content goes. The contents themselves live in the layer's entries. `docker save` then
// writes the very bytes the diffID was computed from, whatever tool wrote them.

import { gunzipSync, gzipSync } from 'fflate';
import type { Entry } from '../fs/entry';
import { contentChunks } from '../fs/content';

/** What it takes, beside the layer's entries, to write the layer's original tar again. */
export interface TarSplit {
  /** The non-content bytes, in order, gzip-compressed. */
  readonly meta: Uint8Array;
  /** Offsets into the (uncompressed) meta bytes where each file's content goes, in order. */
  readonly cuts: readonly number[];
  /** The layer path whose content goes at each cut. */
  readonly paths: readonly string[];
}

/** Records the non-content bytes of a tar stream, given where contents are as the parser finds them. */
export class SplitRecorder {
  private readonly parts: Uint8Array[] = [];
  private metaLen = 0;
  private pos = 0;
  /** Content ranges [start, end) of the stream, in order, with their layer paths. */
  private readonly ranges: { start: number; end: number; path: string }[] = [];
  private next = 0;
  private readonly cuts: number[] = [];
  private readonly paths: string[] = [];

  /** A regular file's content occupies [start, start + size) of the stream. */
  content(start: number, size: number, path: string): void {
    if (size > 0) this.ranges.push({ start, end: start + size, path });
  }

  /** The next bytes of the stream (after the parser has seen them, so their ranges are known). */
  bytes(chunk: Uint8Array): void {
    const start = this.pos;
    const end = start + chunk.length;
    let at = start;
    while (at < end) {
      const r = this.ranges[this.next];
      if (!r || r.start >= end) {
        this.keep(chunk.subarray(at - start));
        at = end;
        break;
      }
      if (at < r.start) {
        this.keep(chunk.subarray(at - start, r.start - start));
        at = r.start;
      }
      if (at === r.start) {
        this.cuts.push(this.metaLen);
        this.paths.push(r.path);
      }
      const skip = Math.min(end, r.end);
      at = skip;
      if (skip === r.end) this.next += 1;
    }
    this.pos = end;
  }

  done(): TarSplit {
    const meta = new Uint8Array(this.metaLen);
    let at = 0;
    for (const p of this.parts) {
      meta.set(p, at);
      at += p.length;
    }
    return { meta: gzipSync(meta, { level: 1, mtime: 0 }), cuts: this.cuts, paths: this.paths };
  }

  private keep(bytes: Uint8Array): void {
    if (!bytes.length) return;
    this.parts.push(bytes.slice());
    this.metaLen += bytes.length;
  }
}

/** The layer's original tar, in chunks: meta bytes with each file's content put back at its cut. */
export function* splitChunks(split: TarSplit, entries: ReadonlyMap<string, Entry>): Generator<Uint8Array> {
  const meta = gunzipSync(split.meta);
  let from = 0;
  for (let i = 0; i < split.cuts.length; i++) {
    const cut = split.cuts[i]!;
    if (cut > from) yield meta.subarray(from, cut);
    from = cut;
    const path = split.paths[i]!;
    const e = entries.get(path);
    if (e?.type !== 'file') throw new Error(`tar-split names ${path}, which is not a file of the layer`);
    yield* contentChunks(e.content);
  }
  if (from < meta.length) yield meta.subarray(from);
}
