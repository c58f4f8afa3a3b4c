// .dockerignore reading and matching, case by case against what docker/cli (ignorefile.ReadAll) and
// moby/patternmatcher (MatchesOrParentMatches) do with the same lines and paths.

import { describe, expect, it } from 'vitest';
import {
  BAD_PATTERN,
  DockerignoreError,
  goClean,
  goMatch,
  hasWildcards,
  isExcluded,
  keepBuildFiles,
  PatternMatcher,
  readDockerignore,
} from '../../src/engine/build/dockerignore';

describe('readDockerignore (ignorefile.ReadAll)', () => {
  const cases: [string, string, string[]][] = [
    ['comments and blank lines are skipped', '# comment\n\nfoo\n\n# more\nbar\n', ['foo', 'bar']],
    ['surrounding spaces are trimmed', '  foo  \n\tbar\t\n', ['foo', 'bar']],
    ['# only counts at the very start of a line', '  # not a comment\n', ['# not a comment']],
    ['a leading / is dropped', '/foo/bar\n', ['foo/bar']],
    ['a leading ./ is cleaned away', './foo\n', ['foo']],
    ['a trailing / is cleaned away', 'foo/\n', ['foo']],
    ['.. and // are cleaned', 'a//b/../c\n', ['a/c']],
    ['"/" alone stays "/"', '/\n', ['/']],
    ['! keeps its place in front of the cleaned pattern', '!/foo/\n', ['!foo']],
    ['spaces after ! are trimmed', '!  foo\n', ['!foo']],
    ['a lone ! survives (the matcher rejects it)', '!\n', ['!']],
    ['CRLF line ends', 'foo\r\nbar\r\n', ['foo', 'bar']],
    ['a UTF-8 BOM on the first line is dropped', '\uFEFFfoo\nbar', ['foo', 'bar']],
    ['no final newline', 'foo', ['foo']],
    ['empty file', '', []],
  ];
  it.each(cases)('%s', (_name, text, want) => {
    expect(readDockerignore(text)).toEqual(want);
  });
});

describe('goClean (Go path.Clean)', () => {
  it.each([
    ['', '.'],
    ['.', '.'],
    ['./a/', 'a'],
    ['a/./b/', 'a/b'],
    ['../a', '../a'],
    ['/../a', '/a'],
    ['a/b/../../..', '..'],
    ['//x', '/x'],
  ])('%j → %j', (p, want) => {
    expect(goClean(p)).toBe(want);
  });
});

