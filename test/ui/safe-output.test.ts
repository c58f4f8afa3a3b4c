// The terminal's output filter: the app's own escape sequences pass, everything else a file or a
// program could print to take over the terminal is shown as caret text.

import { describe, expect, it } from 'vitest';
import type { Session } from '../../src/cli/types';
import { TerminalController } from '../../src/ui/terminal/controller';
import { History } from '../../src/ui/terminal/history';
import { LineEditor } from '../../src/ui/terminal/line-editor';
import { caret, safeTerminalOutput } from '../../src/ui/terminal/safe-output';

describe('safeTerminalOutput', () => {
  it('returns plain text, unicode and the kept controls unchanged', () => {
    const text = 'hello\tworld\r\n中文 ok\bK\n';
    expect(safeTerminalOutput(text)).toBe(text);
  });

  it('lets through the sequences the app writes itself', () => {
    const own = [
      '\x1b[0m',
      '\x1b[31m',
      '\x1b[1;34m',
      '\x1b[38;5;208m',
      '\x1b[38:2::1:2:3m',
      '\x1b[3A',
      '\x1b[2B',
      '\x1b[12C',
      '\x1b[D',
      '\x1b[0G',
      '\x1b[H',
      '\x1b[2J',
      '\x1b[3J',
      '\x1b[J',
      '\x1b[2K',
      '\x1b[?25l',
      '\x1b[?25h',
    ];
    for (const seq of own) expect(safeTerminalOutput(`a${seq}b`)).toBe(`a${seq}b`);
  });

  it('shows OSC strings (title, hyperlink, clipboard) as caret text', () => {
    expect(safeTerminalOutput('\x1b]0;title\x07')).toBe('^[]0;title^G');
    expect(safeTerminalOutput('\x1b]8;;https://evil/\x07link\x1b]8;;\x07')).toBe(
      '^[]8;;https://evil/^Glink^[]8;;^G',
    );
    expect(safeTerminalOutput('\x1b]52;c;aGk=\x1b\\')).toBe('^[]52;c;aGk=^[\\');
  });

  it('shows DCS, APC, PM and SOS strings as caret text', () => {
    expect(safeTerminalOutput('\x1bP$qm\x1b\\')).toBe('^[P$qm^[\\');
    expect(safeTerminalOutput('\x1b_apc\x1b\\')).toBe('^[_apc^[\\');
    expect(safeTerminalOutput('\x1b^pm\x1b\\')).toBe('^[^pm^[\\');
    expect(safeTerminalOutput('\x1bXsos\x1b\\')).toBe('^[Xsos^[\\');
  });

  it('shows CSI sequences that make the terminal answer or change modes as caret text', () => {
    // Device status and attributes reports would be typed back into the shell's input.
    expect(safeTerminalOutput('\x1b[6n')).toBe('^[[6n');
    expect(safeTerminalOutput('\x1b[c')).toBe('^[[c');
    expect(safeTerminalOutput('\x1b[>c')).toBe('^[[>c');
    expect(safeTerminalOutput('\x1b[21t')).toBe('^[[21t');
    // Mouse reporting, the alternate screen, scroll regions.
    expect(safeTerminalOutput('\x1b[?1000h')).toBe('^[[?1000h');
    expect(safeTerminalOutput('\x1b[?1049h')).toBe('^[[?1049h');
    expect(safeTerminalOutput('\x1b[1;5r')).toBe('^[[1;5r');
  });

  it('shows other escapes (full reset, save cursor, charsets) as caret text', () => {
    expect(safeTerminalOutput('\x1bc')).toBe('^[c');
    expect(safeTerminalOutput('\x1b7x\x1b8')).toBe('^[7x^[8');
    expect(safeTerminalOutput('\x1b(0q')).toBe('^[(0q');
    expect(safeTerminalOutput('end\x1b')).toBe('end^[');
  });

  it('shows C0 controls other than \\n \\r \\t \\b, DEL and C1 controls as caret text', () => {
    expect(safeTerminalOutput('a\x07b\x00c\x0cd\x0be\x7f')).toBe('a^Gb^@c^Ld^Ke^?');
    // 8-bit CSI, OSC and DCS: xterm would act on them as on their ESC forms.
    expect(safeTerminalOutput('\x9b6n')).toBe('M-^[6n');
    expect(safeTerminalOutput('\x9d0;t\x9c')).toBe('M-^]0;tM-^\\');
    expect(safeTerminalOutput('\x90q\x9c\x85')).toBe('M-^PqM-^\\M-^E');
  });

  it('writes caret notation as cat -v does', () => {
    expect(caret(0x1b)).toBe('^[');
    expect(caret(0x07)).toBe('^G');
    expect(caret(0x00)).toBe('^@');
    expect(caret(0x7f)).toBe('^?');
    expect(caret(0x9b)).toBe('M-^[');
  });

  it('leaves no ESC, C1 or stray C0 control in what it returns, whatever it is given', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 500; n++) {
      let s = '';
      for (let k = 0; k < 40; k++) {
        const r = next() % 10;
        s += r < 3 ? '\x1b' : r < 5 ? String.fromCharCode(next() % 0xa0) : '[0;]?6nmA'[next() % 9];
      }
      const out = safeTerminalOutput(s);
      const bare = out.replace(/\x1b\[(?:[0-9;:]*[ABCDEFGHJKfm]|\?25[hl])/g, '');
      expect(bare).not.toMatch(/[\x00-\x07\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
    }
  });
});

describe('the terminal controller writes through the filter', () => {
  const session = (print: string): Session => ({
    kind: 'host',
    prompt: () => '$ ',
    run: async (_line, io) => {
      io.out(print);
      return { code: 0 };
    },
  });

  it('shows a program printing an OSC title as text, and its colours as colours', async () => {
    let written = '';
    const c = new TerminalController(
      { write: (d) => (written += d), columns: () => 80 },
      session('\x1b[31mred\x1b[0m \x1b]0;pwned\x07\n'),
      new History(null),
    );
    c.start();
    const rec = await c.type('x');
    expect(written).toContain('\x1b[31mred\x1b[0m ^[]0;pwned^G\r\n');
    expect(written).not.toContain('\x1b]');
    // The command's record keeps what the program printed.
    expect(rec.output).toBe('red \x1b]0;pwned\x07\n');
  });

  it('leaves the line editor drawing intact', async () => {
    let written = '';
    const c = new TerminalController(
      { write: (d) => (written += d), columns: () => 80 },
      session(''),
      new History(null),
    );
    c.start();
    const ed = new LineEditor('$ ', () => 80);
    expect(written).toBe(ed.drawFresh());
  });
});
