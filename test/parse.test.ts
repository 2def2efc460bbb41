import { parseAllDocuments } from 'yaml';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { classify } from '../src/engine/adapters.js';
import { decode } from '../src/text/decode.js';
import { loadDocument } from '../src/engine/documents.js';
import { LineIndex } from '../src/text/line-index.js';
import { formatKeyPath, get, getPath, isMap, isSeq, type Node, type SourceFile, type Span } from '../src/model/document.js';
import type { Syntax } from '../src/model/file-kind.js';
import { parseJson } from '../src/parse/json.js';
import { DEFAULT_BUDGET, JSON_BUDGET, type ParseResult } from '../src/parse/result.js';
import { parseYaml } from '../src/parse/yaml.js';
import { at, only, outline } from './support/outline.js';

// The real parser, wrapped so a test can prove which files never reach it.
vi.mock('../src/parse/yaml.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/parse/yaml.js')>();
  return { ...original, parseYaml: vi.fn(original.parseYaml) };
});

// ---------------------------------------------------------------------------------------------
// helpers

function roots(result: ParseResult): readonly Node[] {
  if (!result.ok) throw new Error(`expected a parse, got ${result.code} at ${result.offset}`);
  return result.roots;
}

/** Counts nodes and the longest path without recursion (the trees under test can be large). */
function measure(all: readonly Node[]): { nodes: number; deepestPath: number } {
  let nodes = 0;
  let deepestPath = 0;
  const stack = [...all];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    nodes++;
    deepestPath = Math.max(deepestPath, current.path.length);
    if (current.type === 'map') for (const entry of current.entries) stack.push(entry.value);
    else if (current.type === 'seq') stack.push(...current.items);
  }
  return { nodes, deepestPath };
}

function sourceFile(path: string, syntax: Syntax, text: string): SourceFile {
  return { path, kind: syntax === 'yaml' ? 'yaml' : 'json', syntax, adapter: syntax, text };
}

function load(file: SourceFile) {
  const outcome = loadDocument(file, new LineIndex(file.text));
  if (outcome === undefined) throw new Error('not a structured file');
  return outcome;
}

/** Never throws: a thrown error becomes a failed expectation naming the input's size. */
function safely(parse: () => ParseResult): ParseResult {
  try {
    return parse();
  } catch (error) {
    throw new Error(`parser threw instead of returning a result: ${error instanceof Error ? error.name : typeof error}`);
  }
}

const yaml = (text: string) => safely(() => parseYaml(text));
const json = (text: string) => safely(() => parseJson(text, { jsonc: false }));
const jsonc = (text: string) => safely(() => parseJson(text, { jsonc: true }));

// ---------------------------------------------------------------------------------------------

