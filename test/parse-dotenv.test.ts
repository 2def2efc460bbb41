import { describe, expect, it } from 'vitest';
import { loadDocument } from '../src/engine/documents.js';
import { decode } from '../src/text/decode.js';
import { LineIndex } from '../src/text/line-index.js';
import { get, isMap, type MapNode, type SourceFile, type Span } from '../src/model/document.js';
import { parseDotenv } from '../src/parse/dotenv.js';
import { DEFAULT_BUDGET, type ParseResult } from '../src/parse/result.js';

const SECRET = `ghp_${'A1b2C3d4'.repeat(4)}zZ9y`;

function dotenv(text: string): ParseResult {
  try {
    return parseDotenv(text);
  } catch (error) {
    throw new Error(`parser threw instead of returning a result: ${error instanceof Error ? error.name : typeof error}`);
  }
}

function root(text: string): MapNode {
  const result = dotenv(text);
  if (!result.ok) throw new Error(`dotenv never fails, got ${result.code}`);
  expect(result.roots).toHaveLength(1);
  const only = result.roots[0]!;
  if (!isMap(only)) throw new Error('the root is a map');
  return only;
}

const at = (text: string, span: Span): string => text.slice(span.start, span.end);

/** Each variable as [key, decoded value, key as written, value as written]; checks paths and key spans on the way. */
function variables(text: string): [string, unknown, string, string][] {
  const map = root(text);
  expect(map.path).toEqual([]);
  expect(map.span).toEqual({ start: 0, end: text.length });
  return map.entries.map((entry) => {
    expect(entry.value.path).toEqual([entry.key]);
    expect(entry.value.keySpan).toEqual(entry.keySpan);
    expect(entry.value.type).toBe('scalar');
    return [entry.key, entry.value.type === 'scalar' ? entry.value.value : undefined, at(text, entry.keySpan), at(text, entry.value.span)];
  });
}

describe('dotenv into located nodes', () => {
  it('KEY=value, export, spaces, blank and comment lines', () => {
    const text = '# a comment\n\nA=1\nexport B=two words\n  C = spaced  \nexport   D=x\nexport=kept\n';
    expect(variables(text)).toEqual([
      ['A', '1', 'A', '1'],
      ['B', 'two words', 'B', 'two words'],
      ['C', 'spaced', 'C', 'spaced'],
      ['D', 'x', 'D', 'x'],
      ['export', 'kept', 'export', 'kept'],
    ]);
  });

  it('unquoted values stop at ` #`, not at a `#` inside the value', () => {
    const text = 'URL=https://x.test/a#frag # the url\nEMPTY_COMMENT=#only\nHASH=a#b\n';
    expect(variables(text)).toEqual([
      ['URL', 'https://x.test/a#frag', 'URL', 'https://x.test/a#frag'],
      ['EMPTY_COMMENT', '', 'EMPTY_COMMENT', ''],
      ['HASH', 'a#b', 'HASH', 'a#b'],
    ]);
  });

  it('quotes: the span holds the quotes, the value is decoded; double quotes expand escapes', () => {
    const text = `S='single \\n kept # not a comment'\nD="a\\nb\\t\\"q\\" \\\\"  # comment\nB=\`back 'tick' "x"\`\nE=""\nI='it\\'s'\n`;
    expect(variables(text)).toEqual([
      ['S', 'single \\n kept # not a comment', 'S', "'single \\n kept # not a comment'"],
      ['D', 'a\nb\t"q" \\', 'D', '"a\\nb\\t\\"q\\" \\\\"'],
      ['B', `back 'tick' "x"`, 'B', '`back \'tick\' "x"`'],
      ['E', '', 'E', '""'],
      ['I', "it's", 'I', "'it\\'s'"],
    ]);
  });

  it('a multi-line quoted value runs to its closing quote; the next line is a new variable', () => {
    const text = `KEY="-----BEGIN KEY-----\nabc\n-----END KEY-----"\nNEXT=1\nM='a\nb' trailing ignored\nLAST=2`;
    expect(variables(text)).toEqual([
      ['KEY', '-----BEGIN KEY-----\nabc\n-----END KEY-----', 'KEY', '"-----BEGIN KEY-----\nabc\n-----END KEY-----"'],
      ['NEXT', '1', 'NEXT', '1'],
      ['M', 'a\nb', 'M', "'a\nb'"],
      ['LAST', '2', 'LAST', '2'],
    ]);
    const lines = new LineIndex(text);
    expect(lines.region(get(root(text), 'KEY')!.span)).toEqual({ startLine: 1, startColumn: 5, endLine: 3, endColumn: 19 });
  });

  it('an opening quote that never closes is read as an unquoted value', () => {
    const text = 'A="open\nB=2\n';
    expect(variables(text)).toEqual([
      ['A', '"open', 'A', '"open'],
      ['B', '2', 'B', '2'],
    ]);
  });

  it('`KEY: value` as dotenv reads it; `KEY=` is an empty value located just after the `=`', () => {
    const text = 'A: yaml-ish\nB=\nC:nospace\n';
    expect(variables(text)).toEqual([
      ['A', 'yaml-ish', 'A', 'yaml-ish'],
      ['B', '', 'B', ''],
    ]);
    expect(get(root(text), 'B')?.span).toEqual({ start: 14, end: 14 });
  });

  it('malformed lines are skipped and parsing goes on', () => {
    const text = 'not a variable\n=no key\nBAD KEY=1\nexport\n"Q"=1\nKEY WITHOUT EQUALS\nOK=yes\n  # indented comment\nk.e-y_1=dots\n';
    expect(variables(text)).toEqual([
      ['OK', 'yes', 'OK', 'yes'],
      ['k.e-y_1', 'dots', 'k.e-y_1', 'dots'],
    ]);
  });

  it('duplicates are kept in order; get takes the last, as dotenv does', () => {
    const text = 'A=1\nA=2\n';
    expect(variables(text).map(([key, value]) => [key, value])).toEqual([
      ['A', '1'],
      ['A', '2'],
    ]);
    expect(get(root(text), 'A')).toMatchObject({ value: '2', span: { start: 6, end: 7 } });
  });

  it('CRLF, a lone CR and a missing final newline', () => {
    const text = 'A=1\r\nB="x"\r\nC=3\rD=4';
    expect(variables(text)).toEqual([
      ['A', '1', 'A', '1'],
      ['B', 'x', 'B', '"x"'],
      ['C', '3', 'C', '3'],
      ['D', '4', 'D', '4'],
    ]);
    expect(new LineIndex(text).region(get(root(text), 'B')!.span)).toEqual({ startLine: 2, startColumn: 3, endLine: 2, endColumn: 6 });
  });

  it('an empty file, and one of comments only, is an empty map', () => {
    expect(root('')).toEqual({ type: 'map', path: [], span: { start: 0, end: 0 }, entries: [] });
    expect(root('# x\n\n#y').entries).toEqual([]);
  });

  it('through loadDocument: a document, never a failure', () => {
    const text = `GITHUB_TOKEN=${SECRET}\n`;
    const file: SourceFile = { path: '.env', kind: 'dotenv', syntax: 'dotenv', adapter: 'dotenv', text };
    const outcome = loadDocument(file, new LineIndex(text));
    expect(outcome?.ok).toBe(true);
    const token = outcome?.ok ? get(outcome.document.roots[0], 'GITHUB_TOKEN') : undefined;
    expect(token).toMatchObject({ value: SECRET, span: { start: 13, end: 13 + SECRET.length } });
  });
});

