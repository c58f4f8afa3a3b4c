// The service programs: curl on the host; nginx, redis-cli, apt-get, editors inside containers.
// The program registry decides where each one exists (a container has what its image installed).

import type { Program } from '../../types';
import type { ServiceName } from '../names';
import { apt, aptGet } from './apt-get';
import { curl } from './curl';
import { nano, vi, vim } from './editors';
import { hello } from './hello';
import { nginx } from './nginx';
import { redisCli } from './redis-cli';

// `satisfies`: exactly the names the registry knows before this table is loaded (../names.ts).
export const SERVICES: Record<string, Program> = {
  curl,
  'apt-get': aptGet,
  apt,
  nginx,
  'redis-cli': redisCli,
  vi,
  vim,
  nano,
  hello,
} satisfies Record<ServiceName, Program>;