describe('YAML into located nodes', () => {
  it('block maps and sequences: key paths, value spans, key spans, numeric segments', () => {
    const text = 'jobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo hi\n    env: {A: 1}\n';
    expect(outline(text, only(yaml(text)))).toEqual([
      `$ map ${JSON.stringify(text)}`,
      `jobs map ${JSON.stringify(text.slice(text.indexOf('build')))} key="jobs"`,
      `jobs.build map ${JSON.stringify(text.slice(text.indexOf('steps')))} key="build"`,
      `jobs.build.steps seq "- uses: actions/checkout@v4\\n      - run: echo hi\\n" key="steps"`,
      'jobs.build.steps[0] map "uses: actions/checkout@v4\\n"',
      'jobs.build.steps[0].uses scalar "actions/checkout@v4" "actions/checkout@v4" key="uses"',
      'jobs.build.steps[1] map "run: echo hi\\n"',
      'jobs.build.steps[1].run scalar "echo hi" "echo hi" key="run"',
      'jobs.build.env map "{A: 1}" key="env"',
      'jobs.build.env.A scalar 1 "1" key="A"',
    ]);
    const root = only(yaml(text));
    expect(getPath(root, ['jobs', 'build', 'steps', 1, 'run'])?.span).toEqual({ start: 73, end: 80 });
    expect(getPath(root, ['jobs', 'build', 'steps', 1, 'run'])?.keySpan).toEqual({ start: 68, end: 71 });
  });

  it('quoted scalars: the span covers the quotes, the value is unescaped', () => {
    const text = `a: "x\\ty"\nb: 'it''s'\nc: plain text  \n`;
    expect(outline(text, only(yaml(text)))).toEqual([
      `$ map ${JSON.stringify(text.slice(0, 37))}`,
      'a scalar "x\\ty" "\\"x\\\\ty\\"" key="a"',
      `b scalar "it's" "'it''s'" key="b"`,
      'c scalar "plain text" "plain text" key="c"',
    ]);
  });

  it('block scalars: the span runs from the indicator through the last content line break', () => {
    const text = 'a: |\n  foo\n  bar\nb: >-\n  x\n  y\n\nc: 1';
    expect(outline(text, only(yaml(text)))).toEqual([
      `$ map ${JSON.stringify(text)}`,
      'a scalar "foo\\nbar\\n" "|\\n  foo\\n  bar\\n" key="a"',
      'b scalar "x y" ">-\\n  x\\n  y\\n" key="b"',
      'c scalar 1 "1" key="c"',
    ]);
  });

  it('flow collections nest with paths and exact spans', () => {
    const text = '{a: 1, b: [x, "y", {c: null}]}';
    expect(outline(text, only(yaml(text)))).toEqual([
      `$ map ${JSON.stringify(text)}`,
      'a scalar 1 "1" key="a"',
      'b seq "[x, \\"y\\", {c: null}]" key="b"',
      'b[0] scalar "x" "x"',
      'b[1] scalar "y" "\\"y\\""',
      'b[2] map "{c: null}"',
      'b[2].c scalar null "null" key="c"',
    ]);
  });

  it('`key:` with nothing is a null scalar with an empty span just after the colon', () => {
    const text = 'a:\nb: 1\nc:   # note\nd:';
    const root = only(yaml(text));
    expect(outline(text, root)).toEqual([
      `$ map ${JSON.stringify(text)}`,
      'a scalar null "" key="a"',
      'b scalar 1 "1" key="b"',
      'c scalar null "" key="c"',
      'd scalar null "" key="d"',
    ]);
    expect(get(root, 'a')?.span).toEqual({ start: 2, end: 2 });
    expect(get(root, 'c')?.span).toEqual({ start: 13, end: 13 });
    expect(get(root, 'd')?.span).toEqual({ start: 22, end: 22 });
    // Located on the key's own line, so a finding on it points where the reader looks.
    expect(new LineIndex(text).region(get(root, 'a')!.span)).toEqual({ startLine: 1, startColumn: 3, endLine: 1, endColumn: 3 });
  });

  it('an explicit key without a value is a null scalar located at the end of the key', () => {
    const text = '? a\n? b\n: 2\n';
    const root = only(yaml(text));
    expect(outline(text, root)).toEqual([`$ map ${JSON.stringify(text.slice(0, 12))}`, 'a scalar null "" key="a"', 'b scalar 2 "2" key="b"']);
    expect(get(root, 'a')?.span).toEqual({ start: 3, end: 3 });
  });

  it('duplicate keys are kept in source order; get takes the last', () => {
    const text = 'a: 1\nb: 0\na: 2\n';
    const root = only(yaml(text));
    expect(isMap(root) && root.entries.map((entry) => [entry.key, at(text, entry.keySpan), at(text, entry.value.span)])).toEqual([
      ['a', 'a', '1'],
      ['b', 'b', '0'],
      ['a', 'a', '2'],
    ]);
    expect(get(root, 'a')?.span).toEqual({ start: 13, end: 14 });
  });

  it('a multi-document stream gives one root per document, each located in the whole text', () => {
    const text = 'a: 1\n---\nb: [x]\n---\n- 3\n';
    const all = roots(yaml(text));
    expect(all.map((root) => outline(text, root))).toEqual([
      ['$ map "a: 1\\n"', 'a scalar 1 "1" key="a"'],
      ['$ map "b: [x]\\n"', 'b seq "[x]" key="b"', 'b[0] scalar "x" "x"'],
      ['$ seq "- 3\\n"', '[0] scalar 3 "3"'],
    ]);
  });

  it('an empty document inside a stream is a null root; an empty or comment-only stream has none', () => {
    const text = 'a: 1\n---\n---\nb: 2\n';
    const all = roots(yaml(text));
    expect(all.map((root) => root.type)).toEqual(['map', 'scalar', 'map']);
    expect(all[1]).toEqual({ type: 'scalar', path: [], span: { start: 8, end: 8 }, value: null });
    expect(roots(yaml(''))).toEqual([]);
    expect(roots(yaml('# only a comment\n'))).toEqual([]);
  });

  it('an alias takes the path of its use and the spans of its anchor', () => {
    const text = 'base: &b {x: 1, y: [2]}\nuse: *b\n';
    const root = only(yaml(text));
    expect(outline(text, root)).toEqual([
      `$ map ${JSON.stringify(text)}`,
      'base map "{x: 1, y: [2]}" key="base"',
      'base.x scalar 1 "1" key="x"',
      'base.y seq "[2]" key="y"',
      'base.y[0] scalar 2 "2"',
      // the use site: its own path and key, the anchor's text
      'use map "{x: 1, y: [2]}" key="use"',
      'use.x scalar 1 "1" key="x"',
      'use.y seq "[2]" key="y"',
      'use.y[0] scalar 2 "2"',
    ]);
    expect(getPath(root, ['use', 'y', 0])?.span).toEqual(getPath(root, ['base', 'y', 0])?.span);
    expect(get(root, 'use')?.keySpan).toEqual({ start: 24, end: 27 });
  });

  it('an alias resolves to the last anchor of that name before it', () => {
    const text = 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n';
    const root = only(yaml(text));
    expect(['a', 'b', 'c', 'd'].map((key) => [key, at(text, get(root, key)?.span), (get(root, key) as { value?: unknown }).value])).toEqual([
      ['a', '1', 1],
      ['b', '1', 1],
      ['c', '2', 2],
      ['d', '2', 2],
    ]);
    expect(get(root, 'b')?.span).toEqual({ start: 6, end: 7 });
    expect(get(root, 'd')?.span).toEqual({ start: 20, end: 21 });
  });

  it('an alias to an anchor that does not exist gives no entry (and no error)', () => {
    const text = 'a: *nope\nb: 1\n';
    expect(outline(text, only(yaml(text)))).toEqual([`$ map ${JSON.stringify(text)}`, 'b scalar 1 "1" key="b"']);
  });

  it('merge keys are not merged: `<<` is a plain key holding the aliased map (YAML 1.2 core schema)', () => {
    const text = 'base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n';
    const root = only(yaml(text));
    expect(outline(text, get(root, 'd')!)).toEqual([
      'd map "<<: *b\\n  y: 2\\n" key="d"',
      'd["<<"] map "{x: 1}" key="<<"',
      'd["<<"].x scalar 1 "1" key="x"',
      'd.y scalar 2 "2" key="y"',
    ]);
    expect(getPath(root, ['d', 'x'])).toBeUndefined();
  });

  it('scalar keys become their value as a string; keys with no string form are dropped', () => {
    const text = '1: a\ntrue: b\n0x1F: c\nnull: d\n[x]: e\nf: g\n';
    const root = only(yaml(text));
    expect(isMap(root) && root.entries.map((entry) => [entry.key, at(text, entry.keySpan)])).toEqual([
      ['1', '1'],
      ['true', 'true'],
      ['31', '0x1F'],
      ['f', 'f'],
    ]);
  });

  it('CRLF line breaks: spans still index the text, and the region of a line-ending value stops before \\r\\n', () => {
    const text = 'a: 1\r\nb:\r\n  - x\r\n';
    const root = only(yaml(text));
    expect(outline(text, root)).toEqual([`$ map ${JSON.stringify(text)}`, 'a scalar 1 "1" key="a"', 'b seq "- x\\r\\n" key="b"', 'b[0] scalar "x" "x"']);
    expect(new LineIndex(text).region(get(root, 'b')!.span)).toEqual({ startLine: 3, startColumn: 3, endLine: 3, endColumn: 6 });
  });
});

