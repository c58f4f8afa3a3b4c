// Lesson progress kept in localStorage (with the page's other settings) so it survives reloads and
// host resets; a blocked or full storage only means progress lasts for this page.

import { EMPTY_PROGRESS, fromPlain, toPlain, type Lesson, type Progress } from '../../../lessons';
import { loadSetting, saveSetting } from '../../viz/settings';

export const PROGRESS_SETTING = 'lessons.progress';

export function loadProgress(lessons: readonly Lesson[]): Progress {
  const raw = loadSetting(PROGRESS_SETTING);
  if (!raw) return EMPTY_PROGRESS;
  try {
    return fromPlain(JSON.parse(raw), lessons);
  } catch {
    return EMPTY_PROGRESS;
  }
}

export function saveProgress(p: Progress): void {
  saveSetting(PROGRESS_SETTING, JSON.stringify(toPlain(p)));
}
