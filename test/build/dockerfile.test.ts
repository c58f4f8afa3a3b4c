// The Dockerfile parser against hand-written Dockerfiles: shapes, stages, lines and BuildKit's errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Dockerfile,
  expandInstruction,
  expandsWords,
  globalArgValues,
  type Instruction,
  instructionText,
  isParseError,
  type ParseError,
  parseDockerfile,
  stageLabel,
  stageStepTotal,
  stepName,
} from '../../src/engine/build/dockerfile';

function ok(text: string): Dockerfile {
  const r = parseDockerfile(text);
  if (isParseError(r)) throw new Error(`unexpected parse error: ${r.message}`);
  return r;
}

function err(text: string): ParseError {
  const r = parseDockerfile(text);
  if (!isParseError(r)) throw new Error('expected a parse error');
  return r;
}

function only<K extends Instruction['kind']>(text: string, kind: K): Extract<Instruction, { kind: K }> {
  const df = ok(`FROM scratch\n${text}\n`);
  const i = df.stages[0]?.instructions[0];
  if (!i || i.kind !== kind) throw new Error(`expected ${kind}, got ${i?.kind}`);
  return i as Extract<Instruction, { kind: K }>;
}

const NGINX = `# a static site
FROM nginx:latest
COPY index.html /usr/share/nginx/html
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
`;

const MULTI = `FROM node:20 AS build
WORKDIR /src
COPY package.json .
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:alpine
COPY --from=build /src/dist /usr/share/nginx/html
`;

describe('single-stage Dockerfile', () => {
  it('parses the nginx-like file into one stage with typed instructions and line numbers', () => {
    const df = ok(NGINX);
    expect(df.stages).toHaveLength(1);
    const st = df.stages[0];
    expect(st?.from.image).toBe('nginx:latest');
    expect(st?.from.startLine).toBe(2);
    expect(st?.instructions.map((i) => [i.kind, i.startLine])).toEqual([
      ['COPY', 3],
      ['EXPOSE', 4],
      ['CMD', 5],
    ]);
  });

  it('COPY gives sources and the destination', () => {
    const copy = ok(NGINX).stages[0]?.instructions[0];
    expect(copy).toMatchObject({ kind: 'COPY', sources: ['index.html'], dest: '/usr/share/nginx/html' });
  });

  it('keeps every instruction in file order, FROM included', () => {
    expect(ok(NGINX).instructions.map((i) => i.kind)).toEqual(['FROM', 'COPY', 'EXPOSE', 'CMD']);
  });

  it('accepts lower-case keywords', () => {
    expect(ok('from alpine\nrun echo hi\n').stages[0]?.instructions[0]?.kind).toBe('RUN');
  });

  it('handles CRLF line endings', () => {
    const df = ok('FROM alpine\r\nRUN echo a \\\r\n  b\r\n');
    expect(df.stages[0]?.instructions[0]).toMatchObject({ kind: 'RUN', args: ['echo a   b'] });
  });
});

describe('multi-stage Dockerfile', () => {
  it('splits into stages at each FROM with their lower-cased names', () => {
    const df = ok(MULTI.replace('AS build', 'AS Build'));
    expect(df.stages.map((s) => [s.index, s.name, s.instructions.length])).toEqual([
      [0, 'build', 5],
      [1, undefined, 1],
    ]);
  });

  it('COPY --from names the stage to copy from', () => {
    const copy = ok(MULTI).stages[1]?.instructions[0];
    expect(copy).toMatchObject({
      kind: 'COPY',
      from: 'build',
      sources: ['/src/dist'],
      flags: { from: 'build' },
    });
  });

  it('accepts FROM --platform', () => {
    expect(ok('FROM --platform=linux/amd64 alpine AS a\n').stages[0]?.from).toMatchObject({
      image: 'alpine',
      platform: 'linux/amd64',
      stageName: 'a',
    });
  });

  it('warns about a duplicate stage name as BuildKit’s linter does', () => {
    const df = ok('FROM alpine AS a\nFROM alpine AS a\n');
    expect(df.warnings).toContain('Duplicate stage name "a", stage names should be unique');
  });
});