describe('JSON and JSONC into located nodes', () => {
  it('objects, arrays and every scalar type: paths, spans with quotes, key spans with quotes', () => {
    const text = '{\n  "servers": {"gh": {"args": ["-y", 2, true, null], "env": {"K": "v"}}},\n  "n": -1.5e2\n}\n';
    expect(outline(text, only(json(text)))).toEqual([
      `$ map ${JSON.stringify(text.slice(0, text.length - 1))}`,
      'servers map "{\\"gh\\": {\\"args\\": [\\"-y\\", 2, true, null], \\"env\\": {\\"K\\": \\"v\\"}}}" key="\\"servers\\""',
      'servers.gh map "{\\"args\\": [\\"-y\\", 2, true, null], \\"env\\": {\\"K\\": \\"v\\"}}" key="\\"gh\\""',
      'servers.gh.args seq "[\\"-y\\", 2, true, null]" key="\\"args\\""',
      'servers.gh.args[0] scalar "-y" "\\"-y\\""',
      'servers.gh.args[1] scalar 2 "2"',
      'servers.gh.args[2] scalar true "true"',
      'servers.gh.args[3] scalar null "null"',
      'servers.gh.env map "{\\"K\\": \\"v\\"}" key="\\"env\\""',
      'servers.gh.env.K scalar "v" "\\"v\\"" key="\\"K\\""',
      'n scalar -150 "-1.5e2" key="\\"n\\""',
    ]);
  });

  it('keys needing quotes in a key path, and escapes in keys and values', () => {
    const text = '{"a.b": {"\\u0041": "x\\ny"}}';
    expect(outline(text, only(json(text)))).toEqual([
      `$ map ${JSON.stringify(text)}`,
      `["a.b"] map ${JSON.stringify('{"\\u0041": "x\\ny"}')} key="\\"a.b\\""`,
      `["a.b"].A scalar "x\\ny" ${JSON.stringify('"x\\ny"')} key=${JSON.stringify('"\\u0041"')}`,
    ]);
  });

  it('duplicate keys are kept in source order; get takes the last', () => {
    const text = '{"a": 1, "b": 0, "a": 2}';
    const root = only(json(text));
    expect(isMap(root) && root.entries.map((entry) => [entry.key, at(text, entry.keySpan), at(text, entry.value.span)])).toEqual([
      ['a', '"a"', '1'],
      ['b', '"b"', '0'],
      ['a', '"a"', '2'],
    ]);
    expect(get(root, 'a')?.span).toEqual({ start: 22, end: 23 });
  });

  it('an empty or whitespace-only file has no root; a top-level scalar is one', () => {
    expect(roots(json(''))).toEqual([]);
    expect(roots(json(' \n '))).toEqual([]);
    expect(roots(json(' "s" '))).toEqual([{ type: 'scalar', path: [], span: { start: 1, end: 4 }, value: 's' }]);
  });

  it('strict JSON rejects a line comment at the comment', () => {
    expect(json('{"a": 1 // c\n}')).toEqual({ ok: false, code: 'InvalidCommentToken', offset: 8 });
  });

  it('strict JSON rejects a block comment at the comment', () => {
    expect(json('{\n  /* c */ "a": 1}')).toEqual({ ok: false, code: 'InvalidCommentToken', offset: 4 });
  });

  it('strict JSON rejects a trailing comma in an object, at the closing brace where a name was expected', () => {
    expect(json('{"a": 1,}')).toEqual({ ok: false, code: 'PropertyNameExpected', offset: 8 });
  });

  it('strict JSON rejects a trailing comma in an array, at the closing bracket where a value was expected', () => {
    expect(json('{"a": [1, 2,]}')).toEqual({ ok: false, code: 'ValueExpected', offset: 12 });
  });

  it('JSONC accepts comments and trailing commas, spans unaffected', () => {
    const text = '{\n  // c\n  "a": [1, 2,],\n  /* d */ "b": true,\n}';
    expect(outline(text, only(jsonc(text)))).toEqual([
      `$ map ${JSON.stringify(text)}`,
      'a seq "[1, 2,]" key="\\"a\\""',
      'a[0] scalar 1 "1"',
      'a[1] scalar 2 "2"',
      'b scalar true "true" key="\\"b\\""',
    ]);
  });

  it('JSONC still rejects what is not JSON at all', () => {
    expect(jsonc('{a: 1}')).toEqual({ ok: false, code: 'InvalidSymbol', offset: 1 });
  });
});

