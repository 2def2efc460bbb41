import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../src/config/config.js';
import { prepareParsers } from '../../src/engine/documents.js';
import { RuleRunner } from '../../src/engine/rule-runner.js';
import type { Finding, Notification } from '../../src/model/finding.js';
import type { Rule } from '../../src/rule.js';

export const RULES_DIR = path.resolve(import.meta.dirname, '../../rules');

/**
 * A rule case, in a rule's `cases/` folder:
 * - a file `<pass|fail>-<name>@<virtual path>`: one file standing for the path with `+` in place
 *   of `/` (`fail-x@.github+workflows+ci.yml`), so it is classified as that real file would be;
 * - a folder `<pass|fail>-<name>/`: a small repository, several files at their real paths and its
 *   own `.nhiscan.yml` if it needs options or suppressions, for rules that read across files.
 * A fail case has `fail-<name>.out` beside it with every finding and notification the case
 * yields, from all the rules that run. A pass case may have one too, when what it yields besides
 * (a notification, another rule's finding) is part of what it shows.
 */
export interface RuleCase {
  readonly ruleId: string;
  /** `<pass|fail>-<name>`. */
  readonly name: string;
  readonly polarity: 'pass' | 'fail';
  /** The case's files: repository path → file on disk. */
  readonly files: readonly { readonly path: string; readonly source: string }[];
  readonly expectedFile?: string;
}

const CASE_FILE = /^(pass|fail)-([a-z0-9-]+)@(.+)$/;
const CASE_FOLDER = /^(pass|fail)-([a-z0-9-]+)$/;
const SIDECAR = /^(pass|fail)-([a-z0-9-]+)\.out$/;

