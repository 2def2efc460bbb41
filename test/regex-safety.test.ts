import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';
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

interface Pattern {
  readonly where: string;
  readonly pattern: string;
  readonly flags: string;
}

interface RegexSites {
  /** Regex literals, and `RegExp` calls whose pattern is known before run time. */
  readonly patterns: Pattern[];
  /** `RegExp` calls whose pattern is computed, as `file:line`. */
  readonly computed: string[];
  readonly exportsRegexSources: boolean;
}

/** The name a module exports the patterns its computed `RegExp` calls compile under. */
const REGEX_SOURCES = 'REGEX_SOURCES';

function staticString(node: TSESTree.Node | undefined): string | undefined {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]!.value.cooked ?? node.quasis[0]!.value.raw;
  return undefined;
}

function isRegExpCallee(node: TSESTree.Node): boolean {
  if (node.type === 'Identifier') return node.name === 'RegExp';
  return (
    node.type === 'MemberExpression' &&
    node.object.type === 'Identifier' &&
    node.object.name === 'globalThis' &&
    node.property.type === 'Identifier' &&
    node.property.name === 'RegExp'
  );
}

function declaresRegexSources(node: TSESTree.ExportNamedDeclaration): boolean {
  if (node.source) return false;
  if (node.declaration?.type === 'VariableDeclaration') {
    return node.declaration.kind === 'const' && node.declaration.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === REGEX_SOURCES);
  }
  return node.specifiers.some((s) => s.exported.type === 'Identifier' && s.exported.name === REGEX_SOURCES);
}

