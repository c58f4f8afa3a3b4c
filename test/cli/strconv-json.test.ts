import { describe, expect, it } from 'vitest';
import { GoNil, GoStruct } from '../../src/cli/format/govalue';
import { goJson, goJsonString, inspectJson } from '../../src/cli/format/json';
import { goSprint, goSprintf, goSprintln } from '../../src/cli/format/printf';
import { formatFloat, goQuote, goQuoteRune, parseBool, parseInt64 } from '../../src/cli/format/strconv';

describe("Go's number formatting", () => {
  it('%g with a precision rounds exact ties to even', () => {
    expect([
      formatFloat(2.5, 'f', 0),
      formatFloat(3.5, 'f', 0),
      formatFloat(0.25, 'f', 1),
      formatFloat(1.125, 'g', 3),
    ]).toEqual(['2', '4', '0.2', '1.12']);
  });

  it('%v (shortest %g) switches to exponent form at 1e21 and below 1e-4', () => {
    expect([1234567, 100000, 1e21, 0.0001, 0.00001, 1.5].map((x) => formatFloat(x, 'g', -1))).toEqual([
      '1.234567e+06',
      '100000',
      '1e+21',
      '0.0001',
      '1e-05',
      '1.5',
    ]);
  });

  it('%e and %f', () => {
    expect([formatFloat(3.14159, 'e', 2), formatFloat(-0.5, 'f', 3), formatFloat(0, 'e', 1)]).toEqual([
      '3.14e+00',
      '-0.500',
      '0.0e+00',
    ]);
  });

  it('strconv.Quote escapes like Go', () => {
    expect(goQuote('a"b\\c\n\t\x01\x7f中\u0085')).toBe('"a\\"b\\\\c\\n\\t\\x01\\x7f中\\u0085"');
    expect([goQuoteRune(122), goQuoteRune(39), goQuoteRune(10)]).toEqual(["'z'", "'\\''", "'\\n'"]);
  });

  it('ParseBool and ParseInt errors', () => {
    expect(parseBool('yes')).toEqual({
      ok: false,
      error: 'strconv.ParseBool: parsing "yes": invalid syntax',
    });
    expect(parseInt64('1__0')).toEqual({
      ok: false,
      error: 'strconv.ParseInt: parsing "1__0": invalid syntax',
    });
    expect(parseInt64('-0b101')).toEqual({ ok: true, value: -5 });
  });
});

describe('fmt.Sprintf / Sprint', () => {
  it('common verbs, widths and precisions', () => {
    expect(
      goSprintf('%s|%5s|%-5s|%.2s|%q|%d|%05d|%x|%X|%o|%c|%t|%v|%%', [
        'ab',
        'ab',
        'ab',
        'abc',
        'a"b',
        42,
        -42,
        255,
        255,
        8,
        0x4e2d,
        true,
        [1, 'a'],
      ]),
    ).toBe('ab|   ab|ab   |ab|"a\\"b"|42|-0042|ff|FF|10|中|true|[1 a]|%');
    expect(goSprintf('%.2f %6.1f %e %g %+d', [3.14159, 2.25, 1234.5, 0.1, 5])).toBe(
      '3.14    2.2 1.234500e+03 0.1 +5',
    );
  });

  it("fmt's error forms for wrong types, missing and extra operands", () => {
    expect(goSprintf('%d', ['hi'])).toBe('%!d(string=hi)');
    expect(goSprintf('%s', [5])).toBe('%!s(int=5)');
    expect(goSprintf('%s %s', ['a'])).toBe('a %!s(MISSING)');
    expect(goSprintf('%s', ['a', 'b', 3])).toBe('a%!(EXTRA string=b, int=3)');
    expect(goSprintf('%', [])).toBe('%!(NOVERB)');
    expect(goSprintf('%T %T %T', ['a', 1.5, ['x']])).toBe('string float64 []interface {}');
  });

  it('Sprint spaces operands only when neither is a string; Sprintln always', () => {
    expect(goSprint(['a', 1, 2, 'b', 'c'])).toBe('a1 2bc');
    expect(goSprintln(['a', 1, 'b'])).toBe('a 1 b\n');
  });
});

describe('JSON as Go writes it', () => {
  const image = {
    Id: 'sha256:abc',
    RepoTags: ['nginx:latest'],
    Config: {
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: null,
      Env: [],
      Labels: {},
      ExposedPorts: new Map([['80/tcp', {}]]),
    },
    Size: 187694648,
    Comment: '<a> & b',
  };

  it('MarshalIndent with four spaces: struct order kept, [] and {} for empty composites', () => {
    expect(goJson(image, { indent: '    ' })).toBe(
      [
        '{',
        '    "Id": "sha256:abc",',
        '    "RepoTags": [',
        '        "nginx:latest"',
        '    ],',
        '    "Config": {',
        '        "Cmd": [',
        '            "nginx",',
        '            "-g",',
        '            "daemon off;"',
        '        ],',
        '        "Entrypoint": null,',
        '        "Env": [],',
        '        "Labels": {},',
        '        "ExposedPorts": {',
        '            "80/tcp": {}',
        '        }',
        '    },',
        '    "Size": 187694648,',
        '    "Comment": "\\u003ca\\u003e \\u0026 b"',
        '}',
      ].join('\n'),
    );
  });

  it('docker inspect prints an indented array, HTML unescaped (the daemon disables it), and [] when empty', () => {
    expect(inspectJson([{ Comment: '<a> & b' }])).toBe('[\n    {\n        "Comment": "<a> & b"\n    }\n]\n');
    expect(inspectJson([])).toBe('[]\n');
  });

  it('Map keys are sorted like Go maps; typed nils are null; undefined fields are left out', () => {
    expect(
      goJson({
        m: new Map([
          ['b', 1],
          ['a', 2],
        ]),
        n: new GoNil('slice', '[]string'),
        u: undefined,
      }),
    ).toBe('{"m":{"a":2,"b":1},"n":null}');
  });

  it('strings escape control characters, U+2028/U+2029 and (optionally) <>&', () => {
    expect(goJsonString('\n\r\t\b\f\x01\u2028<', true)).toBe('"\\n\\r\\t\\b\\f\\u0001\\u2028\\u003c"');
    expect(goJsonString('<&>', false)).toBe('"<&>"');
  });

  it('structs encode their fields in order, without methods', () => {
    expect(goJson(new GoStruct('T', { B: 1, A: 'x', M: () => 1 }))).toBe('{"B":1,"A":"x"}');
  });

  it('numbers use the shortest form with exponents from 1e21', () => {
    expect(goJson([1.5, 1e21, 1e-7, -0.25])).toBe('[1.5,1e+21,1e-7,-0.25]');
  });
});
