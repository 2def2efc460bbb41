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
  if (isBinary(bytes)) return { kind: 'binary' };
  return { kind: 'text', text: bytes.toString('utf8') };
}

/** A UTF-8 or UTF-16 byte-order mark opens the bytes. */
export function hasByteOrderMark(bytes: Buffer): boolean {
  return (
    (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
    (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
  );
}

/** Without a byte-order mark, a NUL in the first 8 KiB means binary. */
export function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, SNIFF_BYTES).includes(0);
}
