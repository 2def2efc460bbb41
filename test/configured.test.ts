import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { copyFixture, leaks, makeTempDir, removeTempDirs } from './support/fixtures.js';
import { validateSarifText } from './support/validator.js';

/**
 * fixtures/configured exercises every `.nhiscan.yml` key, inline and config suppressions, an
 * expired suppression and reason-less and mistyped inline ones. Each format must report exactly
 * these findings: `path:line:col rule severity`, suppressed ones marked.
 */
const VISIBLE = [
  '.env:1:3 unexplained-suppression low',
  '.github/workflows/ci.yml:3:3 workflow-default-permissions high', // severity raised by the config
  '.mcp.json:13:26 mcp-inline-secret high', // its suppression expired
  '.nhiscan.yml:26:5 expired-suppression medium',
  '.vscode/mcp.json:10:12 unexplained-suppression low',
  '.vscode/mcp.json:11:24 mcp-inline-secret high', // the comment above has no reason
  'big/.mcp.json:1:1 unscanned-agent-config high', // over max-file-size: its client would load it, the scan did not parse it
  'big/.mcp.json:6:19 committed-credential high', // …but the credential pass reads every byte of it
];
const SUPPRESSED = [
  '.github/workflows/ci.yml:7:3 workflow-default-permissions high suppressed', // inline, YAML
  '.mcp.json:6:34 mcp-inline-secret high suppressed', // config, by key, not expired
  '.vscode/mcp.json:9:23 mcp-inline-secret high suppressed', // inline, JSONC
];
// Not reported: vendor/ (ignore), SHORT_API_KEY (18 chars, under
// min-secret-length 20), the bypassPermissions settings (severity info, under min-severity low).
const PLANTED = [
  'q7Vt2xR9mK4pL8wZ3nB6cY1dF5gH0jS2',
  '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',
  'mk_nhiscanFAKE4Lw2Zr8Vx5Nc3Hb7Pd1',
  'ot_nhiscanFAKE9Kd3Jf7Hs1Ga5Ql2Wm8',
  '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',
  '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',
];

// datadog-ci refuses to run without git tags and an API key; a dry run sends nothing.
const DATADOG_CI = path.join(import.meta.dirname, '..', 'node_modules', '@datadog', 'datadog-ci', 'dist', 'bundle.js');
const DATADOG_ENV = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DD_API_KEY: 'dry-run',
  DD_GIT_REPOSITORY_URL: 'https://github.com/example/repo',
  DD_GIT_BRANCH: 'main',
  DD_GIT_COMMIT_SHA: '0123456789abcdef0123456789abcdef01234567',
  DD_GIT_COMMIT_AUTHOR_NAME: 'a',
  DD_GIT_COMMIT_AUTHOR_EMAIL: 'a@example.com',
  DD_GIT_COMMIT_COMMITTER_NAME: 'a',
  DD_GIT_COMMIT_COMMITTER_EMAIL: 'a@example.com',
};

const byLocation = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
const sorted = (lines: readonly string[]) => [...lines].sort(byLocation);
const withoutColumn = (lines: readonly string[]) => lines.map((line) => line.replace(/^([^:]+:\d+):\d+/, '$1'));

interface Extracted {
  readonly findings: string[];
}

function fromJson(text: string): Extracted {
  const report = JSON.parse(text) as { findings: { path: string; region: { startLine: number; startColumn: number }; ruleId: string; severity: string; suppression?: unknown }[] };
  return {
    findings: report.findings.map((f) => `${f.path}:${f.region.startLine}:${f.region.startColumn} ${f.ruleId} ${f.severity}${f.suppression ? ' suppressed' : ''}`),
  };
}

