import { createScanner, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { KeyPath, MapEntry, Node, Span } from '../model/document.js';
import { JSON_BUDGET, type ParseResult, type TreeBudget } from './result.js';

/**
 * JSON and JSONC through `jsonc-parser`: it reports errors as codes with offsets (never quoting
 * the input), keeps exact offsets for every node, and in strict mode rejects the comments and
 * trailing commas that `yaml` would silently accept in a `.json` file.
 */
export function parseJson(text: string, options: { jsonc: boolean }, budget: TreeBudget = JSON_BUDGET): ParseResult {
  const tooDeep = nestingExceeds(text, budget.maxDepth);
  if (tooDeep !== undefined) return { ok: false, code: 'too-deeply-nested', offset: tooDeep };

  const errors: ParseError[] = [];
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(text, errors, {
      disallowComments: !options.jsonc,
      allowTrailingComma: options.jsonc,
      allowEmptyContent: true,
    });
  } catch (error) {
    // `jsonc-parser` recurses per level; the count above can still miss nesting the parser
    // builds while recovering from errors (`[},[},[…`). Its stack overflow is a catchable RangeError.
    return { ok: false, code: error instanceof RangeError ? 'too-deeply-nested' : 'parser-failure', offset: 0 };
  }
  const first = errors[0];
  if (first !== undefined) return { ok: false, code: printParseErrorCode(first.error), offset: first.offset };
  if (tree === undefined) return { ok: true, roots: [] };

  const state: ConvertState = { nodes: 0, cells: 0, truncated: undefined, budget };
  const root = convert(tree, [], state);
  const roots = root ? [root] : [];
  return state.truncated ? { ok: true, roots, truncated: state.truncated } : { ok: true, roots };
}

// `jsonc-parser`'s SyntaxKind is a const enum, which isolatedModules cannot read.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/**
 * The offset of the first bracket nested deeper than `limit`, counted over the parser's own
 * tokens: brackets inside strings and comments don't count (a text count would refuse a file
 * for a comment full of `[`, or be fooled by a `"` inside one). Runs before the parser, which
 * recurses per level.
 */
function nestingExceeds(text: string, limit: number): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token: number = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      if (++depth > limit) return scanner.getTokenOffset();
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

interface ConvertState {
  nodes: number;
  cells: number;
  truncated: 'depth' | 'nodes' | undefined;
  readonly budget: TreeBudget;
}

function convert(node: JsonNode, path: KeyPath, state: ConvertState, keySpan?: Span): Node | undefined {
  if (path.length > state.budget.maxDepth) {
    state.truncated = 'depth';
    return undefined;
  }
  if (++state.nodes > state.budget.maxNodes || (state.cells += path.length) > state.budget.maxPathCells) {
    state.truncated = 'nodes';
    return undefined;
  }
  const span = { start: node.offset, end: node.offset + node.length };
  const at = keySpan ? { path, span, keySpan } : { path, span };
  switch (node.type) {
    case 'object': {
      const entries: MapEntry[] = [];
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode === undefined || valueNode === undefined || typeof keyNode.value !== 'string') continue;
        const key = keyNode.value;
        const keySpan = { start: keyNode.offset, end: keyNode.offset + keyNode.length };
        const value = convert(valueNode, [...path, key], state, keySpan);
        if (value !== undefined) entries.push({ key, keySpan, value });
      }
      return { type: 'map', ...at, entries };
    }
    case 'array': {
      const items: Node[] = [];
      for (const [index, child] of (node.children ?? []).entries()) {
        const item = convert(child, [...path, index], state);
        if (item !== undefined) items.push(item);
      }
      return { type: 'seq', ...at, items };
    }
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return { type: 'scalar', ...at, value: (node.value as string | number | boolean | null) ?? null };
    default:
      return undefined;
  }
}
