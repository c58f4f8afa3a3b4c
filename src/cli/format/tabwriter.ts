// Go's text/tabwriter (docker/cli's copy, which measures cells with go-runewidth) with the
// elastic-tabstop algorithm: tab-terminated cells in consecutive lines form a column whose
// width is the widest cell plus padding, at least minwidth; the last cell of a line is not
// part of any column, so it is never padded.
import { displayWidth } from './width';

export interface TabwriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  padchar: string;
  /** Pad on the left instead (Go's AlignRight flag). */
  alignRight?: boolean;
}

/** What docker's table formatter uses: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0). */
export const DOCKER_TABLE: TabwriterOptions = { minwidth: 10, tabwidth: 1, padding: 3, padchar: ' ' };

interface Cell {
  text: string;
  width: number;
  htab: boolean;
}

export class Tabwriter {
  private lines: Cell[][] = [[]];
  private cell = '';
  private out = '';
  private widths: number[] = [];

  constructor(private readonly opts: TabwriterOptions = DOCKER_TABLE) {}

  write(text: string): this {
    for (const ch of text) {
      if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f') {
        const line = this.lines[this.lines.length - 1] as Cell[];
        line.push({ text: this.cell, width: displayWidth(this.cell), htab: ch === '\t' });
        this.cell = '';
        if (ch === '\n' || ch === '\f') {
          this.lines.push([]);
          // A one-cell line cannot shape later columns, so Go flushes there; so does '\f'.
          if (ch === '\f' || line.length === 1) this.flushLines();
        }
      } else {
        this.cell += ch;
      }
    }
    return this;
  }

  /** Formats everything written so far and returns the whole output. */
  flush(): string {
    if (this.cell !== '') {
      const line = this.lines[this.lines.length - 1] as Cell[];
      line.push({ text: this.cell, width: displayWidth(this.cell), htab: false });
      this.cell = '';
    }
    this.flushLines();
    const out = this.out;
    this.out = '';
    return out;
  }

  private flushLines(): void {
    this.format(0, this.lines.length);
    // Keep the open (last) line's cells: only complete lines were formatted.
    this.lines = [[]];
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let row = line0; row < line1; row++) {
      const line = this.lines[row] as Cell[];
      if (column >= line.length - 1) continue;
      // This line has a cell in this column: a block of such lines starts here.
      this.writeLines(line0, row);
      line0 = row;
      let width = this.opts.minwidth;
      for (; row < line1; row++) {
        const l = this.lines[row] as Cell[];
        if (column >= l.length - 1) break;
        const c = l[column] as Cell;
        width = Math.max(width, c.width + this.opts.padding);
      }
      this.widths.push(width);
      this.format(line0, row);
      this.widths.pop();
      line0 = row;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] as Cell[];
      for (const [j, c] of line.entries()) {
        const pad = j < this.widths.length ? this.padding(c.width, this.widths[j] as number) : '';
        this.out += this.opts.alignRight ? pad + c.text : c.text + pad;
      }
      // The last line has no newline yet; its text stays pending in Go until the final flush.
      if (i + 1 < this.lines.length) this.out += '\n';
    }
  }

  private padding(textw: number, cellw: number): string {
    if (this.opts.padchar === '\t') {
      const tw = this.opts.tabwidth;
      if (tw === 0) return '';
      const rounded = Math.ceil(cellw / tw) * tw;
      return '\t'.repeat(Math.ceil((rounded - textw) / tw));
    }
    return this.opts.padchar.repeat(Math.max(cellw - textw, 0));
  }
}

/** Formats a whole text at once (rows ending in `\n`, cells ending in `\t`). */
export function tabwrite(text: string, opts: TabwriterOptions = DOCKER_TABLE): string {
  return new Tabwriter(opts).write(text).flush();
}
