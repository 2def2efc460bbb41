import { ParseError, parseTOML, type AST } from 'toml-eslint-parser';
import type { KeyPath, MapEntry, MapNode, Node, ScalarValue, SeqNode, Span } from '../model/document.js';
import { DEFAULT_BUDGET, type ParseResult, type TreeBudget } from './result.js';
import { APOSTROPHE, BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, CR, EQUALS, HASH, LF, OPEN_BRACE, OPEN_BRACKET, QUOTE, SPACE, TAB } from './char-codes.js';

/**
 * TOML (Codex `config.toml`) through `toml-eslint-parser`: a maintained TOML 1.0/1.1 parser that
 * keeps a range on every node (smol-toml keeps none and quotes the input in its errors).
 *
 * Its errors carry an offset and an English message; the message can hold a code point taken from
 * the input, so only an error kind derived from it ever leaves this module.
 *
 * Tables, dotted keys and inline tables become nested maps, so `[mcp_servers.github.env]` then
 * `TOKEN = "…"` is the key path `['mcp_servers', 'github', 'env', 'TOKEN']`; arrays of tables
 * (`[[x]]`) become a sequence of maps. Spans are offsets into the text:
 * - a value, an inline table or an array: its own text (quotes included for strings);
 * - a key: its segment of the dotted key or table header that first wrote it, as written (quotes
 *   included): `b` in `a.b = 1`, `env` in `[mcp_servers.github.env]`;
 * - a map made by a table header (`[a.b]`, and the implicit `a` above it): from the header that
 *   first made it through the end of the last table or key that added to it, so a map's span
 *   holds every child's span (other tables written in between fall inside it too);
 * - a map made by a dotted key (`a.b.c = 1` makes `a` and `b`): from the next key segment through
 *   the end of the last value added to it;
 * - the root: the whole document, first token to last.
 * A TOML document is always a table: an empty file is one empty map.
 */
export function parseToml(text: string, budget: TreeBudget = DEFAULT_BUDGET): ParseResult {
  const refused = prescan(text, budget);
  if (refused !== undefined) return { ok: false, ...refused };

  let program: AST.TOMLProgram;
  try {
    // A BOM left in the text (`decode` removes one) becomes a space of the same length: offsets hold.
    program = parseTOML(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text, { tomlVersion: '1.1' });
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, code: errorCode(error.message), offset: clamp(error.index, text.length) };
    // `prescan` refuses what overflows the parser's stack; a RangeError here is a limit it missed.
    return { ok: false, code: error instanceof RangeError ? 'parser-limit' : 'parser-failure', offset: 0 };
  }

  const converter = new Converter(budget);
  const root = converter.convert(program.body[0]);
  return converter.truncated ? { ok: true, roots: [root], truncated: converter.truncated } : { ok: true, roots: [root] };
}

function clamp(offset: unknown, length: number): number {
  return typeof offset === 'number' && Number.isFinite(offset) ? Math.max(0, Math.min(Math.trunc(offset), length)) : 0;
}

// ---------------------------------------------------------------------------------------------
// error kinds

/**
 * The parser's messages, by the error code it raised them with (`toml-eslint-parser`'s
 * `src/errors.ts`). Its `ParseError` keeps the message only, so the code is found from it; a
 * message not listed (a later version's) is `syntax-error`. Two messages end in a code point.
 */
