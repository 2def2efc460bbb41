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

export type Decoded = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'binary' };

const SNIFF_BYTES = 8 * 1024;

/**
 * Bytes to text. A byte-order mark decides the encoding (UTF-16 files are text, not binary) and
 * is dropped so offsets match what editors show (only the first: the decoder is told not to eat another); without one, a NUL in the first 8 KiB means
 * binary. Invalid UTF-8 decodes to U+FFFD rather than failing.
 */
export function decode(bytes: Buffer): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { kind: 'text', text: bytes.subarray(3).toString('utf8') };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { kind: 'text', text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(2)) };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { kind: 'text', text: new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes.subarray(2)) };
  }
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: bytes.toString('utf8') };
}
