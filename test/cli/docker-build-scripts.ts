// The terminal sessions docker-build.test.ts replays, and the replay itself: a host opened with seed 1 on
// the golden clock, moved 2s before each line, 80 columns — what `npm run -s sim -- --seed 1 FILE`
// prints for the same script, so a golden can be made again with the runner:
//   npx tsx -e "import('./test/cli/docker-build-scripts.ts').then(m => m.writeGoldens())"
// Read a regenerated golden line by line before keeping it: it is the test's expectation.

import { writeFileSync } from 'node:fs';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { replay, type LineRun } from '../../src/node/sim';
import type { Engine } from '../../src/engine/engine';

const script = (...lines: string[]) => lines.join('\n') + '\n';

/** (a) one stage from a catalog image not pulled yet; the same build again; one copied file changed. */
export const SINGLE = script(
  'mkdir site && cd site',
  'cat > index.html <<EOF',
  '<h1>Hello from Layer Lab</h1>',
  'EOF',
  'cat > Dockerfile <<EOF',
  'FROM nginx',
  'COPY index.html /usr/share/nginx/html/',
  'RUN echo built > /built.txt && ls /usr/share/nginx/html',
  'ENV GREETING=hi',
  'EXPOSE 80',
  'CMD ["nginx", "-g", "daemon off;"]',
  'EOF',
  'docker build -t site:1 .',
  'docker build -t site:1 .',
  "echo '<h1>changed</h1>' > index.html",
  'docker build --progress plain -t site:1 .',
  'docker history site:1',
  // CREATED left out: see the "created is never in the future" test
  'docker images --format "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.Size}}"',
);

/** (b) a build stage and a final stage from scratch: --build-arg, then --target build. */
export const MULTI = script(
  'mkdir app && cd app',
  "printf 'hello\\n' > a.txt",
  "printf 'world\\n' > b.txt",
  'cat > Dockerfile <<EOF',
  'ARG BASE=alpine',
  'FROM \\$BASE AS build',
  'ARG VERSION=1.0',
  'WORKDIR /src',
  'COPY *.txt ./',
  'RUN cat a.txt b.txt > all.txt && echo "v\\$VERSION" >> all.txt && cat all.txt',
  'FROM scratch',
  'COPY --from=build /src/all.txt /all.txt',
  'LABEL org.example.v=1',
  'CMD ["/all.txt"]',
  'EOF',
  'docker build --build-arg VERSION=2 -t two .',
  'docker history two',
  'docker build --target build -t one .',
  'docker history one',
);

/** (c) every error shape, each followed by its exit status. */
export const ERRORS = script(
  'mkdir e && cd e',
  "printf 'FROM alpine\\nRUNN echo hi\\n' > Dockerfile.parse",
  'docker build -f Dockerfile.parse .',
  'echo $?',
  "printf 'FROM alpine\\nRUN foo\\n' > Dockerfile.run",
  'docker build -f Dockerfile.run .',
  'echo $?',
  "printf 'FROM alpine\\nCOPY missing.txt /\\n' > Dockerfile.miss",
  'docker build -f Dockerfile.miss .',
  'echo $?',
  "printf 'FROM alpine:nope\\n' > Dockerfile.tag",
  'docker build -f Dockerfile.tag .',
  'echo $?',
  "printf 'FROM nosuchrepo/thing\\n' > Dockerfile.repo",
  'docker build -f Dockerfile.repo .',
  'echo $?',
  "printf 'FROM alpine AS base\\nRUN true\\n' > Dockerfile",
  'docker build --target nosuch .',
  'echo $?',
  'docker build -f missing .',
  'echo $?',
  'docker build nodir',
  'echo $?',
  "docker build -t 'Site:1' .",
  'echo $?',
);

/** (d) the terminal view of a build (rendered at 80 columns). */
export const TTY = script(
  'mkdir t && cd t',
  "printf 'hi\\n' > a.txt",
  "printf 'FROM alpine\\nCOPY a.txt /a.txt\\nRUN cat /a.txt\\n' > Dockerfile",
  'docker build --progress tty -t t:1 .',
);

export const GOLDENS: Record<string, string> = {
  'build-transcript-single.txt': SINGLE,
  'build-transcript-multi.txt': MULTI,
  'build-transcript-errors.txt': ERRORS,
};

/** Replays a script as the seeded runner does. */
export async function session(
  text: string,
): Promise<{ engine: Engine; runs: LineRun[]; transcript: string }> {
  const { engine, clock } = await openHost({ seed: 1, time: GOLDEN_TIME });
  const { runs, transcript } = await replay(engine, text, { clock, stepMs: 2000, columns: 80 });
  return { engine, runs, transcript };
}

/**
 * The last frame the TTY view drew: the text after the last "go to column 0, hide the cursor", up to
 * "show the cursor", with the colour codes taken out.
 */
export function lastFrame(stderr: string): string {
  const start = stderr.lastIndexOf('\x1b[0G\x1b[?25l');
  const end = stderr.lastIndexOf('\x1b[?25h');
  if (start < 0 || end < start) throw new Error('no TTY frame in the output');
  return stderr.slice(start, end).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

/** Writes the goldens from the current code (maintainer use; review the diff before keeping it). */
export async function writeGoldens(): Promise<void> {
  const dir = new URL('./golden/', import.meta.url);
  for (const [name, text] of Object.entries(GOLDENS))
    writeFileSync(new URL(name, dir), (await session(text)).transcript);
  const tty = (await session(TTY)).runs.at(-1);
  writeFileSync(new URL('build-transcript-tty-80.txt', dir), lastFrame(tty?.stderr ?? ''));
}
