// One regular file of an image archive, read as it streams past: its sha256 as stored, and — in case
// it turns out to be a layer — its content un-gzipped, hashed again (the diffID) and parsed into layer
// entries with the layer safety rules. Nothing of it is kept but those results (and small files whole).

import { Gunzip } from 'fflate';
import type { Entry } from '../fs/entry';
import type { Sha256 } from '../platform';
import { LayerBuilder, layerPath } from '../oci/layer-from-tar';
import { SplitRecorder, type TarSplit } from '../oci/tar-split';
import { TarParser } from '../oci/tar-read';
import { Budget, LoadError } from './limits';

/** What a member of the archive turned out to be. */
export interface BlobResult {
  /** sha256 hex of the bytes as stored in the archive. */
  readonly digest: string;
  readonly size: number;
  /** sha256 hex of the uncompressed bytes (the diffID, if this is a layer). */
  readonly diffDigest: string;
  readonly compression: 'none' | 'gzip' | 'bzip2' | 'xz' | 'zstd';
  /** The layer's entries when the content parsed as a layer tar. */
  readonly entries?: Map<string, Entry>;
  /** How to write the layer's exact bytes again from its entries (for `docker save`). */
  readonly split?: TarSplit;
  /** Why it is not a layer (not a tar, an unsafe entry, an unsupported compression). */
  readonly error?: Error;
  /** The whole stored bytes, for small files (manifests, configs) only. */
  readonly bytes?: Uint8Array;
}

const MAGIC: [BlobResult['compression'], number[]][] = [
  ['gzip', [0x1f, 0x8b]],
  ['bzip2', [0x42, 0x5a, 0x68]],
  ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
];

/** The compression a stream's first bytes announce. */
export function sniff(head: Uint8Array): BlobResult['compression'] {
  for (const [kind, magic] of MAGIC)
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) return kind;
  return 'none';
}

/** Go's gzip/flate wording for what fflate reports. */
export function gzipMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (/header|invalid gzip data/i.test(m)) return 'gzip: invalid header';
  if (/unexpected EOF|premature/i.test(m)) return 'unexpected EOF';
  return 'flate: corrupt input';
}

const NOT_TAR = new Error('not a tar archive');

export class BlobSink {
  private readonly raw: Sha256;
  private readonly inner: Sha256;
  private head: Uint8Array = new Uint8Array(0);
  private compression: BlobResult['compression'] | undefined;
  private gunzip: Gunzip | undefined;
  private parser: TarParser | undefined;
  private builder: LayerBuilder | undefined;
  private recorder: SplitRecorder | undefined;
  private error: Error | undefined;
  private stored = 0;
  private expanded = 0;
  private parts: Uint8Array[] | undefined;

  constructor(
    sha256: () => Sha256,
    private readonly budget: Budget,
    /** Files up to this size are also kept whole. */
    private readonly keepUpTo: number,
    readonly size: number,
  ) {
    this.raw = sha256();
    this.inner = sha256();
    if (size <= keepUpTo) this.parts = [];
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.raw.update(chunk);
    this.stored += chunk.length;
    this.parts?.push(chunk.slice());
    if (this.compression === undefined) {
      // Decide on the first bytes (gathered across chunks only when a chunk is tiny: a usual first
      // chunk is judged, and passed on, as it is).
      let head = chunk;
      if (this.head.length) {
        head = new Uint8Array(this.head.length + chunk.length);
        head.set(this.head);
        head.set(chunk, this.head.length);
      }
      if (head.length < 6 && this.stored < this.size) {
        this.head = head;
        return;
      }
      this.head = new Uint8Array(0);
      this.start(sniff(head));
      this.decoded(head);
      return;
    }
    this.decoded(chunk);
  }

  end(): BlobResult {
    if (this.compression === undefined) {
      const head = this.head;
      this.start(sniff(head));
      if (head.length) this.decoded(head);
    }
    if (this.gunzip) {
      try {
        this.gunzip.push(new Uint8Array(0), true);
      } catch (e) {
        this.fail(new LoadError(gzipMessage(e)));
      }
    }
    let entries: Map<string, Entry> | undefined;
    let split: TarSplit | undefined;
    if (this.parser && this.builder && this.recorder && !this.error) {
      try {
        this.parser.end();
        entries = this.builder.done();
        split = this.recorder.done();
      } catch (e) {
        this.fail(e);
      }
    }
    const bytes = this.parts ? joinParts(this.parts, this.stored) : undefined;
    return {
      digest: this.raw.hex(),
      size: this.stored,
      diffDigest: this.compression === 'none' ? this.raw.hex() : this.inner.hex(),
      compression: this.compression ?? 'none',
      ...(entries && split && !this.error ? { entries, split } : {}),
      ...(this.error ? { error: this.error } : {}),
      ...(bytes ? { bytes } : {}),
    };
  }

  private start(kind: BlobResult['compression']): void {
    this.compression = kind;
    // A plain tar is whole 512-byte blocks, two of them at least: anything else (a manifest, a
    // config) is not parsed as a layer at all.
    if (kind === 'none' && (this.size < 1024 || this.size % 512 !== 0)) {
      this.error = NOT_TAR;
      return;
    }
    this.parser = new TarParser();
    // Plain layers borrow the input's chunks for their contents (docker load's input is never
    // changed once read); inflated bytes are fresh arrays anyway.
    this.builder = new LayerBuilder({ borrow: kind === 'none' });
    this.recorder = new SplitRecorder();
    if (kind === 'gzip') {
      this.gunzip = new Gunzip((data) => this.plain(data));
    } else if (kind !== 'none') {
      this.fail(
        new LoadError(`layer compressed with ${kind}: Layer Lab reads uncompressed and gzip layers only`),
      );
    }
  }

  /** Bytes as stored: through gunzip when compressed. */
  private decoded(bytes: Uint8Array): void {
    if (this.compression === 'none') {
      this.plain(bytes);
      return;
    }
    if (!this.gunzip) return;
    try {
      this.gunzip.push(bytes, false);
    } catch (e) {
      if (e instanceof LoadError && e.fatal) throw e;
      this.gunzip = undefined;
      this.fail(new LoadError(gzipMessage(e)));
    }
  }

  /** Uncompressed layer bytes. */
  private plain(bytes: Uint8Array): void {
    this.expanded += bytes.length;
    if (this.compression !== 'none') {
      this.inner.update(bytes);
      // A gzip stream that inflates far past its stored size is a bomb, whatever it holds.
      this.budget.inflate(this.stored, this.expanded);
      this.budget.addBytes(bytes.length);
    }
    if (!this.parser || !this.builder || !this.recorder) return;
    try {
      for (const ev of this.parser.write(bytes)) {
        if (ev.kind === 'entry') {
          this.budget.addEntry();
          const h = ev.header;
          this.builder.entry(h);
          // Where a regular file's content sits in the stream: left out of the tar-split.
          if (h.kind === 'file' && h.size > 0) {
            const path = layerPath(h.name);
            const base = path?.slice(path.lastIndexOf('/') + 1) ?? '';
            if (path && !base.startsWith('.wh.')) this.recorder.content(h.offset + 512, h.size, path);
          }
        } else this.builder.data(ev.bytes);
      }
      this.recorder.bytes(bytes);
    } catch (e) {
      if (e instanceof LoadError && e.fatal) throw e;
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.error ??= e instanceof Error ? e : new Error(String(e));
    this.parser = undefined;
    this.builder = undefined;
    this.recorder = undefined;
  }
}

function joinParts(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
