// What the engine needs from the world, injected so that runs are reproducible: a clock, a random
// source and a sha256. The browser passes real ones; tests and `npm run sim --seed N` pass seeded ones.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface Random {
  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number;
}

export interface Sha256 {
  update(chunk: Uint8Array): void;
  /** Lower-case hex of the digest. */
  hex(): string;
}

export interface Platform {
  clock: Clock;
  random: Random;
  sha256: () => Sha256;
}

/** A clock that stands still until told to move: what golden transcripts use. */
export class FixedClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}

/** sfc32, seeded through splitmix32: small, fast, and the same sequence everywhere. */
export class SeededRandom implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t >>> 0;
  }
}

export function randomHex(random: Random, bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i += 4) out += random.uint32().toString(16).padStart(8, '0');
  return out.slice(0, bytes * 2);
}
