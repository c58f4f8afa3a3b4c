// The share-link decoder's fuzz: random text, random base64url, damaged real links, deflate bombs and
// JSON of every wrong shape (wrong types, extra fields, huge numbers, `__proto__` and `constructor`
// keys) go through `decodeShare`. Only a ShareError may come out; whatever it accepts obeys the share
// contract and survives a round trip through `encodeShare`; and a link that unpacks to more than
// MAX_JSON bytes is always refused as too large. A second decoder written here from the format's
// description (node:zlib, Buffer) must agree with it on every input.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCRIPT_LIMITS } from '../../src/ui/presenter/script';
import {
  MAX_FRAGMENT,
  MAX_JSON,
  SHARE_PREFIX,
  ShareError,
  decodeShare,
  encodeShare,
  type Share,
} from '../../src/ui/presenter/share';
import { recordFigures } from '../helpers/reliability';

const RUNS = Number(process.env.SHARE_FUZZ_RUNS ?? 2000);

const link = (bytes: Uint8Array) => SHARE_PREFIX + Buffer.from(bytes).toString('base64url');
const packJson = (text: string) => link(deflateRawSync(Buffer.from(text, 'utf8')));

/** The share contract, as the format describes it (not as share.ts checks it). */
function contractHolds(s: Share): boolean {
  const keys = Object.keys(s).sort();
  const allowed = ['lesson', 'script', 'seed', 'step', 'time'];
  return (
    keys.every((k) => allowed.includes(k)) &&
    Object.getPrototypeOf(s) === Object.prototype &&
    typeof s.script === 'string' &&
    typeof s.seed === 'number' &&
    typeof s.time === 'number' &&
    s.script.trim() !== '' &&
    s.script.length <= SCRIPT_LIMITS.chars &&
    Number.isInteger(s.seed) &&
    s.seed >= 0 &&
    s.seed <= 0xffffffff &&
    Number.isInteger(s.time) &&
    s.time >= Date.UTC(2000, 0, 1) &&
    s.time <= Date.UTC(2100, 0, 1) &&
    (s.lesson === undefined ||
      (typeof s.lesson === 'string' && /^[a-z0-9][a-z0-9-]{0,63}$/.test(s.lesson))) &&
    (s.step === undefined ||
      (typeof s.step === 'number' &&
        Number.isInteger(s.step) &&
        s.step >= 0 &&
        s.step <= SCRIPT_LIMITS.steps))
  );
}

type Outcome = { ok: true; share: Share } | { ok: false; reason: string };

/** The second decoder: what the fragment holds, judged from the format alone. */
function reference(fragment: string): Outcome {
  if (!fragment.startsWith(SHARE_PREFIX)) return { ok: false, reason: 'format' };
  const body = fragment.slice(SHARE_PREFIX.length);
  if (body.length > MAX_FRAGMENT) return { ok: false, reason: 'too-large' };
  if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length % 4 === 1) return { ok: false, reason: 'format' };
  let json: Buffer;
  try {
    json = inflateRawSync(Buffer.from(body, 'base64url'), { maxOutputLength: MAX_JSON + 1 });
  } catch (e) {
    return {
      ok: false,
      reason: (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'corrupt',
    };
  }
  if (json.length > MAX_JSON) return { ok: false, reason: 'too-large' };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    return { ok: false, reason: 'corrupt' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'invalid' };
  const o = value as Record<string, unknown>;
  if (o.v !== 1) return { ok: false, reason: 'invalid' };
  const share: Record<string, unknown> = { script: o.script, seed: o.seed, time: o.time };
  if (Object.hasOwn(o, 'lesson') && o.lesson !== undefined) share.lesson = o.lesson;
  if (Object.hasOwn(o, 'step') && o.step !== undefined) share.step = o.step;
  return contractHolds(share as unknown as Share)
    ? { ok: true, share: share as unknown as Share }
    : { ok: false, reason: 'invalid' };
}

async function decoded(fragment: string): Promise<Outcome> {
  try {
    return { ok: true, share: await decodeShare(fragment) };
  } catch (e) {
    if (!(e instanceof ShareError))
      throw new Error(`not a ShareError for ${fragment.slice(0, 80)}: ${String(e)}`);
    return { ok: false, reason: e.reason };
  }
}

// ---- inputs ----

