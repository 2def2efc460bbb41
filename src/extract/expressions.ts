import type { Node, ScalarNode, Span } from '../model/document.js';
import type { ContextReference, ReferenceContext, TemplateExpression } from '../model/workflow.js';
import { APOSTROPHE, BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, CR, LF, OPEN_BRACE, OPEN_BRACKET, QUOTE, SPACE, TAB } from '../parse/char-codes.js';

/**
 * `${{ … }}` expressions and the contexts they read, found in the raw file text inside each
 * scalar's span, so that every span points at what is written: in a block scalar, past YAML's
 * quoting, on the right line. Each scan moves forward only; a failed look-ahead (a bracket that
 * never closes) is re-read at most once by the caller's loop, so the work is linear in the text.
 *
 * What the Actions runner does, and so what this does: an expression runs from `${{` to the
 * first `}}` outside a single-quoted string; strings escape `'` as `''`. Inside a YAML
 * single-quoted scalar each of those `'` is itself written `''`, and inside a double-quoted one
 * a `"` is written `\"`, so the scanner reads quote characters as the scalar's quoting writes
 * them. Other YAML escapes (`\x24{{`) are not decoded: an expression spelled that way is missed.
 */

const DOLLAR = 0x24;
const ASTERISK = 0x2a;
const DOT = 0x2e;
const PIPE = 0x7c;
const GREATER_THAN = 0x3e;

type Quoting = 'plain' | 'single' | 'double';

/** The text of a scalar between its quotes, or after a block scalar's header line. */
interface ScalarBody {
  readonly start: number;
  readonly end: number;
  readonly quoting: Quoting;
}

function scalarBody(text: string, span: Span): ScalarBody {
  const { start, end } = span;
  if (end <= start) return { start, end: start, quoting: 'plain' };
  const first = text.charCodeAt(start);
  if (first === APOSTROPHE || first === QUOTE) {
    const closed = end - start >= 2 && text.charCodeAt(end - 1) === first;
    return { start: start + 1, end: closed ? end - 1 : end, quoting: first === APOSTROPHE ? 'single' : 'double' };
  }
  if (first === PIPE || first === GREATER_THAN) {
    // The header line can hold a comment, which is not content.
    for (let i = start; i < end; i++) if (text.charCodeAt(i) === LF) return { start: i + 1, end, quoting: 'plain' };
    return { start: end, end, quoting: 'plain' };
  }
  return { start, end, quoting: 'plain' };
}

/** Length of the `'` at `i` as this scalar writes it, or 0. */
function apostropheAt(text: string, i: number, end: number, quoting: Quoting): number {
  if (i >= end || text.charCodeAt(i) !== APOSTROPHE) return 0;
  return quoting === 'single' && i + 1 < end && text.charCodeAt(i + 1) === APOSTROPHE ? 2 : 1;
}

/** Length of the `"` at `i` as this scalar writes it, or 0. */
function doubleQuoteAt(text: string, i: number, end: number, quoting: Quoting): number {
  if (quoting === 'double') return i + 1 < end && text.charCodeAt(i) === BACKSLASH && text.charCodeAt(i + 1) === QUOTE ? 2 : 0;
  return i < end && text.charCodeAt(i) === QUOTE ? 1 : 0;
}

function isIdentifierChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d;
}

function isIdentifierStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

function isSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === LF || code === CR;
}

