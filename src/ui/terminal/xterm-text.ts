// Reads what an xterm shows back as text: wrapped rows joined into their logical lines, trailing
// blanks trimmed. For the screen-reader-free check the e2e test makes, and for copying a transcript.

import type { Terminal } from '@xterm/xterm';

export function terminalText(term: Terminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const row = buffer.getLine(i);
    if (!row) continue;
    const text = row.translateToString(true);
    if (row.isWrapped && lines.length) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}
