// What `docker load` accepts at most, so that a hostile archive cannot exhaust the memory of the tab:
// caps on expanded bytes, entries and metadata, and on how far a compressed layer may inflate.

/** The caps (stated in the README's "Bring your own image" section). */
export const LOAD_LIMITS = {
  /** Everything the archive expands to: stored bytes plus the inflation of compressed layers. */
  expandedBytes: 1024 * 1024 * 1024,
  /** Tar entries of the archive and of all its layers together. */
  entries: 500_000,
  /** A compressed layer may inflate to this many times its stored size, plus `inflateSlack`. */
  inflateRatio: 100,
  inflateSlack: 64 * 1024 * 1024,
  /**
   * manifest.json, index.json, an image config or manifest: JSON documents read whole. Members up to
   * this size are kept whole while the archive is read (a small layer, briefly, twice).
   */
  metadataBytes: 4 * 1024 * 1024,
} as const;

export type Limits = { readonly [K in keyof typeof LOAD_LIMITS]: number };

/** A refusal of `docker load`; `fatal` ones stop the read at once (caps), the others when judged. */
export class LoadError extends Error {
  constructor(
    message: string,
    readonly fatal = false,
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

const MiB = 1024 * 1024;
const human = (n: number) => (n >= MiB ? `${Math.round(n / MiB)} MiB` : `${n} bytes`);

/** Counts what the archive has expanded to so far; throws a fatal LoadError past a cap. */
export class Budget {
  private bytes = 0;
  private count = 0;
  constructor(readonly limits: Limits = LOAD_LIMITS) {}

  addBytes(n: number): void {
    this.bytes += n;
    if (this.bytes > this.limits.expandedBytes)
      throw new LoadError(
        `archive refused: it expands to more than ${human(this.limits.expandedBytes)} (a decompression bomb, or an image too big for this browser)`,
        true,
      );
  }

  addEntry(): void {
    this.count += 1;
    if (this.count > this.limits.entries)
      throw new LoadError(
        `archive refused: more than ${this.limits.entries.toLocaleString('en-US')} entries`,
        true,
      );
  }

  inflate(stored: number, expanded: number): void {
    if (expanded > stored * this.limits.inflateRatio + this.limits.inflateSlack)
      throw new LoadError(
        `archive refused: a compressed layer inflates more than ${this.limits.inflateRatio} times (a decompression bomb)`,
        true,
      );
  }

  get expanded(): number {
    return this.bytes;
  }
  get entries(): number {
    return this.count;
  }
}
