import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RuleRunner } from '../../src/engine/rule-runner.js';
import type { Finding, Notification } from '../../src/model/finding.js';
import type { Rule } from '../../src/rule.js';

export const RULES_DIR = path.resolve(import.meta.dirname, '../../rules');

/**
 * A rule case: `<pass|fail>-<name>@<virtual path>`, where the virtual path is the path the case
 * stands for with `+` in place of `/` (`fail-x@.github+workflows+ci.yml`), so it is classified as
 * that real file would be. A fail case has `<pass|fail>-<name>.out` beside it.
 */
export interface RuleCase {
  readonly ruleId: string;
  readonly file: string;
  readonly name: string;
  readonly polarity: 'pass' | 'fail';
  readonly virtualPath: string;
  readonly expectedFile?: string;
}

export function ruleFolders(): string[] {
  return readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function casesOf(ruleId: string): RuleCase[] {
  const dir = path.join(RULES_DIR, ruleId, 'cases');
  const names = readdirSync(dir);
  return names
    .filter((name) => name.includes('@'))
    .sort()
    .map((name) => {
      const match = /^(pass|fail)-([a-z0-9-]+)@(.+)$/.exec(name);
      if (!match) throw new Error(`${ruleId}/cases/${name}: case names are <pass|fail>-<name>@<virtual path>`);
      const [, polarity, caseName, encoded] = match;
      const stem = `${polarity}-${caseName}`;
      return {
        ruleId,
        file: path.join(dir, name),
        name: stem,
        polarity: polarity as 'pass' | 'fail',
        virtualPath: encoded!.replaceAll('+', '/'),
        ...(polarity === 'fail' ? { expectedFile: path.join(dir, `${stem}.out`) } : {}),
      };
    });
}

/** A finding as a `.out` line: `line:col-endLine:endCol rule-id/messageId message`. */
export function formatFinding(finding: Finding): string {
  const r = finding.region;
  return `${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn} ${finding.ruleId}/${finding.messageId} ${finding.message}`;
}

export function runCase(ruleCase: RuleCase, rules: readonly Rule[]): { findings: Finding[]; notifications: Notification[] } {
  const runner = new RuleRunner(rules);
  runner.addFile(ruleCase.virtualPath, readFileSync(ruleCase.file, 'utf8'));
  return runner.finish();
}

export function expectedLines(ruleCase: RuleCase): string[] {
  if (!ruleCase.expectedFile) return [];
  return readFileSync(ruleCase.expectedFile, 'utf8').split('\n').filter((line) => line.trim() !== '');
}
