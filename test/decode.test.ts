import { describe, expect, it } from 'vitest';
import { decode } from '../src/text/decode.js';
import { LineIndex } from '../src/text/line-index.js';
import { parseYaml } from '../src/parse/yaml.js';

const utf16le = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
const SNIFF = 8 * 1024;

describe('decode', () => {
  it('plain UTF-8 is text, unchanged', () => {
    expect(decode(Buffer.from('a: é😀\n'))).toEqual({ kind: 'text', text: 'a: é😀\n' });
  });

  it('an empty file is empty text', () => {
    expect(decode(Buffer.alloc(0))).toEqual({ kind: 'text', text: '' });
  });

  it('a UTF-8 BOM is dropped: offset 0 is the first real character', () => {
    const decoded = decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('key: v\n')]));
    expect(decoded).toEqual({ kind: 'text', text: 'key: v\n' });
    const text = decoded.kind === 'text' ? decoded.text : '';
    expect(text.charCodeAt(0)).toBe(0x6b);
    // so a parsed key starts at column 1
    const result = parseYaml(text);
    expect(result.ok && result.roots[0]?.type === 'map' && new LineIndex(text).region(result.roots[0].entries[0]!.keySpan)).toEqual({
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 4,
    });
  });

  it('a UTF-8 BOM alone is empty text', () => {
    expect(decode(Buffer.from([0xef, 0xbb, 0xbf]))).toEqual({ kind: 'text', text: '' });
  });

  it('UTF-16 LE with a BOM decodes to the right text and is not binary', () => {
    const text = 'env:\n  K: "é😀"\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(text)]);
    expect(bytes.includes(0)).toBe(true); // without the BOM this would sniff as binary
    expect(decode(bytes)).toEqual({ kind: 'text', text });
  });

  it('UTF-16 BE with a BOM decodes to the right text and is not binary', () => {
    const text = 'env:\n  K: "é😀"\n';
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]);
    expect(bytes.includes(0)).toBe(true);
    expect(decode(bytes)).toEqual({ kind: 'text', text });
  });

  it('only the first BOM is dropped: a second one stays, in UTF-16 as in UTF-8', () => {
    expect(decode(Buffer.from([0xff, 0xfe, 0xff, 0xfe, 0x61, 0x00]))).toEqual({ kind: 'text', text: '\uFEFFa' });
    expect(decode(Buffer.from([0xfe, 0xff, 0xfe, 0xff, 0x00, 0x61]))).toEqual({ kind: 'text', text: '\uFEFFa' });
    expect(decode(Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61]))).toEqual({ kind: 'text', text: '\uFEFFa' });
  });

  it('UTF-16 text past 8 KiB is decoded whole, NULs and all ignored by the sniff', () => {
    const text = `${'x'.repeat(SNIFF)}\nend`;
    expect(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(text)]))).toEqual({ kind: 'text', text });
  });

  it('a UTF-16 LE file with an odd trailing byte ends in U+FFFD', () => {
    expect(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le('ab'), Buffer.from([0x63])]))).toEqual({ kind: 'text', text: 'ab\uFFFD' });
  });

  it('UTF-16 without a BOM has NULs, so it is binary', () => {
    expect(decode(utf16le('a: 1\n'))).toEqual({ kind: 'binary' });
  });

  it('a NUL in the first 8 KiB means binary, up to the last byte of the window', () => {
    expect(decode(Buffer.from([0x00]))).toEqual({ kind: 'binary' });
    const atEdge = Buffer.alloc(SNIFF + 10, 0x61);
    atEdge[SNIFF - 1] = 0;
    expect(decode(atEdge)).toEqual({ kind: 'binary' });
  });

  it('a NUL only after 8 KiB is text, the NUL kept', () => {
    const bytes = Buffer.alloc(SNIFF + 10, 0x61);
    bytes[SNIFF] = 0;
    const decoded = decode(bytes);
    expect(decoded.kind).toBe('text');
    expect(decoded.kind === 'text' && decoded.text).toBe(`${'a'.repeat(SNIFF)}\u0000${'a'.repeat(9)}`);
  });

  it('a UTF-8 BOM followed by a NUL is still decoded as text (the BOM decides)', () => {
    expect(decode(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x00, 0x62]))).toEqual({ kind: 'text', text: 'a\u0000b' });
  });

  it('invalid UTF-8 decodes to U+FFFD text, one per bad sequence', () => {
    // 0xff never valid; 0xc3 0x28 a lead byte without its continuation; 0xe2 0x82 a truncated 3-byte sequence at the end
    const bytes = Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x28, 0x63, 0xe2, 0x82]);
    expect(decode(bytes)).toEqual({ kind: 'text', text: 'a\uFFFDb\uFFFD(c\uFFFD' });
  });

  it('lone surrogates encoded as UTF-8 (CESU) are not valid UTF-8 and become U+FFFD', () => {
    expect(decode(Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62]))).toEqual({ kind: 'text', text: 'a\uFFFD\uFFFD\uFFFDb' });
  });

  it('a single 0xFF or 0xFE byte is not mistaken for a UTF-16 BOM', () => {
    expect(decode(Buffer.from([0xff]))).toEqual({ kind: 'text', text: '\uFFFD' });
    expect(decode(Buffer.from([0xfe]))).toEqual({ kind: 'text', text: '\uFFFD' });
  });
});