const MESSAGES: Readonly<Record<string, string>> = {
  'Unterminated string constant': 'unterminated-string',
  'Unterminated table-key': 'unterminated-table-key',
  'Unterminated array': 'unterminated-array',
  'Unterminated inline table': 'unterminated-inline-table',
  'Empty bare keys are not allowed': 'missing-key',
  'Must be a newline': 'missing-newline',
  'Expected equal (=) token': 'missing-equals-sign',
  'Unspecified values are invalid': 'missing-value',
  'Expected comma (,) token': 'missing-comma',
  'Defining a key multiple times is invalid': 'dupe-keys',
  'Unexpected character': 'unexpected-char',
  'Unexpected token': 'unexpected-token',
  'Control characters (codes < 0x1f and 0x7f) are not allowed': 'invalid-control-character',
  'The key, equals sign, and value must be on the same line': 'invalid-key-value-newline',
  'No newlines are allowed between the curly braces unless they are valid within a value': 'invalid-inline-table-newline',
  'Underscores are allowed between digits': 'invalid-underscore',
  'Unexpected spaces': 'invalid-space',
  'Three or more quotes are not permitted': 'invalid-three-quotes',
  'Unexpected invalid date': 'invalid-date',
  'Unexpected invalid time': 'invalid-time',
  'Leading zeros are not allowed': 'invalid-leading-zero',
  'Trailing comma is not permitted in an inline table': 'invalid-trailing-comma-in-inline-table',
  'Invalid character in escape sequence': 'invalid-char-in-escape-sequence',
  'Consecutive dots are not permitted in keys': 'invalid-consecutive-dots-in-key',
  'Keys cannot end with a dot': 'invalid-trailing-dot-in-key',
  'Keys cannot start with a dot': 'invalid-leading-dot-in-key',
};

function errorCode(message: string): string {
  const known = Object.hasOwn(MESSAGES, message) ? MESSAGES[message] : undefined;
  if (known !== undefined) return known;
  if (message.startsWith('Invalid code point ')) return message.endsWith(' within comments') ? 'invalid-comment-character' : 'invalid-code-point';
  return 'syntax-error';
}

// ---------------------------------------------------------------------------------------------
// what the parser cannot take

/**
 * The longest string or other token handed to the parser. It collects a token's code points in an
 * array and spreads it into `String.fromCodePoint(...)`: one stack slot per character, so a
 * string of a few hundred thousand characters overflows the stack.
 */
const MAX_TOKEN = 65_536;

/**
 * One linear pass before the parser, over its own lexical rules (strings, comments, brackets):
 * - nesting past the depth budget: the parser closes each array and inline table from inside the
 *   one it is in, so a few thousand levels overflow its stack;
 * - a token longer than {@link MAX_TOKEN};
 * - more `=`, `,`, `[` and `{` than twice the node budget: parsing costs a few microseconds per
 *   value, and every value past the node budget would be thrown away.
 * Brackets inside strings and comments do not count; anything this pass misreads is an error
 * the parser reports at or before that point.
 */
function prescan(text: string, budget: TreeBudget): { code: string; offset: number } | undefined {
  const n = text.length;
  const maxStructural = 2 * budget.maxNodes;
  let depth = 0;
  let structural = 0;
  let runStart = -1;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === QUOTE || c === APOSTROPHE) {
      const end = stringEnd(text, i);
      if (end - i > MAX_TOKEN) return { code: 'string-too-long', offset: i };
      runStart = -1;
      i = end;
      continue;
    }
    if (c === HASH) {
      const newline = text.indexOf('\n', i);
      runStart = -1;
      i = newline === -1 ? n : newline;
      continue;
    }
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > budget.maxDepth) return { code: 'too-deeply-nested', offset: i };
      structural++;
      runStart = -1;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth = Math.max(0, depth - 1);
      runStart = -1;
    } else if (c === COMMA || c === EQUALS) {
      structural++;
      runStart = -1;
    } else if (c === SPACE || c === TAB || c === LF || c === CR) {
      runStart = -1;
    } else {
      if (runStart === -1) runStart = i;
      else if (i - runStart >= MAX_TOKEN) return { code: 'token-too-long', offset: runStart };
    }
    if (structural > maxStructural) return { code: 'too-many-nodes', offset: i };
    i++;
  }
  return undefined;
}


/**
 * Where the string opening at `start` ends, as the parser's tokenizer reads it: basic strings
 * (`"…"`, with `\` escapes) and literal strings (`'…'`) end at their quote or the line's end;
 * multi-line ones at the first run of three or more quotes (up to two quotes before the closing
 * three belong to the content).
 */
