// Splits what xterm hands over (typed keys, escape sequences, whole pastes) into keys and text runs,
// so a paste of several lines becomes text, Enter, text, Enter… and runs line by line.

export type KeyName =
  | 'enter'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'home'
  | 'end'
  | 'tab'
  | 'ctrl-c'
  | 'ctrl-d'
  | 'ctrl-l'
  | 'ctrl-u'
  | 'ctrl-k'
  | 'ctrl-w'
  | 'word-left'
  | 'word-right'
  | 'ignored';

export type Key = { type: 'text'; text: string } | { type: KeyName };

const CONTROL: Record<string, KeyName> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
  '\x01': 'home',
  '\x05': 'end',
  '\x02': 'left',
  '\x06': 'right',
  '\x10': 'up',
  '\x0e': 'down',
  '\x03': 'ctrl-c',
  '\x04': 'ctrl-d',
  '\x0c': 'ctrl-l',
  '\x15': 'ctrl-u',
  '\x0b': 'ctrl-k',
  '\x17': 'ctrl-w',
};

// Final byte (with its parameters) of a CSI or SS3 sequence → key.
const SEQUENCES: Record<string, KeyName> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '3~': 'delete',
  '1;5C': 'word-right',
  '1;5D': 'word-left',
  '1;3C': 'word-right',
  '1;3D': 'word-left',
};

export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = '';
  const flush = () => {
    if (text) keys.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < data.length) {
    const ch = data[i] as string;
    if (ch === '\x1b') {
      flush();
      const csi = /^\x1b(?:\[([0-9;]*[@-~])|O([A-Za-z])|(.)?)/s.exec(data.slice(i));
      const seq = csi?.[1] ?? csi?.[2] ?? '';
      const alt = csi?.[3] === 'b' ? 'word-left' : csi?.[3] === 'f' ? 'word-right' : 'ignored';
      keys.push({ type: SEQUENCES[seq] ?? alt });
      i += csi?.[0].length ?? 1;
      continue;
    }
    // A pasted Windows line end is one Enter, not two.
    if (ch === '\r' && data[i + 1] === '\n') i++;
    const control = CONTROL[ch];
    if (control) {
      flush();
      keys.push({ type: control });
    } else if (ch >= ' ') {
      text += ch;
    }
    i++;
  }
  flush();
  return keys;
}