describe('PatternMatcher.matches (MatchesOrParentMatches)', () => {
  const cases: [string[], string, boolean][] = [
    // plain names: the path or any parent directory
    [['foo'], 'foo', true],
    [['foo'], 'foo/bar/baz', true],
    [['foo'], 'foobar', false],
    [['foo'], 'dir/foo', false],
    [['node_modules'], 'node_modules/x/index.js', true],
    [['dir/sub'], 'dir/sub/file', true],
    [['dir/sub'], 'dir/other', false],
    // '*' and '?' stay inside one path component
    [['*'], 'file', true],
    [['*'], 'dir/file', true],
    [['*.go'], 'main.go', true],
    [['*.go'], 'pkg/main.go', false],
    [['*/*.go'], 'pkg/main.go', true],
    [['a?c'], 'abc', true],
    [['a?c'], 'a/c', false],
    [['a?c'], 'abbc', false],
    // '**' crosses directories
    [['**'], 'anything/at/all', true],
    [['**/'], 'file', true],
    [['**/file'], 'file', true],
    [['**/file'], 'dir/file', true],
    [['**/file'], 'a/b/file', true],
    [['**/file'], 'afile', false],
    [['**file'], 'dir/somefile', true],
    [['**/*.go'], 'a/b/main.go', true],
    [['**/*.go'], 'main.go', true],
    [['dir/**'], 'dir/file', true],
    [['dir/**'], 'dir/a/b', true],
    [['dir/**'], 'dirx/file', false],
    [['a/**/b'], 'a/b', true],
    [['a/**/b'], 'a/x/y/b', true],
    [['a/**/b'], 'a/x/y/c', false],
    [['**/dir2/*'], 'dir/dir2/file', true],
    [['**/dir2/*'], 'dir/dir2/sub/file', true],
    [['**/dir2/*'], 'dir/dir3/file', false],
    // classes and escapes
    [['[a-c]x'], 'bx', true],
    [['[a-c]x'], 'dx', false],
    [['[^a]x'], 'bx', true],
    [['[^a]x'], 'ax', false],
    [['a\\*b'], 'a*b', true],
    [['a\\*b'], 'axb', false],
    // regexp characters are literal
    [['foo.txt'], 'foo.txt', true],
    [['*.txt'], 'fooxtxt', false],
    [['a+b'], 'a+b', true],
    [['(x)|y'], '(x)|y', true],
    [['{a,b}'], 'a', false],
    [['{a,b}'], '{a,b}', true],
    // dot files are not special
    [['.git'], '.git/config', true],
    [['*'], '.hidden', true],
    // the last matching line wins; ! re-includes
    [['*.md', '!README.md'], 'README.md', false],
    [['*.md', '!README.md'], 'CHANGES.md', true],
    [['*.md', '!README*.md', 'README-secret.md'], 'README-secret.md', true],
    [['*.md', '!README*.md', 'README-secret.md'], 'README-a.md', false],
    [['docs', '!docs/keep.md'], 'docs/keep.md', false],
    [['docs', '!docs/keep.md'], 'docs/other.md', true],
    [['docs', '!docs/keep.md'], 'docs', true],
    [['!x'], 'x', false],
    [['!README.md', '*.md'], 'README.md', true],
    // the context root itself is never left out
    [['*'], '.', false],
    [['**'], '', false],
  ];
  it.each(cases)('%j on %j → %s', (patterns, path, want) => {
    expect(PatternMatcher.of(patterns).matches(path)).toBe(want);
  });

  it('reports whether any ! line exists (an excluded directory must then still be walked)', () => {
    expect(PatternMatcher.of(['a', 'b']).exclusions).toBe(false);
    expect(PatternMatcher.of(['a', '!a/b']).exclusions).toBe(true);
  });

  it('rejects a lone "!" with patternmatcher\'s words', () => {
    expect(() => PatternMatcher.of(readDockerignore('!\n'))).toThrow('illegal exclusion pattern: "!"');
  });

  it.each([['['], ['a['], ['[]'], ['[-a]'], ['[a-]'], ['a\\']])('rejects %j as a bad pattern', (p) => {
    expect(() => PatternMatcher.of([p])).toThrow(DockerignoreError);
    expect(() => PatternMatcher.of([p])).toThrow(BAD_PATTERN);
  });

  it('skips blank patterns and cleans the rest', () => {
    const m = PatternMatcher.of(['', '  ', './dir/']);
    expect(m.patterns.map((p) => p.text)).toEqual(['dir']);
    expect(m.matches('dir/x')).toBe(true);
  });
});

describe('keepBuildFiles (TrimBuildFilesFromExcludes)', () => {
  it('re-includes .dockerignore and the Dockerfile when a pattern would leave them out', () => {
    expect(keepBuildFiles(['*'], 'Dockerfile')).toEqual(['*', '!.dockerignore', '!Dockerfile']);
    expect(keepBuildFiles(['Dockerfile'], 'Dockerfile')).toEqual(['Dockerfile', '!Dockerfile']);
    expect(keepBuildFiles(['.dockerignore'], 'Dockerfile')).toEqual(['.dockerignore', '!.dockerignore']);
  });

  it('leaves patterns alone when neither file is touched', () => {
    expect(keepBuildFiles(['*.log', 'tmp'], 'Dockerfile')).toEqual(['*.log', 'tmp']);
  });

  it('keeps a Dockerfile in a subdirectory by its context path', () => {
    const kept = keepBuildFiles(['build'], 'build/app.Dockerfile');
    expect(kept).toEqual(['build', '!build/app.Dockerfile']);
    expect(isExcluded('build/app.Dockerfile', kept)).toBe(false);
    expect(isExcluded('build/other', kept)).toBe(true);
  });
});

describe('goMatch (filepath.Match, for COPY wildcards)', () => {
  it.each([
    ['*.html', 'index.html', true],
    ['*.html', 'a/index.html', false],
    ['*/*.html', 'a/index.html', true],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file10.txt', false],
    ['[ab]*', 'beta', true],
    ['[!a]*', '!x', true],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['*', '', true],
    ['a*b*c', 'abxbc', true],
    ['a*b*c', 'abxbd', false],
  ])('%j on %j → %s', (p, name, want) => {
    expect(goMatch(p, name)).toBe(want);
  });

  it('throws on a malformed pattern even when the name already differs', () => {
    expect(() => goMatch('x[', 'y')).toThrow(BAD_PATTERN);
  });

  it('hasWildcards sees *, ? and [ but not escaped ones', () => {
    expect(hasWildcards('*.html')).toBe(true);
    expect(hasWildcards('a?')).toBe(true);
    expect(hasWildcards('[ab]')).toBe(true);
    expect(hasWildcards('a\\*b')).toBe(false);
    expect(hasWildcards('dir/file')).toBe(false);
  });
});
