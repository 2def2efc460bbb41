import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { classify } from '../src/engine/adapters.js';
import { loadDocument, prepareParsers } from '../src/engine/documents.js';
import { decode } from '../src/text/decode.js';
import { LineIndex } from '../src/text/line-index.js';
import type { SourceFile, SourceProgram, Span } from '../src/model/document.js';
import { FILE_KINDS, type FileKind } from '../src/model/file-kind.js';
import { DEFAULT_BUDGET } from '../src/parse/result.js';
import { isSourceParserLoaded, parseSource, type SourceParseResult } from '../src/parse/source.js';

// The real packages, wrapped so a test can prove when they are loaded.
const loads = vi.hoisted(() => ({ estree: 0, typescript: 0 }));
vi.mock('@typescript-eslint/typescript-estree', async (importOriginal) => {
  loads.estree++;
  return importOriginal();
});
vi.mock('typescript', async (importOriginal) => {
  loads.typescript++;
  return importOriginal();
});

const SECRET = `ghp_${'A1b2C3d4'.repeat(4)}zZ9y`;

function file(path: string, text: string): SourceFile {
  return { path, ...classify(path), text };
}

function load(path: string, text: string) {
  const source = file(path, text);
  const outcome = loadDocument(source, new LineIndex(text));
  if (outcome === undefined) throw new Error('not a structured file');
  return outcome;
}

function parse(text: string, path = 'x.ts'): SourceParseResult {
  try {
    return parseSource(text, path);
  } catch (error) {
    throw new Error(`parser threw instead of returning a result: ${error instanceof Error ? error.name : typeof error}`);
  }
}

function program(text: string, path = 'x.ts'): SourceProgram {
  const result = parse(text, path);
  if (!result.ok) throw new Error(`expected a parse, got ${result.code} at ${result.offset}`);
  return result.program;
}

const slice = (text: string, node: { range: [number, number] }): string => text.slice(node.range[0], node.range[1]);

/** Whether TypeScript sits in Node's CommonJS cache: loaded by anyone, through any path. */
function typescriptInRequireCache(): boolean {
  const require = createRequire(import.meta.url);
  return Object.keys(require.cache).some((path) => /[\\/]node_modules[\\/](?:typescript|@typescript-eslint)[\\/]/.test(path));
}

// ---------------------------------------------------------------------------------------------
// First, while nothing has loaded TypeScript in this process.

