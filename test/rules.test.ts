import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { casesOf, expectedLines, formatFinding, ruleFolders, runCase } from './support/cases.js';

/**
 * Every case of every rule: a fail case yields exactly the findings in its `.out` sidecar (all
 * rules run, so another rule's finding on a case is caught too); a pass case yields none from its
 * rule. Adding a case needs no code.
 */
describe.each(ruleFolders())('rule %s', (ruleId) => {
  const cases = casesOf(ruleId);

  it.each(cases.filter((c) => c.polarity === 'fail').map((c) => [c.name, c] as const))('%s', async (_, ruleCase) => {
    const { findings, notifications } = await runCase(ruleCase, RULES);
    expect(notifications).toEqual([]);
    expect(findings.map(formatFinding)).toEqual(expectedLines(ruleCase));
  });

  it.each(cases.filter((c) => c.polarity === 'pass').map((c) => [c.name, c] as const))('%s', async (_, ruleCase) => {
    const { findings, notifications } = await runCase(ruleCase, RULES);
    expect(notifications).toEqual([]);
    expect(findings.filter((f) => f.ruleId === ruleId).map(formatFinding)).toEqual([]);
  });
});
