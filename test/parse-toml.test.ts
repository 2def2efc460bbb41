import { describe, expect, it } from 'vitest';
import { loadDocument } from '../src/engine/documents.js';
import { decode } from '../src/text/decode.js';
import { LineIndex } from '../src/text/line-index.js';
import { formatKeyPath, get, getPath, isMap, type Node, type SourceFile, type Span } from '../src/model/document.js';
import { DEFAULT_BUDGET, type ParseResult } from '../src/parse/result.js';
import { parseToml } from '../src/parse/toml.js';
import { at, only, outline } from './support/outline.js';

// ---------------------------------------------------------------------------------------------
// helpers

const SECRET = `ghp_${'A1b2C3d4'.repeat(4)}zZ9y`;

function toml(text: string): ParseResult {
  try {
    return parseToml(text);
  } catch (error) {
    throw new Error(`parser threw instead of returning a result: ${error instanceof Error ? error.name : typeof error}`);
  }
}

function measure(root: Node): { nodes: number; deepestPath: number } {
  let nodes = 0;
  let deepestPath = 0;
  const stack = [root];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    nodes++;
    deepestPath = Math.max(deepestPath, current.path.length);
    if (current.type === 'map') for (const entry of current.entries) stack.push(entry.value);
    else if (current.type === 'seq') stack.push(...current.items);
  }
  return { nodes, deepestPath };
}

function load(path: string, text: string) {
  const file: SourceFile = { path, kind: 'codex-config', syntax: 'toml', adapter: 'codex-config', text };
  const outcome = loadDocument(file, new LineIndex(text));
  if (outcome === undefined) throw new Error('not a structured file');
  return outcome;
}

// ---------------------------------------------------------------------------------------------

