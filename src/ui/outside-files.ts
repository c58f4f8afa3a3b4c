// The learner's real computer as the browser sees it: archives that `docker save -o` / `docker export
// -o` write become downloads, and files dropped on the page or picked with "Load image…" are what
// `docker load -i NAME` can read. Dropped files stay where they are (read as a stream when loaded);
// they are not copied into the host's home directory, so a big archive is not stored twice.

import type { OutsideFile, OutsideFiles } from '../cli/types';

/** At most this many bytes per chunk handed to the loader, so its progress moves in small steps. */
export const MAX_CHUNK = 1 << 20;

/** How long a download's object URL lives: the browser has started reading it well before then. */
const REVOKE_AFTER_MS = 60_000;

/** `dir/x.tar` → `x.tar`; a save names a download, never a folder on the learner's disk. */
export function baseName(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.at(-1) ?? path;
}

/** The key a dropped file is found under: `./x.tar` and `x.tar` are the same file. */
export function fileKey(name: string): string {
  let n = name;
  while (n.startsWith('./')) n = n.slice(2).replace(/^\/+/, '');
  return n;
}

/** Quotes a word for the shell only when it needs it: `my image.tar` → `'my image.tar'`. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9._+:@%/=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The line the page types for a dropped or picked file. */
export function loadCommand(name: string): string {
  return `docker load -i ${shellQuote(name)}`;
}

/**
 * A ReadableStream as an async iterable of chunks no bigger than `max` (big chunks are cut into views,
 * not copied). Uses getReader() rather than relying on `for await` over the stream; stopping early
 * cancels the stream.
 */
export async function* readChunks(
  stream: ReadableStream<Uint8Array>,
  max = MAX_CHUNK,
): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      const bytes = value instanceof Uint8Array ? value : new Uint8Array(value);
      for (let at = 0; at < bytes.byteLength; at += max) yield bytes.subarray(at, at + max);
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

export class BrowserOutsideFiles implements OutsideFiles {
  private readonly files = new Map<string, File>();

  constructor(private readonly doc: Document = document) {}

  /** Makes a dropped or picked file readable by `docker load -i`; returns the name to type. */
  add(file: File): string {
    const name = fileKey(baseName(file.name));
    this.files.set(name, file);
    return name;
  }

  /** The names of the files dropped or picked in this page's life. */
  names(): string[] {
    return [...this.files.keys()];
  }

  /** Starts a real download of the archive; resolves to the downloaded file's name. */
  save(name: string, chunks: readonly Uint8Array[]): Promise<string> {
    const file = baseName(name);
    const blob = new Blob(chunks as Uint8Array<ArrayBuffer>[], { type: 'application/x-tar' });
    const url = URL.createObjectURL(blob);
    const a = this.doc.createElement('a');
    a.href = url;
    a.download = file;
    a.hidden = true;
    this.doc.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
    return Promise.resolve(file);
  }

  open(name: string): Promise<OutsideFile | undefined> {
    const file = this.files.get(fileKey(name));
    if (!file) return Promise.resolve(undefined);
    return Promise.resolve({
      name: file.name,
      size: file.size,
      stream: () => readChunks(file.stream()),
    });
  }
}
