import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

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
 * Reads at most `maxBytes + 1` bytes, whatever the size the file claims: procfs and other
 * synthetic files report 0 (or anything) and then stream without end. The buffer starts at the
 * claimed size, so an honest file is one read, and grows only for a file that lied.
 */
function readBounded(fd: number, claimedSize: number, maxBytes: number): RawRead {
  const limit = maxBytes + 1;
  let buffer = Buffer.allocUnsafe(Math.min(claimedSize === 0 ? 4096 : claimedSize + 1, limit));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (buffer.length === limit) return { kind: 'oversized', size: length };
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) return { kind: 'bytes', bytes: buffer.subarray(0, length) };
    length += read;
  }
}

/**
 * Opens without following a symlink (O_NOFOLLOW) and without blocking on a FIFO (O_NONBLOCK),
 * then decides from the open descriptor, so a file swapped for a link after discovery is still
 * never followed. A file that claims to be too large costs one fstat; one that lies is cut off
 * one byte past the limit. Synchronous on purpose: a repository is thousands of small files, and
 * a promise round trip through the thread pool per call cost ten times the reading itself.
 */
export const nodeFileReader: FileReader = {
  async read(absolutePath, maxBytes) {
    const fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return { kind: 'not-regular' };
      if (stat.size > maxBytes) return { kind: 'oversized', size: stat.size };
      return readBounded(fd, stat.size, maxBytes);
    } finally {
      closeSync(fd);
    }
  },
};
