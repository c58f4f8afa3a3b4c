// The line being typed after a prompt: its text, the cursor, and the escape sequences that redraw it
// in place (the line may wrap over several rows of the terminal).

import { displayWidth } from '../../cli/format/width';

export class LineEditor {
  text = '';
  /** Cursor position as a UTF-16 index into `text`. */
  cursor = 0;
  /** The text as last drawn after the prompt. */
  private drawn = '';
  /** Where the terminal cursor is, as a display offset from the start of the prompt. */
  private at = 0;

  constructor(
    public prompt: string,
    private readonly columns: () => number,
  ) {}

  set(text: string, cursor = text.length): void {
    this.text = text;
    this.cursor = Math.max(0, Math.min(cursor, text.length));
  }

  insert(s: string): void {
    this.set(this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor), this.cursor + s.length);
  }

  backspace(): void {
    if (this.cursor === 0) return;
    const n = charBefore(this.text, this.cursor);
    this.set(this.text.slice(0, this.cursor - n) + this.text.slice(this.cursor), this.cursor - n);
  }

  deleteForward(): void {
    if (this.cursor >= this.text.length) return;
    const n = charAt(this.text, this.cursor);
    this.set(this.text.slice(0, this.cursor) + this.text.slice(this.cursor + n), this.cursor);
  }

  left(): void {
    if (this.cursor > 0) this.cursor -= charBefore(this.text, this.cursor);
  }

  right(): void {
    if (this.cursor < this.text.length) this.cursor += charAt(this.text, this.cursor);
  }

  wordLeft(): void {
    this.cursor = wordStart(this.text, this.cursor);
  }

  wordRight(): void {
    const m = /^\s*\S*/.exec(this.text.slice(this.cursor));
    this.cursor += m?.[0].length ?? 0;
  }

  /** Ctrl-U: deletes from the start of the line to the cursor (as bash). */
  killBefore(): void {
    this.set(this.text.slice(this.cursor), 0);
  }

  killAfter(): void {
    this.set(this.text.slice(0, this.cursor), this.cursor);
  }

  /** Ctrl-W: deletes the whitespace-delimited word before the cursor. */
  killWord(): void {
    const start = wordStart(this.text, this.cursor);
    this.set(this.text.slice(0, start) + this.text.slice(this.cursor), start);
  }

  /** Escape sequences that draw prompt + text from scratch, starting at column 0 of the current row. */
  drawFresh(): string {
    const end = displayWidth(this.prompt + this.text);
    const out = this.prompt + this.text + this.settle(end);
    this.drawn = this.text;
    this.at = end;
    return out + this.moveTo(this.cursorOffset());
  }

  /**
   * Escape sequences that bring the screen from the last drawing to the current text, rewriting only
   * from the first changed character: typing echoes just what was typed, which is also all a screen
   * reader then announces (never the prompt again).
   */
  redraw(): string {
    let common = 0;
    const max = Math.min(this.drawn.length, this.text.length);
    while (common < max && this.drawn[common] === this.text[common]) common++;
    if (common > 0 && isLowSurrogate(this.text.charCodeAt(common))) common--;
    let out = '';
    if (common < this.drawn.length || common < this.text.length) {
      out += this.moveTo(displayWidth(this.prompt + this.text.slice(0, common)));
      const tail = this.text.slice(common);
      const end = displayWidth(this.prompt + this.text);
      out += tail + this.settle(end);
      this.at = end;
      if (displayWidth(this.prompt + this.drawn) > end) out += '\x1b[J';
      this.drawn = this.text;
    }
    return out + this.moveTo(this.cursorOffset());
  }

  /** Moves the terminal cursor past the end of the text (before a newline ends the line). */
  moveToEnd(): string {
    return this.moveTo(displayWidth(this.prompt + this.drawn));
  }

  private cursorOffset(): number {
    return displayWidth(this.prompt + this.text.slice(0, this.cursor));
  }

  /**
   * After writing up to `end`: a row filled exactly leaves xterm waiting to wrap. As readline does, a
   * space makes it wrap now (the row stays a soft-wrapped continuation, so copying and the transcript
   * keep the line whole) and the carriage return puts the cursor back on that space.
   */
  private settle(end: number): string {
    const cols = Math.max(1, this.columns());
    return end > 0 && end % cols === 0 ? ' \r' : '';
  }

  /** Moves the terminal cursor from where it is (`at`) to display offset `to` from the prompt's start. */
  private moveTo(to: number): string {
    if (to === this.at) return '';
    const cols = Math.max(1, this.columns());
    const rows = Math.floor(to / cols) - Math.floor(this.at / cols);
    const col = to % cols;
    this.at = to;
    let out = rows < 0 ? `\x1b[${-rows}A` : rows > 0 ? `\x1b[${rows}B` : '';
    out += '\r' + (col > 0 ? `\x1b[${col}C` : '');
    return out;
  }
}

function isLowSurrogate(code: number | undefined): boolean {
  return code !== undefined && code >= 0xdc00 && code <= 0xdfff;
}

function charBefore(text: string, i: number): number {
  return i >= 2 && isLowSurrogate(text.charCodeAt(i - 1)) ? 2 : 1;
}

function charAt(text: string, i: number): number {
  return isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
}

function wordStart(text: string, i: number): number {
  let j = i;
  while (j > 0 && /\s/.test(text[j - 1] ?? '')) j--;
  while (j > 0 && !/\s/.test(text[j - 1] ?? '')) j--;
  return j;
}
