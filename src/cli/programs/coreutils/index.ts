// The GNU coreutils (and the few bash builtins and procps tools next to them) that a container shell
// and the host shell offer, by command name. Which of them a given container has is the registry's call.

import type { Program } from '../../types';
import type { CoreutilName } from '../names';
import { df, du, stat } from './disk';
import { cat, mkdir, rm, rmdir, touch } from './files';
import { ls } from './ls';
import { cp, ln, mv } from './move';
import { chmod, chown } from './perms';
import { find, grep } from './search';
import { date, env, hostname, id, ps, sleep, uname, which, whoami } from './system';
import { echo, head, printf, sort, tail, wc } from './text';

// `satisfies`: exactly the names the registry knows before this table is loaded (../names.ts).
export const COREUTILS: Record<string, Program> = {
  ls,
  cat,
  echo,
  printf,
  touch,
  mkdir,
  rm,
  rmdir,
  mv,
  cp,
  ln,
  chmod,
  chown,
  head,
  tail,
  wc,
  grep,
  sort,
  find,
  stat,
  du,
  df,
  env,
  hostname,
  whoami,
  id,
  uname,
  ps,
  which,
  sleep,
  date,
} satisfies Record<CoreutilName, Program>;