/** Every regex one module can compile, found in its source; `file` only names where. */
function regexSites(file: string, source: string): RegexSites {
  const patterns: Pattern[] = [];
  const computed: string[] = [];
  let exportsRegexSources = false;
  const ast = parse(source, { loc: true });
  simpleTraverse(ast, {
    enter(node) {
      const where = `${file}:${node.loc.start.line}`;
      if (node.type === 'Literal' && 'regex' in node && node.regex) {
        patterns.push({ where, pattern: node.regex.pattern, flags: node.regex.flags });
      } else if ((node.type === 'NewExpression' || node.type === 'CallExpression') && isRegExpCallee(node.callee)) {
        const [patternArg, flagsArg] = node.arguments;
        // `new RegExp(/x/, 'g')`: the literal itself is visited and linted
        if (patternArg === undefined || (patternArg.type === 'Literal' && 'regex' in patternArg)) return;
        const pattern = staticString(patternArg);
        if (pattern === undefined) computed.push(where);
        else patterns.push({ where, pattern, flags: flagsArg === undefined ? '' : (staticString(flagsArg) ?? '?') });
      } else if (node.type === 'ExportNamedDeclaration' && declaresRegexSources(node)) {
        exportsRegexSources = true;
      }
    },
  });
  return { patterns, computed, exportsRegexSources };
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
  // ret does not know lookbehind; as a lookahead it has the same shape, which is all this measures.
  return starHeight(tokenize(pattern.replace(/\(\?<([=!])/g, '(?$1'))) <= 1;
}

/** Why a pattern fails the lint, or undefined; a pattern that does not parse fails too. */
function patternProblem(pattern: string): string | undefined {
  try {
    return linearSafe(pattern) ? undefined : 'nests unbounded quantifiers';
  } catch (error) {
    return `does not parse (${error instanceof Error ? error.message : String(error)})`;
  }
}

type ModuleLoader = (file: string) => Promise<Record<string, unknown>>;

/** vitest compiles the .ts source itself, so the lint never depends on a stale build. */
const importSource: ModuleLoader = (file) => import(pathToFileURL(path.join(ROOT, file)).href) as Promise<Record<string, unknown>>;

function regexSourceEntries(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const entries: string[] = [];
  for (const entry of value as unknown[]) {
    if (typeof entry === 'string') entries.push(entry);
    else if (typeof entry === 'object' && entry !== null && typeof (entry as { source?: unknown }).source === 'string') entries.push((entry as { source: string }).source);
    else if (typeof entry === 'object' && entry !== null && typeof (entry as { regex?: unknown }).regex === 'string') entries.push((entry as { regex: string }).regex);
    else return undefined;
  }
  return entries;
}

/**
 * Everything wrong with one module's regexes. A computed pattern cannot be linted where it is
 * compiled, so its module must hand over the data it compiles as `REGEX_SOURCES`, loaded through
 * `load` only then.
 */
async function regexProblems(file: string, source: string, load: ModuleLoader = importSource): Promise<string[]> {
  const sites = regexSites(file, source);
  const problems: string[] = [];
  for (const { where, pattern, flags } of sites.patterns) {
    const problem = patternProblem(pattern);
    if (problem) problems.push(`${where} /${pattern}/${flags} ${problem}`);
  }
  if (sites.computed.length === 0) return problems;
  if (!sites.exportsRegexSources) {
    for (const where of sites.computed) problems.push(`${where} compiles a computed pattern, but ${file} exports no ${REGEX_SOURCES}`);
    return problems;
  }
  const entries = regexSourceEntries((await load(file))[REGEX_SOURCES]);
  if (entries === undefined) {
    problems.push(`${file} ${REGEX_SOURCES} is not an array of pattern strings or of objects with a source or regex string`);
    return problems;
  }
  entries.forEach((pattern, i) => {
    const problem = patternProblem(pattern);
    if (problem) problems.push(`${file} ${REGEX_SOURCES}[${i}] /${pattern}/ ${problem}`);
  });
  return problems;
}

const shipped = [...sources('src'), ...sources('rules')].map((file) => ({ file, source: readFileSync(path.join(ROOT, file), 'utf8') }));

/**
 * Scanned text is hostile, so no regex in nhiscan may backtrack exponentially: none nests one
 * unbounded quantifier inside another, whether written as a literal or compiled at run time.
 */
describe('regexes', () => {
  it('are found in the code (the lint has something to check)', () => {
    const patterns = shipped.flatMap(({ file, source }) => regexSites(file, source).patterns);
    expect(patterns.length).toBeGreaterThan(40);
  });

  it('have no nested unbounded quantifiers, literal or compiled', async () => {
    const problems = (await Promise.all(shipped.map(({ file, source }) => regexProblems(file, source)))).flat();
    expect(problems).toEqual([]);
  });

  it('the lint rejects a nested quantifier', () => {
    expect(linearSafe('(a+)+$')).toBe(false);
    expect(linearSafe('(?:x|(?:ab*)*)c')).toBe(false);
    expect(linearSafe('(?:[^/]+\\.)?config$')).toBe(true);
    expect(linearSafe('^[a-z]+$')).toBe(true);
    expect(linearSafe('(?<![a-z])x(?<secret>[a-z]{3})')).toBe(true);
    expect(linearSafe('(?<!(?:a+)+)x')).toBe(false);
  });
});

describe('compiled regexes', () => {
  const noLoad: ModuleLoader = () => Promise.reject(new Error('a module without a computed pattern is never loaded'));

  it('lint a literal pattern given to new RegExp or RegExp', async () => {
    expect(await regexProblems('src/x.ts', `export const r = new RegExp('(a+)+');`, noLoad)).toEqual(['src/x.ts:1 /(a+)+/ nests unbounded quantifiers']);
    expect(await regexProblems('src/x.ts', 'export const r = RegExp(`(?:x|(?:ab*)*)c`, "u");', noLoad)).toEqual(['src/x.ts:1 /(?:x|(?:ab*)*)c/u nests unbounded quantifiers']);
    expect(await regexProblems('src/x.ts', `export const r = new RegExp('^[a-z]+$');`, noLoad)).toEqual([]);
  });

  it('reject a pattern that does not parse', async () => {
    expect(await regexProblems('src/x.ts', `export const r = new RegExp('(a');`, noLoad)).toEqual([expect.stringMatching(/^src\/x\.ts:1 \/\(a\/ does not parse/)]);
  });

  it('reject a computed pattern in a module without REGEX_SOURCES', async () => {
    const source = `export function compile(pattern: string): RegExp {\n  return new RegExp(pattern);\n}\nexport const t = RegExp(\`^\${'a'}\`);`;
    expect(await regexProblems('src/x.ts', source, noLoad)).toEqual([
      'src/x.ts:2 compiles a computed pattern, but src/x.ts exports no REGEX_SOURCES',
      'src/x.ts:4 compiles a computed pattern, but src/x.ts exports no REGEX_SOURCES',
    ]);
  });

  it('lint every REGEX_SOURCES entry of a module with a computed pattern', async () => {
    const source = `export const REGEX_SOURCES = PATTERNS;\nexport const compiled = REGEX_SOURCES.map((p) => new RegExp(p.source));`;
    const load: ModuleLoader = async () => ({ REGEX_SOURCES: ['^ok$', { source: '(a+)+' }, { regex: '(b*)*c' }, /^[a-z]+$/] });
    expect(await regexProblems('src/x.ts', source, load)).toEqual([
      'src/x.ts REGEX_SOURCES[1] /(a+)+/ nests unbounded quantifiers',
      'src/x.ts REGEX_SOURCES[2] /(b*)*c/ nests unbounded quantifiers',
    ]);
    expect(await regexProblems('src/x.ts', source, async () => ({ REGEX_SOURCES: ['^ok$', { source: '[0-9]+' }] }))).toEqual([]);
  });

  it('reject a REGEX_SOURCES that is not pattern data', async () => {
    const source = `const REGEX_SOURCES = 'x';\nexport { REGEX_SOURCES };\nexport const r = new RegExp(REGEX_SOURCES);`;
    expect(await regexProblems('src/x.ts', source, async () => ({ REGEX_SOURCES: 'x' }))).toEqual([
      'src/x.ts REGEX_SOURCES is not an array of pattern strings or of objects with a source or regex string',
    ]);
  });

  it('load a module from its .ts source', async () => {
    expect(Array.isArray((await importSource('src/model/category.ts'))['CATEGORIES'])).toBe(true);
  });
});