const validShare: fc.Arbitrary<Share> = fc.record(
  {
    script: fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 400 }),
        fc
          .array(
            fc.constantFrom('docker pull nginx', 'docker run -d nginx', '# caption', 'ls -la', '中文 🐳'),
            {
              minLength: 1,
              maxLength: 60,
            },
          )
          .map((l) => l.join('\n')),
      )
      .filter((s) => s.trim() !== ''),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    time: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
    lesson: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
    step: fc.integer({ min: 0, max: SCRIPT_LIMITS.steps }),
  },
  { requiredKeys: ['script', 'seed', 'time'] },
);

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A real link, damaged: characters replaced, removed or added, or cut short. */
const mutatedLink: fc.Arbitrary<Promise<string>> = fc
  .record({
    share: validShare,
    edits: fc.array(
      fc.record({
        kind: fc.constantFrom('replace', 'remove', 'insert', 'cut'),
        at: fc.nat(),
        c: fc.constantFrom(...B64, '=', '%', ' ', '\n', '字'),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(async ({ share, edits }) => {
    let text = await encodeShare(share);
    for (const e of edits) {
      const at = SHARE_PREFIX.length + (e.at % Math.max(1, text.length - SHARE_PREFIX.length));
      if (e.kind === 'replace') text = text.slice(0, at) + e.c + text.slice(at + 1);
      else if (e.kind === 'remove') text = text.slice(0, at) + text.slice(at + 1);
      else if (e.kind === 'insert') text = text.slice(0, at) + e.c + text.slice(at);
      else text = text.slice(0, at);
    }
    return text;
  });

const wrongValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    1e308,
    -1,
    2 ** 53,
    2 ** 32,
    0.5,
    -0,
    1e21,
    '1',
    true,
    null,
    [],
    {},
    946684799999,
    4102444800001,
  ),
  fc.string({ maxLength: 10 }),
);
const KEYS = [
  'v',
  'script',
  'seed',
  'time',
  'lesson',
  'step',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'extra',
];

/** JSON objects with every field possibly wrong, extra or a prototype key, written as text. */
const wrongJson: fc.Arbitrary<string> = fc
  .record({
    base: validShare,
    fields: fc.array(fc.tuple(fc.constantFrom(...KEYS), wrongValue), { maxLength: 4 }),
    version: fc.constantFrom(1, 1, 1, 2, '1', 0),
  })
  .map(({ base, fields, version }) => {
    // Written by hand so that "__proto__" ends up in the text as an ordinary key.
    const parts = [
      `"v":${JSON.stringify(version)}`,
      ...Object.entries(base).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`),
    ];
    for (const [k, v] of fields) parts.push(`${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`);
    return `{${parts.join(',')}}`;
  });

const bombs = new Map<number, string>();
/** Deflate bombs: a valid-looking share whose script (or junk) unpacks far past MAX_JSON. */
const bomb: fc.Arbitrary<string> = fc.constantFrom(1, 2, 8, 64).map((times) => {
  let l = bombs.get(times);
  if (!l) {
    const script = 'x'.repeat(MAX_JSON * times);
    l = packJson(JSON.stringify({ v: 1, script, seed: 1, time: Date.UTC(2026, 0, 1) }));
    bombs.set(times, l);
  }
  return l;
});

const input: fc.Arbitrary<string | Promise<string>> = fc.oneof(
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }).map((s) => SHARE_PREFIX + s) },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{0,300}$/).map((s) => SHARE_PREFIX + s) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 300 }).map(link) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => link(deflateRawSync(b))) },
  { weight: 5, arbitrary: mutatedLink },
  { weight: 5, arbitrary: validShare.map((s) => encodeShare(s)) },
  { weight: 6, arbitrary: wrongJson.map(packJson) },
  { weight: 1, arbitrary: bomb },
  {
    weight: 1,
    arbitrary: fc.constantFrom(SHARE_PREFIX + 'A'.repeat(MAX_FRAGMENT + 1), SHARE_PREFIX, '#share', ''),
  },
);

describe('share link decoder fuzz', () => {
  it(`${RUNS} links: only ShareError, the second decoder agrees, accepted shares keep the contract`, async () => {
    const counts = { accepted: 0, rejected: 0, crashes: 0 };
    const reasons = new Map<string, number>();
    let runs = 0;
    try {
      await fc.assert(
        fc.asyncProperty(input, async (made) => {
          runs += 1;
          const fragment = await made;
          let got: Outcome;
          try {
            got = await decoded(fragment);
          } catch (e) {
            counts.crashes += 1;
            throw e;
          }
          expect(got, fragment.slice(0, 120)).toEqual(reference(fragment));
          if (got.ok) {
            counts.accepted += 1;
            expect(contractHolds(got.share)).toBe(true);
            // An accepted share is exactly what its own link would carry.
            expect(await decodeShare(await encodeShare(got.share))).toEqual(got.share);
          } else {
            counts.rejected += 1;
            reasons.set(got.reason, (reasons.get(got.reason) ?? 0) + 1);
          }
        }),
        { numRuns: RUNS, seed: 20261128, endOnFailure: true },
      );
    } catch (e) {
      counts.crashes = Math.max(counts.crashes, 1);
      throw e;
    } finally {
      recordFigures({ suite: 'share link fuzz', size: runs, unit: 'links', result: counts });
    }
    // Every kind of refusal was met, and many links were accepted.
    expect([...reasons.keys()].sort()).toEqual(['corrupt', 'format', 'invalid', 'too-large']);
    expect(counts.accepted).toBeGreaterThan(RUNS / 10);
    if (process.env.FUZZ_VERBOSE) console.log(counts, Object.fromEntries(reasons));
  }, 600_000);

  it('a bomb is refused as too large however far it would unpack', async () => {
    const big = packJson(
      JSON.stringify({ v: 1, script: 'y'.repeat(MAX_JSON * 64), seed: 1, time: Date.UTC(2026, 0, 1) }),
    );
    expect(big.length).toBeLessThan(MAX_FRAGMENT);
    const r = await decoded(big);
    expect(r).toEqual({ ok: false, reason: 'too-large' });
  });
});
