// The whole Simplified Chinese catalogue, loaded only when Chinese is chosen (src/i18n/index.ts).

import { explorerZhCN } from './explorer.zh-CN';
import { lessonsZhCN } from './lessons.zh-CN';
import { teachZhCN } from './teach.zh-CN';
import { zhCN } from './zh-CN';

export const zhCNAll = { ...zhCN, ...lessonsZhCN, ...teachZhCN, ...explorerZhCN };