describe('ARG before FROM', () => {
  const text = 'ARG VERSION=1.25\nARG BASE\nFROM nginx:${VERSION}\nARG VERSION\nRUN echo $VERSION\n';

  it('ARGs before the first FROM are global, ARGs after belong to the stage', () => {
    const df = ok(text);
    expect(df.globalArgs.map((a) => a.args)).toEqual([
      [{ key: 'VERSION', value: '1.25' }],
      [{ key: 'BASE' }],
    ]);
    expect(df.stages[0]?.instructions[0]).toMatchObject({ kind: 'ARG', args: [{ key: 'VERSION' }] });
  });

  it('the FROM image expands with the global ARG defaults', () => {
    const from = ok(text).stages[0]?.from;
    if (!from) throw new Error('no FROM');
    expect(expandInstruction(from, { VERSION: '1.25' }).image).toBe('nginx:1.25');
  });

  it('globalArgValues expands defaults in order and lets --build-arg win', () => {
    const df = ok('ARG REG=docker.io\nARG IMG=$REG/library/nginx\nARG TAG=1.25\nARG EMPTY\nFROM $IMG:$TAG\n');
    const values = globalArgValues(df, { TAG: '1.27' });
    expect(Object.fromEntries(values)).toEqual({
      REG: 'docker.io',
      IMG: 'docker.io/library/nginx',
      TAG: '1.27',
      EMPTY: '',
    });
    const from = df.stages[0]?.from;
    if (!from) throw new Error('no FROM');
    expect(expandInstruction(from, values).image).toBe('docker.io/library/nginx:1.27');
  });

  it('ARG accepts several declarations on one line', () => {
    expect(only('ARG A=1 B', 'ARG').args).toEqual([{ key: 'A', value: '1' }, { key: 'B' }]);
  });
});

describe('continuations, comments and directives', () => {
  const text = `FROM debian
RUN apt-get update && \\
    # a comment inside is skipped
    apt-get install -y curl \\

    && rm -rf /var/lib/apt/lists/*
USER nobody
`;

  it('joins continued lines, drops comments inside, and spans the right lines', () => {
    const run = ok(text).stages[0]?.instructions[0];
    expect(run).toMatchObject({ kind: 'RUN', startLine: 2, endLine: 6 });
    expect(run?.original).toBe(
      'RUN apt-get update &&     apt-get install -y curl     && rm -rf /var/lib/apt/lists/*',
    );
    expect(ok(text).stages[0]?.instructions[1]).toMatchObject({ kind: 'USER', startLine: 7 });
  });

  it('warns about an empty continuation line as BuildKit does', () => {
    expect(ok(text).warnings[0]).toMatch(/^\[WARNING\]: Empty continuation line found in:\n {4}RUN apt-get/);
  });

  it('# escape=` makes the backtick the continuation and escape character', () => {
    const df = ok('# escape=`\nFROM mcr.microsoft.com/windows\nCOPY C:\\src\\app `\n  C:\\app\n');
    expect(df.escapeToken).toBe('`');
    expect(df.stages[0]?.instructions[0]).toMatchObject({ sources: ['C:\\src\\app'], dest: 'C:\\app' });
  });

  it('# syntax= is read as a directive', () => {
    expect(ok('# syntax=docker/dockerfile:1\nFROM alpine\n').syntax).toBe('docker/dockerfile:1');
  });

  it('a directive after a comment is only a comment', () => {
    const df = ok('# hello\n# escape=`\nFROM alpine\nRUN a \\\n  b\n');
    expect(df.escapeToken).toBe('\\');
  });

  it('an escaped escape token at line end is not a continuation', () => {
    const df = ok('FROM alpine\nRUN echo a\\\\\nUSER x\n');
    expect(df.stages[0]?.instructions.map((i) => i.kind)).toEqual(['RUN', 'USER']);
  });

  it('rejects a repeated directive', () => {
    expect(err('# escape=`\n# escape=\\\nFROM alpine\n')).toMatchObject({
      message: 'only one escape parser directive can be used',
      startLine: 2,
    });
  });

  it('rejects an escape token other than \\ or `', () => {
    expect(err('# escape=x\nFROM alpine\n').message).toBe("invalid escape token 'x' does not match ` or \\");
  });
});

