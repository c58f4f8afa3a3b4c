// Prints a build the way `docker build` (BuildKit's progressui, Docker 27) renders its solve-status
// stream: `--progress=plain` is append-only `#N …` text (plain.ts), a terminal gets a frame redrawn in
// place (tty.ts), and a failed build ends with the failing step's last log lines, the Dockerfile
// excerpt and `ERROR: failed to solve: …` (epilogue.ts). Pure: every time comes from the events
// (integer milliseconds since any epoch), never from a clock, so the same events give the same bytes.

export type { BuildEvent, BuildLog, BuildStatus, BuildVertex, FailedStep } from './events';
export { buildBytes, goFixed, logPrefix, seconds } from './format';
export { DEFAULT_PLAIN_DESC, PlainPrinter, type PlainOptions } from './plain';
export { DEFAULT_TTY_DESC, TtyPrinter, type TtyLine, type TtyOptions } from './tty';
export { errorEpilogue, errorLogsBlock, sourceExcerpt, type ErrorEpilogueInput } from './epilogue';