function stringEnd(text: string, start: number): number {
  const n = text.length;
  const quote = text.charCodeAt(start);
  const multiline = text.charCodeAt(start + 1) === quote && text.charCodeAt(start + 2) === quote;
  if (!multiline) {
    for (let j = start + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === BACKSLASH && quote === QUOTE) j++;
      else if (c === quote) return j + 1;
      else if (c === LF) return j;
    }
    return n;
  }
  for (let j = start + 3; j < n; ) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH && quote === QUOTE) {
      j += 2;
    } else if (c === quote) {
      let run = 1;
      while (text.charCodeAt(j + run) === quote) run++;
      if (run >= 3) return j + Math.min(run, 5);
      j += run;
    } else {
      j++;
    }
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// into located nodes

interface MutableSpan {
  start: number;
  end: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds the located tree from the parser's AST. Recursion only follows value nesting, which `prescan` bounded. */
class Converter {
  truncated: 'depth' | 'nodes' | undefined;
  private nodes = 0;
  private cells = 0;
  /** Each map's entries by key, for the tables and dotted keys that add to it later. */
  private readonly index = new WeakMap<MapNode, Map<string, MapEntry>>();

  constructor(private readonly budget: TreeBudget) {}

  convert(top: AST.TOMLTopLevelTable): MapNode {
    this.nodes++;
    const root = this.map([], rangeSpan(top), undefined);
    for (const item of top.body) {
      if (this.truncated === 'nodes') break;
      if (item.type === 'TOMLKeyValue') this.keyValue(root, item);
      else this.table(root, item);
    }
    return root;
  }

  private map(path: KeyPath, span: MutableSpan, keySpan: Span | undefined): MapNode {
    const node: MapNode = keySpan ? { type: 'map', path, span, keySpan, entries: [] } : { type: 'map', path, span, entries: [] };
    this.index.set(node, new Map());
    return node;
  }

  /** Counts a node about to be made at `path`; false (and the reason noted) past a budget. */
  private admit(path: KeyPath): boolean {
    if (path.length > this.budget.maxDepth) {
      this.truncated ??= 'depth';
      return false;
    }
    if (++this.nodes > this.budget.maxNodes || (this.cells += path.length) > this.budget.maxPathCells) {
      this.truncated = 'nodes';
      return false;
    }
    return true;
  }

  private add(parent: MapNode, key: string, keySpan: Span, value: Node): void {
    const entry: MapEntry = { key, keySpan, value };
    (parent.entries as MapEntry[]).push(entry);
    this.index.get(parent)?.set(key, entry);
  }

  private existing(parent: MapNode, key: string): Node | undefined {
    return this.index.get(parent)?.get(key)?.value;
  }

  /** The map under `key`, made (with `span`) if absent; its span grows to hold `span`. */
  private childMap(parent: MapNode, key: string, keySpan: Span, span: Span): MapNode | undefined {
    const found = this.existing(parent, key);
    if (found !== undefined) {
      if (found.type !== 'map') return undefined;
      grow(found, span);
      return found;
    }
    const path = [...parent.path, key];
    if (!this.admit(path)) return undefined;
    const child = this.map(path, { start: span.start, end: span.end }, keySpan);
    this.add(parent, key, keySpan, child);
    return child;
  }

