import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { KeyPath, MapEntry, Node, Span } from '../model/document.js';
import { bracketDepthExceeds, DEFAULT_BUDGET, type ParseResult, type TreeBudget } from './result.js';

/**
 * YAML through `yaml`'s document API, which keeps a source range on every node. Aliases are
 * resolved while converting, under the node budget: an alias bomb stops at the budget instead
 * of expanding exponentially. Resolved alias content keeps the anchor's spans (that is where the
 * text is) and takes the path of the place that uses it.
 */
export function parseYaml(text: string, budget: TreeBudget = DEFAULT_BUDGET): ParseResult {
  const tooDeep = bracketDepthExceeds(text, budget.maxDepth);
  if (tooDeep !== undefined) return { ok: false, code: 'too-deeply-nested', offset: tooDeep };

  let documents: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: true });
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    // The parser should report, not throw; a throw here is a bug we refuse to let crash a scan.
    return { ok: false, code: error instanceof RangeError ? 'too-deeply-nested' : 'parser-failure', offset: 0 };
  }

  for (const doc of documents) {
    const first = doc.errors[0];
    if (first !== undefined) return { ok: false, code: first.code, offset: first.pos[0] };
  }

  const state: ConvertState = { nodes: 0, truncated: undefined, budget };
  const roots: Node[] = [];
  for (const doc of documents) {
    if (doc.contents === null) continue;
    const root = convert(doc.contents, doc, [], state, undefined, 0);
    if (root !== undefined) roots.push(root);
  }
  return state.truncated ? { ok: true, roots, truncated: state.truncated } : { ok: true, roots };
}

interface ConvertState {
  nodes: number;
  truncated: 'depth' | 'nodes' | undefined;
  readonly budget: TreeBudget;
}

function spanOf(node: { range?: [number, number, number] | null }): Span {
  const range = node.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}

function convert(
  node: unknown,
  doc: Document.Parsed,
  path: KeyPath,
  state: ConvertState,
  keySpan: Span | undefined,
  aliasDepth: number,
): Node | undefined {
  if (path.length + aliasDepth > state.budget.maxDepth) {
    state.truncated = 'depth';
    return undefined;
  }
  if (++state.nodes > state.budget.maxNodes) {
    state.truncated = 'nodes';
    return undefined;
  }
  if (isAlias(node)) {
    const target = node.resolve(doc);
    // An alias to itself or to an unknown anchor has no content to give.
    if (target === undefined || (target as unknown) === node) return undefined;
    return convert(target, doc, path, state, keySpan, aliasDepth + 1);
  }
  const span = spanOf(node as YamlNode);
  const at = keySpan ? { path, span, keySpan } : { path, span };
  if (isMap(node)) {
    const entries: MapEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key;
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') continue;
      const key = String(keyNode.value);
      const entryKeySpan = spanOf(keyNode);
      const value =
        pair.value === null || pair.value === undefined
          ? ({ type: 'scalar', path: [...path, key], span: { start: entryKeySpan.end, end: entryKeySpan.end }, keySpan: entryKeySpan, value: null } as const)
          : convert(pair.value, doc, [...path, key], state, entryKeySpan, aliasDepth);
      if (value !== undefined) entries.push({ key, keySpan: entryKeySpan, value });
      if (state.truncated) break;
    }
    return { type: 'map', ...at, entries };
  }
  if (isSeq(node)) {
    const items: Node[] = [];
    for (const [index, child] of node.items.entries()) {
      const item = convert(child, doc, [...path, index], state, undefined, aliasDepth);
      if (item !== undefined) items.push(item);
      if (state.truncated) break;
    }
    return { type: 'seq', ...at, items };
  }
  if (isScalar(node)) {
    const value = node.value;
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
      ? value
      : typeof value === 'bigint' ? value.toString() : String(value);
    return { type: 'scalar', ...at, value: scalar };
  }
  return undefined;
}
