import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';

/** What reading one file gave, before decoding. */
export type GuardedRead =
  | { readonly kind: 'bytes'; readonly bytes: Buffer }
  | { readonly kind: 'oversized'; readonly size: number }
  | { readonly kind: 'not-regular' };

/** What reading a listed file gave: what the open descriptor said, or what the path was before opening. */
export type RawRead =
  | GuardedRead
  /** A listed path that is now a symbolic link: never followed. */
  | { readonly kind: 'symlink' }
  /** A listed path that no longer holds a file (deleted, or a folder now): nothing to read. */
  | { readonly kind: 'gone' };

/**
 * The one seam through which scanned bytes enter. Tests replace it to inject errors such as
 * EACCES; everything else about a scan stays real.
 */
export interface FileReader {
  read(absolutePath: string, maxBytes: number): Promise<RawRead>;
  /**
   * The file's bytes in order, `chunkBytes` at a time, at most `limitBytes` in all, with the
   * same guards as `read`. For the credential pass over files too large or too binary to
   * parse; a reader without it (a test's) makes that pass skip them.
   */
  chunks?(absolutePath: string, chunkBytes: number, limitBytes: number): Iterable<Buffer>;
}

/**
 * Reads what the file holds, never more than `maxBytes + 1` bytes whatever size it claims. A file
 * that states its size (already checked against the limit) is read up to that size and no
 * further, in as many calls as Node's own reader makes: a system call costs more here than the
 * copy. A file that claims 0 may be synthetic (procfs streams without end behind a size of 0): it
 * is read to its end or one byte past the limit, whichever comes first.
 */
function readBounded(fd: number, claimedSize: number, maxBytes: number): GuardedRead {
  const sized = claimedSize > 0;
  const limit = sized ? claimedSize : maxBytes + 1;
  let buffer = Buffer.allocUnsafe(sized ? claimedSize : Math.min(4096, limit));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (sized) return { kind: 'bytes', bytes: buffer };
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
 * never followed. A file that claims to be too large costs one fstat; none is read past its
 * stated size, and one that states none is cut off one byte past the limit. A symbolic link
 * throws ELOOP. Synchronous on purpose: a repository is thousands of small files, and a promise
 * round trip through the thread pool per call cost ten times the reading itself.
 */
export function readGuarded(absolutePath: string, maxBytes: number, options: { followLink?: boolean } = {}): GuardedRead {
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (options.followLink ? 0 : constants.O_NOFOLLOW);
  const fd = openSync(absolutePath, flags);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: 'not-regular' };
    if (stat.size > maxBytes) return { kind: 'oversized', size: stat.size };
    return readBounded(fd, stat.size, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Yields a regular file's bytes in chunks, opened as `readGuarded` opens (no link followed, no
 * FIFO waited on), never past `limitBytes` whatever size the file claims.
 */
export function* readChunks(absolutePath: string, chunkBytes: number, limitBytes: number): Generator<Buffer> {
  const fd = openSync(absolutePath, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    if (!fstatSync(fd).isFile()) return;
    let total = 0;
    while (total < limitBytes) {
      const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, limitBytes - total));
      let length = 0;
      while (length < buffer.length) {
        const read = readSync(fd, buffer, length, buffer.length - length, null);
        if (read === 0) break;
        length += read;
      }
      if (length === 0) return;
      total += length;
      yield buffer.subarray(0, length);
      if (length < buffer.length) return;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A listed file, looked at before it is opened: a link is not followed, a device or FIFO never
 * opened (opening some devices acts), a deleted file or a folder (a submodule) is gone. Then read
 * as `readGuarded` reads, which decides again from the open descriptor, so a file swapped after
 * this look is still never followed.
 */
export function readListed(absolutePath: string, maxBytes: number): RawRead {
  let stat;
  try {
    stat = lstatSync(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'gone' };
    throw error;
  }
  if (stat.isSymbolicLink()) return { kind: 'symlink' };
  if (stat.isDirectory()) return { kind: 'gone' };
  if (!stat.isFile()) return { kind: 'not-regular' };
  return readGuarded(absolutePath, maxBytes);
}

export const nodeFileReader: FileReader = {
  async read(absolutePath, maxBytes) {
    return readListed(absolutePath, maxBytes);
  },
  chunks: readChunks,
};
