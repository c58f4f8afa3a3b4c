// The outer tar of an image archive, read once as a stream (gzip-compressed or not). Every regular
// file goes through a BlobSink; directories and links are remembered by name. Names are judged as
// Docker judges them when it unpacks into its temporary directory: `..` may not climb out, an
// absolute name stays inside. Duplicates and devices are refused.

import { Gunzip } from 'fflate';
import type { Sha256 } from '../platform';
import { TarError, TarParser, type TarHeader, type TarInput } from '../oci/tar-read';
import { BlobSink, gzipMessage, sniff, type BlobResult } from './blob-sink';
import { Budget, LoadError } from './limits';

export type Member =
  | { readonly kind: 'file'; readonly blob: BlobResult }
  | { readonly kind: 'dir' }
  | { readonly kind: 'symlink'; readonly target: string }
  | { readonly kind: 'hardlink'; readonly target: string };

export interface ReadOptions {
  sha256: () => Sha256;
  budget: Budget;
  /** Where Docker would unpack (named in messages). */
  tmpDir: string;
  /** Called as bytes of the archive are read. */
  progress?: (bytes: number) => void;
}

/** A member name inside the archive, or a LoadError when it climbs out (Go's filepath.Clean + Rel). */
export function memberName(name: string, tmpDir: string): string {
  const parts: string[] = [];
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length)
        throw new LoadError(`${JSON.stringify(name)} is outside of ${JSON.stringify(tmpDir)}`);
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** Go's archive/tar wording for a broken archive. */
function tarMessage(e: TarError): string {
  return e.code === 'truncated' ? 'unexpected EOF' : `archive/tar: invalid tar header (${e.message})`;
}

export async function readArchive(source: TarInput, opts: ReadOptions): Promise<Map<string, Member>> {
  const members = new Map<string, Member>();
  const parser = new TarParser();
  let sink: { name: string; sink: BlobSink } | undefined;
  let gunzip: Gunzip | undefined;
  let decided = false;
  let read = 0;
  let inflated = 0;

  const finishSink = () => {
    if (!sink) return;
    members.set(sink.name, { kind: 'file', blob: sink.sink.end() });
    sink = undefined;
  };

  const onEntry = (h: TarHeader) => {
    finishSink();
    opts.budget.addEntry();
    const name = memberName(h.name, opts.tmpDir);
    if (name === '') {
      if (h.kind !== 'dir')
        throw new LoadError(`${JSON.stringify(h.name)}: the archive's root must be a directory`);
      return;
    }
    if (members.has(name)) throw new LoadError(`archive refused: duplicate entry ${JSON.stringify(name)}`);
    switch (h.kind) {
      case 'file':
        sink = {
          name,
          sink: new BlobSink(opts.sha256, opts.budget, opts.budget.limits.metadataBytes, h.size),
        };
        members.set(name, { kind: 'dir' }); // placeholder: claims the name until the file ends
        return;
      case 'dir':
        members.set(name, { kind: 'dir' });
        return;
      case 'symlink':
        members.set(name, { kind: 'symlink', target: h.linkname });
        return;
      case 'hardlink':
        members.set(name, { kind: 'hardlink', target: memberName(h.linkname, opts.tmpDir) });
        return;
      default:
        throw new LoadError(
          `archive refused: ${JSON.stringify(name)} is a ${h.kind === 'chardev' ? 'character device' : h.kind === 'blockdev' ? 'block device' : h.kind === 'fifo' ? 'FIFO' : 'special file'}, which has no place in an image archive`,
        );
    }
  };

  const tarBytes = (bytes: Uint8Array) => {
    let events;
    try {
      events = parser.write(bytes);
    } catch (e) {
      throw e instanceof TarError ? new LoadError(tarMessage(e)) : e;
    }
    for (const ev of events) {
      if (ev.kind === 'entry') onEntry(ev.header);
      else if (sink) {
        opts.budget.addBytes(ev.bytes.length);
        sink.sink.write(ev.bytes);
      }
    }
  };

  const it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  for (;;) {
    const r = await it.next();
    if (r.done) break;
    const chunk = r.value;
    read += chunk.length;
    opts.progress?.(read);
    if (!decided) {
      decided = true;
      const kind = sniff(chunk);
      if (kind === 'gzip') {
        gunzip = new Gunzip((data) => {
          inflated += data.length;
          opts.budget.inflate(read, inflated);
          tarBytes(data);
        });
      } else if (kind !== 'none') {
        throw new LoadError(`archive compressed with ${kind}: Layer Lab reads plain and gzip archives only`);
      }
    }
    if (gunzip) {
      try {
        gunzip.push(chunk, false);
      } catch (e) {
        if (e instanceof LoadError) throw e;
        throw new LoadError(gzipMessage(e));
      }
    } else tarBytes(chunk);
  }
  if (!decided) throw new LoadError('unexpected EOF');
  if (gunzip) {
    try {
      gunzip.push(new Uint8Array(0), true);
    } catch (e) {
      if (e instanceof LoadError) throw e;
      throw new LoadError(gzipMessage(e));
    }
  }
  try {
    parser.end();
  } catch (e) {
    throw e instanceof TarError ? new LoadError(tarMessage(e)) : e;
  }
  finishSink();
  return members;
}

/**
 * The regular file a name leads to inside the archive: symbolic links are followed within the
 * archive's root (an absolute or climbing target stays inside, as Docker's FollowSymlinkInScope
 * does), hard links name their file. Undefined when nothing regular is there.
 */
export function resolveMember(members: ReadonlyMap<string, Member>, name: string): BlobResult | undefined {
  let path = name;
  for (let hops = 0; hops < 40; hops++) {
    const m = members.get(path);
    if (!m) return undefined;
    if (m.kind === 'file') return m.blob;
    if (m.kind === 'dir') return undefined;
    if (m.kind === 'hardlink') {
      path = m.target;
      continue;
    }
    const base = m.target.startsWith('/') ? [] : path.split('/').slice(0, -1);
    for (const seg of m.target.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') base.pop();
      else base.push(seg);
    }
    path = base.join('/');
  }
  return undefined;
}