describe('exec form and shell form', () => {
  it('a JSON array is the exec form', () => {
    expect(only('RUN ["apt-get", "update"]', 'RUN')).toMatchObject({
      form: 'exec',
      args: ['apt-get', 'update'],
    });
  });

  it('anything else is the shell form, one string', () => {
    expect(only('RUN apt-get update  &&  true', 'RUN')).toMatchObject({
      form: 'shell',
      args: ['apt-get update  &&  true'],
    });
  });

  it('bad JSON is treated as the shell form', () => {
    expect(only("CMD ['nginx', '-g']", 'CMD')).toMatchObject({ form: 'shell', args: ["['nginx', '-g']"] });
    expect(only('ENTRYPOINT ["a", ', 'ENTRYPOINT')).toMatchObject({ form: 'shell' });
  });

  it('a JSON array of non-strings is an error of the parser pass (no `dockerfile parse error` prefix)', () => {
    expect(err('FROM alpine\nCMD ["a", 1]\n')).toMatchObject({
      message: 'when using JSON array syntax, arrays must be comprised of strings only',
      startLine: 2,
    });
  });

  it('VOLUME takes a JSON array or a space-separated list', () => {
    expect(only('VOLUME ["/data", "/logs"]', 'VOLUME').volumes).toEqual(['/data', '/logs']);
    expect(only('VOLUME /data /logs', 'VOLUME').volumes).toEqual(['/data', '/logs']);
  });

  it('COPY takes the JSON form for paths with spaces', () => {
    expect(only('COPY ["my file", "/dst dir/"]', 'COPY')).toMatchObject({
      form: 'exec',
      sources: ['my file'],
      dest: '/dst dir/',
    });
  });
});

describe('instructions', () => {
  it('ENV K=V pairs keep their raw quotes until expanded', () => {
    const env = only('ENV A=1 B="two words" C=', 'ENV');
    expect(env.pairs).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: '"two words"' },
      { key: 'C', value: '' },
    ]);
    expect(expandInstruction(env, {}).pairs[1]).toEqual({ key: 'B', value: 'two words' });
  });

  it('legacy ENV K V takes the whole rest of the line as the value', () => {
    expect(only('ENV GREETING hello big world', 'ENV').pairs).toEqual([
      { key: 'GREETING', value: 'hello big world' },
    ]);
  });

  it('LABEL gives key/value pairs', () => {
    expect(only('LABEL maintainer="me" version=1', 'LABEL').pairs.map((p) => p.key)).toEqual([
      'maintainer',
      'version',
    ]);
  });

  it('COPY/ADD take --chown and --chmod', () => {
    expect(only('COPY --chown=app:app --chmod=644 a b /dst/', 'COPY')).toMatchObject({
      chown: 'app:app',
      chmod: '644',
      sources: ['a', 'b'],
      dest: '/dst/',
    });
    expect(only('ADD --chown=1000 site.tar /srv', 'ADD')).toMatchObject({ kind: 'ADD', chown: '1000' });
  });

  it('WORKDIR, USER, STOPSIGNAL and MAINTAINER take their one argument', () => {
    expect(only('WORKDIR /app', 'WORKDIR').path).toBe('/app');
    expect(only('USER www-data:www-data', 'USER').user).toBe('www-data:www-data');
    expect(only('STOPSIGNAL SIGQUIT', 'STOPSIGNAL').signal).toBe('SIGQUIT');
    expect(only('MAINTAINER Jane <jane@example.com>', 'MAINTAINER').maintainer).toBe(
      'Jane <jane@example.com>',
    );
  });

  it('EXPOSE lists ports sorted', () => {
    expect(only('EXPOSE 8080 443/tcp 80', 'EXPOSE').ports).toEqual(['443/tcp', '80', '8080']);
  });

  it('SHELL needs the JSON form', () => {
    expect(only('SHELL ["/bin/bash", "-c"]', 'SHELL').shell).toEqual(['/bin/bash', '-c']);
    expect(err('FROM alpine\nSHELL /bin/bash -c\n').message).toBe(
      'dockerfile parse error on line 2: SHELL requires the arguments to be in JSON form',
    );
  });

  it('HEALTHCHECK gives the image-config test and its flags', () => {
    expect(
      only('HEALTHCHECK --interval=5s --retries=3 CMD curl -f http://localhost/', 'HEALTHCHECK'),
    ).toMatchObject({
      test: ['CMD-SHELL', 'curl -f http://localhost/'],
      interval: '5s',
      retries: 3,
    });
    expect(only('HEALTHCHECK CMD ["true"]', 'HEALTHCHECK').test).toEqual(['CMD', 'true']);
    expect(only('HEALTHCHECK NONE', 'HEALTHCHECK').test).toEqual(['NONE']);
  });

  it('ONBUILD keeps its trigger text and refuses ONBUILD ONBUILD', () => {
    expect(only('ONBUILD RUN make', 'ONBUILD').expression).toBe('RUN make');
    expect(err('FROM a\nONBUILD ONBUILD RUN x\n').message).toBe(
      "dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
    );
  });
});

