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
  /**
   * The sum of every node's key-path length: each node holds its own path, so a deep spine with
   * many leaves at its end costs nodes × depth, and this is what bounds the memory.
   */
  readonly maxPathCells: number;
}

export const DEFAULT_BUDGET: TreeBudget = { maxDepth: 200, maxNodes: 100_000, maxPathCells: 2_000_000 };

/**
 * JSON's clients (`JSON.parse` in Node, VS Code's jsonc-parser) accept nesting far past YAML's and
 * TOML's: a config padded 1,000 levels deep still loads, so it must still be read. 2,000 levels
 * stays well inside what jsonc-parser's recursion survives on Node's default stack (about 5,000).
 */
export const JSON_BUDGET: TreeBudget = { ...DEFAULT_BUDGET, maxDepth: 2_000 };