function fromSarif(text: string): Extracted {
  const log = JSON.parse(text) as {
    runs: { results: { ruleId: string; properties: { severity: string }; suppressions?: unknown[]; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
  };
  return {
    findings: log.runs[0]!.results.map((r) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      return `${decodeURIComponent(artifactLocation.uri)}:${region.startLine}:${region.startColumn} ${r.ruleId} ${r.properties.severity}${r.suppressions?.length ? ' suppressed' : ''}`;
    }),
  };
}

function fromText(text: string): Extracted {
  const findings: string[] = [];
  let file = '';
  for (const line of text.split('\n')) {
    const finding = /^ {2}(\d+):(\d+)\s+(\w+)\s+.*\s{2}([a-z-]+)$/.exec(line);
    if (finding) findings.push(`${file}:${finding[1]}:${finding[2]} ${finding[4]} ${finding[3]}`);
    else if (/^ {11}suppressed \(/.test(line)) findings[findings.length - 1] += ' suppressed';
    else if (/^\S/.test(line) && !/^(note|warning|error):|findings? \(|no findings/.test(line)) file = line;
  }
  return { findings };
}

function fromMarkdown(text: string): Extracted {
  const rows = [...text.matchAll(/^\| (\w+)( \(suppressed\))? \| `([a-z-]+)` \| (\S+) \|/gm)];
  return { findings: rows.map((m) => `${m[4]!.replace(/\\(.)/g, '$1')} ${m[3]} ${m[1]}${m[2] ? ' suppressed' : ''}`) };
}

const EXTRACT = { text: fromText, json: fromJson, sarif: fromSarif, markdown: fromMarkdown } as const;

describe('fixtures/configured in every format', () => {
  afterAll(removeTempDirs);

  describe.each(Object.keys(EXTRACT) as (keyof typeof EXTRACT)[])('%s', (format) => {
    const expectFindings = (extracted: Extracted, expected: readonly string[]) => {
      const exact = format === 'markdown' ? withoutColumn(expected) : expected;
      expect(sorted(extracted.findings)).toEqual(sorted(exact));
    };

    it('reports exactly the unsuppressed findings and fails on the config’s fail-on', async () => {
      const repo = await copyFixture('configured');
      const out = path.join(await makeTempDir(), `report.${format}`);
      const run = await runCli(['scan', '.', '--format', format, '--no-color', '-o', out], { cwd: repo });
      expect(run).toMatchObject({ code: 1, stdout: '', stderr: '' });
      const report = await readFile(out, 'utf8');
      expectFindings(EXTRACT[format](report), VISIBLE);
      expect(leaks(report, PLANTED)).toEqual([]);
      if (format === 'sarif') expect((await validateSarifText(report)).errors).toEqual([]);
    });

    it('shows the suppressed ones, marked, with --show-suppressed', async () => {
      const repo = await copyFixture('configured');
      const run = await runCli(['scan', '.', '--format', format, '--no-color', '--show-suppressed'], { cwd: repo });
      expect(run.code).toBe(1);
      expectFindings(EXTRACT[format](run.stdout), [...VISIBLE, ...SUPPRESSED]);
      expect(leaks(run.stdout, PLANTED)).toEqual([]);
    });
  });

  it('--show-suppressed SARIF passes the validator and a dashboard that checks the 2.1.0 draft schema (datadog-ci dry run)', async () => {
    const repo = await copyFixture('configured');
    const out = path.join(await makeTempDir(), 'suppressed.sarif');
    expect((await runCli(['scan', repo, '--format', 'sarif', '--show-suppressed', '-o', out])).code).toBe(1);
    const report = await readFile(out, 'utf8');
    expect((await validateSarifText(report)).errors).toEqual([]);
    // SARIF §3.27.23: suppression information on all results of the run or on none.
    const results = (JSON.parse(report) as { runs: { results: { suppressions?: { kind: string }[] }[] }[] }).runs[0]!.results;
    expect(results.map((r) => r.suppressions?.length)).toEqual(expect.arrayContaining([0, 1]));
    expect(results.every((r) => Array.isArray(r.suppressions))).toBe(true);

    const upload = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [DATADOG_CI, 'sarif', 'upload', '--dry-run', out],
        { env: DATADOG_ENV, cwd: path.dirname(out), encoding: 'utf8', timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: stdout + stderr }),
      );
    });
    expect(upload.output).not.toContain('Invalid SARIF');
    expect(upload.output).toContain('[DRYRUN] Uploading SARIF report');
    expect(upload.code).toBe(0);
  });

  it('lets flags override the config: --fail-on critical exits 0, --min-severity medium drops the low findings', async () => {
    const repo = await copyFixture('configured');
    const run = await runCli(['scan', repo, '--format', 'json', '--fail-on', 'critical', '--min-severity', 'medium']);
    expect(run.code).toBe(0);
    expect(sorted(fromJson(run.stdout).findings)).toEqual(sorted(VISIBLE.filter((line) => !line.endsWith(' low'))));
  });

  it('reports the oversized agent config as unscanned, finds its token all the same, and nothing from vendor/', async () => {
    const repo = await copyFixture('configured');
    const run = await runCli(['scan', repo, '--format', 'json']);
    const report = JSON.parse(run.stdout) as { summary: { skipped: { oversized: number } }; findings: { path: string; ruleId: string }[] };
    expect(report.summary.skipped.oversized).toBe(1);
    expect(report.findings.filter((f) => f.path.startsWith('vendor/') || f.path.startsWith('big/')).map((f) => `${f.ruleId} ${f.path}`)).toEqual([
      'unscanned-agent-config big/.mcp.json',
      'committed-credential big/.mcp.json',
    ]);
  });

  it('names the bad key and its position when the config is wrong (exit 2)', async () => {
    const repo = await copyFixture('configured');
    const config = path.join(await makeTempDir(), 'bad.yml');
    await import('node:fs/promises').then((fs) => fs.writeFile(config, 'rules:\n  mcp-inline-secret:\n    optoins: {}\n'));
    const run = await runCli(['scan', repo, '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`nhiscan: ${config}:3:5: rules.mcp-inline-secret.optoins: unknown key (expected one of enabled, severity, options)\n`);
  });
});
