/**
 * Re-runs an accuracy study: scans each repository of the study's list, checked out at its commit
 * under CHECKOUTS/<owner>+<name>, and compares what the study's rules report with the findings read
 * by hand. Prints one line per repository and the false positives per ten findings of each set, and
 * exits 1 when a count or a location differs.
 *
 *   npm run accuracy -- CHECKOUTS                  the credential study
 *   npm run accuracy -- workflows CHECKOUTS        the workflow study
 *   npm run accuracy -- workflows CHECKOUTS tuning only the repositories of one set
 *   npm run accuracy -- agent-configs CHECKOUTS    the agent and IDE config study
 *
 * accuracy/checkout.sh makes the checkouts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Study {
  readonly repositories: string;
  readonly findings: string;
  readonly reports: (ruleId: string) => boolean;
}

const CREDENTIAL_RULES = new Set(['committed-credential', 'shared-credential', 'token-ttl', 'mcp-inline-secret']);

/** The rules that read agent and IDE config files: one prefix per client family. */
const AGENT_CONFIG_RULE_PREFIXES = ['mcp-', 'claude-', 'codex-', 'cursor-', 'vscode-', 'devcontainer-', 'agent-settings-', 'agent-context-'];

const STUDIES: Record<string, Study> = {
  credentials: { repositories: 'repositories.tsv', findings: 'credentials.tsv', reports: (id) => CREDENTIAL_RULES.has(id) },
  workflows: {
    repositories: 'workflow-repositories.tsv',
    findings: 'workflows.tsv',
    reports: (id) => id.startsWith('workflow-') || id === 'agent-prompt-injection',
  },
  'agent-configs': {
    repositories: 'agent-config-repositories.tsv',
    findings: 'agent-configs.tsv',
    reports: (id) => AGENT_CONFIG_RULE_PREFIXES.some((prefix) => id.startsWith(prefix)) || id === 'unscanned-agent-config',
  },
};

function table(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path.join(root, 'accuracy', file), 'utf8').trimEnd().split('\n');
  const names = header!.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((value, i) => [names[i]!, value])));
}

const args = process.argv.slice(2);
const studyName = args.length > 1 ? args[0]! : 'credentials';
const checkouts = args.length > 1 ? args[1] : args[0];
const onlySet = args[2];
const study = STUDIES[studyName];
if (!checkouts || !study) {
  process.stderr.write(`usage: npm run accuracy -- [${Object.keys(STUDIES).join('|')}] CHECKOUTS (a folder holding <owner>+<name> checkouts)\n`);
  process.exit(2);
}

const expected = existsSync(path.join(root, 'accuracy', study.findings)) ? table(study.findings) : [];
let differences = 0;
const totals = new Map<string, { findings: number; falsePositives: number }>();
for (const repo of table(study.repositories).filter((row) => onlySet === undefined || row.set === onlySet)) {
  const dir = path.join(checkouts, repo.repository!.replace('/', '+'));
  if (!existsSync(dir)) {
    process.stdout.write(`${repo.repository}: no checkout at ${dir}\n`);
    differences++;
    continue;
  }
  const out = execFileSync(process.execPath, [path.join(root, 'build', 'src', 'cli.js'), 'scan', dir, '--format', 'json', '--fail-on', 'none'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const report = JSON.parse(out) as { findings: { ruleId: string; path: string; region: { startLine: number } }[] };
  const found = report.findings.filter((f) => study.reports(f.ruleId)).map((f) => `${f.ruleId} ${f.path}:${f.region.startLine}`).sort();
  const rows = expected.filter((row) => row.repository === repo.repository);
  const read = rows.map((row) => `${row.rule} ${row.location}`).sort();
  const falsePositives = rows.filter((row) => row.verdict === 'false positive').length;
  const same = JSON.stringify(found) === JSON.stringify(read);
  if (!same) differences++;
  const set = repo.set ?? 'all';
  const total = totals.get(set) ?? { findings: 0, falsePositives: 0 };
  totals.set(set, { findings: total.findings + found.length, falsePositives: total.falsePositives + falsePositives });
  process.stdout.write(`${repo.repository}@${repo.commit!.slice(0, 7)}${repo.set ? ` [${repo.set}]` : ''}: ${found.length} findings (${read.length} read by hand, ${falsePositives} false)${same ? '' : ' DIFFERS'}\n`);
  if (!same) {
    for (const line of found.filter((f) => !read.includes(f))) process.stdout.write(`  new: ${line}\n`);
    for (const line of read.filter((r) => !found.includes(r))) process.stdout.write(`  gone: ${line}\n`);
  }
}
for (const [set, total] of totals) {
  const perTen = total.findings === 0 ? 0 : (10 * total.falsePositives) / total.findings;
  process.stdout.write(`${set}: ${total.findings} findings, ${total.falsePositives} false (${perTen.toFixed(2)} per 10)\n`);
}
process.exit(differences === 0 ? 0 : 1);
