// Instruction flags as BuildKit's bflag.go reads them: which `--name` each instruction accepts, of
// which kind (string, bool, repeatable), and the texts it refuses with.

export type FlagKind = 'string' | 'bool' | 'strings';

export function parseFlags(
  raw: readonly string[],
  allowed: Readonly<Record<string, FlagKind>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of raw) {
    if (!word.startsWith('--')) throw new Error(`Arg should start with -- : ${word}`);
    if (word === '--') break;
    let name = word.slice(2);
    let value = '';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const kind = allowed[name];
    if (kind === undefined) throw new Error(`Unknown flag: ${name}`);
    if (name in out && kind !== 'strings') throw new Error(`Duplicate flag specified: ${name}`);
    if (kind === 'bool') {
      if (eq >= 0 && value === '') throw new Error(`Missing a value on flag: ${name}`);
      const lower = value.toLowerCase();
      if (lower !== '' && lower !== 'true' && lower !== 'false') {
        throw new Error(`Expecting boolean value for flag ${name}, not: ${value}`);
      }
      out[name] = lower === '' ? 'true' : lower;
    } else {
      if (eq < 0) throw new Error(`Missing a value on flag: ${name}`);
      out[name] = kind === 'strings' && name in out ? `${out[name]},${value}` : value;
    }
  }
  return out;
}

export const FLAGS: Readonly<Record<string, Readonly<Record<string, FlagKind>>>> = {
  from: { platform: 'string' },
  run: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  copy: {
    chown: 'string',
    chmod: 'string',
    from: 'string',
    link: 'bool',
    parents: 'bool',
    exclude: 'strings',
  },
  add: {
    chown: 'string',
    chmod: 'string',
    link: 'bool',
    'keep-git-dir': 'bool',
    checksum: 'string',
    exclude: 'strings',
    unpack: 'bool',
  },
  healthcheck: {
    interval: 'string',
    timeout: 'string',
    'start-period': 'string',
    'start-interval': 'string',
    retries: 'string',
  },
};
