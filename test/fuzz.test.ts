import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { prepareParsers } from '../src/engine/documents.js';
import { RuleRunner } from '../src/engine/rule-runner.js';
import type { Node } from '../src/model/document.js';
import { parseDotenv } from '../src/parse/dotenv.js';
import { parseJson } from '../src/parse/json.js';
import type { ParseResult } from '../src/parse/result.js';
import { parseSource } from '../src/parse/source.js';
import { parseToml } from '../src/parse/toml.js';
import { parseYaml } from '../src/parse/yaml.js';

/**
 * Random and hostile input thrown at every parser and at the engine: none may throw, every span
 * and error offset stays inside the text, and every finding is located inside its file. Inputs
 * mix structure characters with random text, so parsers reach deep and broken states, not only
 * early syntax errors. The seed is fixed so a failure reproduces (fast-check prints it); FUZZ_RUNS
 * and FUZZ_SEED widen a local hunt.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

const STRUCTURE = ['{', '}', '[', ']', ',', ':', '=', '"', "'", '#', '//', '/*', '*/', '\n', '\r\n', '  ', '-', '&a', '*a', '<<', 'x', '1', 'true', 'null', '\\', '`', '${', '\0', '\uFEFF', '\uD800', '💥'];
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...STRUCTURE), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 200 })
  .map((parts) => parts.join(''));

function walk(roots: readonly Node[], visit: (node: Node) => void): void {
  const stack = [...roots];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    visit(node);
    if (node.type === 'map') stack.push(...node.entries.map((entry) => entry.value));
    else if (node.type === 'seq') stack.push(...node.items);
  }
}

function checkResult(text: string, result: ParseResult): void {
  if (!result.ok) {
    expect(result.offset).toBeGreaterThanOrEqual(0);
    expect(result.offset).toBeLessThanOrEqual(text.length);
    expect(result.code).toMatch(/^[\w-]+$/);
    return;
  }
  walk(result.roots, (node) => {
    for (const span of [node.span, node.keySpan]) {
      if (!span) continue;
      expect(span.start).toBeGreaterThanOrEqual(0);
      expect(span.end).toBeGreaterThanOrEqual(span.start);
      expect(span.end).toBeLessThanOrEqual(text.length);
    }
  });
}

const PARSERS: Record<string, (text: string) => ParseResult> = {
  yaml: (text) => parseYaml(text),
  json: (text) => parseJson(text, { jsonc: false }),
  jsonc: (text) => parseJson(text, { jsonc: true }),
  toml: (text) => parseToml(text),
  dotenv: (text) => parseDotenv(text),
};

describe('fuzz', () => {
  beforeAll(() => prepareParsers(['source-ts']));

  it.each(Object.keys(PARSERS))('%s never throws and keeps spans inside the text', (name) => {
    fc.assert(fc.property(hostileText, (text) => checkResult(text, PARSERS[name]!(text))), { numRuns: RUNS, seed: SEED });
  });

  it('TS/JS never throws and reports codes, not messages', () => {
    fc.assert(
      fc.property(hostileText, fc.constantFrom('a.ts', 'a.tsx', 'a.js'), (text, path) => {
        const result = parseSource(text, path);
        if (!result.ok) {
          expect(result.code).toMatch(/^[\w-]+$/);
          expect(result.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('the engine locates every finding inside its file, whatever the input', () => {
    const paths = ['.mcp.json', '.vscode/mcp.json', '.github/workflows/ci.yml', '.claude/settings.json', '.codex/config.toml', '.env', 'src/a.ts'];
    // Start from real shapes so rules get deep enough to report, then damage them.
    const seeds = [
      '{"mcpServers":{"s":{"command":"x","env":{"TOKEN":"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"}}}}',
      'on: push\njobs:\n  a:\n    runs-on: x\n',
      '{"permissions":{"defaultMode":"bypassPermissions"}}',
      '# nhiscan-ignore mcp-inline-secret\n',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.constantFrom(...seeds), hostileText, fc.nat(), (path, seed, noise, at) => {
        const cut = at % (seed.length + 1);
        const text = seed.slice(0, cut) + noise + seed.slice(cut);
        const runner = new RuleRunner(RULES);
        runner.addFile(path, text);
        const { findings, notifications } = runner.finish();
        expect(notifications.filter((n) => n.kind === 'rule-error')).toEqual([]);
        const lineCount = text.split('\n').length;
        for (const finding of findings) {
          expect(finding.region.startLine).toBeGreaterThanOrEqual(1);
          expect(finding.region.endLine).toBeLessThanOrEqual(lineCount);
          expect(finding.message).not.toContain('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');
          expect(finding.snippet ?? '').not.toContain('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');
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
