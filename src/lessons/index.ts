// The lessons: data, goal checks and progress (see types.ts). Lessons depend on the engine only.

export type { CheckContext, Lesson, LessonKey, RanCommand, Step } from './types';
export { LESSONS, lessonById, solution } from './lessons';
export * from './progress';
