import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  backTarget,
  opensShell,
  parseScript,
  ScriptError,
  SCRIPT_LIMITS,
} from '../../src/ui/presenter/script';

const walkthrough = readFileSync('test/scenarios/seed-walkthrough.txt', 'utf8');

describe('presenter scripts', () => {
  it('the seed walkthrough parses into its commands, each with the comments after it as caption', () => {
    const script = parseScript(walkthrough);
    const lines = script.steps.map((s) => s.line);
    expect(lines[0]).toBe('docker pull redis');
    expect(lines.at(-1)).toBe('curl -s http://localhost:8889');
    expect(script.steps).toHaveLength(22);
    expect(script.intro[0]).toMatch(/^The walkthrough that Layer Lab must be able to replay/);
    const pull = script.steps.find((s) => s.line === 'docker pull nginx');
    expect(pull?.caption).toEqual([
      'the Debian base layer that redis brought is shared: its line says "Already exists"',
    ]);
    // A command followed directly by the next one has no caption.
    expect(script.steps.find((s) => s.line === 'docker run -d -p 8889:80 nginx01:1.0')?.caption).toEqual([]);
  });

  it('lines inside an interactive docker exec shell are typed into the container until exit', () => {
    const script = parseScript(walkthrough);
    const shells = script.steps.map((s) => `${s.shell}:${s.line}`);
    const open = shells.indexOf('host:docker exec -it web /bin/bash');
    expect(open).toBeGreaterThan(0);
    expect(shells.slice(open + 1, open + 8)).toEqual([
      'container:cd /usr/share/nginx/html',
      'container:ls',
      'container:mv index.html index.html.bak',
      'container:mv 50x.html index.html',
      'container:/usr/sbin/nginx -s reload',
      'container:exit',
      'host:curl -s http://localhost:8888',
    ]);
    expect(script.steps.find((s) => s.line === 'ls')?.caption).toEqual(['50x.html  index.html']);
  });

  it('stepping back out of a container shell lands on the command that opened it', () => {
    const script = parseScript('docker run -it --name c alpine sh\ntouch /a\ntouch /b\nexit\ndocker ps\n');
    // 3 steps done (the shell is open, /a and /b typed): back goes to before `docker run -it`;
    // after `docker ps` (5 done) it goes to just before it, on the host shell again.
    expect(backTarget(script, 3)).toBe(0);
    expect(backTarget(script, 5)).toBe(4);
    expect(backTarget(script, 4)).toBe(0);
    expect(backTarget(script, 1)).toBe(0);
  });

  it('recognises the flags that open an interactive shell', () => {
    expect(opensShell('docker exec -it web /bin/bash')).toBe(true);
    expect(opensShell('docker run -i -t ubuntu bash')).toBe(true);
    expect(opensShell('docker run --interactive --tty ubuntu')).toBe(true);
    expect(opensShell('docker run -d -p 80:80 nginx')).toBe(false);
    expect(opensShell('docker exec -i web cat')).toBe(false);
    expect(opensShell('echo docker exec -it')).toBe(false);
  });

  it('joins continued lines, and refuses empty or oversized scripts', () => {
    const script = parseScript('docker run -d \\\n  --name web nginx\n# caption\n');
    expect(script.steps).toEqual([
      { line: 'docker run -d \\\n  --name web nginx', caption: ['caption'], shell: 'host', lineNo: 1 },
    ]);
    expect(() => parseScript('# only comments\n\n')).toThrow(ScriptError);
    expect(() => parseScript('x'.repeat(SCRIPT_LIMITS.chars + 1))).toThrow(/longer than/);
    expect(() => parseScript('ls\n'.repeat(SCRIPT_LIMITS.steps + 1))).toThrow(/more than/);
  });
});
