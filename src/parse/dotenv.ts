import type { MapEntry, MapNode, ScalarNode } from '../model/document.js';
import { DEFAULT_BUDGET, type ParseResult, type TreeBudget } from './result.js';
import { APOSTROPHE, BACKSLASH, BACKTICK, BOM, COLON, CR, EQUALS, HASH, LF, QUOTE, SPACE, TAB } from './char-codes.js';

/**
 * dotenv files (`.env`, `.env.local`, `prod.env`), read the forgiving way `dotenv` reads them: a
 * line that is not `KEY=value` is skipped, never an error. One map root whose entries are the
 * variables, in file order, duplicates kept (`get` takes the last, as `dotenv` does):
 * - `KEY=value`, `export KEY=value`, `KEY: value`; spaces around the separator; keys `[\w.-]+`;
 * - unquoted values end at the line's end or at a ` #` comment, trimmed;
 * - `'…'`, `"…"` and `` `…` `` quoted values, which may run over several lines; in double quotes
 *   `\n`, `\r`, `\t`, `\"` and `\\` are escapes; in the others only `\` before the quote itself;
 *   an opening quote never closed is read as an unquoted value;
 * - blank lines, `#` comment lines, CRLF, a leading BOM.
 * The key span is the key; the value span is the value as written, quotes included; the scalar is
 * the decoded string. One pass, linear in the text.
 */
export function parseDotenv(text: string, budget: TreeBudget = DEFAULT_BUDGET): ParseResult {
  const entries: MapEntry[] = [];
  const root: MapNode = { type: 'map', path: [], span: { start: 0, end: text.length }, entries };
  // Every node counts against the budget, the root included.
  const maxEntries = budget.maxNodes - 1;
  const n = text.length;
  let pos = text.charCodeAt(0) === BOM ? 1 : 0;

  while (pos < n) {
    const lineEnd = endOfLine(text, pos);
    const next = afterLineBreak(text, lineEnd);
    const line = readAssignment(text, pos, lineEnd);
    if (line === undefined) {
      pos = next;
      continue;
    }
    if (entries.length >= maxEntries) return { ok: true, roots: [root], truncated: 'nodes' };

    const { key, keyStart, keyEnd, valueStart } = line;
    const keySpan = { start: keyStart, end: keyEnd };
    const quote = text.charCodeAt(valueStart);
    let value: ScalarNode | undefined;
    let resume = next;
    if (quote === QUOTE || quote === APOSTROPHE || quote === BACKTICK) {
      // Linear: a search that fails reads to the end once (any later value opening with this
      // quote would have closed it), and one that succeeds resumes after its closing line.
      const close = closingQuote(text, valueStart, quote);
      if (close !== -1) {
        const raw = text.slice(valueStart + 1, close);
        value = { type: 'scalar', path: [key], span: { start: valueStart, end: close + 1 }, keySpan, value: quote === QUOTE ? unescapeDouble(raw) : unescapeQuote(raw, quote) };
        // The rest of the closing line (a comment, or anything) is not read.
        const closeLineEnd = endOfLine(text, close + 1);
        resume = afterLineBreak(text, closeLineEnd);
      }
    }
    if (value === undefined) {
      const end = unquotedEnd(text, valueStart, lineEnd);
      value = { type: 'scalar', path: [key], span: { start: valueStart, end }, keySpan, value: text.slice(valueStart, end) };
    }
    entries.push({ key, keySpan, value });
    pos = resume;
  }
  return { ok: true, roots: [root] };
}


function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isKeyChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x2d;
}

/** The index of the line break (`\n`, `\r\n` or a lone `\r`) ending the line at `pos`, or the text's length. */
function endOfLine(text: string, pos: number): number {
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return text.length;
}

function afterLineBreak(text: string, lineEnd: number): number {
  if (text.charCodeAt(lineEnd) === CR && text.charCodeAt(lineEnd + 1) === LF) return lineEnd + 2;
  return Math.min(lineEnd + 1, text.length);
}

function skipBlanks(text: string, pos: number, end: number): number {
  while (pos < end && isBlank(text.charCodeAt(pos))) pos++;
  return pos;
}

/** `[export ]KEY=` or `KEY: ` at the start of a line: the key and where its value starts; undefined for anything else. */
function readAssignment(text: string, lineStart: number, lineEnd: number): { key: string; keyStart: number; keyEnd: number; valueStart: number } | undefined {
  let pos = skipBlanks(text, lineStart, lineEnd);
  // `export KEY=…`, but `export=…` is a key named export.
  if (text.startsWith('export', pos) && isBlank(text.charCodeAt(pos + 6))) {
    const after = skipBlanks(text, pos + 6, lineEnd);
    if (after < lineEnd && isKeyChar(text.charCodeAt(after))) pos = after;
  }
  const keyStart = pos;
  while (pos < lineEnd && isKeyChar(text.charCodeAt(pos))) pos++;
  const keyEnd = pos;
  if (keyEnd === keyStart) return undefined;
  pos = skipBlanks(text, pos, lineEnd);
  const separator = text.charCodeAt(pos);
  if (separator === EQUALS && pos < lineEnd) pos++;
  else if (separator === COLON && pos + 1 < lineEnd && isBlank(text.charCodeAt(pos + 1))) pos += 2;
  else return undefined;
  return { key: text.slice(keyStart, keyEnd), keyStart, keyEnd, valueStart: skipBlanks(text, pos, lineEnd) };
}

/** The closing quote's index (a backslash before the quote does not close), or -1. */
function closingQuote(text: string, open: number, quote: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === quote) return i;
  }
  return -1;
}

/** An unquoted value ends at the line's end or at a `#` that starts it or follows a blank; trailing blanks are not part of it. */
function unquotedEnd(text: string, start: number, lineEnd: number): number {
  let end = lineEnd;
  for (let i = start; i < lineEnd; i++) {
    if (text.charCodeAt(i) === HASH && (i === start || isBlank(text.charCodeAt(i - 1)))) {
      end = i;
      break;
    }
  }
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function unescapeDouble(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\([nrt"\\])/g, (_, c: string) => DOUBLE_ESCAPES[c]!);
}

function unescapeQuote(raw: string, quote: number): string {
  const q = String.fromCharCode(quote);
  return raw.includes(`\\${q}`) ? raw.split(`\\${q}`).join(q) : raw;
}