describe('heredocs', () => {
  it('RUN <<EOF takes the following lines up to EOF as its body', () => {
    const df = ok('FROM alpine\nRUN <<EOF\necho one\necho two\nEOF\nUSER x\n');
    const run = df.stages[0]?.instructions[0];
    expect(run).toMatchObject({ kind: 'RUN', startLine: 2, endLine: 5 });
    expect(run?.kind === 'RUN' && run.heredocs).toEqual([
      { name: 'EOF', content: 'echo one\necho two\n', chomp: false, expand: true, fd: 0 },
    ]);
    expect(df.stages[0]?.instructions[1]).toMatchObject({ kind: 'USER', startLine: 6 });
  });

  it('COPY <<EOF makes an inline source file; a quoted name turns expansion off', () => {
    const copy = only("COPY <<'EOF' /etc/motd\nhello $USER\nEOF", 'COPY');
    expect(copy.sources).toEqual([]);
    expect(copy.dest).toBe('/etc/motd');
    expect(copy.heredocs[0]).toMatchObject({ name: 'EOF', content: 'hello $USER\n', expand: false });
  });

  it('<<- accepts a tab-indented terminator', () => {
    const run = only('RUN <<-END\n\techo hi\n\tEND', 'RUN');
    expect(run.heredocs[0]).toMatchObject({ chomp: true, content: '\techo hi\n' });
  });

  it('an unterminated heredoc is an error', () => {
    expect(err('FROM alpine\nRUN <<EOF\necho\n')).toMatchObject({
      message: 'unterminated heredoc',
      startLine: 2,
    });
  });

  it('the exec form has no heredocs', () => {
    expect(only('RUN ["cat", "<<EOF"]', 'RUN').heredocs).toEqual([]);
  });
});