describe('dotenv hostile input: linear, never throws', () => {
  it('every prefix of a file parses', () => {
    const text = `# c\nexport A="x\\ny"\nB='q' # c\nC=\`m\nl\`\r\nD=v # c\n"E"=bad\nF="${SECRET}\n`;
    for (let end = 0; end <= text.length; end++) expect(dotenv(text.slice(0, end)).ok).toBe(true);
  });

  it('a quote opened on every line closes at the next line\'s: linear, as dotenv pairs them', { timeout: 10_000 }, () => {
    const count = 150_000;
    const text = Array.from({ length: count }, (_, i) => `K${i}="v`).join('\n');
    const started = Date.now();
    const map = root(text);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(map.entries.length).toBe(count / 2);
    expect(map.entries[0]).toMatchObject({ key: 'K0', value: { value: 'v\nK1=' } });
  });

  it('quotes that never close, escaped quotes to the end of the file: linear', { timeout: 10_000 }, () => {
    const text = `A="open\n${'B=1\\"\n'.repeat(100_000)}`;
    const started = Date.now();
    const map = root(text);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(map.entries.length).toBe(DEFAULT_BUDGET.maxNodes - 1);
    expect(map.entries.slice(0, 2).map((entry) => [entry.key, (entry.value as { value: unknown }).value])).toEqual([
      ['A', '"open'],
      ['B', '1\\"'],
    ]);
  });

  it('more variables than the node budget: truncated', () => {
    const result = dotenv(Array.from({ length: 100_000 }, (_, i) => `K${i}=${i}`).join('\n'));
    expect(result).toMatchObject({ ok: true, truncated: 'nodes' });
    expect(result.ok && (result.roots[0] as MapNode).entries.length).toBe(DEFAULT_BUDGET.maxNodes - 1);
  });

  it('a 4 MiB value, quoted or not, is kept whole', () => {
    const big = 'x'.repeat(4 * 1024 * 1024);
    for (const [text, start] of [[`A=${big}`, 2], [`A="${big}"`, 2], [`A='${big}\n'`, 2]] as const) {
      const value = get(root(text), 'A');
      expect(value?.span.start).toBe(start);
      expect(value?.type === 'scalar' && typeof value.value === 'string' && value.value.startsWith(big)).toBe(true);
    }
    // a 4 MiB line of junk is skipped
    expect(root(`${'-'.repeat(4 * 1024 * 1024)}\nB=1`).entries.map((entry) => entry.key)).toEqual(['B']);
  });

  it('invalid UTF-8, NUL bytes and a BOM: values kept as decoded, keys must be ASCII', () => {
    const decoded = decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('A=x'), Buffer.from([0xff, 0x00]), Buffer.from('y\nK'), Buffer.from([0xc3]), Buffer.from('=1\nB=2\n')]));
    const text = decoded.kind === 'text' ? decoded.text : '';
    expect(text).toBe('A=x\uFFFD\u0000y\nK\uFFFD=1\nB=2\n');
    expect(variables(text)).toEqual([
      ['A', 'x\uFFFD\u0000y', 'A', 'x\uFFFD\u0000y'],
      ['B', '2', 'B', '2'],
    ]);
    // a second BOM (decode removes one) at the very start is skipped
    expect(variables('\uFEFFA=1')).toEqual([['A', '1', 'A', '1']]);
  });
});
