// Word expansion as BuildKit's shell/lex.go does it: quotes, escapes, $VAR and the ${VAR…} forms.
import { describe, expect, it } from 'vitest';
import { expandWord, expandWords, LexError } from '../../src/engine/build/shell-lex';

const env = { NAME: 'nginx', EMPTY: '', SPACED: 'a b' };

describe('expandWord', () => {
  it('substitutes $VAR and ${VAR}, and unset variables become empty', () => {
    expect(expandWord('$NAME-${NAME}:$NOPE.', env)).toBe('nginx-nginx:.');
  });

  it('accepts a Map as the environment', () => {
    expect(expandWord('${A}', new Map([['A', '1']]))).toBe('1');
  });

  it('${VAR:-w} uses the default when unset or empty, ${VAR-w} only when unset', () => {
    expect(expandWord('${NOPE:-d} ${EMPTY:-d} ${NAME:-d}', env)).toBe('d d nginx');
    expect(expandWord('[${EMPTY-d}] ${NOPE-d}', env)).toBe('[] d');
  });

  it('${VAR:+w} gives w only when set and non-empty, ${VAR+w} when set at all', () => {
    expect(expandWord('[${NAME:+alt}] [${EMPTY:+alt}] [${NOPE:+alt}]', env)).toBe('[alt] [] []');
    expect(expandWord('[${EMPTY+alt}] [${NOPE+alt}]', env)).toBe('[alt] []');
  });

  it('the default word is itself expanded', () => {
    expect(expandWord('${NOPE:-$NAME:latest}', env)).toBe('nginx:latest');
  });

  it('${VAR:?msg} fails with the message when the variable is empty or unset', () => {
    expect(() => expandWord('${EMPTY:?must be set}', env)).toThrow('EMPTY: must be set');
    expect(() => expandWord('${NOPE?}', env)).toThrow('NOPE: is not allowed to be unset');
    expect(expandWord('${NAME:?x}', env)).toBe('nginx');
  });

  it('single quotes keep everything literal and are removed', () => {
    expect(expandWord("'$NAME \\n'", env)).toBe('$NAME \\n');
  });

  it('double quotes expand variables, remove the quotes, and \\ escapes only " $ and \\', () => {
    expect(expandWord('"$NAME \\$NAME \\" \\n"', env)).toBe('nginx $NAME " \\n');
  });

  it('the escape token outside quotes makes the next character literal', () => {
    expect(expandWord('\\$NAME a\\ b', env)).toBe('$NAME a b');
  });

  it('a backtick escape token replaces the backslash', () => {
    expect(expandWord('C:\\dir `$NAME', env, { escapeToken: '`' })).toBe('C:\\dir $NAME');
  });

  it('a lone $ stays a $', () => {
    expect(expandWord('cost: $ 5 $', env)).toBe('cost: $ 5 $');
  });

  it('keeps quotes and unset variables when asked (BuildKit does this for RUN step names)', () => {
    expect(expandWord('echo "hi $NAME" $HOME ${X}', env, { rawQuotes: true, skipUnsetEnv: true })).toBe(
      'echo "hi nginx" $HOME ${X}',
    );
  });

  it('reports a missing } with BuildKit’s text', () => {
    expect(() => expandWord('${NAME', env)).toThrow(`failed to process "\${NAME": syntax error: missing '}'`);
  });

  it('reports ${} and ${:x} as bad substitutions', () => {
    expect(() => expandWord('${}', env)).toThrow('syntax error: bad substitution');
    expect(() => expandWord('${:x}', env)).toThrow('syntax error: bad substitution');
  });

  it('reports an unterminated quote', () => {
    expect(() => expandWord('"abc', env)).toThrow(
      'unexpected end of statement while looking for matching double-quote',
    );
    expect(() => expandWord("'abc", env)).toThrow(LexError);
  });

  it('reports an unsupported modifier', () => {
    expect(() => expandWord('${NAME:=x}', env)).toThrow('unsupported modifier (=) in substitution');
  });
});

describe('pattern forms', () => {
  const files = { F: 'archive.tar.gz', P: '/usr/local/bin' };

  it('${VAR#p} and ${VAR##p} drop the shortest and longest matching prefix', () => {
    expect(expandWord('${P#*/} ${P##*/}', files)).toBe('usr/local/bin bin');
  });

  it('${VAR%p} and ${VAR%%p} drop the shortest and longest matching suffix', () => {
    expect(expandWord('${F%.*} ${F%%.*}', files)).toBe('archive.tar archive');
  });

  it('${VAR/p/r} replaces the first match, ${VAR//p/r} every match', () => {
    expect(expandWord('${P/\\//:} ${P//\\//:}', files)).toBe(':usr/local/bin :usr:local:bin');
    expect(expandWord('${F/tar/zip}', files)).toBe('archive.zip.gz');
  });

  it('a pattern that does not match leaves the value alone', () => {
    expect(expandWord('${F#x*} ${F%.zip}', files)).toBe('archive.tar.gz archive.tar.gz');
  });

  it('a pattern form without its brace is a missing }', () => {
    expect(() => expandWord('${F%.gz', files)).toThrow("syntax error: missing '}'");
  });
});

describe('expandWords', () => {
  it('splits a variable’s value on spaces but not a quoted one', () => {
    expect(expandWords('$SPACED "$SPACED" c', env)).toEqual(['a', 'b', 'a b', 'c']);
  });
});
