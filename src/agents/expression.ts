import { stringValue, type Node } from '../model/document.js';

/**
 * GitHub's expression language, as much as judging an `if:` needs: literals, context paths,
 * indexing, function calls, `!`, comparisons, `&&` and `||`. Parsed, never run; a text the parser
 * does not understand gives undefined, and callers treat that as "could be anything".
 */

export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [key: string]: Literal };

export type Expr =
  | { readonly t: 'lit'; readonly v: Literal }
  | { readonly t: 'ident'; readonly name: string }
  | { readonly t: 'access'; readonly base: Expr; readonly key: string | Expr }
  | { readonly t: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly t: 'not'; readonly e: Expr }
  | { readonly t: 'bin'; readonly op: string; readonly l: Expr; readonly r: Expr };

const TOKEN = /('(?:[^']|'')*')|(0x[0-9a-fA-F]+|-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_-]*)|(==|!=|<=|>=|&&|\|\||[!<>()[\].,*])/y;

function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (at >= text.length) return tokens;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) return undefined;
    tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4]!);
    at = TOKEN.lastIndex;
  }
}

/** A recursive-descent parser; undefined for anything it cannot read, which then guards nothing. */
export function parseExpression(text: string): Expr | undefined {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0 || tokens.length > 2000) return undefined;
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (want: string): void => {
    if (tokens[at] !== want) throw new SyntaxError(want);
    at++;
  };
  const binary = (next: () => Expr, ops: readonly string[]) => (): Expr => {
    let left = next();
    while (ops.includes(peek() ?? '')) {
      const op = tokens[at++]!;
      left = { t: 'bin', op, l: left, r: next() };
    }
    return left;
  };
  const primary = (): Expr => {
    const token = tokens[at++];
    if (token === undefined) throw new SyntaxError('end');
    if (token === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (token.startsWith("'")) return { t: 'lit', v: token.slice(1, -1).replace(/''/g, "'") };
    if (/^(?:0x|-?\.?\d)/.test(token)) return { t: 'lit', v: Number(token) };
    if (!/^[A-Za-z_]/.test(token)) throw new SyntaxError(token);
    const lower = token.toLowerCase();
    if (lower === 'true' || lower === 'false') return { t: 'lit', v: lower === 'true' };
    if (lower === 'null') return { t: 'lit', v: null };
    if (peek() === '(') {
      at++;
      const args: Expr[] = [];
      while (peek() !== ')') {
        args.push(or());
        if (peek() === ',') at++;
        else break;
      }
      take(')');
      return { t: 'call', name: lower, args };
    }
    return { t: 'ident', name: lower };
  };
  const postfix = (): Expr => {
    let base = primary();
    for (;;) {
      if (peek() === '.') {
        at++;
        const key = tokens[at++];
        if (key === undefined || !(key === '*' || /^[A-Za-z_]/.test(key))) throw new SyntaxError('property');
        base = { t: 'access', base, key: key.toLowerCase() };
      } else if (peek() === '[') {
        at++;
        const key = peek() === '*' ? (at++, { t: 'lit', v: '*' } as const) : or();
        take(']');
        base = { t: 'access', base, key: key.t === 'lit' && typeof key.v === 'string' ? key.v.toLowerCase() : key };
      } else return base;
    }
  };
  const unary = (): Expr => {
    if (peek() === '!') {
      at++;
      return { t: 'not', e: unary() };
    }
    return postfix();
  };
  const comparison = binary(unary, ['<', '<=', '>', '>=']);
  const equality = binary(comparison, ['==', '!=']);
  const and = binary(equality, ['&&']);
  const or: () => Expr = binary(and, ['||']);
  try {
    const expr = or();
    return at === tokens.length ? expr : undefined;
  } catch {
    return undefined;
  }
}

/** The expression an `if:` holds: bare, or one `${{ … }}` around it. Anything else is a string GitHub reads as true. */
export function conditionOf(node: Node | undefined): Expr | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'scalar' && typeof node.value === 'boolean') return { t: 'lit', v: node.value };
  const text = stringValue(node)?.trim();
  if (text === undefined || text === '') return undefined;
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (whole && !whole[1]!.includes('}}')) return parseExpression(whole[1]!);
  return text.includes('${{') ? undefined : parseExpression(text);
}

/** Whether a condition uses a status function, which lets the job run when a job it needs was skipped or failed. */
export function overridesNeeds(node: Node | undefined): boolean {
  const text = stringValue(node) ?? '';
  return /\b(?:always|failure|cancelled)\s*\(/i.test(text);
}

