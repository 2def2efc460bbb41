import type { Region } from '../model/finding.js';
import type { Span } from '../model/document.js';

/**
 * Turns offsets into SARIF's 1-based lines and columns. Built once per file; lookups are a
 * binary search over line starts. Columns count UTF-16 code units, SARIF's default column kind.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - this.starts[low]! + 1 };
  }

  region(span: Span): Region {
    const start = this.position(span.start);
    // A span ending just after a newline ends at the end of that line, not column 1 of the next.
    let endOffset = Math.min(Math.max(span.end, span.start), this.text.length);
    while (endOffset > span.start && (this.text[endOffset - 1] === '\n' || this.text[endOffset - 1] === '\r')) endOffset--;
    const end = this.position(endOffset);
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  }

  /** The text of a 1-based line without its line break. */
  line(lineNumber: number): string {
    const start = this.starts[lineNumber - 1];
    if (start === undefined) return '';
    const next = this.starts[lineNumber];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  lineStart(lineNumber: number): number {
    return this.starts[lineNumber - 1] ?? this.text.length;
  }
}
