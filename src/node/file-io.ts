// The FileStore's file access on Node: read, durable write, atomic rename.

import { open, readFile, rename } from 'node:fs/promises';
import type { FileIO } from '../engine/store';

export const nodeFileIO: FileIO = {
  async read(path) {
    try {
      return new Uint8Array(await readFile(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },

  async write(path, bytes) {
    const file = await open(path, 'w');
    try {
      await file.writeFile(bytes);
      // On disk before the rename that publishes it, so a crash cannot leave a short file in place.
      await file.sync();
    } finally {
      await file.close();
    }
  },

  async rename(from, to) {
    await rename(from, to);
  },
};
