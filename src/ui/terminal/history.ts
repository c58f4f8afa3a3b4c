// The lines typed into the terminal, kept across reloads in localStorage (bounded) and walked with ↑/↓.

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const HISTORY_KEY = 'layerlab.terminal.history';
export const HISTORY_LIMIT = 500;

export class History {
  private readonly lines: string[];
  /** lines.length while editing a new line; smaller while walking back. */
  private index: number;
  /** The line being typed before ↑ was pressed, given back when ↓ walks past the newest entry. */
  private draft = '';

  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly limit = HISTORY_LIMIT,
  ) {
    this.lines = History.read(storage).slice(-limit);
    this.index = this.lines.length;
  }

  private static read(storage: KeyValueStorage | null): string[] {
    try {
      const parsed: unknown = JSON.parse(storage?.getItem(HISTORY_KEY) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((l): l is string => typeof l === 'string') : [];
    } catch {
      return []; // unreadable or storage refused: start with none
    }
  }

  get entries(): readonly string[] {
    return this.lines;
  }

  /** Records a submitted line (not blank, not a repeat of the last one, as bash's ignoredups). */
  add(line: string): void {
    this.index = this.lines.length;
    this.draft = '';
    if (!line.trim() || this.lines[this.lines.length - 1] === line) return;
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
    this.index = this.lines.length;
    try {
      this.storage?.setItem(HISTORY_KEY, JSON.stringify(this.lines));
    } catch {
      // Storage full or refused: history lasts for this page only.
    }
  }

  /** ↑: the previous entry, or undefined at the oldest. */
  previous(current: string): string | undefined {
    if (this.index === 0) return undefined;
    if (this.index === this.lines.length) this.draft = current;
    this.index--;
    return this.lines[this.index];
  }

  /** ↓: the next entry, the draft past the newest, or undefined when already editing the draft. */
  next(): string | undefined {
    if (this.index >= this.lines.length) return undefined;
    this.index++;
    return this.index === this.lines.length ? this.draft : this.lines[this.index];
  }

  /** Forgets where ↑/↓ had walked to (a new prompt). */
  reset(): void {
    this.index = this.lines.length;
    this.draft = '';
  }
}