describe('.json never goes through the YAML parser', () => {
  beforeEach(() => {
    vi.mocked(parseYaml).mockClear();
  });

  it('every .json path is classified JSON or JSONC, never YAML', () => {
    const paths = ['package.json', 'a/b/c.json', '.mcp.json', '.vscode/mcp.json', '.cursor/mcp.json', '.claude/settings.json', '.devcontainer/devcontainer.json', 'X.JSON', 'y.jsonc'];
    expect(paths.map((path) => classify(path).syntax)).toEqual(['json', 'json', 'json', 'jsonc', 'jsonc', 'json', 'jsonc', 'json', 'jsonc']);
  });

  it('YAML-valid text in a strict JSON file is a JSON parse error, and the YAML parser is never called', () => {
    const comment = load(sourceFile('.mcp.json', 'json', '{"a": 1} # yaml comment\n'));
    const block = load(sourceFile('x.json', 'json', 'a: 1\n'));
    expect(comment.ok).toBe(false);
    expect(block.ok).toBe(false);
    expect(!comment.ok && comment.notification.message).toContain('InvalidSymbol at 1:10');
    expect(!block.ok && block.notification.message).toContain('InvalidSymbol at 1:1');
    expect(load(sourceFile('.vscode/mcp.json', 'jsonc', '{"a": 1,}')).ok).toBe(true);
    expect(parseYaml).not.toHaveBeenCalled();
  });

  it('(control) a YAML file does reach the YAML parser', () => {
    expect(load(sourceFile('x.yml', 'yaml', 'a: 1\n')).ok).toBe(true);
    expect(parseYaml).toHaveBeenCalledTimes(1);
  });
});

