import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, simpleTraverse } from '@typescript-eslint/typescript-estree';
import ret, { types, type Token, type Tokens, type tokenizer } from 'ret';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
// ret is CommonJS exporting the tokenizer itself; its types describe an ES default export.
const tokenize = ret as unknown as typeof tokenizer;

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.includes('cases'))
    .map((file) => path.join(dir, file));
}

/** Every regex literal in the shipped code, with where it is. */
function regexLiterals(): { where: string; pattern: string; flags: string }[] {
  const found: { where: string; pattern: string; flags: string }[] = [];
  for (const file of [...sources('src'), ...sources('rules')]) {
    const ast = parse(readFileSync(path.join(ROOT, file), 'utf8'), { loc: true });
    simpleTraverse(ast, {
      enter(node) {
        if (node.type === 'Literal' && 'regex' in node && node.regex) {
          found.push({ where: `${file}:${node.loc.start.line}`, pattern: node.regex.pattern, flags: node.regex.flags });
        }
      },
    });
  }
  return found;
}

/**
 * The deepest nesting of unbounded quantifiers (`*`, `+`, `{n,}`) in a pattern. Bounded ones (`?`,
 * `{0,3}`) cannot make backtracking exponential, so they do not count.
 */
function starHeight(tokens: Tokens | Token, height = 0): number {
  const own = tokens.type === types.REPETITION && tokens.max === Infinity ? height + 1 : height;
  const children: Token[] = [];
  if (tokens.type === types.REPETITION) children.push(tokens.value);
  if ('stack' in tokens && tokens.stack) children.push(...tokens.stack);
  if ('options' in tokens && tokens.options) for (const option of tokens.options) children.push(...option);
  return Math.max(own, ...children.map((child) => starHeight(child, own)));
}

function linearSafe(pattern: string): boolean {
  return starHeight(tokenize(pattern)) <= 1;
}

/**
 * Scanned text is hostile, so no regex in nhiscan may backtrack exponentially: none nests one
 * unbounded quantifier inside another.
 */
describe('regexes', () => {
  const literals = regexLiterals();

  it('are found in the code (the lint has something to check)', () => {
    expect(literals.length).toBeGreaterThan(40);
  });

  it('have no nested unbounded quantifiers', () => {
    const unsafe = literals.filter(({ pattern }) => !linearSafe(pattern));
    expect(unsafe.map((r) => `${r.where} /${r.pattern}/${r.flags}`)).toEqual([]);
  });

  it('the lint rejects a nested quantifier', () => {
    expect(linearSafe('(a+)+$')).toBe(false);
    expect(linearSafe('(?:x|(?:ab*)*)c')).toBe(false);
    expect(linearSafe('(?:[^/]+\\.)?config$')).toBe(true);
    expect(linearSafe('^[a-z]+$')).toBe(true);
  });
});