describe('errors as BuildKit prints them', () => {
  it('an empty file', () => {
    expect(err('')).toMatchObject({ message: 'the Dockerfile cannot be empty', startLine: 0 });
  });

  it('a file with only comments and blank lines', () => {
    expect(err('# nothing\n\n').message).toBe('file with no instructions');
  });

  it('an unknown instruction, with BuildKit’s suggestion in the typed case', () => {
    expect(err('FROM node\nWORKDIR /app\nADDD . .\n')).toMatchObject({
      message: 'dockerfile parse error on line 3: unknown instruction: ADDD (did you mean ADD?)',
      startLine: 3,
    });
    expect(err('form alpine\n').message).toBe(
      'dockerfile parse error on line 1: unknown instruction: form (did you mean from?)',
    );
  });

  it('an unknown instruction with nothing close gets no suggestion', () => {
    expect(err('FROM a\nservices:\n').message).toBe(
      'dockerfile parse error on line 2: unknown instruction: services:',
    );
  });

  it('an instruction before any FROM', () => {
    expect(err('ENV A=1\nFROM alpine\n')).toMatchObject({
      message: 'no build stage in current context',
      startLine: 1,
    });
  });

  it('only ARGs and no FROM', () => {
    expect(err('ARG A=1\n').message).toBe('dockerfile contains no stages to build');
  });

  it('COPY with one argument', () => {
    expect(err('FROM a\nCOPY index.html\n').message).toBe(
      'dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined',
    );
  });

  it('FROM with two arguments', () => {
    expect(err('FROM a b\n').message).toBe(
      'dockerfile parse error on line 1: FROM requires either one or three arguments',
    );
  });

  it('a bad stage name', () => {
    expect(err('FROM a AS 1st\n').message).toBe(
      `dockerfile parse error on line 1: invalid name for build stage: "1st", name can't start with a number or contain symbols`,
    );
  });

  it('ENV with a blank name', () => {
    expect(err('FROM a\nENV =x\n').message).toBe(
      'dockerfile parse error on line 2: ENV names can not be blank',
    );
  });

  it('legacy ENV without a value is refused by the parser pass, before any instruction error', () => {
    expect(err('FROM a b\nENV ONLY\n')).toMatchObject({
      message: 'ENV must have two arguments',
      startLine: 2,
    });
  });

  it('ENV K=V mixed with a bare word', () => {
    expect(err('FROM a\nENV A=1 B\n').message).toBe(
      `Syntax error - can't find = in "B". Must be of the form: name=value`,
    );
  });

  it('instructions missing their arguments', () => {
    expect(err('FROM a\nUSER\n').message).toBe(
      'dockerfile parse error on line 2: USER requires exactly one argument',
    );
    expect(err('FROM a\nEXPOSE\n').message).toBe(
      'dockerfile parse error on line 2: EXPOSE requires at least one argument',
    );
  });

  it('an unknown flag', () => {
    expect(err('FROM a\nCOPY --own=1 a b\n').message).toBe(
      'dockerfile parse error on line 2: Unknown flag: own',
    );
  });

  it('the error line of a continued instruction is its first line', () => {
    expect(err('FROM a\nCOPY \\\n  onlyone\n')).toMatchObject({ startLine: 2, endLine: 3 });
  });
});

describe('expansion per instruction', () => {
  const env = { APP: '/srv/app', PORT: '8080', U: 'www' };

  it('COPY, WORKDIR, USER, EXPOSE and VOLUME expand their words', () => {
    const df = ok(
      'FROM a\nCOPY --chown=$U src $APP/\nWORKDIR $APP\nUSER ${U}\nEXPOSE $PORT\nVOLUME $APP/data\n',
    );
    const got = df.stages[0]?.instructions.map((i) => expandInstruction(i, env)) ?? [];
    expect(got[0]).toMatchObject({ chown: 'www', dest: '/srv/app/' });
    expect(got[1]).toMatchObject({ path: '/srv/app' });
    expect(got[2]).toMatchObject({ user: 'www' });
    expect(got[3]).toMatchObject({ ports: ['8080'] });
    expect(got[4]).toMatchObject({ volumes: ['/srv/app/data'] });
  });

  it('ENV and LABEL expand keys and values; ARG expands its default', () => {
    const env2 = only('ENV ${U}_HOME=$APP "X"=\'$literal\'', 'ENV');
    expect(expandInstruction(env2, env).pairs).toEqual([
      { key: 'www_HOME', value: '/srv/app' },
      { key: 'X', value: '$literal' },
    ]);
    expect(expandInstruction(only('ARG DIR=$APP/x', 'ARG'), env).args).toEqual([
      { key: 'DIR', value: '/srv/app/x' },
    ]);
  });

  it('a bad expansion throws BuildKit’s text', () => {
    expect(() => expandInstruction(only('WORKDIR ${APP', 'WORKDIR'), env)).toThrow(
      `failed to process "\${APP": syntax error: missing '}'`,
    );
  });

  it('RUN, CMD and ENTRYPOINT are left to the shell', () => {
    const run = only('RUN echo $APP', 'RUN');
    expect(expandInstruction(run, env).args).toEqual(['echo $APP']);
    expect(expandsWords('RUN')).toBe(false);
    expect(expandsWords('CMD')).toBe(false);
    expect(expandsWords('ENTRYPOINT')).toBe(false);
    expect(expandsWords('COPY')).toBe(true);
  });
});

