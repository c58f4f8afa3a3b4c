// What a lesson is made of: data (ids, message keys, the commands "show me" types) and goal checks
// that read the engine and the commands the learner ran. No words here: every text is a message key
// looked up in the lessons catalogues (src/i18n/lessons.*.ts). Lessons depend on the engine only.

import type { Engine } from '../engine/engine';

/** A message key of the lessons catalogue part. */
export type LessonKey = `lessons.${string}`;

/**
 * One command the terminal ran, as a check sees it. The terminal's CommandRecord
 * (src/ui/terminal/api.ts) has this shape; it is restated here so lessons need only the engine.
 */
export interface RanCommand {
  /** The command line as entered. */
  readonly line: string;
  /** Everything it printed, stdout and stderr together. */
  readonly output: string;
  readonly exitCode: number;
  /** The learner's own shell, or a shell inside a container (`docker exec -it`). */
  readonly shell: 'host' | 'container';
}

export interface CheckContext {
  /** The host: read it (state, listImages, history, inspect…), never change it from a check. */
  readonly engine: Engine;
  /** The command that just finished, or null when the check runs after a state change alone. */
  readonly last: RanCommand | null;
  /** The commands run since the step began, oldest first (the last one included). */
  readonly history: readonly RanCommand[];
}

export interface Step {
  readonly id: string;
  /** What to do and why. */
  readonly textKey: LessonKey;
  readonly hintKey: LessonKey;
  /** The commands "show me" types, in order (lines for a container shell come after its `docker exec -it`). */
  readonly show: readonly string[];
  /** The goal: true once the learner got there, whichever way they took. */
  readonly check: (ctx: CheckContext) => boolean;
  /** What the learner sees when the goal is reached. */
  readonly successKey: LessonKey;
}

export interface Lesson {
  readonly id: string;
  readonly titleKey: LessonKey;
  readonly introKey: LessonKey;
  /**
   * How the lesson's clean starting state is made: host shell command lines run silently, in order,
   * on an empty host. The same list on an empty host gives the same state (same ids and digests
   * with the same seed).
   */
  readonly setup: readonly string[];
  readonly steps: readonly Step[];
}
