// The solve-status stream of a build (BuildKit's client.SolveStatus, one item at a time): build
// steps, their sub-tasks and their output, all timed in integer milliseconds since any epoch, plus
// the failed-step record a printer hands to the error epilogue. The engine makes it; printers read it.

/** A step of the build graph (BuildKit's client.Vertex). Sent again whenever it changes. */
export interface BuildVertex {
  /** Stable id of the step (a digest in BuildKit); statuses and logs point at it. */
  digest: string;
  /** What the step shows, e.g. `[2/4] COPY index.html /usr/share/nginx/html` or `[internal] load .dockerignore`. */
  name: string;
  /** When the step started (ms); a vertex that never started is counted but never shown. */
  started?: number;
  /** When the step finished (ms). */
  completed?: number;
  /** The step's result came from the build cache (`CACHED`). */
  cached?: boolean;
  /** Why the step failed, e.g. `process "/bin/sh -c foo" did not complete successfully: exit code: 127`. */
  error?: string;
}

/** A sub-task of a vertex (BuildKit's client.VertexStatus), e.g. `transferring dockerfile:` or `writing image sha256:…`. */
export interface BuildStatus {
  /** The vertex this status belongs to. */
  vertex: string;
  /** The text shown, also the status's identity: `transferring context:`, `naming to docker.io/library/x:1`. */
  id: string;
  /** Bytes done so far (0 when not a transfer). */
  current?: number;
  /** Bytes expected (0 when unknown). */
  total?: number;
  /** When this update was sent (ms). */
  timestamp: number;
  started?: number;
  completed?: number;
}

/** Output of a running step (BuildKit's client.VertexLog). `data` may hold several lines or half of one. */
export interface BuildLog {
  vertex: string;
  /** 1 stdout, 2 stderr (both are printed the same way). */
  stream: 1 | 2;
  data: string;
  /** When the bytes were written (ms); the printed prefix is the seconds since the step started. */
  timestamp: number;
}

/** One item of the solve-status stream, in the order the builder produced them. */
export type BuildEvent =
  | { type: 'vertex'; vertex: BuildVertex }
  | { type: 'status'; status: BuildStatus }
  | { type: 'log'; log: BuildLog };

/** A step that failed, with what the error block after the progress prints for it. */
export interface FailedStep {
  name: string;
  error: string;
  /** Its log lines with their elapsed-seconds prefix (`0.234 /bin/sh: foo: not found`). */
  logs: string[];
}