describe('step names', () => {
  it('instructionText upper-cases the keyword and expands COPY’s variables', () => {
    const df = ok('FROM a\ncopy index.html $DIR\n');
    const copy = df.stages[0]?.instructions[0];
    if (!copy) throw new Error('no COPY');
    expect(instructionText(copy, { DIR: '/usr/share/nginx/html' })).toBe(
      'COPY index.html /usr/share/nginx/html',
    );
  });

  it('RUN’s text keeps its quotes and unset variables', () => {
    const run = only('RUN echo "hello $NAME" $UNSET', 'RUN');
    expect(instructionText(run, { NAME: 'you' })).toBe('RUN echo "hello you" $UNSET');
  });

  it('shows the text unexpanded when its expansion fails', () => {
    expect(instructionText(only('workdir ${X', 'WORKDIR'), {})).toBe('WORKDIR ${X');
  });

  it('a RUN heredoc is summarised by its first line', () => {
    expect(instructionText(only('RUN <<EOF\napt-get update\napt-get install -y curl\nEOF', 'RUN'))).toBe(
      'RUN <<EOF (apt-get update...)',
    );
  });

  it('a one-stage file has no stage label; more stages use the AS name or stage-N', () => {
    expect(stageLabel(ok(NGINX), 0)).toBe('');
    const df = ok(MULTI);
    expect(stageLabel(df, 0)).toBe('build');
    expect(stageLabel(df, 1)).toBe('stage-1');
  });

  it('a one-stage file copying from an image is labelled like a multi-stage one', () => {
    expect(stageLabel(ok('FROM alpine\nCOPY --from=nginx:latest /etc/nginx /x\n'), 0, 1)).toBe('stage-0');
  });

  it('counts FROM plus RUN/COPY/ADD/WORKDIR, but not a FROM of scratch or of an earlier stage', () => {
    expect(stageStepTotal(ok(NGINX), 0)).toBe(2);
    const df = ok(MULTI);
    expect(stageStepTotal(df, 0)).toBe(6);
    expect(stageStepTotal(df, 1)).toBe(2);
    expect(stageStepTotal(ok('FROM scratch\nCOPY a /\n'), 0)).toBe(1);
    expect(stageStepTotal(ok('FROM alpine AS base\nRUN x\nFROM base\nRUN y\n'), 1)).toBe(1);
  });

  it('stepName formats `[label i/n] text` with the number padded to the total’s width', () => {
    expect(stepName('', 2, 4, 'COPY index.html /usr/share/nginx/html')).toBe(
      '[2/4] COPY index.html /usr/share/nginx/html',
    );
    expect(stepName('stage-1', 2, 3, 'RUN apt-get update')).toBe('[stage-1 2/3] RUN apt-get update');
    expect(stepName('build', 3, 12, 'RUN make')).toBe('[build  3/12] RUN make');
  });
});

describe('robustness', () => {
  const token = fc.constantFrom(
    'FROM',
    'from',
    'RUN',
    'COPY',
    'ENV',
    'ARG',
    'ONBUILD',
    'HEALTHCHECK',
    'AS',
    'a',
    'b=c',
    '=',
    '"',
    "'",
    '[',
    ']',
    '["x"]',
    '\\',
    '`',
    '#',
    '# escape=`',
    '<<EOF',
    'EOF',
    '<<-X',
    '--from=a',
    '--chown',
    '$A',
    '${A',
    ' ',
    '\t',
    '\n',
    '\r\n',
  );
  const text = fc.array(token, { maxLength: 40 }).map((ts) => ts.join(''));

  it('parseDockerfile never throws: any text gives a Dockerfile or a ParseError with a line', () => {
    fc.assert(
      fc.property(text, (t) => {
        const r = parseDockerfile(t);
        if (isParseError(r)) {
          expect(r.message.length).toBeGreaterThan(0);
          expect(r.startLine).toBeGreaterThanOrEqual(0);
        } else {
          expect(r.stages.length).toBeGreaterThan(0);
          for (const i of r.instructions) expect(i.endLine).toBeGreaterThanOrEqual(i.startLine);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });
});