function skipSpaces(text: string, i: number, end: number): number {
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function identifierEnd(text: string, i: number, end: number): number {
  while (i < end && isIdentifierChar(text.charCodeAt(i))) i++;
  return i;
}

function contextNamed(text: string, start: number, end: number): ReferenceContext | undefined {
  const length = end - start;
  if (length !== 4 && length !== 6 && length !== 7) return undefined;
  const word = text.slice(start, end).toLowerCase();
  return word === 'secrets' || word === 'vars' || word === 'github' || word === 'inputs' ? word : undefined;
}

/** Where the single-quoted string whose body starts at `i` ends (past its closing quote), or `end`. */
function stringEnd(text: string, i: number, end: number, quoting: Quoting): number {
  while (i < end) {
    const quote = apostropheAt(text, i, end, quoting);
    if (quote !== 0) return i + quote;
    i++;
  }
  return end;
}

/**
 * Reads the quoted key of `['…']` or `["…"]` starting at its opening quote. `''` inside a
 * single-quoted key is one `'`. Undefined when the key never closes.
 */
function quotedKey(text: string, i: number, end: number, quoting: Quoting): { value: string; end: number } | undefined {
  const apostrophe = apostropheAt(text, i, end, quoting);
  if (apostrophe === 0) {
    const open = doubleQuoteAt(text, i, end, quoting);
    if (open === 0) return undefined;
    for (let j = i + open; j < end; j++) {
      const close = doubleQuoteAt(text, j, end, quoting);
      if (close !== 0) return { value: text.slice(i + open, j), end: j + close };
    }
    return undefined;
  }
  let value = '';
  let from = i + apostrophe;
  for (let j = from; j < end; ) {
    const close = apostropheAt(text, j, end, quoting);
    if (close === 0) {
      j++;
      continue;
    }
    value += text.slice(from, j);
    const escaped = apostropheAt(text, j + close, end, quoting);
    if (escaped === 0) return { value, end: j + close };
    value += "'";
    from = j = j + close + escaped;
  }
  return undefined;
}

interface PropertyChain {
  readonly properties: string[];
  readonly end: number;
}

/** The `.name`, `.*`, `['name']` and `[0]` reads after a context, stopping at anything else. */
function propertyChain(text: string, i: number, end: number, quoting: Quoting): PropertyChain {
  const properties: string[] = [];
  let chainEnd = i;
  for (;;) {
    const j = skipSpaces(text, chainEnd, end);
    if (j >= end) break;
    const code = text.charCodeAt(j);
    if (code === DOT) {
      const k = skipSpaces(text, j + 1, end);
      if (k < end && text.charCodeAt(k) === ASTERISK) {
        properties.push('*');
        chainEnd = k + 1;
        continue;
      }
      const nameEnd = identifierEnd(text, k, end);
      if (nameEnd === k) break;
      properties.push(text.slice(k, nameEnd));
      chainEnd = nameEnd;
      continue;
    }
    if (code === OPEN_BRACKET) {
      const k = skipSpaces(text, j + 1, end);
      let key: { value: string; end: number } | undefined = quotedKey(text, k, end, quoting);
      if (key === undefined) {
        let digits = k;
        while (digits < end && text.charCodeAt(digits) >= 0x30 && text.charCodeAt(digits) <= 0x39) digits++;
        if (digits > k) key = { value: text.slice(k, digits), end: digits };
      }
      if (key === undefined) break;
      const close = skipSpaces(text, key.end, end);
      if (close >= end || text.charCodeAt(close) !== CLOSE_BRACKET) break;
      properties.push(key.value);
      chainEnd = close + 1;
      continue;
    }
    break;
  }
  return { properties, end: chainEnd };
}

interface FoundReference {
  readonly context: ReferenceContext;
  readonly properties: string[];
  readonly span: Span;
}

/** Context reads in expression text: an identifier that is not a property (`steps.secrets`) or inside a string. */
function referencesIn(text: string, start: number, end: number, quoting: Quoting, found: FoundReference[]): void {
  let afterDot = false;
  let i = start;
  while (i < end) {
    const quote = apostropheAt(text, i, end, quoting);
    if (quote !== 0) {
      i = stringEnd(text, i + quote, end, quoting);
      afterDot = false;
      continue;
    }
    const code = text.charCodeAt(i);
    if (isIdentifierChar(code)) {
      const wordEnd = identifierEnd(text, i, end);
      const context = !afterDot && isIdentifierStart(code) ? contextNamed(text, i, wordEnd) : undefined;
      if (context !== undefined) {
        const chain = propertyChain(text, wordEnd, end, quoting);
        found.push({ context, properties: chain.properties, span: { start: i, end: chain.end } });
        i = chain.end;
      } else {
        i = wordEnd;
      }
      afterDot = false;
      continue;
    }
    if (code === DOT) afterDot = true;
    else if (!isSpace(code)) afterDot = false;
    i++;
  }
}

/** Every terminated `${{ … }}` in the body; `opened` says whether any `${{` was seen at all. */
function templatesIn(text: string, body: ScalarBody): { templates: TemplateExpression[]; opened: boolean } {
  const templates: TemplateExpression[] = [];
  const { end, quoting } = body;
  let opened = false;
  let i = body.start;
  while (i + 2 < end) {
    if (text.charCodeAt(i) !== DOLLAR || text.charCodeAt(i + 1) !== OPEN_BRACE || text.charCodeAt(i + 2) !== OPEN_BRACE) {
      i++;
      continue;
    }
    opened = true;
    const bodyStart = i + 3;
    let inString = false;
    let close = -1;
    for (let j = bodyStart; j + 1 < end; ) {
      const quote = apostropheAt(text, j, end, quoting);
      if (quote !== 0) {
        inString = !inString;
        j += quote;
        continue;
      }
      if (!inString && text.charCodeAt(j) === CLOSE_BRACE && text.charCodeAt(j + 1) === CLOSE_BRACE) {
        close = j;
        break;
      }
      j++;
    }
    // The runner refuses a value with an unclosed `${{`, so nothing from here on is ever evaluated.
    if (close === -1) break;
    templates.push({ span: { start: i, end: close + 2 }, bodySpan: { start: bodyStart, end: close } });
    i = close + 2;
  }
  return { templates, opened };
}

function isStringScalar(node: ScalarNode): boolean {
  return typeof node.value === 'string';
}

/** Every `${{ … }}` written in a string scalar. */
export function templateExpressions(text: string, scalar: ScalarNode): TemplateExpression[] {
  if (!isStringScalar(scalar)) return [];
  return templatesIn(text, scalarBody(text, scalar.span)).templates;
}

export interface ReferenceSite {
  /** The scalar is an `if:` condition: with no `${{ }}` in it, GitHub evaluates all of it. */
  readonly condition?: boolean;
  readonly jobId?: string;
  readonly stepIndex?: number;
}

function nameOf(context: ReferenceContext, properties: readonly string[]): string {
  if (properties.length === 0) return '*';
  return context === 'github' ? properties.join('.') : properties[0]!;
}

/** The context reads in one scalar, in text order. Keys are never scanned: only values are evaluated. */
export function scalarReferences(text: string, scalar: ScalarNode, site: ReferenceSite = {}): ContextReference[] {
  if (!isStringScalar(scalar) && !site.condition) return [];
  const body = scalarBody(text, scalar.span);
  const { templates, opened } = templatesIn(text, body);
  const regions: { body: Span; expression: Span; bare: boolean }[] = templates.map((template) => ({
    body: template.bodySpan,
    expression: template.span,
    bare: false,
  }));
  if (site.condition && !opened && body.end > body.start) {
    regions.push({ body: { start: body.start, end: body.end }, expression: { start: body.start, end: body.end }, bare: true });
  }
  const references: ContextReference[] = [];
  for (const region of regions) {
    const found: FoundReference[] = [];
    referencesIn(text, region.body.start, region.body.end, body.quoting, found);
    for (const { context, properties, span } of found) {
      references.push({
        context,
        name: nameOf(context, properties),
        properties,
        span,
        expressionSpan: region.expression,
        bare: region.bare,
        node: scalar,
        path: scalar.path,
        ...(site.jobId !== undefined ? { jobId: site.jobId } : {}),
        ...(site.stepIndex !== undefined ? { stepIndex: site.stepIndex } : {}),
      });
    }
  }
  return references;
}

/** Every offset of `${{` in the text, in order. */
function templateOpenings(text: string): number[] {
  const openings: number[] = [];
  for (let at = text.indexOf('${{'); at !== -1; at = text.indexOf('${{', at + 3)) openings.push(at);
  return openings;
}

/** Whether some opening lies inside the span: a binary search for the first at or after its start. */
function anyWithin(openings: readonly number[], span: Span): boolean {
  let low = 0;
  let high = openings.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (openings[mid]! < span.start) low = mid + 1;
    else high = mid;
  }
  return low < openings.length && openings[low]! < span.end;
}