describe('TOML into located nodes', () => {
  it('a Codex config: tables and sub-tables become nested maps with key paths and exact spans', () => {
    const text = [
      'model = "o4-mini"',
      'approval_policy = "never"',
      '',
      '[mcp_servers.github]',
      'command = "npx"',
      'args = ["-y", "@modelcontextprotocol/server-github"]',
      '',
      '[mcp_servers.github.env]',
      `GITHUB_PERSONAL_ACCESS_TOKEN = "${SECRET}"`,
      '',
    ].join('\n');
    const root = only(toml(text));
    const table1 = text.slice(text.indexOf('[mcp_servers.github]'), text.indexOf('\n\n[mcp_servers.github.env]'));
    const table2 = text.slice(text.indexOf('[mcp_servers.github.env]'), text.length - 1);
    expect(outline(text, root, { nested: true })).toEqual([
      `$ map ${JSON.stringify(text.slice(0, -1))}`,
      'model scalar "o4-mini" "\\"o4-mini\\"" key="model"',
      'approval_policy scalar "never" "\\"never\\"" key="approval_policy"',
      `mcp_servers map ${JSON.stringify(text.slice(text.indexOf('[mcp_servers'), -1))} key="mcp_servers"`,
      `mcp_servers.github map ${JSON.stringify(text.slice(text.indexOf('[mcp_servers'), -1))} key="github"`,
      'mcp_servers.github.command scalar "npx" "\\"npx\\"" key="command"',
      'mcp_servers.github.args seq "[\\"-y\\", \\"@modelcontextprotocol/server-github\\"]" key="args"',
      'mcp_servers.github.args[0] scalar "-y" "\\"-y\\""',
      'mcp_servers.github.args[1] scalar "@modelcontextprotocol/server-github" "\\"@modelcontextprotocol/server-github\\""',
      `mcp_servers.github.env map ${JSON.stringify(table2)} key="env"`,
      `mcp_servers.github.env.GITHUB_PERSONAL_ACCESS_TOKEN scalar ${JSON.stringify(SECRET)} ${JSON.stringify(`"${SECRET}"`)} key="GITHUB_PERSONAL_ACCESS_TOKEN"`,
    ]);
    expect(table1.startsWith('[mcp_servers.github]\ncommand')).toBe(true);
    const token = getPath(root, ['mcp_servers', 'github', 'env', 'GITHUB_PERSONAL_ACCESS_TOKEN']);
    expect(token?.path).toEqual(['mcp_servers', 'github', 'env', 'GITHUB_PERSONAL_ACCESS_TOKEN']);
    // the key of a table is its segment in the header that made it
    expect(get(root, 'mcp_servers')?.keySpan).toEqual({ start: text.indexOf('[mcp_servers') + 1, end: text.indexOf('[mcp_servers') + 12 });
    expect(at(text, getPath(root, ['mcp_servers', 'github', 'env'])?.keySpan)).toBe('env');
    expect(new LineIndex(text).region(token!.span)).toEqual({ startLine: 9, startColumn: 32, endLine: 9, endColumn: 74 });
  });

  it('dotted keys nest; the implicit maps span from the next key to the value', () => {
    const text = 'a.b.c = 1\na.b.d = "x"\n[t]\nx.y = true\n';
    expect(outline(text, only(toml(text)), { nested: true })).toEqual([
      `$ map ${JSON.stringify(text.slice(0, -1))}`,
      'a map "b.c = 1\\na.b.d = \\"x\\"" key="a"',
      'a.b map "c = 1\\na.b.d = \\"x\\"" key="b"',
      'a.b.c scalar 1 "1" key="c"',
      'a.b.d scalar "x" "\\"x\\"" key="d"',
      't map "[t]\\nx.y = true" key="t"',
      't.x map "y = true" key="x"',
      't.x.y scalar true "true" key="y"',
    ]);
  });

  it('inline tables are maps, arrays are sequences, nested either way', () => {
    const text = 'env = { TOKEN = "v", "x.y" = { z = [1, { w = 2 }] } }';
    expect(outline(text, only(toml(text)), { nested: true })).toEqual([
      `$ map ${JSON.stringify(text)}`,
      `env map ${JSON.stringify(text.slice(6))} key="env"`,
      'env.TOKEN scalar "v" "\\"v\\"" key="TOKEN"',
      'env["x.y"] map "{ z = [1, { w = 2 }] }" key="\\"x.y\\""',
      'env["x.y"].z seq "[1, { w = 2 }]" key="z"',
      'env["x.y"].z[0] scalar 1 "1"',
      'env["x.y"].z[1] map "{ w = 2 }"',
      'env["x.y"].z[1].w scalar 2 "2" key="w"',
    ]);
    expect(getPath(only(toml(text)), ['env', 'x.y', 'z', 1, 'w'])?.path).toEqual(['env', 'x.y', 'z', 1, 'w']);
  });

  it('quoted keys: the path holds the decoded key, the key span the key as written', () => {
    const text = `[mcp_servers."my.server"]\n'literal key' = 1\n"esc\\u0041" = 2\n`;
    const root = only(toml(text));
    const server = getPath(root, ['mcp_servers', 'my.server']);
    expect(at(text, server?.keySpan)).toBe('"my.server"');
    expect(isMap(server) && server.entries.map((entry) => [entry.key, at(text, entry.keySpan)])).toEqual([
      ['literal key', "'literal key'"],
      ['escA', '"esc\\u0041"'],
    ]);
  });

  it('arrays of tables are sequences of maps, sub-tables go to the last element', () => {
    const text = '[[servers]]\nname = "a"\n[[servers]]\nname = "b"\n[servers.env]\nK = "v"\n[[servers.tools]]\nid = 1\n';
    expect(outline(text, only(toml(text)), { nested: true })).toEqual([
      `$ map ${JSON.stringify(text.slice(0, -1))}`,
      `servers seq ${JSON.stringify(text.slice(0, -1))} key="servers"`,
      'servers[0] map "[[servers]]\\nname = \\"a\\""',
      'servers[0].name scalar "a" "\\"a\\"" key="name"',
      `servers[1] map ${JSON.stringify(text.slice(text.indexOf('[[servers]]', 1), -1))}`,
      'servers[1].name scalar "b" "\\"b\\"" key="name"',
      'servers[1].env map "[servers.env]\\nK = \\"v\\"" key="env"',
      'servers[1].env.K scalar "v" "\\"v\\"" key="K"',
      'servers[1].tools seq "[[servers.tools]]\\nid = 1" key="tools"',
      'servers[1].tools[0] map "[[servers.tools]]\\nid = 1"',
      'servers[1].tools[0].id scalar 1 "1" key="id"',
    ]);
  });

  it('every scalar type: strings decoded, numbers, booleans, dates as written, big integers as text', () => {
    const text = [
      'basic = "a\\tb\\u00e9"',
      "literal = 'C:\\path'",
      'multi = """',
      'line1',
      'line2"""',
      "mlit = '''x'''",
      'int = -0x_1F',
      'hex = 0xff',
      'big = 9007199254740993',
      'float = 6.02e23',
      'inf = -inf',
      'bool = false',
      'odt = 1979-05-27T07:32:00-08:00',
      'ld = 1979-05-27',
      'lt = 07:32:00',
    ].join('\n').replace('-0x_1F', '-17');
    const root = only(toml(text));
    const values = isMap(root) ? root.entries.map((entry) => [entry.key, entry.value.type === 'scalar' ? entry.value.value : undefined, at(text, entry.value.span)]) : [];
    expect(values).toEqual([
      ['basic', 'a\tbé', '"a\\tb\\u00e9"'],
      ['literal', 'C:\\path', "'C:\\path'"],
      ['multi', 'line1\nline2', '"""\nline1\nline2"""'],
      ['mlit', 'x', "'''x'''"],
      ['int', -17, '-17'],
      ['hex', 255, '0xff'],
      ['big', '9007199254740993', '9007199254740993'],
      ['float', 6.02e23, '6.02e23'],
      ['inf', -Infinity, '-inf'],
      ['bool', false, 'false'],
      ['odt', '1979-05-27T07:32:00-08:00', '1979-05-27T07:32:00-08:00'],
      ['ld', '1979-05-27', '1979-05-27'],
      ['lt', '07:32:00', '07:32:00'],
    ]);
  });

  it('an empty or comment-only document is one empty map', () => {
    expect(only(toml(''))).toEqual({ type: 'map', path: [], span: { start: 0, end: 0 }, entries: [] });
    expect(only(toml('# nothing\n\n'))).toMatchObject({ type: 'map', entries: [] });
  });

  it('CRLF line breaks and a UTF-16 astral character: spans still index the text', () => {
    const text = '[a]\r\nk = "😀x"\r\nn = 1\r\n';
    const root = only(toml(text));
    expect(outline(text, root, { nested: true })).toEqual([
      `$ map ${JSON.stringify(text.slice(0, -2))}`,
      'a map "[a]\\r\\nk = \\"😀x\\"\\r\\nn = 1" key="a"',
      'a.k scalar "😀x" "\\"😀x\\"" key="k"',
      'a.n scalar 1 "1" key="n"',
    ]);
    expect(new LineIndex(text).region(getPath(root, ['a', 'n'])!.span)).toEqual({ startLine: 3, startColumn: 5, endLine: 3, endColumn: 6 });
  });

  it('TOML 1.1: newlines and a trailing comma in an inline table', () => {
    const text = 'env = {\n  A = "1",\n  B = "2",\n}\n';
    expect(getPath(only(toml(text)), ['env', 'B'])).toMatchObject({ value: '2', span: { start: 25, end: 28 } });
  });
});

