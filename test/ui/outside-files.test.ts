// @vitest-environment happy-dom
// The browser's side of `docker save -o` / `docker load -i`: downloads, dropped files read as streams.
import { resolveObjectURL } from 'node:buffer';
import { afterEach, describe, expect, it } from 'vitest';
import { BrowserOutsideFiles, loadCommand, readChunks, shellQuote } from '../../src/ui/outside-files';

function bytesOf(n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + 3) % 251;
  return b;
}

/** Byte-for-byte equality without a deep compare of millions of elements. */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

/** Every anchor clicked on the page, with what it pointed at when it was clicked. */
function watchClicks(): { anchors: { download: string; href: string }[]; stop: () => void } {
  const anchors: { download: string; href: string }[] = [];
  const onClick = (e: Event) => {
    const a = e.target as HTMLAnchorElement;
    if (a.tagName !== 'A') return;
    anchors.push({ download: a.download, href: a.href });
    e.preventDefault();
  };
  document.addEventListener('click', onClick, true);
  return { anchors, stop: () => document.removeEventListener('click', onClick, true) };
}

let stopWatching = () => {};
afterEach(() => stopWatching());

describe('BrowserOutsideFiles.save', () => {
  it('downloads the archive under its base name as one tar Blob holding exactly the chunks', async () => {
    const clicks = watchClicks();
    stopWatching = clicks.stop;
    const outside = new BrowserOutsideFiles();
    const a = bytesOf(1000);
    const b = bytesOf(333).reverse();
    const note = await outside.save('out/alpine.tar', [a, b]);

    expect(note).toBe('alpine.tar');
    expect(clicks.anchors).toHaveLength(1);
    expect(clicks.anchors[0]!.download).toBe('alpine.tar');
    const blob = resolveObjectURL(clicks.anchors[0]!.href);
    expect(blob).toBeDefined();
    expect(blob!.type).toBe('application/x-tar');
    expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(concat([a, b]));
    // The anchor does not stay in the page.
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });
});

describe('BrowserOutsideFiles.open', () => {
  it('streams a dropped file in bounded chunks that add up to its bytes', async () => {
    const outside = new BrowserOutsideFiles();
    const bytes = bytesOf(3 * (1 << 20) + 12345);
    expect(outside.add(new File([bytes], 'big image.tar'))).toBe('big image.tar');

    const file = await outside.open('big image.tar');
    expect(file).toBeDefined();
    expect(file!.name).toBe('big image.tar');
    expect(file!.size).toBe(bytes.byteLength);
    const chunks = await collect(file!.stream());
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const c of chunks) expect(c.byteLength).toBeLessThanOrEqual(1 << 20);
    expect(same(concat(chunks), bytes)).toBe(true);
    // A second read starts again from the first byte.
    expect(same(concat(await collect(file!.stream())), bytes)).toBe(true);
  });

  it('finds a file by `./name` too, and answers undefined for a name nobody dropped', async () => {
    const outside = new BrowserOutsideFiles();
    outside.add(new File([bytesOf(10)], 'alpine.tar'));
    expect((await outside.open('./alpine.tar'))?.name).toBe('alpine.tar');
    expect(await outside.open('nginx.tar')).toBeUndefined();
    expect(await outside.open('')).toBeUndefined();
  });

  it('a file dropped again under the same name replaces the earlier one', async () => {
    const outside = new BrowserOutsideFiles();
    outside.add(new File([bytesOf(10)], 'x.tar'));
    outside.add(new File([bytesOf(20)], 'x.tar'));
    expect((await outside.open('x.tar'))?.size).toBe(20);
    expect(outside.names()).toEqual(['x.tar']);
  });
});

describe('readChunks', () => {
  it('reads a multi-chunk stream in order and cuts chunks larger than the limit', async () => {
    const parts = [bytesOf(5), bytesOf(17), bytesOf(3)];
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(p);
        c.close();
      },
    });
    const chunks = await collect(readChunks(stream, 8));
    expect(chunks.map((c) => c.byteLength)).toEqual([5, 8, 8, 1, 3]);
    expect(concat(chunks)).toEqual(concat(parts));
  });

  it('stopping early cancels the stream', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(bytesOf(4));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const c of readChunks(stream)) {
      expect(c.byteLength).toBe(4);
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('the typed command', () => {
  it('quotes names with spaces and quotes for the shell, and leaves plain names alone', () => {
    expect(loadCommand('alpine.tar')).toBe('docker load -i alpine.tar');
    expect(loadCommand('my image.tar.gz')).toBe("docker load -i 'my image.tar.gz'");
    expect(shellQuote("it's $HOME.tar")).toBe(`'it'\\''s $HOME.tar'`);
    expect(shellQuote('a;rm -rf x')).toBe("'a;rm -rf x'");
  });
});
