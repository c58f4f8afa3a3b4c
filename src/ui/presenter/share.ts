// Share links: a script (and where to start) packed into the URL's fragment. The fragment never
// reaches a server, so opening a link replays the script in the browser and nothing leaves it.
// Format: `#share=` + base64url(deflate-raw(JSON)), JSON = { v: 1, script, lesson?, step?, seed, time }.

import { SCRIPT_LIMITS } from './script';

export interface Share {
  readonly script: string;
  readonly lesson?: string;
  readonly step?: number;
  /** The replay host's random seed and fixed start time: the same link gives the same digests. */
  readonly seed: number;
  readonly time: number;
}

export const SHARE_PREFIX = '#share=';
/** The longest fragment accepted (browsers keep far longer URLs, chat apps do not). */
export const MAX_FRAGMENT = 48 * 1024;
/** The most bytes a fragment may inflate to. */
export const MAX_JSON = SCRIPT_LIMITS.chars * 2 + 1024;

export type ShareErrorReason = 'format' | 'too-large' | 'corrupt' | 'invalid';

export class ShareError extends Error {
  constructor(
    readonly reason: ShareErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'ShareError';
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text))
    throw new ShareError('format', 'the link has characters base64url does not use');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new ShareError('format', 'the link is not base64url');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pump(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit: number,
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  const written = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ShareError('too-large', `the link unpacks to more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  await written;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function check(value: unknown): Share {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ShareError('invalid', 'the link does not hold a share');
  const o = value as Record<string, unknown>;
  if (o.v !== 1) throw new ShareError('invalid', 'the link was made by another version');
  if (typeof o.script !== 'string' || o.script.trim() === '' || o.script.length > SCRIPT_LIMITS.chars)
    throw new ShareError('invalid', 'the link has no usable script');
  if (typeof o.seed !== 'number' || !Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff)
    throw new ShareError('invalid', 'the seed is not a 32-bit unsigned integer');
  // Between 2000 and 2100: anything else is not a time a replay should pretend to run at.
  if (
    typeof o.time !== 'number' ||
    !Number.isInteger(o.time) ||
    o.time < 946684800000 ||
    o.time > 4102444800000
  )
    throw new ShareError('invalid', 'the time is not a date between 2000 and 2100');
  const share: { -readonly [K in keyof Share]: Share[K] } = { script: o.script, seed: o.seed, time: o.time };
  if (o.lesson !== undefined) {
    if (typeof o.lesson !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(o.lesson))
      throw new ShareError('invalid', 'the lesson id is not valid');
    share.lesson = o.lesson;
  }
  if (o.step !== undefined) {
    if (typeof o.step !== 'number' || !Number.isInteger(o.step) || o.step < 0 || o.step > SCRIPT_LIMITS.steps)
      throw new ShareError('invalid', 'the step is not valid');
    share.step = o.step;
  }
  return share;
}

/** The fragment (with its `#share=`) for a share. Throws ShareError when it would not fit a link. */
export async function encodeShare(share: Share): Promise<string> {
  const checked = check({ v: 1, ...share });
  const json = JSON.stringify({ v: 1, ...checked });
  const packed = await pump(new TextEncoder().encode(json), new CompressionStream('deflate-raw'), MAX_JSON);
  const fragment = SHARE_PREFIX + toBase64Url(packed);
  if (fragment.length > MAX_FRAGMENT) throw new ShareError('too-large', 'the script is too long for a link');
  return fragment;
}

/** Whether a location hash is a share link (to be decoded). */
export function isShareFragment(hash: string): boolean {
  return hash.startsWith(SHARE_PREFIX);
}

/** The share a fragment holds. Anything else — damaged, oversized, forged — throws a ShareError. */
export async function decodeShare(fragment: string): Promise<Share> {
  if (!isShareFragment(fragment)) throw new ShareError('format', 'not a share link');
  const body = fragment.slice(SHARE_PREFIX.length);
  if (body.length > MAX_FRAGMENT) throw new ShareError('too-large', 'the link is too long');
  const packed = fromBase64Url(body);
  let bytes: Uint8Array;
  try {
    bytes = await pump(packed, new DecompressionStream('deflate-raw'), MAX_JSON);
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError('corrupt', 'the link is damaged (it does not unpack)');
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ShareError('corrupt', 'the link is damaged (it is not JSON)');
  }
  return check(value);
}