describe('hostile input: bounded, never throws', () => {
  it('every prefix of a YAML and a JSON document returns a result without throwing', () => {
    const yamlText = 'on: push\njobs:\n  a:\n    steps:\n      - run: "echo \\"x\\""\n        env: {K: [1, 2]}\n      - |\n        multi\n';
    const jsonText = '{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "x"], "env": {"T": "\\u0041"}}}, "n": [1.5e3, true, null]}';
    for (const [text, parse] of [
      [yamlText, yaml],
      [jsonText, json],
      [jsonText, jsonc],
    ] as const) {
      for (let end = 0; end <= text.length; end++) {
        const result = parse(text.slice(0, end));
        if (!result.ok) {
          expect(result.code).toMatch(/^[A-Za-z_-]+$/);
          expect(result.offset).toBeGreaterThanOrEqual(0);
          expect(result.offset).toBeLessThanOrEqual(end);
        }
      }
    }
  });

  it('truncated YAML and JSON fail with a code at the end of the text', () => {
    expect(yaml('a: [1, 2\n')).toEqual({ ok: false, code: 'BAD_INDENT', offset: 9 });
    expect(yaml('a: "open\n')).toEqual({ ok: false, code: 'MISSING_CHAR', offset: 9 });
    expect(json('{"a": [1, 2')).toEqual({ ok: false, code: 'CloseBracketExpected', offset: 11 });
    expect(json('{"a": "open')).toEqual({ ok: false, code: 'UnexpectedEndOfString', offset: 6 });
  });

  it.each([
    ['YAML [[[…', () => yaml('['.repeat(100_000)), 200],
    ['YAML {"a":{"a":…', () => yaml('{"a":'.repeat(100_000)), 1000],
    // JSON's clients accept far deeper nesting than YAML's (JSON_BUDGET).
    ['JSON [[[…', () => json('['.repeat(100_000)), 2000],
    ['JSON {"a":{"a":…', () => json('{"a":'.repeat(100_000)), 10000],
    ['JSONC [[[…', () => jsonc('['.repeat(100_000)), 2000],
    ['JSONC {"a":{"a":…', () => jsonc('{"a":'.repeat(100_000)), 10000],
  ] as const)('%s 100,000 levels is refused as too-deeply-nested at the first bracket past the limit', (_, parse, offset) => {
    expect(parse()).toEqual({ ok: false, code: 'too-deeply-nested', offset });
  });

  it('exactly the depth limit of nesting is accepted', () => {
    for (const [parse, depth] of [
      [yaml, DEFAULT_BUDGET.maxDepth],
      [json, JSON_BUDGET.maxDepth],
    ] as const) {
      const result = parse('['.repeat(depth) + ']'.repeat(depth));
      expect(result.ok && result.truncated).toBe(undefined);
      expect(measure(roots(result))).toEqual({ nodes: depth, deepestPath: depth - 1 });
    }
  });

  it('a deep spine with many leaves at its end stops at the path budget, not after gigabytes of key paths', () => {
    // 1,999 levels and 5,000 leaves: few nodes, but each leaf holds a 2,000-long path.
    const text = '['.repeat(1_999) + Array(5_000).fill('0').join(',') + ']'.repeat(1_999);
    const result = json(text);
    expect(result.ok && result.truncated).toBe('nodes');
    const { nodes } = measure(roots(result));
    expect(nodes).toBeLessThan(1_999 + 5_000);
    expect(nodes).toBeGreaterThan(1_999);
  });

  it('JSON brackets inside comments and strings are not nesting: a comment full of `[` is accepted', () => {
    const text = `{ // ${'['.repeat(1_000)}\n  /* ${'{'.repeat(1_000)} */ "a": "${'['.repeat(1_000)}"}`;
    expect(outline(text, only(jsonc(text)))).toEqual([`$ map ${JSON.stringify(text)}`, `a scalar ${JSON.stringify('['.repeat(1_000))} ${JSON.stringify(`"${'['.repeat(1_000)}"`)} key="\\"a\\""`]);
  });

  it.each([
    ['a `"` inside a block comment', '[/*"*/' + '['.repeat(100_000), 2005],
    ['a string ended by a lone \\r', '["x\r' + '['.repeat(100_000), 2003],
  ])('JSON nesting next to text that fools a character count (%s) is refused at the right bracket', (_, text, offset) => {
    expect(json(text)).toEqual({ ok: false, code: 'too-deeply-nested', offset });
    expect(jsonc(text)).toEqual({ ok: false, code: 'too-deeply-nested', offset });
  });

  it('JSON nesting built only by error recovery (`[},[},[…`) is refused from the caught overflow, not thrown', () => {
    const text = '[' + '},['.repeat(100_000);
    expect(json(text)).toEqual({ ok: false, code: 'too-deeply-nested', offset: 0 });
    expect(jsonc(text)).toEqual({ ok: false, code: 'too-deeply-nested', offset: 0 });
  });

  it('YAML brackets inside comments, block scalars and quotes are not nesting', () => {
    const text = `# ${'['.repeat(1_000)}\nrun: |\n  echo '${'['.repeat(1_000)}'\nq: '${'{'.repeat(1_000)}'\n`;
    const root = only(yaml(text));
    expect(isMap(root) && root.entries.map((entry) => entry.key)).toEqual(['run', 'q']);
    expect(get(root, 'q')).toMatchObject({ value: '{'.repeat(1_000) });
  });

  it('YAML flow nesting after a quote that fools a character count is refused at the right bracket', () => {
    expect(yaml(`x: ['"', ${'['.repeat(100_000)}`)).toEqual({ ok: false, code: 'too-deeply-nested', offset: 207 });
  });

  // 4 MiB is under the default 5 MiB parse limit. Building the whole token tree first took ~17 s
  // and ~3.8 GB here; refusing as the nesting grows takes milliseconds. The timeout is a sanity
  // bound that only a full build of the tree could reach.
  it('4 MiB of YAML nesting is refused as it grows, not after building it', { timeout: 10_000 }, () => {
    expect(yaml(`x: ['"', ${'['.repeat(4 * 1024 * 1024)}`)).toEqual({ ok: false, code: 'too-deeply-nested', offset: 207 });
    expect(yaml(`${'- '.repeat(2 * 1024 * 1024)}x`)).toEqual({ ok: false, code: 'too-deeply-nested', offset: 400 });
  });

  // A stack overflow inside `yaml`'s composer is caught by `yaml` the first time; a later one can
  // abort the whole process (V8: "RegExpCompiler Allocation failed"). Hence three in a row.
  it('deep block nesting without brackets (`- - - … x`) is refused before the composer recurses, repeatedly', () => {
    for (let round = 0; round < 3; round++) {
      expect(yaml(`${'- '.repeat(100_000)}x`)).toEqual({ ok: false, code: 'too-deeply-nested', offset: 2 * DEFAULT_BUDGET.maxDepth });
    }
    const indented = Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(yaml(indented)).toEqual({ ok: false, code: 'too-deeply-nested', offset: indented.indexOf(`\n${' '.repeat(200)}k:`) + 1 + 200 });
    const fine = yaml(`${'- '.repeat(DEFAULT_BUDGET.maxDepth)}x`);
    expect(measure(roots(fine))).toEqual({ nodes: DEFAULT_BUDGET.maxDepth + 1, deepestPath: DEFAULT_BUDGET.maxDepth });
  });

  it('a YAML alias bomb (12 levels of 9× aliases) stops at the node budget', { timeout: 30_000 }, () => {
    let text = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let level = 1; level <= 12; level++) text += `a${level}: &a${level} [${Array(9).fill(`*a${level - 1}`).join(', ')}]\n`;
    const result = yaml(text);
    expect(result).toMatchObject({ ok: true, truncated: 'nodes' });
    const { nodes } = measure(roots(result));
    expect(nodes).toBeLessThanOrEqual(DEFAULT_BUDGET.maxNodes);
    expect(nodes).toBeGreaterThan(DEFAULT_BUDGET.maxNodes / 2);

    const small = safely(() => parseYaml(text, { ...DEFAULT_BUDGET, maxNodes: 1_000 }));
    expect(small).toMatchObject({ ok: true, truncated: 'nodes' });
    expect(measure(roots(small)).nodes).toBeLessThanOrEqual(1_000);
    expect(measure(roots(small)).nodes).toBeGreaterThan(500);

    // and through the engine, a warning that names no key
    const outcome = load(sourceFile('bomb.yml', 'yaml', text));
    expect(outcome.ok && outcome.notification).toEqual({
      level: 'warning',
      kind: 'document-too-large',
      message: 'more nodes than the scan allows (aliases expand into copies); the rest was not examined',
      path: 'bomb.yml',
    });
  });

  it('many aliases of one anchor convert in linear time (alias resolution does not rescan the document)', { timeout: 60_000 }, () => {
    const count = 40_000;
    const text = `a: &x 1\nb: [${Array(count).fill('*x').join(', ')}]\n`;
    const root = only(yaml(text));
    const items = isSeq(get(root, 'b')) ? (get(root, 'b') as { items: readonly Node[] }).items : [];
    expect(items).toHaveLength(count);
    expect(items[count - 1]).toEqual({ type: 'scalar', path: ['b', count - 1], span: { start: 6, end: 7 }, value: 1 });
  });

  it('a self-referencing alias stops at the depth budget, every level located at the anchor', () => {
    const text = 'a: &a [*a]\n';
    const result = yaml(text);
    expect(result).toMatchObject({ ok: true, truncated: 'depth' });
    const { nodes, deepestPath } = measure(roots(result));
    expect(deepestPath).toBeLessThanOrEqual(DEFAULT_BUDGET.maxDepth);
    expect(nodes).toBeLessThanOrEqual(DEFAULT_BUDGET.maxDepth + 1);
    expect(getPath(only(result), ['a', 0, 0, 0])?.span).toEqual({ start: 6, end: 10 });
    expect(at(text, getPath(only(result), ['a', 0, 0, 0])?.span)).toBe('[*a]');
  });

  it('a branching self-reference (`&a [*a, *a]`) is bounded too', () => {
    const result = yaml('a: &a [*a, *a]\nb: &b {x: *b, y: *b}\n');
    // depth first: the first branch reaches the depth budget and conversion stops there
    expect(result).toMatchObject({ ok: true, truncated: 'depth' });
    const { nodes, deepestPath } = measure(roots(result));
    expect(deepestPath).toBeLessThanOrEqual(DEFAULT_BUDGET.maxDepth);
    expect(nodes).toBeLessThanOrEqual(DEFAULT_BUDGET.maxNodes);
  });

  it('a 4 MiB scalar is kept whole in YAML and JSON', () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    const fromYaml = get(only(yaml(`a: ${big}\n`)), 'a');
    expect(fromYaml).toMatchObject({ span: { start: 3, end: 3 + big.length } });
    expect(fromYaml?.type === 'scalar' && fromYaml.value === big).toBe(true);
    const fromJson = get(only(json(`{"a": "${big}"}`)), 'a');
    expect(fromJson).toMatchObject({ span: { start: 6, end: 8 + big.length } });
    expect(fromJson?.type === 'scalar' && fromJson.value === big).toBe(true);
  });

  it('invalid UTF-8, once decoded, parses with U+FFFD in place', () => {
    const bytes = Buffer.concat([Buffer.from('a: x'), Buffer.from([0xff, 0xc3]), Buffer.from('y\n'), Buffer.from('"b": 1\n')]);
    const decoded = decode(bytes);
    expect(decoded).toEqual({ kind: 'text', text: 'a: x\uFFFD\uFFFDy\n"b": 1\n' });
    const text = decoded.kind === 'text' ? decoded.text : '';
    expect(outline(text, only(yaml(text)))).toEqual([`$ map ${JSON.stringify(text)}`, 'a scalar "x\uFFFD\uFFFDy" "x\uFFFD\uFFFDy" key="a"', 'b scalar 1 "1" key="\\"b\\""']);
    const jsonBytes = Buffer.concat([Buffer.from('{"k": "'), Buffer.from([0xe2, 0x82]), Buffer.from('"}')]);
    const jsonText = decode(jsonBytes);
    expect(jsonText).toEqual({ kind: 'text', text: '{"k": "\uFFFD"}' });
    expect(get(only(json(jsonText.kind === 'text' ? jsonText.text : '')), 'k')).toMatchObject({ value: '\uFFFD', span: { start: 6, end: 9 } });
  });

  it('a NUL byte in JSON is a parse error: inside a string at that string, outside at the NUL', () => {
    expect(json('{"a": "x\u0000y"}')).toEqual({ ok: false, code: 'InvalidCharacter', offset: 6 });
    expect(json('{"a": 1}\u0000')).toEqual({ ok: false, code: 'InvalidSymbol', offset: 8 });
    expect(jsonc('{"a": 1}\u0000')).toEqual({ ok: false, code: 'InvalidSymbol', offset: 8 });
  });

  it('tabs as YAML indentation are a parse error at the tab', () => {
    expect(yaml('a:\n\tb: 1\n')).toEqual({ ok: false, code: 'TAB_AS_INDENT', offset: 3 });
    // a tab after the indentation is just whitespace
    expect(get(only(yaml('a:\t1\n')), 'a')).toMatchObject({ value: 1, span: { start: 3, end: 4 } });
  });

  it('100k keys in one map: the node budget counts the map itself, so 99,999 entries are kept', () => {
    const count = 100_000;
    const yamlText = Array.from({ length: count }, (_, i) => `k${i}: ${i}`).join('\n');
    const jsonText = `{${Array.from({ length: count }, (_, i) => `"k${i}": ${i}`).join(',')}}`;
    for (const result of [yaml(yamlText), json(jsonText)]) {
      expect(result).toMatchObject({ ok: true, truncated: 'nodes' });
      const root = only(result);
      expect(isMap(root) && root.entries.length).toBe(DEFAULT_BUDGET.maxNodes - 1);
      expect(isMap(root) && root.entries.at(-1)?.key).toBe(`k${DEFAULT_BUDGET.maxNodes - 2}`);
    }
    const all = safely(() => parseYaml(yamlText, { ...DEFAULT_BUDGET, maxNodes: count + 1 }));
    expect(all.ok && all.truncated).toBe(undefined);
    const last = isMap(only(all)) ? (only(all) as { entries: readonly { key: string; keySpan: Span }[] }).entries.at(-1) : undefined;
    expect(last?.key).toBe(`k${count - 1}`);
    expect(at(yamlText, last?.keySpan)).toBe(`k${count - 1}`);
  });
});

