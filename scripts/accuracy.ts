/**
 * Re-runs the credential accuracy study: scans each repository of accuracy/repositories.tsv,
 * checked out at its commit under CHECKOUTS/<owner>+<name>, and compares what the credential
 * rules report with the findings read by hand in accuracy/credentials.tsv. Prints one line per
 * repository and exits 1 when a count or a location differs. `npm run accuracy -- CHECKOUTS`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CREDENTIAL_RULES = new Set(['committed-credential', 'shared-credential', 'token-ttl', 'mcp-inline-secret']);

function table(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path.join(root, 'accuracy', file), 'utf8').trimEnd().split('\n');
  const names = header!.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((value, i) => [names[i]!, value])));
}

const checkouts = process.argv[2];
if (!checkouts) {
  process.stderr.write('usage: npm run accuracy -- CHECKOUTS (a folder holding <owner>+<name> checkouts)\n');
  process.exit(2);
}

const expected = table('credentials.tsv');
let differences = 0;
for (const repo of table('repositories.tsv')) {
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
  const found = report.findings.filter((f) => CREDENTIAL_RULES.has(f.ruleId)).map((f) => `${f.ruleId} ${f.path}:${f.region.startLine}`).sort();
  const read = expected.filter((row) => row.repository === repo.repository).map((row) => `${row.rule} ${row.location}`).sort();
  const falsePositives = expected.filter((row) => row.repository === repo.repository && row.verdict === 'false positive').length;
  const same = JSON.stringify(found) === JSON.stringify(read);
  if (!same) differences++;
  process.stdout.write(`${repo.repository}@${repo.commit!.slice(0, 7)}: ${found.length} findings (${read.length} read by hand, ${falsePositives} false)${same ? '' : ' DIFFERS'}\n`);
  if (!same) {
    for (const line of found.filter((f) => !read.includes(f))) process.stdout.write(`  new: ${line}\n`);
    for (const line of read.filter((r) => !found.includes(r))) process.stdout.write(`  gone: ${line}\n`);
  }
}
process.exit(differences === 0 ? 0 : 1);
