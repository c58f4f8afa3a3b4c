// The learner's own machine, as far as a shell on the host needs it: a home directory to keep
// Dockerfiles and notes in. It is a writable layer over a tiny base, persisted like everything else.

import type { Entry } from './fs/entry';
import { textContent } from './fs/content';
import { Layer } from './fs/layer';
import { Union } from './fs/union';
import { Upper } from './fs/upper';

export const HOME = '/home/learner';
export const LEARNER = { name: 'learner', uid: 1000, gid: 1000, home: HOME };

const BASE_TIME = Math.floor(Date.UTC(2026, 0, 1) / 1000);

function base(): Layer {
  const d = (mode: number, uid = 0): Entry => ({ type: 'dir', mode, uid, gid: uid, mtime: BASE_TIME });
  return Layer.from([
    ['/home', d(0o755)],
    [HOME, d(0o755, LEARNER.uid)],
    [
      `${HOME}/README.txt`,
      {
        type: 'file',
        mode: 0o644,
        uid: LEARNER.uid,
        gid: LEARNER.gid,
        mtime: BASE_TIME,
        content: textContent(
          'This is your home directory on the Layer Lab host.\nFiles you make here stay between visits.\n',
        ),
      },
    ],
    ['/tmp', d(0o1777)],
  ]);
}

const lower = new Union([base()]);

export function newHome(entries: Iterable<readonly [string, Entry]> = []): Upper {
  return new Upper(lower, entries);
}
