import type { Node } from '../model/document.js';

/**
 * What a parser gives back. A failure carries an error code and an offset only: parser messages
 * quote the input, secrets included, so they never leave the parser.
 */
export type ParseResult =
  | { readonly ok: true; readonly roots: readonly Node[]; readonly truncated?: 'depth' | 'nodes' }
  | { readonly ok: false; readonly code: string; readonly offset: number };

/** Bounds every walk over a parsed tree, so alias bombs and deep nesting cost a fixed amount. */
export interface TreeBudget {
  readonly maxDepth: number;
  readonly maxNodes: number;
}

export const DEFAULT_BUDGET: TreeBudget = { maxDepth: 200, maxNodes: 100_000 };

/**
 * The deepest bracket nesting in JSON-like text, stopping early once past `limit`. Parsers
 * recurse per level, so this runs first and turns a stack overflow into a clean refusal.
 * Strings are skipped so brackets inside them don't count; YAML block nesting is bounded by
 * file size and indentation, flow nesting is what can explode.
 */
export function bracketDepthExceeds(text: string, limit: number): number | undefined {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== '') {
      if (c === 0x5c /* \ */ && quote === '"') i++;
      else if (c === quote.charCodeAt(0) || c === 0x0a) quote = '';
      continue;
    }
    if (c === 0x22 /* " */) quote = '"';
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
  }
  return undefined;
}