describe('parse failures become notifications without parser messages or key names', () => {
  const secret = `ghp_${'A1b2C3d4'.repeat(4)}zZ9y`;

  it('broken YAML with a secret-looking key and value on the bad line', () => {
    const text = `name: ok\ndeploy_secret_key: ${secret}: oops\n`;
    // What is at stake: the parser's own message quotes the line, secret and key included.
    const own = parseAllDocuments(text) as unknown as { errors: { message: string }[] }[];
    expect(own[0]?.errors[0]?.message).toContain(secret);

    const outcome = load(sourceFile('.github/workflows/ci.yml', 'yaml', text));
    expect(outcome.ok).toBe(false);
    const notification = !outcome.ok ? outcome.notification : undefined;
    expect(notification).toEqual({
      level: 'warning',
      kind: 'parse-error',
      message: 'could not parse as YAML (BLOCK_AS_IMPLICIT_KEY at 2:20); structured rules skipped this file',
      path: '.github/workflows/ci.yml',
      line: 2,
      column: 20,
    });
    expect(notification?.message).not.toContain(secret);
    expect(notification?.message).not.toContain('ghp_');
    expect(notification?.message).not.toContain('deploy_secret_key');
  });

  it('broken YAML: an unexpected token after a quoted secret', () => {
    const text = `name: ok\ndeploy_secret_key: "${secret}" trailing\n`;
    const outcome = load(sourceFile('x.yaml', 'yaml', text));
    expect(!outcome.ok && outcome.notification.message).toBe('could not parse as YAML (UNEXPECTED_TOKEN at 2:63); structured rules skipped this file');
    expect(JSON.stringify(outcome)).not.toContain(secret);
    expect(JSON.stringify(outcome)).not.toContain('deploy_secret_key');
  });

  it('broken JSON with a secret-looking key and bare value', () => {
    const text = `{\n  "name": "ok",\n  "deploy_secret_key": ${secret}\n}\n`;
    const outcome = load(sourceFile('.mcp.json', 'json', text));
    expect(outcome.ok).toBe(false);
    const notification = !outcome.ok ? outcome.notification : undefined;
    expect(notification).toEqual({
      level: 'warning',
      kind: 'parse-error',
      message: 'could not parse as JSON (InvalidSymbol at 3:24); structured rules skipped this file',
      path: '.mcp.json',
      line: 3,
      column: 24,
    });
    expect(JSON.stringify(notification)).not.toContain(secret);
    expect(JSON.stringify(notification)).not.toContain('ghp_');
    expect(JSON.stringify(notification)).not.toContain('deploy_secret_key');
  });

  it('broken JSONC names its syntax, a CRLF file counts lines right', () => {
    const text = `{\r\n  // comment\r\n  "deploy_secret_key": "${secret}" "x"\r\n}`;
    const outcome = load(sourceFile('.vscode/mcp.json', 'jsonc', text));
    expect(!outcome.ok && outcome.notification.message).toBe(
      'could not parse as JSON with comments (CommaExpected at 3:67); structured rules skipped this file',
    );
    expect(JSON.stringify(outcome)).not.toContain(secret);
    expect(JSON.stringify(outcome)).not.toContain('deploy_secret_key');
  });

  it('too deep nesting is reported at its line and column', () => {
    const text = `{"k":\n${'['.repeat(3000)}`;
    const outcome = load(sourceFile('x.json', 'json', text));
    expect(!outcome.ok && outcome.notification).toMatchObject({
      message: 'could not parse as JSON (too-deeply-nested at 2:2000); structured rules skipped this file',
      line: 2,
      column: 2000,
    });
  });
});