describe('TOML errors: a code derived from the error kind and an offset, never the message', () => {
  it.each([
    ['unterminated string', `token = "${SECRET}`, 'unterminated-string', 49],
    ['no equals sign', `token ${SECRET}`, 'missing-equals-sign', 6],
    ['a key defined twice', `${SECRET} = 1\n${SECRET} = 2`, 'dupe-keys', 45],
    ['unterminated array', 'a = [1, 2', 'unterminated-array', 9],
    ['unterminated inline table', 'a = {b = 1', 'unterminated-inline-table', 10],
    ['two keys on one line', 'a = 1 b = 2', 'missing-newline', 6],
    ['no value', 'a =', 'missing-value', 3],
    ['a missing comma', 'a = [1 2]', 'missing-comma', 7],
    ['a bad escape', `a = "${SECRET}\\q"`, 'invalid-char-in-escape-sequence', 46],
    ['an escaped surrogate', 'a = "\\uD800"', 'invalid-code-point', 10],
    ['a control character in a comment', '# \u0000\n', 'invalid-comment-character', 2],
    ['a leading zero', 'a = 01', 'invalid-leading-zero', 4],
    ['an impossible date', 'a = 1979-13-01', 'invalid-date', 13],
    ['an empty table name', '[]', 'missing-key', 1],
    ['a key starting with a dot', '.a = 1', 'unexpected-token', 0],
  ])('%s', (_, text, code, offset) => {
    const result = toml(text);
    expect(result).toEqual({ ok: false, code, offset });
    expect(JSON.stringify(result)).not.toContain('ghp_');
  });

  it('through loadDocument: the error kind at line:column, neither the secret nor the key', () => {
    const text = `[mcp_servers.github.env]\nDEPLOY_SECRET_KEY = "${SECRET}\nother = 1\n`;
    const outcome = load('.codex/config.toml', text);
    expect(outcome).toEqual({
      ok: false,
      notification: {
        level: 'warning',
        kind: 'parse-error',
        message: 'could not parse as TOML (unterminated-string at 2:62); structured rules skipped this file',
        path: '.codex/config.toml',
        line: 2,
        column: 62,
      },
    });
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
    expect(JSON.stringify(outcome)).not.toContain('ghp_');
    expect(JSON.stringify(outcome)).not.toContain('DEPLOY_SECRET_KEY');
    expect(JSON.stringify(outcome)).not.toContain('mcp_servers');
  });

  it('through loadDocument: a duplicate secret-named key is reported by kind only', () => {
    const outcome = load('x.toml', `${SECRET} = 1\n${SECRET} = 2\n`);
    expect(!outcome.ok && outcome.notification.message).toBe('could not parse as TOML (dupe-keys at 2:1); structured rules skipped this file');
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
  });
});