  /**
   * `[a.b]` and `[[a.b]]`: walks the parser's resolved key (array-of-tables indexes included)
   * from the root, making the maps and sequences on the way, and adds the table's keys.
   */
  private table(root: MapNode, table: AST.TOMLTable): void {
    const span = rangeSpan(table);
    const segments = table.resolvedKey;
    const keys = table.key.keys;
    let current: Node = root;
    let keyIndex = 0;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      if (typeof segment === 'number') {
        if (current.type !== 'seq') return;
        const items = current.items as Node[];
        const existingItem = items[segment];
        if (existingItem !== undefined) {
          if (existingItem.type !== 'map') return;
          grow(existingItem, span);
          current = existingItem;
          continue;
        }
        // a new `[[x]]` element: the last segment, and the next index
        if (segment !== items.length) return;
        const path = [...current.path, segment];
        if (!this.admit(path)) return;
        const item = this.map(path, { start: span.start, end: span.end }, undefined);
        items.push(item);
        current = item;
        continue;
      }
      if (current.type !== 'map') return;
      const keyNode = keys[keyIndex++];
      if (keyNode === undefined) return;
      const keySpan = rangeSpan(keyNode);
      const found = this.existing(current, segment);
      if (found !== undefined) {
        // a map, or the sequence of an array of tables that the next (numeric) segment indexes
        if (found.type === 'scalar' || (found.type === 'seq') !== (typeof segments[i + 1] === 'number')) return;
        grow(found, span);
        current = found;
        continue;
      }
      const path = [...current.path, segment];
      if (!this.admit(path)) return;
      if (table.kind === 'array' && i === segments.length - 2) {
        const seq: SeqNode = { type: 'seq', path, span: { start: span.start, end: span.end }, keySpan, items: [] };
        this.add(current, segment, keySpan, seq);
        current = seq;
      } else {
        const map = this.map(path, { start: span.start, end: span.end }, keySpan);
        this.add(current, segment, keySpan, map);
        current = map;
      }
    }
    if (current.type !== 'map') return;
    for (const keyValue of table.body) {
      if (this.truncated === 'nodes') return;
      this.keyValue(current, keyValue);
    }
  }

  /** `a.b.c = v` inside `target`: `a` and `b` are maps spanning from the next key to the value's end. */
  private keyValue(target: MapNode, keyValue: AST.TOMLKeyValue): void {
    const keys = keyValue.key.keys;
    const end = keyValue.range[1];
    let current = target;
    for (let i = 0; i < keys.length - 1; i++) {
      const keyNode = keys[i]!;
      const child = this.childMap(current, keyName(keyNode), rangeSpan(keyNode), { start: keys[i + 1]!.range[0], end });
      if (child === undefined) return;
      current = child;
    }
    const last = keys[keys.length - 1];
    if (last === undefined) return;
    const key = keyName(last);
    const keySpan = rangeSpan(last);
    // A key defined twice is a parse error; anything that still collides is skipped.
    if (this.existing(current, key) !== undefined) return;
    const value = this.value(keyValue.value, [...current.path, key], keySpan);
    if (value !== undefined) this.add(current, key, keySpan, value);
  }

  private value(node: AST.TOMLContentNode, path: KeyPath, keySpan: Span | undefined): Node | undefined {
    if (!this.admit(path)) return undefined;
    const span = rangeSpan(node);
    switch (node.type) {
      case 'TOMLValue': {
        const value = scalarValue(node);
        return keySpan ? { type: 'scalar', path, span, keySpan, value } : { type: 'scalar', path, span, value };
      }
      case 'TOMLArray': {
        const items: Node[] = [];
        for (const [index, element] of node.elements.entries()) {
          const item = this.value(element, [...path, index], undefined);
          if (item !== undefined) items.push(item);
          if (this.truncated === 'nodes') break;
        }
        return keySpan ? { type: 'seq', path, span, keySpan, items } : { type: 'seq', path, span, items };
      }
      case 'TOMLInlineTable': {
        const map = this.map(path, span, keySpan);
        for (const keyValue of node.body) {
          if (this.truncated === 'nodes') break;
          this.keyValue(map, keyValue);
        }
        return map;
      }
      default:
        return undefined;
    }
  }
}

function rangeSpan(node: { range: [number, number] }): MutableSpan {
  return { start: node.range[0], end: node.range[1] };
}

function grow(node: Node, span: Span): void {
  const own = node.span as Mutable<Span>;
  if (span.start < own.start) own.start = span.start;
  if (span.end > own.end) own.end = span.end;
}

function keyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}

/** Strings as decoded; integers past 2^53 as their decimal text (a number would round them); dates as written. */
function scalarValue(node: AST.TOMLValue): ScalarValue {
  switch (node.kind) {
    case 'string':
    case 'float':
    case 'boolean':
      return node.value;
    case 'integer':
      return Number.isSafeInteger(node.value) ? node.value : node.bigint.toString();
    default:
      return node.datetime;
  }
}
