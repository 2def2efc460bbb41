import { Composer, isAlias, isMap, isScalar, isSeq, Lexer, Parser, visit, type CST, type Document, type Node as YamlNode } from 'yaml';
import type { KeyPath, MapEntry, Node, Span } from '../model/document.js';
import { DEFAULT_BUDGET, type ParseResult, type TreeBudget } from './result.js';

/**
 * YAML through `yaml`'s document API, which keeps a source range on every node. Aliases are
 * resolved while converting, under the node budget: an alias bomb stops at the budget instead
 * of expanding exponentially. Resolved alias content keeps the anchor's spans (that is where the
 * text is) and takes the path of the place that uses it.
 */
export function parseYaml(text: string, budget: TreeBudget = DEFAULT_BUDGET): ParseResult {
  let documents: Document.Parsed[];
  try {
    const tokens = tokenize(text, budget.maxDepth);
    if (!Array.isArray(tokens)) return { ok: false, code: 'too-deeply-nested', offset: tokens.tooDeepAt };
    documents = Array.from(new Composer({ uniqueKeys: false, strict: true }).compose(tokens));
  } catch (error) {
    // The parser should report, not throw; a throw here is a bug we refuse to let crash a scan.
    return { ok: false, code: error instanceof RangeError ? 'too-deeply-nested' : 'parser-failure', offset: 0 };
  }

  for (const doc of documents) {
    const first = doc.errors[0];
    if (first !== undefined) return { ok: false, code: first.code, offset: first.pos[0] };
  }

  const state: ConvertState = { nodes: 0, cells: 0, truncated: undefined, budget, aliases: undefined };
  const roots: Node[] = [];
  for (const doc of documents) {
    if (doc.contents === null) continue;
    state.aliases = undefined;
    const root = convert(doc.contents, doc, [], state, undefined, 0);
    if (root !== undefined) roots.push(root);
  }
  return state.truncated ? { ok: true, roots, truncated: state.truncated } : { ok: true, roots };
}

interface ConvertState {
  nodes: number;
  cells: number;
  truncated: 'depth' | 'nodes' | undefined;
  readonly budget: TreeBudget;
  /** Each alias of the current document → its anchor, built once on the first alias met. */
  aliases: Map<unknown, unknown> | undefined;
}

/**
 * Lexes and parses into `yaml`'s token tree (no recursion there), checking the nesting as it
 * grows, so that too deep a file is refused at the first collection past the limit: before the
 * composer, which recurses per level (a stack overflow inside `yaml` is not reliably catchable:
 * V8 can abort the process), and before a deep token tree costs seconds and gigabytes. Block
 * nesting (`- - - x`, deep indentation) has no brackets to count, and a bracket count over the
 * text can be fooled by quotes and comments; the parser's own stack cannot.
 */
function tokenize(text: string, limit: number): CST.Token[] | { tooDeepAt: number } {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The stack holds the document, each open collection and at most one scalar being read.
    if (parser.stack.length > limit + 2) {
      const at = collectionPastLimit(parser.stack, limit);
      if (at !== undefined) return { tooDeepAt: at };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  const at = tokenDepthExceeds(tokens, limit);
  return at === undefined ? tokens : { tooDeepAt: at };
}

function isCollectionToken(token: CST.Token): token is CST.BlockMap | CST.BlockSequence | CST.FlowCollection {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

function collectionPastLimit(stack: readonly CST.Token[], limit: number): number | undefined {
  let depth = 0;
  for (const token of stack) if (isCollectionToken(token) && ++depth > limit) return token.offset;
  return undefined;
}

/** The same check over the finished token tree, without recursion: the exact answer. */
function tokenDepthExceeds(tokens: readonly CST.Token[], limit: number): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { token, depth } = top;
    if (token.type === 'document') {
      if (token.value) stack.push({ token: token.value, depth });
    } else if (token.type === 'block-scalar') {
      for (const prop of token.props) stack.push({ token: prop, depth });
    } else if (isCollectionToken(token)) {
      if (depth + 1 > limit) return token.offset;
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
        if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * One walk that maps every alias to the anchor it names, as `Alias.resolve` would (the last
 * node with that anchor before the alias). `Alias.resolve` walks the whole document on every
 * call, which makes many aliases cost quadratic time.
 */
function aliasTargets(doc: Document.Parsed): Map<unknown, unknown> {
  const anchors = new Map<string, unknown>();
  const targets = new Map<unknown, unknown>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target !== undefined) targets.set(node, target);
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
  return targets;
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
  if (++state.nodes > state.budget.maxNodes || (state.cells += path.length) > state.budget.maxPathCells) {
    state.truncated = 'nodes';
    return undefined;
  }
  if (isAlias(node)) {
    state.aliases ??= aliasTargets(doc);
    const target = state.aliases.get(node);
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
