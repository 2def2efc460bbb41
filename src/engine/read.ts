import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** What reading one file gave, before decoding. */
export type RawRead =
  | { readonly kind: 'bytes'; readonly bytes: Buffer }
  | { readonly kind: 'oversized'; readonly size: number }
  | { readonly kind: 'not-regular' };

/**
 * The one seam through which scanned bytes enter. Tests replace it to inject errors such as
 * EACCES; everything else about a scan stays real.
 */
export interface FileReader {
  read(absolutePath: string, maxBytes: number): Promise<RawRead>;
}

/**
 * Opens without following a symlink (O_NOFOLLOW) and without blocking on a FIFO (O_NONBLOCK),
 * then decides from the open descriptor, so a file swapped for a link after discovery is still
 * never followed. The size is checked before any byte is read: a huge file costs one fstat.
 * Synchronous on purpose: a repository is thousands of small files, and a promise round trip
 * through the thread pool per call cost ten times the reading itself.
 */
export const nodeFileReader: FileReader = {
  async read(absolutePath, maxBytes) {
    const fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return { kind: 'not-regular' };
      if (stat.size > maxBytes) return { kind: 'oversized', size: stat.size };
      return { kind: 'bytes', bytes: readFileSync(fd) };
    } finally {
      closeSync(fd);
    }
  },
};
