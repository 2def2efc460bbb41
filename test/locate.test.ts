import { describe, expect, it } from 'vitest';
import { LineIndex } from '../src/text/line-index.js';

describe('LineIndex', () => {
  describe('LF', () => {
    const text = 'ab\ncd\n\nef';
    const lines = new LineIndex(text);

    it('positions are 1-based lines and columns', () => {
      expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((offset) => lines.position(offset))).toEqual([
        { line: 1, column: 1 },
        { line: 1, column: 2 },
        { line: 1, column: 3 }, // the \n itself: one past the last character
        { line: 2, column: 1 },
        { line: 2, column: 2 },
        { line: 2, column: 3 },
        { line: 3, column: 1 }, // the empty line
        { line: 4, column: 1 },
        { line: 4, column: 2 },
        { line: 4, column: 3 }, // end of text
      ]);
    });

    it('line() gives each line without its break, and nothing past the last', () => {
      expect([0, 1, 2, 3, 4, 5].map((line) => lines.line(line))).toEqual(['', 'ab', 'cd', '', 'ef', '']);
    });

    it('lineStart() gives the offset of each line, the text length past the last', () => {
      expect([1, 2, 3, 4, 5].map((line) => lines.lineStart(line))).toEqual([0, 3, 6, 7, text.length]);
    });

    it('a region has an exclusive end column', () => {
      expect(lines.region({ start: 3, end: 5 })).toEqual({ startLine: 2, startColumn: 1, endLine: 2, endColumn: 3 });
      expect(lines.region({ start: 1, end: 8 })).toEqual({ startLine: 1, startColumn: 2, endLine: 4, endColumn: 2 });
    });
  });

  describe('CRLF', () => {
    const text = 'key: v\r\nnext: w\r\n\r\nlast';
    const lines = new LineIndex(text);

    it('columns of text after \\r\\n lines start again at 1', () => {
      expect(lines.position(text.indexOf('next'))).toEqual({ line: 2, column: 1 });
      expect(lines.position(text.indexOf('w'))).toEqual({ line: 2, column: 7 });
      expect(lines.position(text.indexOf('last'))).toEqual({ line: 4, column: 1 });
      expect(lines.position(text.length)).toEqual({ line: 4, column: 5 });
    });

    it('line() strips the \\r as well as the \\n', () => {
      expect([1, 2, 3, 4].map((line) => lines.line(line))).toEqual(['key: v', 'next: w', '', 'last']);
    });

    it('a span that ends with \\r\\n ends after the last character of its line', () => {
      expect(lines.region({ start: 0, end: 8 })).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 7 });
      // over two lines and the blank one after them
      expect(lines.region({ start: 5, end: 19 })).toEqual({ startLine: 1, startColumn: 6, endLine: 2, endColumn: 8 });
    });
  });

  it('a span ending exactly after a newline ends at the end of the previous line, not column 1 of the next', () => {
    const text = 'run: |\n  echo hi\nnext: 1\n';
    const lines = new LineIndex(text);
    const blockEnd = text.indexOf('next');
    expect(lines.region({ start: 5, end: blockEnd })).toEqual({ startLine: 1, startColumn: 6, endLine: 2, endColumn: 10 });
    // the same span without the newline gives the same region
    expect(lines.region({ start: 5, end: blockEnd - 1 })).toEqual(lines.region({ start: 5, end: blockEnd }));
  });

  it('a span of nothing but line breaks does not end before it starts', () => {
    const lines = new LineIndex('ab\n\ncd');
    expect(lines.region({ start: 2, end: 4 })).toEqual({ startLine: 1, startColumn: 3, endLine: 1, endColumn: 3 });
  });

  it('an empty span is a zero-width region', () => {
    expect(new LineIndex('ab\ncd').region({ start: 4, end: 4 })).toEqual({ startLine: 2, startColumn: 2, endLine: 2, endColumn: 2 });
  });

  it('an end before the start is taken as the start', () => {
    expect(new LineIndex('abcdef').region({ start: 4, end: 1 })).toEqual({ startLine: 1, startColumn: 5, endLine: 1, endColumn: 5 });
  });

  describe('offsets out of range are clamped', () => {
    const text = 'ab\ncd\n';
    const lines = new LineIndex(text);

    it('past the end: the end of the text; negative: the start', () => {
      expect(lines.position(1_000)).toEqual({ line: 3, column: 1 });
      expect(lines.position(text.length + 1)).toEqual({ line: 3, column: 1 });
      expect(lines.position(-5)).toEqual({ line: 1, column: 1 });
    });

    it('a span running past the end is the span up to the end, its final newline dropped like any other', () => {
      expect(lines.region({ start: 3, end: 1_000 })).toEqual(lines.region({ start: 3, end: text.length }));
      expect(lines.region({ start: 3, end: 1_000 })).toEqual({ startLine: 2, startColumn: 1, endLine: 2, endColumn: 3 });
    });

    it('a span wholly past the end is an empty region at the end', () => {
      expect(lines.region({ start: 50, end: 60 })).toEqual({ startLine: 3, startColumn: 1, endLine: 3, endColumn: 1 });
    });
  });

  it('columns count UTF-16 code units: an astral character is two columns', () => {
    const text = 'k: "😀x"\n😀😀y';
    const lines = new LineIndex(text);
    expect(lines.position(text.indexOf('x'))).toEqual({ line: 1, column: 7 });
    expect(lines.region({ start: 4, end: 6 })).toEqual({ startLine: 1, startColumn: 5, endLine: 1, endColumn: 7 });
    expect(lines.position(text.indexOf('y'))).toEqual({ line: 2, column: 5 });
    expect(lines.line(2)).toBe('😀😀y');
  });

  it('a non-BMP character in one line does not shift the next line', () => {
    const lines = new LineIndex('😀\nab');
    expect(lines.position(3)).toEqual({ line: 2, column: 1 });
    expect(lines.lineStart(2)).toBe(3);
  });

  it('an empty file is one empty line', () => {
    const lines = new LineIndex('');
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(10)).toEqual({ line: 1, column: 1 });
    expect(lines.line(1)).toBe('');
    expect(lines.line(2)).toBe('');
    expect(lines.lineStart(1)).toBe(0);
    expect(lines.lineStart(2)).toBe(0);
    expect(lines.region({ start: 0, end: 0 })).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    expect(lines.region({ start: 0, end: 3 })).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  });

  it('a file of only a newline has two lines', () => {
    const lines = new LineIndex('\n');
    expect(lines.position(1)).toEqual({ line: 2, column: 1 });
    expect(lines.line(1)).toBe('');
    expect(lines.line(2)).toBe('');
    expect(lines.region({ start: 0, end: 1 })).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  });

  it('binary search agrees with a linear count on a large file', () => {
    const text = Array.from({ length: 5_000 }, (_, i) => 'x'.repeat(i % 17)).join('\n');
    const lines = new LineIndex(text);
    const mismatches: number[] = [];
    let line = 1;
    let column = 1;
    for (let offset = 0; offset <= text.length; offset++) {
      const got = lines.position(offset);
      if (got.line !== line || got.column !== column) mismatches.push(offset);
      if (text[offset] === '\n') {
        line++;
        column = 1;
      } else column++;
    }
    expect(line).toBe(5_000);
    expect(mismatches).toEqual([]);
  });
});
