import { expect } from 'vitest';
import { formatKeyPath, type Node, type Span } from '../../src/model/document.js';
import type { ParseResult } from '../../src/parse/result.js';

export const at = (text: string, span: Span | undefined): string | undefined =>
  span === undefined ? undefined : text.slice(span.start, span.end);

/** The one root of a successful parse. */
export function only(result: ParseResult): Node {
  if (!result.ok) throw new Error(`expected a parse, got ${result.code} at ${result.offset}`);
  expect(result.roots).toHaveLength(1);
  return result.roots[0]!;
}

/**
 * Every node in pre-order as one line: key path, type, value, the source text of its span and,
 * for a map entry's value, the source text of its key. Checks on the way that each entry's
 * `keySpan` is the one its value carries and that each path extends its parent's; with `nested`,
 * also that every span lies inside its parent's (not so for YAML, where alias content keeps the
 * anchor's spans).
 */
export function outline(text: string, node: Node, options: { nested?: boolean } = {}): string[] {
  const lines: string[] = [];
  const stack: Node[] = [node];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    const value = current.type === 'scalar' ? ` ${JSON.stringify(current.value)}` : '';
    const key = current.keySpan ? ` key=${JSON.stringify(at(text, current.keySpan))}` : '';
    lines.push(`${formatKeyPath(current.path) || '$'} ${current.type}${value} ${JSON.stringify(at(text, current.span))}${key}`);
    const children = current.type === 'map' ? current.entries.map((entry) => entry.value) : current.type === 'seq' ? current.items : [];
    if (current.type === 'map') {
      for (const entry of current.entries) {
        expect(entry.value.keySpan).toEqual(entry.keySpan);
        expect(entry.value.path).toEqual([...current.path, entry.key]);
      }
    } else if (current.type === 'seq') {
      current.items.forEach((item, index) => {
        expect(item.keySpan).toBeUndefined();
        expect(item.path).toEqual([...current.path, index]);
      });
    }
    if (options.nested) {
      for (const child of children) {
        expect(child.span.start).toBeGreaterThanOrEqual(current.span.start);
        expect(child.span.end).toBeLessThanOrEqual(current.span.end);
      }
    }
    stack.push(...[...children].reverse());
  }
  return lines;
}
