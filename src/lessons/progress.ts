// Which steps of which lessons are done, and where the learner is: a plain object the page keeps in
// localStorage (it survives reloads and a reset of the host; the engine's store holds hosts, not
// learners). Reading tolerates anything: unknown lessons, steps and junk are dropped.

import type { Lesson } from './types';

export interface LessonProgress {
  /** Ids of the steps passed. */
  readonly done: readonly string[];
  /** Index of the step shown (0-based). */
  readonly at: number;
}

export interface Progress {
  /** The lesson open last, or null for the menu. */
  readonly current: string | null;
  readonly lessons: Readonly<Record<string, LessonProgress>>;
}

export const EMPTY_PROGRESS: Progress = { current: null, lessons: {} };

/** The progress of one lesson (nothing done when it was never opened). */
export function lessonProgress(p: Progress, lesson: Lesson): LessonProgress {
  return p.lessons[lesson.id] ?? { done: [], at: 0 };
}

/** Steps passed out of the lesson's steps. */
export function doneCount(p: Progress, lesson: Lesson): number {
  const done = new Set(lessonProgress(p, lesson).done);
  return lesson.steps.filter((s) => done.has(s.id)).length;
}

export function isDone(p: Progress, lesson: Lesson, stepId: string): boolean {
  return lessonProgress(p, lesson).done.includes(stepId);
}

function withLesson(p: Progress, lesson: Lesson, lp: LessonProgress): Progress {
  return { ...p, lessons: { ...p.lessons, [lesson.id]: lp } };
}

export function markDone(p: Progress, lesson: Lesson, stepId: string): Progress {
  const lp = lessonProgress(p, lesson);
  if (lp.done.includes(stepId)) return p;
  return withLesson(p, lesson, { ...lp, done: [...lp.done, stepId] });
}

/** Shows step `at` (clamped to the lesson). */
export function goTo(p: Progress, lesson: Lesson, at: number): Progress {
  const clamped = Math.max(0, Math.min(lesson.steps.length - 1, Math.floor(at)));
  return withLesson({ ...p, current: lesson.id }, lesson, { ...lessonProgress(p, lesson), at: clamped });
}

/** Back to the first step with nothing done (a restarted lesson). */
export function resetLesson(p: Progress, lesson: Lesson): Progress {
  return withLesson({ ...p, current: lesson.id }, lesson, { done: [], at: 0 });
}

export function openLesson(p: Progress, lessonId: string | null): Progress {
  return { ...p, current: lessonId };
}

/** A plain object for JSON. */
export function toPlain(p: Progress): unknown {
  return { v: 1, current: p.current, lessons: p.lessons };
}

/** Progress from whatever was stored, keeping only what the given lessons know. */
export function fromPlain(raw: unknown, lessons: readonly Lesson[]): Progress {
  if (!raw || typeof raw !== 'object') return EMPTY_PROGRESS;
  const o = raw as { current?: unknown; lessons?: unknown };
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const out: Record<string, LessonProgress> = {};
  if (o.lessons && typeof o.lessons === 'object') {
    for (const [id, v] of Object.entries(o.lessons as Record<string, unknown>)) {
      const lesson = byId.get(id);
      if (!lesson || !v || typeof v !== 'object') continue;
      const { done, at } = v as { done?: unknown; at?: unknown };
      const ids = new Set(lesson.steps.map((s) => s.id));
      const kept = Array.isArray(done)
        ? [...new Set(done.filter((d): d is string => typeof d === 'string' && ids.has(d)))]
        : [];
      const n =
        typeof at === 'number' && Number.isFinite(at)
          ? Math.max(0, Math.min(lesson.steps.length - 1, Math.floor(at)))
          : 0;
      out[id] = { done: kept, at: n };
    }
  }
  const current = typeof o.current === 'string' && byId.has(o.current) ? o.current : null;
  return { current, lessons: out };
}
