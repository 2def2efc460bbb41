import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { AgentClient, FileKind, Syntax } from './file-kind.js';

/** Offsets into a SourceFile's text (UTF-16 code units, after any BOM was removed). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Where a node sits in its document: map keys are strings, sequence indexes numbers. */
export type KeyPath = readonly (string | number)[];

interface NodeBase {
  readonly path: KeyPath;
  /** The value's span. */
  readonly span: Span;
  /** The key's span when the node is a map entry's value. */
  readonly keySpan?: Span;
}

export interface MapEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: Node;
}

export interface MapNode extends NodeBase {
  readonly type: 'map';
  /** In source order; duplicates kept (lookups take the last, as JSON does). */
  readonly entries: readonly MapEntry[];
}

export interface SeqNode extends NodeBase {
  readonly type: 'seq';
  readonly items: readonly Node[];
}

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode extends NodeBase {
  readonly type: 'scalar';
  readonly value: ScalarValue;
}

/** One located-node model over every structured format. */
export type Node = MapNode | SeqNode | ScalarNode;

/** A file as the engine holds it: decoded text plus what its path says it is. */
export interface SourceFile {
  /** Relative to the scan root, forward slashes. */
  readonly path: string;
  readonly kind: FileKind;
  readonly syntax?: Syntax;
  /** The AI client that reads this file, when one does. */
  readonly client?: AgentClient;
  /** The adapter that classified the file (its id), for notifications and the inventory. */
  readonly adapter: string;
  /** A user-level file read with `--include-home`, outside the scan root: stored on this machine, not committed. */
  readonly userLevel?: boolean;
  readonly text: string;
  /**
   * Where `text` starts in the file when it is one piece of a file read in chunks (the
   * credential pass over oversized and binary files): its first line's number and its offset.
   * Absent: the text is the whole file.
   */
  readonly piece?: { readonly firstLine: number; readonly offset: number; readonly binary?: boolean };
}

/** The ESTree program of a TS/JS file: `range` and `loc` on every node, comments in `comments`. */
export type SourceProgram = TSESTree.Program;

/**
 * A parsed structured file. A multi-document YAML stream has several roots. A TS/JS file
 * (syntax `source`) has no roots: its `program` holds the ESTree, whose `range` offsets index the
 * same text as every `Span`.
 */
export interface StructuredDocument {
  readonly file: SourceFile;
  readonly roots: readonly Node[];
  readonly program?: SourceProgram;
}

export function isMap(node: Node | undefined): node is MapNode {
  return node?.type === 'map';
}

export function isSeq(node: Node | undefined): node is SeqNode {
  return node?.type === 'seq';
}

export function isScalar(node: Node | undefined): node is ScalarNode {
  return node?.type === 'scalar';
}

/** The value under `key`, taking the last duplicate as JSON parsers do. */
export function get(node: Node | undefined, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const entry = node.entries[i]!;
    if (entry.key === key) return entry.value;
  }
  return undefined;
}

export function getPath(node: Node | undefined, path: KeyPath): Node | undefined {
  let current = node;
  for (const segment of path) {
    if (current === undefined) return undefined;
    current = typeof segment === 'number' ? (isSeq(current) ? current.items[segment] : undefined) : get(current, segment);
  }
  return current;
}

/** The scalar's value as a string, or undefined for anything else. */
export function stringValue(node: Node | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A key path as one stable string: `jobs.build.permissions`, `args[2]`; keys with dots are quoted. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