export function ruleFolders(): string[] {
  return readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Every file under a folder case, by its path inside the case, in path order. */
function folderFiles(dir: string, prefix = ''): { path: string; source: string }[] {
  const files: { path: string; source: string }[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...folderFiles(dir, relative));
    else files.push({ path: relative, source: path.join(dir, relative) });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Reads a cases folder. Anything that is not a case or a fail case's sidecar, a name used twice,
 * a fail case without its sidecar and a sidecar without its case are problems: each would make a
 * case silently not run, or not check what it claims to.
 */
export function loadCases(casesDir: string, ruleId: string): { cases: RuleCase[]; problems: string[] } {
  const cases: RuleCase[] = [];
  const problems: string[] = [];
  const names = existsSync(casesDir) ? readdirSync(casesDir).sort() : [];
  const sidecars = new Set<string>();
  const seen = new Set<string>();
  for (const entry of names) {
    const full = path.join(casesDir, entry);
    const isFolder = statSync(full).isDirectory();
    if (!isFolder && SIDECAR.test(entry)) {
      sidecars.add(entry.slice(0, -'.out'.length));
      continue;
    }
    const match = isFolder ? CASE_FOLDER.exec(entry) : CASE_FILE.exec(entry);
    if (!match) {
      problems.push(`${entry}: not a case (${isFolder ? '<pass|fail>-<name>/' : '<pass|fail>-<name>@<virtual path>'}) nor a fail case's .out`);
      continue;
    }
    const polarity = match[1] as 'pass' | 'fail';
    const name = `${polarity}-${match[2]!}`;
    if (seen.has(name)) {
      problems.push(`${entry}: a second case named ${name}`);
      continue;
    }
    seen.add(name);
    const files = isFolder ? folderFiles(full) : [{ path: match[3]!.replaceAll('+', '/'), source: full }];
    if (files.length === 0) problems.push(`${entry}: an empty folder case`);
    const expectedFile = path.join(casesDir, `${name}.out`);
    const hasSidecar = names.includes(`${name}.out`);
    cases.push({ ruleId, name, polarity, files, ...(polarity === 'fail' || hasSidecar ? { expectedFile } : {}) });
  }
  for (const ruleCase of cases) {
    if (ruleCase.polarity === 'fail' && !sidecars.has(ruleCase.name)) problems.push(`${ruleCase.name}: a fail case needs ${ruleCase.name}.out`);
  }
  for (const stem of sidecars) if (!seen.has(stem)) problems.push(`${stem}.out: no case of that name`);
  return { cases, problems };
}

export function casesOf(ruleId: string): RuleCase[] {
  const { cases, problems } = loadCases(path.join(RULES_DIR, ruleId, 'cases'), ruleId);
  if (problems.length > 0) throw new Error(`${ruleId}/cases: ${problems.join('; ')}`);
  return cases;
}

/** Cases run as if today were this day, so expiry cases keep their meaning. */
export const CASE_TODAY = new Date('2026-06-15T12:00:00Z');

export interface CaseResult {
  readonly findings: readonly Finding[];
  readonly notifications: readonly Notification[];
}

/**
 * Runs one case through the rule runner, as a scan would: every file in path order, and a
 * `.nhiscan.yml` at the case's root loaded as the scan's config (options, severities,
 * suppressions and `max-file-size`) as well as scanned.
 */
export async function runCase(ruleCase: RuleCase, rules: readonly Rule[]): Promise<CaseResult> {
  const files = ruleCase.files.map((file) => ({ path: file.path, text: readFileSync(file.source, 'utf8') }));
  const configFile = files.find((file) => file.path === '.nhiscan.yml');
  const config = configFile ? parseConfig(configFile.path, configFile.text, rules) : undefined;
  // A folder case lists in `.unreadable` the files its reader fails on, as a scan's reader would
  // with EACCES; the list itself is not part of the case's repository.
  const unreadable = new Set(files.find((file) => file.path === UNREADABLE_LIST)?.text.split('\n').filter(Boolean) ?? []);
  const runner = new RuleRunner(rules, {
    now: CASE_TODAY,
    ...(config ? { ruleSettings: config.rules, configSuppressions: config.suppressions } : {}),
  });
  await prepareParsers(runner.kindsToParse);
  for (const file of files) {
    if (file.path === UNREADABLE_LIST) continue;
    if (unreadable.has(file.path)) runner.addUnscanned(file.path, 'unreadable', 'EACCES');
    else if (config?.maxFileSize !== undefined && Buffer.byteLength(file.text) > config.maxFileSize) {
      runner.addUnscanned(file.path, 'oversized', `${Buffer.byteLength(file.text)} bytes`);
    } else runner.addFile(file.path, file.text);
  }
  return runner.finish();
}

/** In a folder case, the files to treat as unreadable, one path a line. */
export const UNREADABLE_LIST = '.unreadable';

function region(r: Finding['region']): string {
  return `${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn}`;
}

/**
 * A case's outcome as `.out` text. A finding is its line, then indented details:
 *   path:line:col-endLine:endCol severity rule-id/messageId message
 *       snippet: the masked first line of the region
 *       related: path:line:col-endLine:endCol message
 *       also matched: other-rule, …
 *       suppressed: reason
 * and a notification one line: `! level kind path[:line:col] message`.
 */
export function formatOutcome(result: CaseResult): string {
  const lines: string[] = [];
  for (const finding of result.findings) {
    lines.push(`${finding.path}:${region(finding.region)} ${finding.severity} ${finding.ruleId}/${finding.messageId} ${finding.message}`);
    if (finding.snippet) lines.push(`    snippet: ${finding.snippet.trim()}`);
    for (const related of finding.relatedLocations ?? []) lines.push(`    related: ${related.path}:${region(related.region)} ${related.message}`);
    if (finding.alsoMatched?.length) lines.push(`    also matched: ${finding.alsoMatched.join(', ')}`);
    if (finding.suppression) lines.push(`    suppressed: ${finding.suppression.reason}`);
  }
  for (const n of result.notifications) {
    const where = n.path === undefined ? '' : n.line === undefined ? ` ${n.path}` : ` ${n.path}:${n.line}:${n.column}`;
    lines.push(`! ${n.level} ${n.kind}${where} ${n.message}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function expectedOutcome(ruleCase: RuleCase): string {
  return ruleCase.expectedFile && existsSync(ruleCase.expectedFile) ? readFileSync(ruleCase.expectedFile, 'utf8') : '';
}

/**
 * What is wrong with a case's outcome, empty when it holds. A fail case must yield at least one
 * finding of its own rule and exactly its `.out`; a pass case no finding of its rule, and no
 * notification unless its own `.out` lists it (a pass that only passes because the file did not
 * parse proves nothing, unless that is what it shows).
 */
export function caseProblems(ruleCase: RuleCase, result: CaseResult): string[] {
  const own = result.findings.filter((finding) => finding.ruleId === ruleCase.ruleId);
  if (ruleCase.polarity === 'pass') {
    const reported = own.map((finding) => `pass case reports ${finding.path}:${region(finding.region)} ${finding.ruleId}/${finding.messageId}`);
    if (ruleCase.expectedFile) {
      return formatOutcome(result) === expectedOutcome(ruleCase) ? reported : [...reported, `outcome differs from ${path.basename(ruleCase.expectedFile)}`];
    }
    return [...reported, ...result.notifications.map((n) => `pass case has a notification: ${n.kind} ${n.path ?? ''}`)];
  }
  const problems: string[] = [];
  if (own.length === 0) problems.push(`fail case has no finding of ${ruleCase.ruleId}`);
  if (formatOutcome(result) !== expectedOutcome(ruleCase)) problems.push(`outcome differs from ${path.basename(ruleCase.expectedFile!)}`);
  return problems;
}

/**
 * `NHISCAN_UPDATE_CASES=1`: rewrite a fail case's `.out` from what the rules now yield, for a
 * human to review in the diff. Never in CI, where it would turn every regression into a pass.
 */
export function updateMode(): boolean {
  if (process.env.NHISCAN_UPDATE_CASES !== '1') return false;
  if (process.env.CI) throw new Error('NHISCAN_UPDATE_CASES is refused in CI: .out files are written by people, checked by CI');
  return true;
}

export function writeOutcome(ruleCase: RuleCase, result: CaseResult): void {
  // A pass case's sidecar is written by hand first; update mode only refreshes it.
  if (ruleCase.expectedFile) writeFileSync(ruleCase.expectedFile, formatOutcome(result));
}
