import { describe, expect, it } from 'vitest';
import { classify } from '../src/engine/adapters.js';
import { applySuppressions, findInlineSuppressions } from '../src/engine/suppress.js';
import type { SourceFile } from '../src/model/document.js';
import type { Finding } from '../src/model/finding.js';

function file(path: string, text: string): SourceFile {
  return { path, text, ...classify(path) };
}

/** `line ruleIds | reason` for each suppression comment found. */
function comments(path: string, text: string): string[] {
  return findInlineSuppressions(file(path, text)).map((s) => `${s.line} ${s.ruleIds.join(',')} | ${s.reason ?? '(none)'} | ${text.slice(s.span.start, s.span.end)}`);
}

describe('inline nhiscan-ignore comments', () => {
  it.each([
    ['.github/workflows/ci.yml', 'jobs:\n  # nhiscan-ignore workflow-default-permissions: read-only repo\n  build: {}\n'],
    ['.codex/config.toml', '[mcp_servers.x] # nhiscan-ignore workflow-default-permissions: read-only repo\n'],
    ['.env', 'A=1\n# nhiscan-ignore workflow-default-permissions: read-only repo\n'],
    ['deploy.sh', '#!/bin/sh\ncurl x # nhiscan-ignore workflow-default-permissions: read-only repo\n'],
    ['src/client.ts', 'const a = 1; // nhiscan-ignore workflow-default-permissions: read-only repo\n'],
    ['src/client.mjs', '/* nhiscan-ignore workflow-default-permissions: read-only repo */\n'],
    ['.vscode/settings.json', '{\n  // nhiscan-ignore workflow-default-permissions: read-only repo\n}\n'],
    ['main.tf', 'resource "x" "y" {} // nhiscan-ignore workflow-default-permissions: read-only repo\n'],
    ['infra/main.tf', '# nhiscan-ignore workflow-default-permissions: read-only repo\n'],
  ])('are read from %s', (path, text) => {
    const [found] = comments(path, text);
    expect(found).toMatch(/^\d+ workflow-default-permissions \| read-only repo \| nhiscan-ignore workflow-default-permissions: read-only repo$/);
  });

  it('take several rule ids, a reason with colons, and CRLF line ends', () => {
    expect(comments('a.yml', 'x: 1 # nhiscan-ignore rule-a, rule-b: see SEC-1: approved\r\n')).toEqual([
      '1 rule-a,rule-b | see SEC-1: approved | nhiscan-ignore rule-a, rule-b: see SEC-1: approved',
    ]);
  });

  it('are found without a reason or a rule id', () => {
    expect(comments('a.yml', '# nhiscan-ignore rule-a\n# nhiscan-ignore\n')).toEqual([
      '1 rule-a | (none) | nhiscan-ignore rule-a',
      '2  | (none) | nhiscan-ignore',
    ]);
  });

  it('are read from shell rc files and Dockerfiles', () => {
    expect(comments('.bashrc', 'export A=1 # nhiscan-ignore rule-a: local only\n')).toEqual(['1 rule-a | local only | nhiscan-ignore rule-a: local only']);
    expect(comments('docker/Dockerfile', '# nhiscan-ignore rule-a: local only\n')).toEqual(['1 rule-a | local only | nhiscan-ignore rule-a: local only']);
  });

  it('are not read from markdown, where # is a heading, nor from plain text', () => {
    expect(comments('README.md', '```yaml\n# nhiscan-ignore\n```\n')).toEqual([]);
    expect(comments('notes.txt', '# nhiscan-ignore rule-a\n')).toEqual([]);
  });

  it('are read in bounded work on hostile lines: many markers on one 5 MB line, a huge blank run, an overlong comment', () => {
    // Each would take minutes with a rescan per marker or a backtracking pattern; the test's own
    // timeout is the bound.
    expect(comments('a.yml', '# nhiscan-ignore:'.repeat(300_000))).toHaveLength(1);
    expect(comments('a.yml', `#${' '.repeat(3_000_000)}nhiscan-ignore rule-a: why`)).toHaveLength(1);
    expect(comments('a.yml', `# nhiscan-ignore rule-a: ${'x'.repeat(2000)}\n`)).toEqual([]);
  });

  it('are not read from strict JSON, which has no comments', () => {
    expect(comments('.mcp.json', '{"a": "// nhiscan-ignore mcp-inline-secret: no"}\n')).toEqual([]);
  });

  it('must be comments: the marker inside a value or after other text is not one', () => {
    expect(comments('a.yml', 'run: echo "nhiscan-ignore rule-a: no"\n')).toEqual([]);
    expect(comments('a.ts', 'const s = "nhiscan-ignore rule-a: no";\n')).toEqual([]);
    expect(comments('a.yml', '#nhiscan-ignore-all rule-a: no\n')).toEqual([]);
  });
});

describe('applying suppressions', () => {
  const base: Finding = {
    ruleId: 'rule-a',
    messageId: 'm',
    message: 'm',
    category: 'governance',
    severity: 'high',
    confidence: 'high',
    path: 'a.yml',
    region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 5 },
    anchor: 'jobs.build',
    fingerprint: 'f',
  };
  const yaml = (text: string) => new Map([['a.yml', findInlineSuppressions(file('a.yml', text))]]);
  const now = new Date('2026-06-15T00:00:00Z');

  it('covers the comment’s own line and the next, for the named rule only, when it gives a reason', () => {
    const sameLine = yaml('\n\nbuild: # nhiscan-ignore rule-a: why\n');
    const lineBefore = yaml('\n# nhiscan-ignore rule-a: why\nbuild:\n');
    const twoBefore = yaml('# nhiscan-ignore rule-a: why\n\nbuild:\n');
    const otherRule = yaml('\n# nhiscan-ignore rule-b: why\nbuild:\n');
    const noReason = yaml('\n# nhiscan-ignore rule-a\nbuild:\n');
    const suppressed = (inline: ReturnType<typeof yaml>) => applySuppressions([base], inline, [], now)[0]!.suppression;
    expect(suppressed(sameLine)).toEqual({ kind: 'inline', reason: 'why', path: 'a.yml', line: 3 });
    expect(suppressed(lineBefore)).toEqual({ kind: 'inline', reason: 'why', path: 'a.yml', line: 2 });
    expect(suppressed(twoBefore)).toBeUndefined();
    expect(suppressed(otherRule)).toBeUndefined();
    expect(suppressed(noReason)).toBeUndefined();
  });

  it('never suppresses the rules that police suppressions', () => {
    const finding = { ...base, ruleId: 'unexplained-suppression' };
    const inline = yaml('\n\nx: 1 # nhiscan-ignore unexplained-suppression: hide it\n');
    expect(applySuppressions([finding], inline, [], now)[0]!.suppression).toBeUndefined();
  });
});