describe('TypeScript is loaded only when a TS/JS kind is wanted', () => {
  it('before preparation, a TS/JS file is a parse failure, not a load', () => {
    expect(parse('const a = 1;')).toEqual({ ok: false, code: 'parser-not-loaded', offset: 0 });
    expect(loads).toEqual({ estree: 0, typescript: 0 });
  });

  it('preparing for every kind but source-ts, then parsing YAML, JSON, JSONC, TOML and dotenv, loads neither package', async () => {
    await prepareParsers(FILE_KINDS.filter((kind) => kind !== 'source-ts'));
    await prepareParsers(new Set<FileKind>(['github-workflow', 'mcp-config', 'codex-config']));
    expect(load('.github/workflows/ci.yml', 'on: push\n').ok).toBe(true);
    expect(load('.mcp.json', '{"mcpServers": {}}').ok).toBe(true);
    expect(load('.vscode/mcp.json', '{"servers": {}, // c\n}').ok).toBe(true);
    expect(load('.codex/config.toml', '[mcp_servers.x]\ncommand = "y"\n').ok).toBe(true);
    expect(load('.env', 'A=1\n').ok).toBe(true);
    expect(loads).toEqual({ estree: 0, typescript: 0 });
    expect(isSourceParserLoaded()).toBe(false);
    expect(typescriptInRequireCache()).toBe(false);
  });

  it('preparing for source-ts loads both once; preparing again costs nothing', async () => {
    await prepareParsers(['yaml', 'source-ts']);
    await prepareParsers(new Set<FileKind>(['source-ts']));
    expect(loads).toEqual({ estree: 1, typescript: 1 });
    expect(isSourceParserLoaded()).toBe(true);
    expect(typescriptInRequireCache()).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('TS/JS into an ESTree program', () => {
  beforeAll(() => prepareParsers(['source-ts']));

  it('ranges index the text, loc lines are 1-based, comments are kept', () => {
    const text = `// config\nimport { Octokit } from '@octokit/rest';\n\nconst client = new Octokit({ auth: "${SECRET}" });\n`;
    const ast = program(text);
    expect(ast.type).toBe('Program');
    expect(ast.sourceType).toBe('module');
    expect(ast.body.map((statement) => [statement.type, slice(text, statement)])).toEqual([
      ['ImportDeclaration', "import { Octokit } from '@octokit/rest';"],
      ['VariableDeclaration', `const client = new Octokit({ auth: "${SECRET}" });`],
    ]);
    expect(ast.comments?.map((comment) => [comment.type, comment.value, slice(text, comment)])).toEqual([['Line', ' config', '// config']]);
    const declaration = ast.body[1];
    const init = declaration?.type === 'VariableDeclaration' ? declaration.declarations[0]?.init : undefined;
    const property = init?.type === 'NewExpression' && init.arguments[0]?.type === 'ObjectExpression' ? init.arguments[0].properties[0] : undefined;
    const value = property?.type === 'Property' ? property.value : undefined;
    expect(value?.type === 'Literal' && value.value).toBe(SECRET);
    expect(slice(text, value!)).toBe(`"${SECRET}"`);
    expect(value?.loc).toEqual({ start: { line: 4, column: 35 }, end: { line: 4, column: 77 } });
    // the same offsets a located node's Span uses
    const span: Span = { start: value!.range[0], end: value!.range[1] };
    expect(new LineIndex(text).region(span)).toEqual({ startLine: 4, startColumn: 36, endLine: 4, endColumn: 78 });
  });

  it('TypeScript syntax in .ts/.mts/.cts; JSX in .tsx, .jsx and .js; CommonJS in .cjs', () => {
    expect(program('let a: number = <number>b;', 'a.ts').body).toHaveLength(1);
    expect(program('export const a: string = "x";', 'a.mts').sourceType).toBe('module');
    expect(program('const a = require("x") as X;', 'a.cts').body).toHaveLength(1);
    for (const path of ['a.tsx', 'a.jsx', 'a.js', 'a.mjs', 'a.cjs']) {
      const text = 'const el = <Provider token="t">{children}</Provider>;';
      const ast = program(text, path);
      const init = ast.body[0]?.type === 'VariableDeclaration' ? ast.body[0].declarations[0]?.init : undefined;
      expect(init?.type, path).toBe('JSXElement');
    }
    // `<T>x` is a type assertion in .ts and a JSX element nowhere else
    expect(parse('const el = <div>x</div>;', 'a.ts')).toMatchObject({ ok: false });
  });

  it('through loadDocument: a document with no roots and the program', () => {
    const text = 'export default { token: process.env.TOKEN };\n';
    const outcome = load('src/config.ts', text);
    expect(outcome.ok).toBe(true);
    const document = outcome.ok ? outcome.document : undefined;
    expect(document?.roots).toEqual([]);
    expect(document?.file).toMatchObject({ kind: 'source-ts', syntax: 'source' });
    expect(document?.program?.body[0]?.type).toBe('ExportDefaultDeclaration');
  });

  it('a syntax error is TypeScript\'s diagnostic number at its offset; a converter check is invalid-syntax', () => {
    const text = `const config = {\n  deploySecretKey: "${SECRET}" "x"\n};\n`;
    const result = parse(text);
    expect(result).toEqual({ ok: false, code: 'TS1005', offset: text.indexOf(' "x"') + 1 });
    expect(parse('let = ;')).toEqual({ ok: false, code: 'TS1109', offset: 6 });
    expect(parse('function f<>() {}')).toEqual({ ok: false, code: 'invalid-syntax', offset: 10 });
    expect(JSON.stringify(result)).not.toContain('ghp_');
  });

  it('through loadDocument: the error kind at line:column, neither the secret nor a name', () => {
    const text = `const client = {\n  deploySecretKey: "${SECRET}" trailing\n};\n`;
    const outcome = load('src/settings.ts', text);
    expect(outcome).toEqual({
      ok: false,
      notification: {
        level: 'warning',
        kind: 'parse-error',
        message: 'could not parse as TypeScript (TS1005 at 2:63); structured rules skipped this file',
        path: 'src/settings.ts',
        line: 2,
        column: 63,
      },
    });
    for (const hidden of [SECRET, 'ghp_', 'deploySecretKey', 'client', 'trailing']) expect(JSON.stringify(outcome)).not.toContain(hidden);
    const js = load('lib/x.mjs', `export const ${SECRET.toLowerCase()} = ;`);
    expect(!js.ok && js.notification.message).toBe('could not parse as JavaScript (TS1109 at 1:57); structured rules skipped this file');
    expect(JSON.stringify(js)).not.toContain(SECRET.toLowerCase());
  });

  it('TypeScript\'s own message quotes the code: that is what never leaves the parser', async () => {
    const { parse: estreeParse } = await import('@typescript-eslint/typescript-estree');
    const tag = `${SECRET.replaceAll('_', '')}`;
    const text = `const el = <${tag}>x</Other>;`;
    let message = '';
    try {
      estreeParse(text, { loggerFn: false, filePath: 'x.tsx' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(tag);
    const ours = parse(text, 'x.tsx');
    expect(ours).toMatchObject({ ok: false, code: 'TS17002', offset: text.indexOf('Other') });
    expect(JSON.stringify(ours)).not.toContain(tag);
    expect(JSON.stringify(load('src/El.tsx', text))).not.toContain(tag);
  });
});

describe('TS/JS hostile input: bounded, never throws', () => {
  beforeAll(() => prepareParsers(['source-ts']));

  it('every prefix of a file returns a result without throwing, errors inside the text', () => {
    const text = `import x from "y";\nconst re = /[({]+/g, t = \`a\${b + (c ? [1] : {d: 2})}\`;\nexport function f<T>(a: T): T { return a! as T; }\nconst el = <a b={1}>t</a>;\n`;
    for (let end = 0; end <= text.length; end++) {
      const result = parse(text.slice(0, end), 'x.tsx');
      if (!result.ok) {
        expect(result.code).toMatch(/^(?:TS\d+|[a-z-]+)$/);
        expect(result.offset).toBeGreaterThanOrEqual(0);
        expect(result.offset).toBeLessThanOrEqual(end);
      }
    }
  });

  it.each([
    ['parentheses', `x = ${'('.repeat(100_000)}1${')'.repeat(100_000)}`, 'x.ts'],
    ['arrays', `x = ${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'x.ts'],
    ['object literals', `x = ${'{a:'.repeat(100_000)}1${'}'.repeat(100_000)}`, 'x.ts'],
    ['blocks', `${'{'.repeat(100_000)}${'}'.repeat(100_000)}`, 'x.ts'],
    ['calls', `x = ${'f('.repeat(100_000)}${')'.repeat(100_000)}`, 'x.ts'],
    ['template substitutions', `x = ${'`${'.repeat(100_000)}1${'}`'.repeat(100_000)}`, 'x.ts'],
    ['type arguments', `let x: ${'A<'.repeat(100_000)}B${'>'.repeat(100_000)};`, 'x.ts'],
    ['functions', `x = ${'function(){return '.repeat(100_000)}1${'}'.repeat(100_000)}`, 'x.js'],
    ['a binary chain', `x = ${'a+'.repeat(100_000)}a`, 'x.ts'],
    ['a binary chain over lines', `x = ${'a +\n'.repeat(100_000)}a`, 'x.js'],
    ['a comma sequence', `x = (${'a,'.repeat(100_000)}a)`, 'x.ts'],
    ['prefix operators', `x = ${'!'.repeat(100_000)}a`, 'x.ts'],
    ['a conditional chain', `x = ${'a?b:'.repeat(100_000)}c`, 'x.ts'],
    ['an assignment chain', `${'a='.repeat(100_000)}1`, 'x.js'],
    ['arrow functions', `f = ${'a=>'.repeat(100_000)}1`, 'x.ts'],
    ['member access', `x = a${'.b'.repeat(100_000)}`, 'x.ts'],
    ['call chains', `x = a${'()'.repeat(100_000)}`, 'x.ts'],
    ['index chains', `x = a${'[0]'.repeat(100_000)}`, 'x.ts'],
    ['non-null assertions', `x = a${'!'.repeat(100_000)}`, 'x.ts'],
    ['tagged templates', `x = a${'``'.repeat(100_000)}`, 'x.ts'],
    ['nested ifs', `${'if(a)'.repeat(100_000)}b;`, 'x.js'],
    ['an else-if ladder', `${'if(a)b;else '.repeat(100_000)}c;`, 'x.js'],
    ['labels', `${'a:'.repeat(100_000)};`, 'x.js'],
    ['JSX elements', `x = ${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`, 'x.tsx'],
    ['JSX attributes', `x = ${'<a b={'.repeat(100_000)}1${'} />'.repeat(100_000)}`, 'x.jsx'],
  ])('%s nested 100,000 deep: refused before the parser, quickly', (_, text, path) => {
    const started = Date.now();
    const result = parse(text, path);
    expect(result).toMatchObject({ ok: false, code: 'too-deeply-nested' });
    // refused early in the text: by the estimate, not by a stack overflow caught after the fact
    expect(!result.ok && result.offset).toBeGreaterThan(0);
    expect(!result.ok && result.offset).toBeLessThan(5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it.each([
    ['parentheses', (n: number) => `x = ${'('.repeat(n)}1${')'.repeat(n)}`, 199, 'x.ts'],
    ['object literals', (n: number) => `x = ${'{a:'.repeat(n)}1${'}'.repeat(n)}`, 133, 'x.ts'],
    ['functions', (n: number) => `x = ${'function(){return '.repeat(n)}1${'}'.repeat(n)}`, 99, 'x.js'],
    ['a binary chain', (n: number) => `x = ${'a+'.repeat(n)}a`, 399, 'x.ts'],
    ['JSX elements', (n: number) => `x = ${'<a>'.repeat(n)}${'</a>'.repeat(n)}`, 199, 'x.tsx'],
  ])('%s just under the limit parse; one more level is refused', (_, make, deepest, path) => {
    expect(parse(make(deepest), path)).toMatchObject({ ok: true });
    expect(parse(make(deepest + 1), path)).toMatchObject({ ok: false, code: 'too-deeply-nested' });
  });

  it('real code is not refused: long flat chains, big literals, no semicolons, regexes and strings full of brackets', () => {
    const ranges = Array.from({ length: 300 }, (_, i) => `x >= ${i * 10} && x <= ${i * 10 + 5}`).join(' || ');
    const cases: [string, string][] = [
      [`const wide = (x) => ${ranges};`, 'x.js'],
      [`export const data = [${Array.from({ length: 20_000 }, (_, i) => `{ id: ${i}, name: "n${i}" }`).join(',\n')}];`, 'x.ts'],
      [Array.from({ length: 5_000 }, (_, i) => `const v${i} = f(a.b.c + ${i})`).join('\n'), 'x.js'],
      [`if (a) {} ${Array.from({ length: 150 }, (_, i) => `else if (x === ${i}) { y() }`).join(' ')}`, 'x.js'],
      [`const re = /[(\\[{]{2,}/g; const s = "${'(['.repeat(2_000)}"; // ${'{'.repeat(2_000)}\n/* ${'['.repeat(2_000)} */`, 'x.ts'],
      [`const t = \`${'{['.repeat(1_000)}\${a}${'(['.repeat(1_000)}\`;`, 'x.ts'],
      [`${Array.from({ length: 2_000 }, (_, i) => `if(a${i}){b()}`).join('')}`, 'x.min.js'],
      [`const App = () => (<ul>{items.map((i) => <li key={i}>Don't // stop (here) {i}</li>)}</ul>);\nconst g = <T,>(x: T) => x;`, 'x.tsx'],
    ];
    for (const [text, path] of cases) expect(parse(text, path), text.slice(0, 60)).toMatchObject({ ok: true });
  });

  it('a 4 MiB string literal and a 4 MiB comment are kept whole', () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    const text = `const a = "${big}"; // ${big}\n`;
    const ast = program(text);
    const declaration = ast.body[0];
    const init = declaration?.type === 'VariableDeclaration' ? declaration.declarations[0]?.init : undefined;
    expect(init?.range).toEqual([10, 12 + big.length]);
    expect(init?.type === 'Literal' && init.value === big).toBe(true);
    expect(ast.comments?.[0]?.range).toEqual([14 + big.length, text.length - 1]);
  });

  it('invalid UTF-8, once decoded: U+FFFD in a string parses; in code TypeScript calls the file binary', () => {
    const decoded = decode(Buffer.concat([Buffer.from('const a = "x'), Buffer.from([0xff, 0xc3]), Buffer.from('y";\n')]));
    const text = decoded.kind === 'text' ? decoded.text : '';
    expect(text).toBe('const a = "x\uFFFD\uFFFDy";\n');
    const init = program(text).body[0];
    expect(init?.type === 'VariableDeclaration' && init.declarations[0]?.init).toMatchObject({ value: 'x\uFFFD\uFFFDy', range: [10, 16] });
    // TS1490 "File appears to be binary", reported at the start
    expect(parse('const a\uFFFD = 1;')).toEqual({ ok: false, code: 'TS1490', offset: 0 });
  });

  it('a NUL byte in code is an error at the NUL; in a string it is kept', () => {
    expect(parse(`const a = 1;\u0000const ${SECRET} = 2;`)).toEqual({ ok: false, code: 'TS1127', offset: 12 });
    expect(program('const a = "x\u0000y";').body).toHaveLength(1);
  });

  it('a BOM left at the start (after the one decode removes) is whitespace to TypeScript, offsets intact', () => {
    const decoded = decode(Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...Buffer.from('let a = 1;')]));
    const text = decoded.kind === 'text' ? decoded.text : '';
    expect(text).toBe('\uFEFFlet a = 1;');
    expect(program(text).body[0]?.range).toEqual([1, 11]);
  });

  it('the depth budget scales the limit', () => {
    const text = `x = ${'('.repeat(30)}1${')'.repeat(30)}`;
    expect(parseSource(text, 'x.ts', { ...DEFAULT_BUDGET, maxDepth: 20 })).toMatchObject({ ok: false, code: 'too-deeply-nested', offset: 23 });
    expect(parseSource(text, 'x.ts')).toMatchObject({ ok: true });
  });
});
