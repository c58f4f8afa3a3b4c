import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare, MAX_FRAGMENT, ShareError } from '../../src/ui/presenter/share';

const walkthrough = readFileSync('test/scenarios/seed-walkthrough.txt', 'utf8');
const TIME = Date.UTC(2026, 10, 27, 9, 0, 0);

async function deflate(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return Buffer.from(bytes).toString('base64url');
}

async function reason(fragment: string): Promise<string> {
  try {
    await decodeShare(fragment);
  } catch (e) {
    expect(e).toBeInstanceOf(ShareError);
    return (e as ShareError).reason;
  }
  throw new Error('decodeShare accepted it');
}

describe('share links', () => {
  it('round-trip a script with its seed, time, lesson and step, in a URL-safe fragment', async () => {
    const share = { script: walkthrough, seed: 1, time: TIME, lesson: 'image-layers', step: 3 };
    const fragment = await encodeShare(share);
    expect(fragment).toMatch(/^#share=[A-Za-z0-9_-]+$/);
    // deflate makes the walkthrough's link much shorter than the text
    expect(fragment.length).toBeLessThan(walkthrough.length);
    expect(await decodeShare(fragment)).toEqual(share);
    const plain = { script: '中文 docker ps\n', seed: 0xffffffff, time: TIME };
    expect(await decodeShare(await encodeShare(plain))).toEqual(plain);
  });

  it('rejects garbage: not a share, bad base64, not deflate, not JSON, wrong shape', async () => {
    expect(await reason('#lesson=x')).toBe('format');
    expect(await reason('#share=abc$%')).toBe('format');
    expect(await reason('#share=' + Buffer.from('not deflated at all').toString('base64url'))).toBe(
      'corrupt',
    );
    expect(await reason('#share=' + (await deflate('{"v":1,')))).toBe('corrupt');
    expect(await reason('#share=' + (await deflate('[1,2]')))).toBe('invalid');
    const ok = { v: 1, script: 'ls', seed: 1, time: TIME };
    expect(await reason('#share=' + (await deflate(JSON.stringify({ ...ok, v: 2 }))))).toBe('invalid');
    expect(await reason('#share=' + (await deflate(JSON.stringify({ ...ok, seed: -1 }))))).toBe('invalid');
    expect(await reason('#share=' + (await deflate(JSON.stringify({ ...ok, time: 'now' }))))).toBe('invalid');
    expect(await reason('#share=' + (await deflate(JSON.stringify({ ...ok, script: '' }))))).toBe('invalid');
    expect(await reason('#share=' + (await deflate(JSON.stringify({ ...ok, lesson: '../x' }))))).toBe(
      'invalid',
    );
    expect(await reason('#share=' + (await deflate(JSON.stringify({ ...ok, step: 1.5 }))))).toBe('invalid');
    expect(await decodeShare('#share=' + (await deflate(JSON.stringify(ok))))).toEqual({
      script: 'ls',
      seed: 1,
      time: TIME,
    });
  });

  it('rejects oversized links and links that inflate to too much (a deflate bomb)', async () => {
    expect(await reason('#share=' + 'A'.repeat(MAX_FRAGMENT + 1))).toBe('too-large');
    const bomb = await deflate(JSON.stringify({ v: 1, script: 'x'.repeat(4_000_000), seed: 1, time: TIME }));
    expect(bomb.length).toBeLessThan(MAX_FRAGMENT);
    expect(await reason('#share=' + bomb)).toBe('too-large');
    await expect(encodeShare({ script: 'x'.repeat(70_000), seed: 1, time: TIME })).rejects.toThrow(
      ShareError,
    );
  });
});
