// The Node runner's "real computer": archives that `docker save -o`/`export -o` write land as real
// files in a directory, and `docker load -i NAME` reads a real file from there when the simulated
// home has none. Names are taken relative to that directory; reads stream in 32 MiB chunks (a whole file in one chunk is kept without a copy).

import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { OutsideFile, OutsideFiles } from '../cli/types';

export function nodeOutsideFiles(dir: string): OutsideFiles {
  const where = (name: string) => (isAbsolute(name) ? name : resolve(dir, name));
  return {
    async save(name, chunks) {
      const path = where(name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, chunks);
      return path;
    },
    async open(name): Promise<OutsideFile | undefined> {
      const path = where(name);
      const s = await stat(path).catch(() => undefined);
      if (!s?.isFile()) return undefined;
      return {
        name,
        size: s.size,
        async *stream() {
          for await (const chunk of createReadStream(path, { highWaterMark: 32 << 20 }))
            yield new Uint8Array(
              (chunk as Buffer).buffer,
              (chunk as Buffer).byteOffset,
              (chunk as Buffer).length,
            );
        },
      };
    },
  };
}