/** Where the references under a node belong: the job or step it is, and the lists that collect them. */
export interface ReferenceScope {
  readonly jobId?: string;
  readonly stepIndex?: number;
  readonly into: readonly ContextReference[][];
}

function byPosition(a: ContextReference, b: ContextReference): number {
  return a.span.start - b.span.start;
}

/**
 * Every context read under `root`, in file order. A node in `scopes` and everything under it
 * (down to a nested scope) also adds its reads to that scope's lists; `conditions` are the
 * `if:` scalars. Alias content keeps its anchor's spans, so a read reached through an alias is
 * listed once per place that uses it, each with its own path.
 */
export function collectReferences(
  text: string,
  root: Node,
  scopes: ReadonlyMap<Node, ReferenceScope>,
  conditions: ReadonlySet<Node>,
): ContextReference[] {
  const all: ContextReference[] = [];
  // Most scalars hold no expression: find every `${{` once, and look only at the scalars with one
  // (and at conditions, which need none). Scanning each scalar's text cost more than parsing.
  const openings = templateOpenings(text);
  const stack: { node: Node; scope: ReferenceScope | undefined }[] = [{ node: root, scope: scopes.get(root) }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const { node, scope } = frame;
    if (node.type === 'scalar') {
      const condition = conditions.has(node);
      if (!condition && !anyWithin(openings, node.span)) continue;
      const site: ReferenceSite = {
        condition,
        ...(scope?.jobId !== undefined ? { jobId: scope.jobId } : {}),
        ...(scope?.stepIndex !== undefined ? { stepIndex: scope.stepIndex } : {}),
      };
      for (const reference of scalarReferences(text, node, site)) {
        all.push(reference);
        if (scope) for (const list of scope.into) list.push(reference);
      }
      continue;
    }
    if (node.type === 'map') {
      for (let i = node.entries.length - 1; i >= 0; i--) {
        const child = node.entries[i]!.value;
        stack.push({ node: child, scope: scopes.get(child) ?? scope });
      }
    } else {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const child = node.items[i]!;
        stack.push({ node: child, scope: scopes.get(child) ?? scope });
      }
    }
  }
  // Only alias content can be out of order; a stable sort puts it back where its text is.
  all.sort(byPosition);
  const lists = new Set<ContextReference[]>();
  for (const scope of scopes.values()) for (const list of scope.into) lists.add(list);
  for (const list of lists) list.sort(byPosition);
  return all;
}
