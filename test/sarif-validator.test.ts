import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { copyFixture, fixtureNames, makeTempDir, removeTempDirs, SECRETS } from './support/fixtures.js';
import { describeIssues, validateSarifFile, validateSarifText } from './support/validator.js';

afterAll(removeTempDirs);

/** Hand-written SARIF that breaks GitHub's and SARIF's own rules in known ways. */
const BROKEN_SARIF = {
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
  runs: [
    {
      // A driver without rules (GH1018) and a result without locations (GH1015).
      tool: { driver: { name: 'broken', informationUri: 'https://example.com/broken', version: '1.0.0' } },
      results: [{ ruleId: 'no-locations', level: 'error', message: { text: 'a result without locations' } }],
    },
    {
      tool: {
        driver: {
          // No informationUri: SARIF2005, which the report gives no level (a warning).
          name: 'broken',
          version: '1.0.0',
          rules: [{ id: 'rule-a', shortDescription: { text: 'a' }, fullDescription: { text: 'a' }, help: { text: 'a' } }],
        },
      },
      // Neither ruleId nor rule.id (SARIF1010).
      results: [{ message: { text: 'no rule' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.txt' }, region: { startLine: 1 } } }] }],
    },
  ],
};

describe('the SARIF validator check', () => {
  it('rejects a broken file, naming the rules it breaks', async () => {
    const text = JSON.stringify(BROKEN_SARIF, null, 2);
    const { errors, all } = await validateSarifText(text);
    const ids = new Set(errors.map((issue) => issue.ruleId));
    expect([...ids]).toEqual(expect.arrayContaining(['GH1015', 'GH1018', 'SARIF1010']));
    // Located at the result without locations: the line before its ruleId opens the object.
    const resultLine = text.split('\n').findIndex((line) => line.includes('"ruleId": "no-locations"'));
    expect(errors.find((issue) => issue.ruleId === 'GH1015')).toMatchObject({ level: 'error', line: resultLine });
    // Results the validator gives no level are warnings, and warnings are not errors.
    expect(all.filter((issue) => issue.ruleId === 'SARIF2005').map((issue) => issue.level)).toEqual(['warning']);
    expect(ids.has('SARIF2005')).toBe(false);
    expect(errors.every((issue) => issue.level === 'error')).toBe(true);
  });

  it('rejects nhiscan output broken by hand, and reports again on a second run of the same file', async () => {
    const dir = await copyFixture('agent-configs', { git: true });
    const sarifFile = path.join(dir, 'out.sarif');
    const run = await runCli(['scan', dir, '--format', 'sarif', '-o', sarifFile, '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const log = JSON.parse(await fs.readFile(sarifFile, 'utf8'));
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    delete log.runs[0].results[0].locations;
    const brokenFile = path.join(await makeTempDir(), 'broken.sarif');
    await fs.writeFile(brokenFile, JSON.stringify(log, null, 2));
    for (let attempt = 0; attempt < 2; attempt++) {
      const { errors } = await validateSarifFile(brokenFile);
      expect(errors.map((issue) => issue.ruleId)).toContain('GH1015');
    }
  });
});

describe.each(fixtureNames())('fixture %s', (name) => {
  it('scans to SARIF that validates with zero errors (git work tree, with provenance)', async () => {
    const dir = await copyFixture(name, { git: true, remote: `https://x-access-token:${SECRETS.remote}@github.com/o/r.git` });
    const sarifFile = path.join(await makeTempDir(), `${name}.sarif`);
    const run = await runCli(['scan', dir, '--format', 'sarif', '-o', sarifFile, '--fail-on', 'none']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const log = JSON.parse(await fs.readFile(sarifFile, 'utf8'));
    expect(log.runs[0].versionControlProvenance?.[0]?.repositoryUri).toBe('https://github.com/o/r.git');
    const { errors } = await validateSarifFile(sarifFile);
    expect(errors, describeIssues(errors)).toEqual([]);
  });

  it('scans to SARIF that validates with zero errors (plain directory)', async () => {
    const dir = await copyFixture(name);
    const sarifFile = path.join(await makeTempDir(), `${name}.sarif`);
    const run = await runCli(['scan', dir, '--format', 'sarif', '-o', sarifFile, '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const log = JSON.parse(await fs.readFile(sarifFile, 'utf8'));
    expect(log.runs[0].invocations[0].toolExecutionNotifications.map((n: { descriptor: { id: string } }) => n.descriptor.id)).toContain('git-unavailable');
    const { errors } = await validateSarifFile(sarifFile);
    expect(errors, describeIssues(errors)).toEqual([]);
  });
});
