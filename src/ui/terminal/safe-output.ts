// What may reach xterm from the shells: text, and only the escape sequences the app's own programs
// use (SGR colours, cursor moves, erases, hiding the cursor). Everything else a file or a program
// could print — OSC (window title, hyperlinks, clipboard), DCS/APC/PM/SOS strings, other escapes,
// C0 controls but \n \r \t \b, and C1 controls — is shown as visible caret text (`^[]0;title^G`),
// so a `cat` of a hostile file cannot retitle the tab, make a link, write the clipboard or make the
// terminal answer back into the shell's input.

/** CSI sequences let through: numeric parameters only, no intermediates, an allowed final byte. */
const ALLOWED_CSI = /\x1b\[(?:[0-9;:]*[ABCDEFGHJKfm]|\?25[hl])/y;

/** Controls the terminal may act on as controls: newline, carriage return, tab, backspace. */
const KEPT_CONTROLS = new Set(['\n', '\r', '\t', '\b']);

/** Caret notation as `cat -v` writes it: ^[ for ESC, ^? for DEL, M-^[ for the C1 byte 0x9b. */
export function caret(code: number): string {
  if (code === 0x7f) return '^?';
  if (code >= 0x80) return `M-${caret(code - 0x80)}`;
  return `^${String.fromCharCode(code + 0x40)}`;
}

const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);

/** `data` with every sequence and control the terminal must not act on made visible as text. */
export function safeTerminalOutput(data: string): string {
  // The common case, plain text and the app's own sequences, is returned as it is.
  let out = '';
  let from = 0;
  for (let i = 0; i < data.length; i++) {
    const ch = data[i] as string;
    const code = ch.charCodeAt(0);
    if (!isControl(code) || KEPT_CONTROLS.has(ch)) continue;
    if (code === 0x1b) {
      ALLOWED_CSI.lastIndex = i;
      const m = ALLOWED_CSI.exec(data);
      if (m) {
        i += m[0].length - 1;
        continue;
      }
    }
    out += data.slice(from, i) + caret(code);
    from = i + 1;
  }
  return from === 0 ? data : out + data.slice(from);
}
