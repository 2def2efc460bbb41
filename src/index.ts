/**
 * The library API and composition root: the only place that hands the rule list to the engine.
 */
import { RULES } from '../rules/index.js';
import { scan as runScan, type ScanOptions, type ScanResult } from './engine/run.js';
import type { Rule } from './rule.js';

export { RULES };
export type { ScanResult, ScanOptions };
export type { Finding, Notification } from './model/finding.js';
export { UsageError, DEFAULT_MAX_FILE_SIZE } from './engine/run.js';
export { formatSarif, toSarif } from './output/sarif.js';
export { formatText } from './output/text.js';

export interface RuleSelection {
  /** Run only these rules (empty: all). */
  readonly only?: readonly string[];
  readonly disable?: readonly string[];
}

export class UnknownRuleError extends Error {
  constructor(readonly ruleId: string) {
    super(`unknown rule id: ${ruleId}`);
  }
}

export function selectRules(selection: RuleSelection = {}): Rule[] {
  const known = new Set(RULES.map((rule) => rule.meta.id));
  for (const id of [...(selection.only ?? []), ...(selection.disable ?? [])]) if (!known.has(id)) throw new UnknownRuleError(id);
  const only = selection.only?.length ? new Set(selection.only) : undefined;
  const disabled = new Set(selection.disable ?? []);
  return RULES.filter((rule) => (only ? only.has(rule.meta.id) : true) && !disabled.has(rule.meta.id));
}

export function scan(options: Omit<ScanOptions, 'rules'> & { readonly rules?: readonly Rule[] }): Promise<ScanResult> {
  return runScan({ ...options, rules: options.rules ?? RULES });
}
