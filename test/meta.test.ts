import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { FRAMEWORKS, taxon } from '../src/frameworks/catalog.js';
import { CATEGORIES } from '../src/model/category.js';
import { ruleMetaBlock, withClientTable, withRuleMeta, withRuleTable } from '../src/output/rule-docs.js';
import { ADAPTERS } from '../src/engine/adapters.js';
import { ruleTags } from '../src/output/sarif.js';
import { TOOL_VERSION } from '../src/version.js';
import { defineRule, type Rule, type RuleHooks } from '../src/rule.js';
import { casesOf, expectedOutcome, loadCases, RULES_DIR, ruleFolders } from './support/cases.js';
import { hooksOf, unreachedKinds } from './support/rule-kinds.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const TAG = new RegExp(
  `^(security|${CATEGORIES.join('|')}|owasp-asi/ASI(0[1-9]|10)|owasp-nhi/NHI([1-9]|10)|maestro/L[1-7]|nist-ai-rmf/(GOVERN|MAP|MEASURE|MANAGE)-[0-9]+\\.[0-9]+|external/cwe/cwe-[0-9]+)$`,
);

describe('the kinds check', () => {
  it('rejects a rule whose declared kind no hook of it receives', () => {
    const meta = { ...RULES[0]!.meta, id: 'misdeclared', kinds: ['github-workflow', 'mcp-config'] as const };
    const withHooks = (hooks: RuleHooks): Rule => defineRule({ meta, create: () => hooks });
    expect(unreachedKinds(withHooks({ mcpServer() {} }))).toEqual(['github-workflow']);
    expect(unreachedKinds(withHooks({ text() {} }))).toEqual(['github-workflow', 'mcp-config']);
    expect(unreachedKinds(withHooks({ workflow() {}, mcpServer() {} }))).toEqual([]);
    expect(unreachedKinds(withHooks({ document() {} }))).toEqual([]);
    expect(unreachedKinds(withHooks({ project() {} }))).toEqual([]);
  });
});

describe('the rule set', () => {
  it('lists exactly the rule folders, in id order', () => {
    expect(RULES.map((rule) => rule.meta.id)).toEqual(ruleFolders());
  });

  it('has unique ids', () => {
    expect(new Set(RULES.map((rule) => rule.meta.id)).size).toBe(RULES.length);
  });

  it('keeps the README rule table current (npm run docs)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(withRuleTable(readme, RULES)).toBe(readme);
  });

  it('keeps the README client table current (npm run docs), every client file with its paths', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(withClientTable(readme, ADAPTERS, RULES)).toBe(readme);
    const unnamed = ADAPTERS.filter((adapter) => adapter.client !== undefined && (adapter.files ?? []).length === 0).map((adapter) => adapter.id);
    expect(unnamed).toEqual([]);
  });

  it('keeps the tool version in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
  });
});

describe.each(RULES.map((rule) => [rule.meta.id, rule] as const))('rule %s', (id, rule) => {
  const folder = path.join(RULES_DIR, id);

  it('has rule.ts, README.md and cases', () => {
    expect(existsSync(path.join(folder, 'rule.ts'))).toBe(true);
    expect(existsSync(path.join(folder, 'README.md'))).toBe(true);
    const cases = casesOf(id);
    expect(cases.some((c) => c.polarity === 'pass')).toBe(true);
    expect(cases.some((c) => c.polarity === 'fail')).toBe(true);
  });

  it('has a cases folder holding only cases and their sidecars', () => {
    expect(loadCases(path.join(folder, 'cases'), id).problems).toEqual([]);
  });

  it('exercises every message id in some fail case', () => {
    const finding = /^\S+ [a-z]+ ([a-z0-9-]+)\/([A-Za-z0-9]+) /;
    const seen = new Set(
      casesOf(id).flatMap((c) => expectedOutcome(c).split('\n').map((line) => finding.exec(line)).filter((m) => m?.[1] === id).map((m) => m![2])),
    );
    expect([...seen].sort()).toEqual(Object.keys(rule.meta.messages).sort());
  });

  it('declares only kinds that some hook of it receives', () => {
    expect(unreachedKinds(rule)).toEqual([]);
  });

  it('declares text keywords only with a text hook, lower-case and distinct', () => {
    const keywords = rule.meta.keywords ?? [];
    if (keywords.length > 0) expect(hooksOf(rule)).toContain('text');
    for (const keyword of keywords) expect(keyword).toMatch(/^[\x20-\x7e]+$/);
    for (const keyword of keywords) expect(keyword).toBe(keyword.toLowerCase());
    expect(new Set(keywords).size).toBe(keywords.length);
  });

  it('cites only catalogued framework items', () => {
    for (const ref of rule.meta.frameworks) expect(taxon(ref), `${ref.framework} ${ref.id}`).toBeDefined();
  });

  it('cites all five frameworks', () => {
    const cited = new Set(rule.meta.frameworks.map((ref) => ref.framework));
    for (const fw of FRAMEWORKS.filter((f) => f.required)) expect(cited.has(fw.id), fw.name).toBe(true);
  });

  it('has at most ten valid SARIF tags, security and its category first', () => {
    const tags = ruleTags(rule);
    expect(tags.length).toBeLessThanOrEqual(10);
    expect(tags.slice(0, 2)).toEqual(['security', rule.meta.category]);
    for (const tag of tags) expect(tag).toMatch(TAG);
  });

  it('keeps its README meta block current (npm run docs)', () => {
    const readme = readFileSync(path.join(folder, 'README.md'), 'utf8');
    expect(readme).toContain(ruleMetaBlock(rule));
    expect(withRuleMeta(readme, rule)).toBe(readme);
    expect(readme.startsWith(`# ${id}\n`)).toBe(true);
  });

  it('has a title without a final period and a description and remediation in full sentences', () => {
    expect(rule.meta.title.endsWith('.')).toBe(false);
    expect(rule.meta.description.endsWith('.')).toBe(true);
    expect(rule.meta.remediation.endsWith('.')).toBe(true);
  });
});
