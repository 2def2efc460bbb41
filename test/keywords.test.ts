import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywordSet } from '../src/text/keywords.js';

const found = (set: KeywordSet, text: string) => [...set.find(text)].map((index) => set.keywords[index]).sort();

describe('KeywordSet', () => {
  it('finds every keyword present, whatever the case of the text', () => {
    const set = new KeywordSet(['akia', 'ghp_', 'xoxb-', 'sk-ant-']);
    expect(found(set, 'export AWS=AKIAXXXX and GHP_abc')).toEqual(['akia', 'ghp_']);
    expect(found(set, 'nothing here')).toEqual([]);
    expect(found(set, 'Sk-Ant-api03 xoxb-1')).toEqual(['sk-ant-', 'xoxb-']);
  });

  it('finds keywords that overlap, nest or share a prefix', () => {
    const set = new KeywordSet(['he', 'she', 'his', 'hers', 'token', 'tok']);
    expect(found(set, 'ushers')).toEqual(['he', 'hers', 'she']);
    expect(found(set, 'a toke n')).toEqual(['tok']);
    expect(found(set, 'TOKEN')).toEqual(['tok', 'token']);
  });

  it('does not match across a character outside ASCII, which no keyword holds', () => {
    const set = new KeywordSet(['ab']);
    expect(found(set, 'a\u00e9b a\u{1F600}b')).toEqual([]);
    expect(found(set, '\u00e9ab')).toEqual(['ab']);
  });

  it('refuses keywords it could never match, and repeated ones', () => {
    expect(() => new KeywordSet(['AKIA'])).toThrow(/lower-case/);
    expect(() => new KeywordSet([''])).toThrow();
    expect(() => new KeywordSet(['caf\u00e9'])).toThrow();
    expect(() => new KeywordSet(['a', 'a'])).toThrow(/distinct/);
  });

  it('with no keywords finds nothing', () => {
    expect(found(new KeywordSet([]), 'anything')).toEqual([]);
  });

  it('agrees with a naive search on random texts and keywords (fixed seed)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', 'A', 'B', '-', '_', '\u00e9', '\n');
    const keyword = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', '_'), minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.uniqueArray(keyword, { minLength: 1, maxLength: 8 }), fc.string({ unit: alphabet, maxLength: 60 }), (keywords, text) => {
        const lower = text.toLowerCase();
        const naive = keywords.filter((k) => lower.includes(k)).sort();
        expect(found(new KeywordSet(keywords), text)).toEqual(naive);
      }),
      { seed: 20261201, numRuns: 2000 },
    );
  });

  it('sees a keyword in UTF-8 bytes exactly when it is in their decoded text, invalid sequences included (fixed seed)', () => {
    // Bytes from ASCII letters, case-folded ones, a separator, and lead and continuation bytes that
    // make valid, truncated and stray multi-byte sequences.
    const byte = fc.constantFrom(0x61, 0x62, 0x63, 0x41, 0x42, 0x2d, 0x0a, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x80, 0xff);
    const keyword = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-'), minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.uniqueArray(keyword, { minLength: 1, maxLength: 6 }), fc.array(byte, { maxLength: 60 }), (keywords, bytes) => {
        const set = new KeywordSet(keywords);
        const buffer = Buffer.from(bytes);
        expect(set.occursIn(buffer)).toBe(set.find(buffer.toString('utf8')).size > 0);
      }),
      { seed: 20261202, numRuns: 3000 },
    );
  });

  it('sees a keyword in bytes whatever its case, and none across a byte past ASCII', () => {
    const set = new KeywordSet(['ghp_', 'akia']);
    expect(set.occursIn(Buffer.from('token = GHP_abc'))).toBe(true);
    expect(set.occursIn(Buffer.from('AKI\u00e9A'))).toBe(false);
    expect(set.occursIn(Buffer.from('ak\u00e9ia nothing'))).toBe(false);
    expect(new KeywordSet([]).occursIn(Buffer.from('ghp_'))).toBe(false);
  });
});
