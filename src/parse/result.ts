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

