import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { caseProblems, casesOf, expectedOutcome, formatOutcome, ruleFolders, runCase, updateMode, writeOutcome } from './support/cases.js';

/**
 * Every case of every rule, all rules running (so another rule's finding on a case is caught
 * too): a fail case yields its own rule's finding and exactly its `.out`; a pass case yields
 * nothing from its rule. Adding a case needs no code.
 */
describe.each(ruleFolders())('rule %s', (ruleId) => {
  it.each(casesOf(ruleId).map((c) => [c.name, c] as const))('%s', async (_, ruleCase) => {
    const result = await runCase(ruleCase, RULES);
    if (updateMode() && ruleCase.expectedFile) writeOutcome(ruleCase, result);
    if (ruleCase.expectedFile) expect(formatOutcome(result)).toBe(expectedOutcome(ruleCase));
    expect(caseProblems(ruleCase, result)).toEqual([]);
  });
});
