// Each part of the catalogue in both languages, side by side: for the tests that keep them in step
// (the page itself loads Chinese on demand through index.ts).

import { en } from './en';
import { explorerEn } from './explorer.en';
import { explorerZhCN } from './explorer.zh-CN';
import { lessonsEn } from './lessons.en';
import { lessonsZhCN } from './lessons.zh-CN';
import { teachEn } from './teach.en';
import { teachZhCN } from './teach.zh-CN';
import { zhCN } from './zh-CN';

export const PARTS = {
  core: { en, 'zh-CN': zhCN },
  lessons: { en: lessonsEn, 'zh-CN': lessonsZhCN },
  teach: { en: teachEn, 'zh-CN': teachZhCN },
  explorer: { en: explorerEn, 'zh-CN': explorerZhCN },
} as const;
