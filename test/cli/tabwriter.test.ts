import { describe, expect, it } from 'vitest';
import { DOCKER_TABLE, Tabwriter, tabwrite, type TabwriterOptions } from '../../src/cli/format/tabwriter';
import { displayWidth, padEnd, truncateWidth } from '../../src/cli/format/width';

const opts = (
  minwidth: number,
  tabwidth: number,
  padding: number,
  padchar: string,
  alignRight = false,
): TabwriterOptions => ({
  minwidth,
  tabwidth,
  padding,
  padchar,
  alignRight,
});

// Cases from Go's text/tabwriter tests (as copied into docker/cli, which measures width with go-runewidth).
const GO_CASES: [string, TabwriterOptions, string, string][] = [
  ['1a', opts(8, 0, 1, '.'), '', ''],
  ['2', opts(8, 0, 1, '.'), '\n\n\n', '\n\n\n'],
  ['3', opts(8, 0, 1, '.'), 'a\nb\nc', 'a\nb\nc'],
  ['4a', opts(8, 0, 1, '.'), '\t', ''],
  ['4b', opts(8, 0, 1, '.', true), '\t', ''],
  ['5', opts(8, 0, 1, '.'), '*\t*', '*.......*'],
  ['5b', opts(8, 0, 1, '.'), '*\t*\n', '*.......*\n'],
  ['5c', opts(8, 0, 1, '.'), '*\t*\t', '*.......*'],
  ['5d', opts(8, 0, 1, '.', true), '*\t*\t', '.......**'],
  ['6', opts(8, 0, 1, '.'), '\t\n', '........\n'],
  ['7a', opts(8, 0, 1, '.'), 'a) foo', 'a) foo'],
  ['7b', opts(8, 0, 1, ' '), 'b) foo\tbar', 'b) foo  bar'],
  ['7c', opts(8, 0, 1, '.'), 'c) foo\tbar\t', 'c) foo..bar'],
  ['7d', opts(8, 0, 1, '.'), 'd) foo\tbar\n', 'd) foo..bar\n'],
  ['7e', opts(8, 0, 1, '.'), 'e) foo\tbar\t\n', 'e) foo..bar.....\n'],
  ['8', opts(8, 0, 1, '*'), 'Hello, world!\n', 'Hello, world!\n'],
  ['9a', opts(1, 0, 0, '.'), '1\t2\t3\t4\n11\t222\t3333\t44444\n', '1.2..3...4\n11222333344444\n'],
  ['9c', opts(1, 0, 0, '.'), '1\t2\t3\t4\f11\t222\t3333\t44444\n', '1234\n11222333344444\n'],
  ['10a', opts(5, 0, 0, '.'), '1\t2\t3\t4\n', '1....2....3....4\n'],
  ['10b', opts(5, 0, 0, '.'), '1\t2\t3\t4\t\n', '1....2....3....4....\n'],
  [
    '11',
    opts(8, 0, 1, '.'),
    '本\tb\tc\naa\t本本本\tcccc\tddddd\naaa\tbbbb\n',
    '本......b.......c\naa......本本本..cccc....ddddd\naaa.....bbbb\n',
  ],
  [
    '12a',
    opts(8, 0, 1, ' ', true),
    'a\tè\tc\t\naa\tèèè\tcccc\tddddd\t\naaa\tèèèè\t\n',
    '       a       è       c\n      aa     èèè    cccc   ddddd\n     aaa    èèèè\n',
  ],
  ['12b', opts(2, 0, 0, ' '), 'a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n', 'a  b  c\naa bbbcccc\naaabbbb\n'],
  [
    '12c',
    opts(8, 0, 1, '_'),
    'a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n',
    'a_______b_______c\naa______bbb_____cccc\naaa_____bbbb\n',
  ],
  [
    '13a',
    opts(4, 0, 1, '-'),
    '4444\t日本語\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n',
    '4444------日本語-22--1---333\n999999999-22\n7---------22\n------------------88888888\n\n666666-666666-666666----4444\n1------1------999999999-0000000000\n',
  ],
  [
    '13b',
    opts(4, 0, 3, '.'),
    '4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n',
    '4444........333...22...1...333\n999999999...22\n7...........22\n....................88888888\n\n666666...666666...666666......4444\n1........1........999999999...0000000000\n',
  ],
  [
    '14',
    opts(1, 0, 2, ' ', true),
    '.0\t.3\t2.4\t-5.1\t\n23.0\t12345678.9\t2.4\t-989.4\t\n5.1\t12.0\t2.4\t-7.0\t\n.0\t0.0\t332.0\t8908.0\t\n.0\t-.3\t456.4\t22.1\t\n.0\t1.2\t44.4\t-13.3\t\t',
    '    .0          .3    2.4    -5.1\n  23.0  12345678.9    2.4  -989.4\n   5.1        12.0    2.4    -7.0\n    .0         0.0  332.0  8908.0\n    .0         -.3  456.4    22.1\n    .0         1.2   44.4   -13.3',
  ],
  ['15a', opts(4, 0, 0, '.'), 'a\t\tb', 'a.......b'],
  [
    '16a',
    opts(100, 100, 0, '\t'),
    'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n',
    'a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n',
  ],
];

describe('tabwriter', () => {
  it.each(GO_CASES)("Go's case %s", (_name, o, src, expected) => {
    expect(tabwrite(src, o)).toBe(expected);
  });

  it.each(GO_CASES)("Go's case %s written one character at a time", (_name, o, src, expected) => {
    const w = new Tabwriter(o);
    for (const ch of src) w.write(ch);
    expect(w.flush()).toBe(expected);
  });

  it('docker tables: each column is max(10, widest cell + 3) and the last column is not padded', () => {
    const out = tabwrite(
      'REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE\nnginx\tlatest\t605c77e624dd\t2 years ago\t141MB\nredis\t7\t7614ae9453d1\t2 years ago\t113MB\n',
      DOCKER_TABLE,
    );
    expect(out).toBe(
      'REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n' +
        'nginx        latest    605c77e624dd   2 years ago   141MB\n' +
        'redis        7         7614ae9453d1   2 years ago   113MB\n',
    );
  });

  it('CJK cells count two columns each', () => {
    const out = tabwrite('NAME\tNOTE\n中文名字测试\tx\nab\ty\n', DOCKER_TABLE);
    expect(out).toBe('NAME           NOTE\n中文名字测试   x\nab             y\n');
  });

  it('a header alone keeps minimum widths', () => {
    expect(tabwrite('IMAGE\tSIZE\n', DOCKER_TABLE)).toBe('IMAGE     SIZE\n');
  });
});

describe('display width', () => {
  it('counts wide, narrow and zero-width characters', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('中文')).toBe(4);
    expect(displayWidth('ｱ')).toBe(1);
    expect(displayWidth('Ａ')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('한국')).toBe(4);
    expect(displayWidth('🐳')).toBe(2);
    expect(displayWidth('a\u200bb')).toBe(2);
  });

  it('pads and truncates by columns', () => {
    expect(padEnd('中', 4)).toBe('中  ');
    expect(truncateWidth('中文字', 5)).toBe('中文');
  });
});