describe('TOML hostile input: bounded, never throws', () => {
  it('every prefix of a document returns a result without throwing, errors inside the text', () => {
    const text = `# c\n[mcp_servers."gh"]\ncommand = "npx" # x\nargs = ['-y', """m\nl"""]\nenv = { T = "${SECRET}", n.m = 1.5e3 }\n[[t]]\nd = 1979-05-27T07:32:00Z\n`;
    for (let end = 0; end <= text.length; end++) {
      const result = toml(text.slice(0, end));
      if (!result.ok) {
        expect(result.code).toMatch(/^[a-z-]+$/);
        expect(result.offset).toBeGreaterThanOrEqual(0);
        expect(result.offset).toBeLessThanOrEqual(end);
      }
    }
  });

  it.each([
    ['arrays [[[…', () => toml(`a = ${'['.repeat(100_000)}${']'.repeat(100_000)}`), 204],
    ['unclosed arrays [[[…', () => toml(`a = ${'['.repeat(100_000)}`), 204],
    ['inline tables {b = {b = …', () => toml(`a = ${'{b = '.repeat(100_000)}1${'}'.repeat(100_000)}`), 4 + 5 * 200],
    ['arrays of inline tables [{b = [{b = …', () => toml(`a = ${'[{b = '.repeat(50_000)}`), 4 + 6 * 100],
  ] as const)('%s 100,000 levels: refused as too-deeply-nested at the first bracket past the limit', (_, parse, offset) => {
    expect(parse()).toEqual({ ok: false, code: 'too-deeply-nested', offset });
  });

  it('(control) the parser itself overflows its stack a few thousand levels down, so the refusal must come first', async () => {
    const { parseTOML } = await import('toml-eslint-parser');
    expect(() => parseTOML(`a = ${'['.repeat(20_000)}${']'.repeat(20_000)}`)).toThrow(RangeError);
  });

  it('exactly the depth limit of nesting is accepted and converted', () => {
    const depth = DEFAULT_BUDGET.maxDepth;
    const root = only(toml(`a = ${'['.repeat(depth)}${']'.repeat(depth)}`));
    expect(measure(root)).toEqual({ nodes: depth + 1, deepestPath: depth });
    expect(only(toml(`a = ${'{b = '.repeat(depth)}1${'}'.repeat(depth)}`))).toMatchObject({ type: 'map' });
  });

  it('brackets inside strings and comments are not nesting', () => {
    const text = `# ${'['.repeat(1_000)}\na = "${'{'.repeat(1_000)}\\""\nb = '${'['.repeat(1_000)}'\nc = """\n${'['.repeat(1_000)}\n"""\nd = '''${'{'.repeat(1_000)}'''\n`;
    const root = only(toml(text));
    expect(isMap(root) && root.entries.map((entry) => entry.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(get(root, 'a')).toMatchObject({ value: `${'{'.repeat(1_000)}"` });
  });

  it('a dotted key or table name deeper than the budget is kept down to the budget', () => {
    const deep = toml(`${Array.from({ length: 300 }, () => 'k').join('.')} = 1\n[${Array.from({ length: 300 }, () => 't').join('.')}]\nx = 1\n`);
    expect(deep).toMatchObject({ ok: true, truncated: 'depth' });
    expect(measure(only(deep)).deepestPath).toBe(DEFAULT_BUDGET.maxDepth);
  });

  it('a 4 MiB string is refused before the parser (which would overflow spreading it); 60,000 characters are kept', () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    for (const text of [`a = "${big}"`, `a = '${big}'`, `a = """${big}"""`, `a = '''${big}'''`, `"${big}" = 1`]) {
      expect(toml(text)).toEqual({ ok: false, code: 'string-too-long', offset: text.indexOf(big) - (text.includes('"""') || text.includes("'''") ? 3 : 1) });
    }
    expect(toml(`a = 1${'0'.repeat(1 << 20)}`)).toEqual({ ok: false, code: 'token-too-long', offset: 4 });
    const fine = 'y'.repeat(60_000);
    expect(get(only(toml(`a = "${fine}"`)), 'a')).toMatchObject({ value: fine, span: { start: 4, end: 60_006 } });
  });

  it('(control) the parser itself overflows on a 4 MiB string', async () => {
    const { parseTOML } = await import('toml-eslint-parser');
    expect(() => parseTOML(`a = "${'x'.repeat(4 * 1024 * 1024)}"`)).toThrow(RangeError);
  });

  it('more keys than the node budget: truncated at the budget', { timeout: 30_000 }, () => {
    const count = 100_000;
    const result = toml(Array.from({ length: count }, (_, i) => `k${i} = ${i}`).join('\n'));
    expect(result).toMatchObject({ ok: true, truncated: 'nodes' });
    const root = only(result);
    expect(isMap(root) && root.entries.length).toBe(DEFAULT_BUDGET.maxNodes - 1);
  });

  it('far more values than the node budget are refused before parsing (each costs microseconds to parse)', () => {
    const text = `a = [${'1,'.repeat(1 << 20)}]`;
    const started = Date.now();
    expect(toml(text)).toEqual({ ok: false, code: 'too-many-nodes', offset: 4 + 2 * (2 * DEFAULT_BUDGET.maxNodes - 1) });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('invalid UTF-8, once decoded, parses with U+FFFD in a string and fails in a key', () => {
    const bytes = Buffer.concat([Buffer.from('a = "x'), Buffer.from([0xff, 0xc3]), Buffer.from('y"\n')]);
    const decoded = decode(bytes);
    const text = decoded.kind === 'text' ? decoded.text : '';
    expect(text).toBe('a = "x\uFFFD\uFFFDy"\n');
    expect(get(only(toml(text)), 'a')).toMatchObject({ value: 'x\uFFFD\uFFFDy', span: { start: 4, end: 10 } });
    const badKey = decode(Buffer.concat([Buffer.from('k'), Buffer.from([0xfe]), Buffer.from(' = 1\n')]));
    // TOML 1.1 allows non-ASCII letters in bare keys, but not U+FFFD
    expect(toml(badKey.kind === 'text' ? badKey.text : '')).toEqual({ ok: false, code: 'unexpected-char', offset: 1 });
  });

  it('NUL bytes are control characters: an error at the NUL', () => {
    expect(toml('a = "x\u0000y"')).toEqual({ ok: false, code: 'invalid-control-character', offset: 6 });
    expect(toml('a = 1\u0000')).toEqual({ ok: false, code: 'unexpected-char', offset: 5 });
  });

  it('a BOM left at the start (after the one decode removes) is skipped with offsets intact', () => {
    const text = '\uFEFFa = 1\n';
    expect(get(only(toml(text)), 'a')).toMatchObject({ value: 1, span: { start: 5, end: 6 }, keySpan: { start: 1, end: 2 } });
    const decoded = decode(Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...Buffer.from('k = "v"')]));
    const twice = decoded.kind === 'text' ? decoded.text : '';
    expect(at(twice, get(only(toml(twice)), 'k')?.span)).toBe('"v"');
  });

  it('a BOM elsewhere is an error at the BOM', () => {
    expect(toml('a = 1\n\uFEFFb = 2')).toEqual({ ok: false, code: 'unexpected-char', offset: 6 });
  });
});
