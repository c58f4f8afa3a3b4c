import { describe, expect, it } from 'vitest';
import { renderFormat } from '../../src/cli/format/context';
import { GoNil, GoStruct } from '../../src/cli/format/govalue';
import { GoTemplate, TemplateError, type ExecuteOptions } from '../../src/cli/format/template/index';

const inspect = {
  Id: 'sha256:605c77e624dd',
  RepoTags: ['nginx:latest', 'web:v1'],
  Config: {
    Env: ['PATH=/usr/bin', 'NGINX_VERSION=1.27'],
    Cmd: ['nginx', '-g', 'daemon off;'],
    Entrypoint: null,
    Labels: { maintainer: 'NGINX', 'com.example': 'x' },
    ExposedPorts: { '80/tcp': {} },
  },
  RootFS: { Type: 'layers', Layers: ['sha256:aaa', 'sha256:bbb'] },
  Size: 187694648,
  NetworkSettings: {
    IPAddress: '172.17.0.2',
    Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8888' }] },
  },
  State: { Running: true, ExitCode: 0 },
};

function run(tmpl: string, data: unknown = inspect, opts: ExecuteOptions = {}): string {
  return GoTemplate.parse(tmpl).execute(data, opts);
}

function fails(tmpl: string, data: unknown = inspect, opts: ExecuteOptions = {}): string {
  try {
    run(tmpl, data, opts);
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
  throw new Error('expected a template error');
}

describe('Go templates for --format', () => {
  it('field paths print with Go default formatting', () => {
    expect(run('{{.RootFS.Layers}}')).toBe('[sha256:aaa sha256:bbb]');
    expect(run('{{.NetworkSettings.IPAddress}}')).toBe('172.17.0.2');
    expect(run('{{.Size}}')).toBe('187694648');
    expect(run('{{.State.Running}}')).toBe('true');
    expect(run('{{.Config.Labels}}')).toBe('map[com.example:x maintainer:NGINX]');
    expect(run('{{.NetworkSettings.Ports}}')).toBe('map[80/tcp:[map[HostIp:0.0.0.0 HostPort:8888]]]');
  });

  it('{{json .X}} prints compact JSON without HTML escaping', () => {
    expect(run('{{json .Config.Cmd}}')).toBe('["nginx","-g","daemon off;"]');
    expect(run('{{json .Config.Entrypoint}}')).toBe('null');
    expect(run('{{json "<&>"}}')).toBe('"<&>"');
  });

  it('missing map keys print <no value>; JSON null does too at the top', () => {
    expect(run('{{.Nope}}')).toBe('<no value>');
    expect(run('{{.Nope.Deeper}}')).toBe('<no value>');
    expect(run('{{.Config.Entrypoint}}')).toBe('<no value>');
  });

  it('typed nils print as Go prints them', () => {
    expect(
      run('{{.A}} {{.B}} {{.C}}', {
        A: new GoNil('slice', '[]string'),
        B: new GoNil('map', 'map[string]string'),
        C: new GoNil('ptr', '*T'),
      }),
    ).toBe('[] map[] <nil>');
  });

  it('range over slices and maps (sorted by key), with $i, $e and else', () => {
    expect(run('{{range .RootFS.Layers}}{{.}}\n{{end}}')).toBe('sha256:aaa\nsha256:bbb\n');
    expect(run('{{range $i, $l := .RootFS.Layers}}{{$i}}={{$l}} {{end}}')).toBe('0=sha256:aaa 1=sha256:bbb ');
    expect(run('{{range $k, $v := .Config.Labels}}{{$k}}:{{$v}};{{end}}')).toBe(
      'com.example:x;maintainer:NGINX;',
    );
    expect(run('{{range .Config.Nope}}x{{else}}none{{end}}')).toBe('none');
    expect(run('{{range $p, $b := .NetworkSettings.Ports}}{{$p}} -> {{(index $b 0).HostPort}}{{end}}')).toBe(
      '80/tcp -> 8888',
    );
    expect(run('{{range .RootFS.Layers}}{{if eq . "sha256:bbb"}}{{break}}{{end}}{{.}}{{end}}')).toBe(
      'sha256:aaa',
    );
  });

  it('index, join, split, lower, upper, title, printf, len', () => {
    expect(
      run(
        '{{index .Config.Labels "maintainer"}}|{{index .Config.Labels "absent"}}|{{index .RootFS.Layers 1}}',
      ),
    ).toBe('NGINX||sha256:bbb');
    expect(run('{{join .Config.Cmd " "}}')).toBe('nginx -g daemon off;');
    expect(run('{{split "a:b:c" ":"}}')).toBe('[a b c]');
    expect(run('{{lower "ABC"}} {{upper "abc"}} {{title "hello world"}}')).toBe('abc ABC Hello World');
    expect(run('{{printf "%s has %d layers" .Id (len .RootFS.Layers)}}')).toBe(
      'sha256:605c77e624dd has 2 layers',
    );
    expect(run('{{.Id | printf "%.12s"}}')).toBe('sha256:605c7');
    expect(run('{{len "中"}}')).toBe('3');
  });

  it('if / else if / else / with, and Go truth', () => {
    expect(run('{{if .State.Running}}up{{else}}down{{end}}')).toBe('up');
    expect(run('{{if .Config.Env}}env{{end}}{{if .Config.Entrypoint}}ep{{end}}')).toBe('env');
    expect(
      run('{{if eq .State.ExitCode 1}}one{{else if eq .State.ExitCode 0}}zero{{else}}other{{end}}'),
    ).toBe('zero');
    expect(run('{{with .NetworkSettings}}{{.IPAddress}}{{end}}{{with .Nope}}x{{else}}-{{end}}')).toBe(
      '172.17.0.2-',
    );
    expect(run('{{and 1 0}} {{or 0 "" "z"}} {{not 0}}')).toBe('0 z true');
  });

  it('variables, pipelines, parentheses and trim markers', () => {
    expect(run('{{$n := len .RepoTags}}{{$n}} tags')).toBe('2 tags');
    expect(run('{{$x := 1}}{{$x = 2}}{{$x}}')).toBe('2');
    expect(run('a  {{- "b" -}}  c')).toBe('abc');
    expect(run('{{/* a comment */}}ok')).toBe('ok');
    expect(run('{{ printf "%v-%v" (index .RepoTags 0) (index .RepoTags 1) }}')).toBe('nginx:latest-web:v1');
  });

  it('struct values: unknown fields are errors naming the Go type; function fields are methods', () => {
    const ctx = new GoStruct('*formatter.ContainerContext', {
      ID: 'abc',
      Label: (k: unknown) => (k === 'a' ? 'x' : ''),
    });
    expect(run('{{.ID}} {{.Label "a"}}', ctx)).toBe('abc x');
    expect(fails('{{.Nope}}', ctx)).toBe(
      'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext',
    );
    expect(fails('{{.ID "x"}}', ctx)).toBe(
      'template: :1:2: executing "" at <.ID>: ID has arguments but cannot be invoked as function',
    );
  });

  it('execution errors carry line:column (bytes) and the node', () => {
    expect(fails('{{.Id.X}}')).toBe(
      'template: :1:5: executing "" at <.Id.X>: can\'t evaluate field X in type string',
    );
    expect(fails('{{.Config.Entrypoint.X}}')).toBe(
      'template: :1:9: executing "" at <.Config.Entrypoint.X>: nil pointer evaluating interface {}.X',
    );
    expect(fails('{{index .RootFS.Layers 5}}')).toBe(
      'template: :1:2: executing "" at <index .RootFS.Layers 5>: error calling index: index out of range: 5',
    );
    expect(fails('中\n中{{.Size.X}}')).toBe(
      'template: :2:10: executing "" at <.Size.X>: can\'t evaluate field X in type int',
    );
    expect(fails('{{nil}}')).toBe('template: :1:2: executing "" at <nil>: nil is not a command');
    expect(fails('{{eq .Id 1}}')).toBe(
      'template: :1:2: executing "" at <eq .Id 1>: error calling eq: incompatible types for comparison',
    );
    expect(fails('{{lower .Size}}')).toBe(
      'template: :1:8: executing "" at <.Size>: wrong type for value; expected string; got int',
    );
    expect(fails('{{.Nope}}', inspect, { missingKey: 'error' })).toBe(
      'template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"',
    );
    expect(fails('{{printf}}')).toBe(
      'template: :1:2: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0',
    );
  });

  it('parse errors read like Go', () => {
    expect(fails('{{foo}}')).toBe('template: :1: function "foo" not defined');
    expect(fails('{{.X')).toBe('template: :1: unclosed action');
    expect(fails('{{end}}')).toBe('template: :1: unexpected {{end}}');
    expect(fails('{{if .X}}')).toBe('template: :1: unexpected EOF');
    expect(fails('{{}}')).toBe('template: :1: missing value for command');
    expect(fails('{{$y}}')).toBe('template: :1: undefined variable "$y"');
    expect(fails('{{.A-B}}')).toBe("template: :1: bad character U+002D '-'");
    expect(fails('{{"abc}}')).toBe('template: :1: unterminated quoted string');
    expect(fails('{{range .X}}{{else}}{{else}}{{end}}')).toBe('template: :1: expected end; found {{else}}');
    expect(fails('line1\n{{break}}')).toBe('template: :2: {{break}} outside {{range}}');
  });
});

describe('docker --format rendering', () => {
  const header = {
    ID: 'CONTAINER ID',
    Image: 'IMAGE',
    Command: 'COMMAND',
    RunningFor: 'CREATED',
    Status: 'STATUS',
    Ports: 'PORTS',
    Names: 'NAMES',
    Size: 'SIZE',
  };
  const rows = ['containerID1', 'containerID2'].map(
    (id, i) =>
      new GoStruct('*formatter.ContainerContext', {
        ID: id,
        Image: 'ubuntu',
        Command: '""',
        RunningFor: '24 hours ago',
        Status: '',
        Ports: '',
        Names: i === 0 ? 'foobar_baz' : 'foobar_bar',
        Size: '0B',
      }),
  );

  it("docker/cli's own table vector: header and rows aligned by the tabwriter", () => {
    const table =
      'table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}\\t{{.Size}}';
    expect(renderFormat(table, rows, header)).toEqual({
      ok: true,
      output:
        'CONTAINER ID   IMAGE     COMMAND   CREATED        STATUS    PORTS     NAMES        SIZE\n' +
        'containerID1   ubuntu    ""        24 hours ago                       foobar_baz   0B\n' +
        'containerID2   ubuntu    ""        24 hours ago                       foobar_bar   0B\n',
    });
  });

  it('a table with no rows still prints its header; plain formats print one line per row', () => {
    expect(renderFormat('table {{.Image}}\\t{{.Size}}', [], header)).toEqual({
      ok: true,
      output: 'IMAGE     SIZE\n',
    });
    expect(renderFormat('{{.Image}}', rows, header)).toEqual({ ok: true, output: 'ubuntu\nubuntu\n' });
    expect(renderFormat('{{.Image}}', [], header)).toEqual({ ok: true, output: '' });
  });

  it('header functions leave column names alone', () => {
    expect(renderFormat('table {{split .Image ":"}}', rows, header)).toEqual({
      ok: true,
      output: 'IMAGE\n[ubuntu]\n[ubuntu]\n',
    });
    expect(renderFormat('table {{lower .Names}}', rows, header)).toEqual({
      ok: true,
      output: 'NAMES\nfoobar_baz\nfoobar_bar\n',
    });
  });

  it('json is {{json .}}', () => {
    expect(renderFormat('json', [{ A: 1 }])).toEqual({ ok: true, output: '{"A":1}\n' });
  });

  it("errors carry docker's prefix", () => {
    expect(renderFormat('{{InvalidFunction}}', rows, header)).toEqual({
      ok: false,
      error: 'template parsing error: template: :1: function "InvalidFunction" not defined',
    });
    expect(renderFormat('{{nil}}', rows, header)).toEqual({
      ok: false,
      error: 'template parsing error: template: :1:2: executing "" at <nil>: nil is not a command',
    });
  });
});

describe('template robustness', () => {
  it('absurd nesting is a parse error, not a stack overflow', () => {
    expect(fails('{{' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '}}')).toBe(
      'template: :1: template nested too deeply',
    );
  });

  it('a runaway range stops with an error', () => {
    expect(fails('{{range 100000000}}{{end}}')).toBe('template: : execution stopped: too many steps');
  });
});
