import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { KeyPath, MapEntry, Node, Span } from '../model/document.js';
import { bracketDepthExceeds, DEFAULT_BUDGET, type ParseResult, type TreeBudget } from './result.js';

/**
 * JSON and JSONC through `jsonc-parser`: it reports errors as codes with offsets (never quoting
 * the input), keeps exact offsets for every node, and in strict mode rejects the comments and
 * trailing commas that `yaml` would silently accept in a `.json` file.
 */
export function parseJson(text: string, options: { jsonc: boolean }, budget: TreeBudget = DEFAULT_BUDGET): ParseResult {
  const tooDeep = bracketDepthExceeds(text, budget.maxDepth);
  if (tooDeep !== undefined) return { ok: false, code: 'too-deeply-nested', offset: tooDeep };

  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, {
    disallowComments: !options.jsonc,
    allowTrailingComma: options.jsonc,
    allowEmptyContent: true,
  });
  const first = errors[0];
  if (first !== undefined) return { ok: false, code: printParseErrorCode(first.error), offset: first.offset };
  if (tree === undefined) return { ok: true, roots: [] };

  const state = { nodes: 0, truncated: undefined as 'depth' | 'nodes' | undefined, budget };
  const root = convert(tree, [], state);
  const roots = root ? [root] : [];
  return state.truncated ? { ok: true, roots, truncated: state.truncated } : { ok: true, roots };
}

interface ConvertState {
  nodes: number;
  truncated: 'depth' | 'nodes' | undefined;
  readonly budget: TreeBudget;
}

function convert(node: JsonNode, path: KeyPath, state: ConvertState, keySpan?: Span): Node | undefined {
  if (path.length > state.budget.maxDepth) {
    state.truncated = 'depth';
    return undefined;
  }
  if (++state.nodes > state.budget.maxNodes) {
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
