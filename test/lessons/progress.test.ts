// Lesson progress as a plain object: round-trips through JSON, and whatever was stored is read
// safely (unknown lessons and steps, junk and out-of-range positions are dropped or clamped).

import { describe, expect, it } from 'vitest';
import {
  EMPTY_PROGRESS,
  LESSONS,
  doneCount,
  fromPlain,
  goTo,
  lessonById,
  lessonProgress,
  markDone,
  resetLesson,
  toPlain,
} from '../../src/lessons';

const layers = lessonById('layers')!;

describe('lesson progress', () => {
  it('marks steps done once, moves between steps, and round-trips through JSON', () => {
    let p = markDone(EMPTY_PROGRESS, layers, 'pull-redis');
    p = markDone(p, layers, 'pull-redis');
    p = goTo(p, layers, 1);
    expect(doneCount(p, layers)).toBe(1);
    expect(p.current).toBe('layers');
    const back = fromPlain(JSON.parse(JSON.stringify(toPlain(p))), LESSONS);
    expect(back).toEqual(p);
  });

  it('clamps positions to the lesson and resets a restarted lesson', () => {
    const p = goTo(EMPTY_PROGRESS, layers, 99);
    expect(lessonProgress(p, layers).at).toBe(layers.steps.length - 1);
    expect(lessonProgress(resetLesson(markDone(p, layers, 'inspect'), layers), layers)).toEqual({
      done: [],
      at: 0,
    });
  });

  it('reads junk, unknown lessons and unknown steps as nothing', () => {
    expect(fromPlain(null, LESSONS)).toEqual(EMPTY_PROGRESS);
    expect(fromPlain('x', LESSONS)).toEqual(EMPTY_PROGRESS);
    const p = fromPlain(
      {
        current: 'gone',
        lessons: { gone: { done: ['a'], at: 0 }, layers: { done: ['pull-redis', 'nope', 3], at: -4 } },
      },
      LESSONS,
    );
    expect(p).toEqual({ current: null, lessons: { layers: { done: ['pull-redis'], at: 0 } } });
  });
});
