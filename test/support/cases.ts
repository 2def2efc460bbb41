import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../src/config/config.js';
import { prepareParsers } from '../../src/engine/documents.js';
import { RuleRunner } from '../../src/engine/rule-runner.js';
import { sortFindings } from '../../src/engine/run.js';
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

/**
 * A finding as a `.out` line: `line:col-endLine:endCol rule-id/messageId message`, followed by
 * ` [suppressed: reason]` when a suppression covers it.
 */
export function formatFinding(finding: Finding): string {
  const r = finding.region;
  const suppressed = finding.suppression ? ` [suppressed: ${finding.suppression.reason}]` : '';
  return `${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn} ${finding.ruleId}/${finding.messageId} ${finding.message}${suppressed}`;
}

/** Cases run as if today were this day, so expiry cases keep their meaning. */
export const CASE_TODAY = new Date('2026-06-15T12:00:00Z');

/**
 * Runs one case through the rule runner. A case standing for `.nhiscan.yml` is also loaded as the
 * scan's config, so rules about suppressions see its entries.
 */
export async function runCase(ruleCase: RuleCase, rules: readonly Rule[]): Promise<{ findings: Finding[]; notifications: Notification[] }> {
  await prepareParsers(rules.flatMap((rule) => rule.meta.kinds));
  const text = readFileSync(ruleCase.file, 'utf8');
  const config = path.posix.basename(ruleCase.virtualPath) === '.nhiscan.yml' ? parseConfig(ruleCase.virtualPath, text, rules) : undefined;
  const runner = new RuleRunner(rules, {
    now: CASE_TODAY,
    ...(config ? { ruleSettings: config.rules, configSuppressions: config.suppressions } : {}),
  });
  runner.addFile(ruleCase.virtualPath, text);
  const { findings, notifications } = runner.finish();
  return { findings: sortFindings(findings), notifications };
}

export function expectedLines(ruleCase: RuleCase): string[] {
  if (!ruleCase.expectedFile) return [];
  return readFileSync(ruleCase.expectedFile, 'utf8').split('\n').filter((line) => line.trim() !== '');
}
