// The solve-status stream the printers read is made by the engine's build: its types live there.

export type {
  BuildEvent,
  BuildLog,
  BuildStatus,
  BuildVertex,
  FailedStep,
} from '../../../engine/build/status';
