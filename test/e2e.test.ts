import { execFileSync, spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../src/index.js';
import { RULES_USAGE, SCAN_USAGE, USAGE } from '../src/cli.js';
import { TOOL_VERSION } from '../src/version.js';
import { CLI, cliEnvironment, PROJECT_ROOT, runCli, type CliRun } from './support/cli.js';
import { CANARY_KEYS, copyFixture, FIXTURES_DIR, fixtureText, git, leaks, makeTempDir, removeTempDirs, SECRETS } from './support/fixtures.js';

/**
 * The built CLI end to end, on copies of the fixture repositories in fresh temp folders: exit
 * codes, the exact findings in text and SARIF, rule selection, presentation options, the rules
 * command, and that no planted secret ever reaches any output.
 */

afterAll(removeTempDirs);

interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

interface ExpectedFinding {
  readonly ruleId: string;
  readonly path: string;
  readonly severity: string;
  readonly level: string;
  readonly region: Region;
  /** The fixture text the region covers. */
  readonly covers: string;
}

/** What agent-configs must yield, in report order (by path). */
const AGENT_CONFIGS: readonly ExpectedFinding[] = [
  {
    ruleId: 'claude-bypass-permissions',
    path: '.claude/settings.json',
    severity: 'high',
    level: 'error',
    region: { startLine: 4, startColumn: 5, endLine: 4, endColumn: 39 },
    covers: '"defaultMode": "bypassPermissions"',
  },
  {
    ruleId: 'workflow-default-permissions',
    path: '.github/workflows/agent.yml',
    severity: 'medium',
    level: 'warning',
    region: { startLine: 8, startColumn: 3, endLine: 8, endColumn: 9 },
    covers: 'triage',
  },
  {
    ruleId: 'mcp-inline-secret',
    path: '.mcp.json',
    severity: 'high',
    level: 'error',
    region: { startLine: 7, startColumn: 41, endLine: 7, endColumn: 83 },
    covers: `"${SECRETS.mcpEnv}"`,
  },
  {
    ruleId: 'mcp-inline-secret',
    path: '.vscode/mcp.json',
    severity: 'high',
    level: 'error',
    region: { startLine: 8, startColumn: 26, endLine: 8, endColumn: 61 },
    covers: `"Bearer ${SECRETS.vscodeBearer}"`,
  },
];

const ALL_SECRETS = Object.values(SECRETS);

/** The text a 1-based, end-exclusive region covers in a file (single-line regions). */
function regionText(file: string, region: Region): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  expect(region.endLine).toBe(region.startLine);
  return lines[region.startLine - 1]!.slice(region.startColumn - 1, region.endColumn - 1);
}

/** 1-based line and column of the first occurrence of `needle` in a file. */
function positionOf(file: string, needle: string): { line: number; column: number } {
  const text = readFileSync(file, 'utf8');
  const offset = text.indexOf(needle);
  expect(offset, `${needle} in ${file}`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

interface TextFinding {
  readonly path: string;
  readonly startLine: number;
  readonly startColumn: number;
  readonly severity: string;
  readonly ruleId: string;
  readonly snippet?: string;
}

/** The findings of a plain-text report: a path line, then `  L:C  severity  message  rule-id` lines. */
function parseText(report: string): TextFinding[] {
  const rows: TextFinding[] = [];
  let file: string | undefined;
  for (const line of report.split('\n')) {
    const finding = /^ {2}(\d+):(\d+)\s+(critical|high|medium|low|info)\s+.*\s([a-z0-9-]+)$/.exec(line);
    if (finding) {
      expect(file, `a finding line before any path line: ${line}`).toBeDefined();
      rows.push({ path: file!, startLine: Number(finding[1]), startColumn: Number(finding[2]), severity: finding[3]!, ruleId: finding[4]! });
      continue;
    }
    const snippet = /^ {11}│ (.*)$/.exec(line);
    if (snippet && rows.length > 0) {
      rows[rows.length - 1] = { ...rows[rows.length - 1]!, snippet: snippet[1]! };
      continue;
    }
    if (/^\S/.test(line)) file = line;
  }
  return rows;
}

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Region } }[];
      partialFingerprints: Record<string, string>;
      properties: Record<string, unknown>;
    }[];
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: {
        level: string;
        message: { text: string };
        descriptor: { id: string };
        locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } } }[];
      }[];
    }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    versionControlProvenance?: { repositoryUri: string; revisionId?: string; branch?: string }[];
  }[];
}

function sarifFindings(log: SarifLog) {
  const run = log.runs[0]!;
  return run.results.map((result) => {
    expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    const location = result.locations[0]!.physicalLocation;
    expect(location.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    return {
      ruleId: result.ruleId,
      path: location.artifactLocation.uri,
      severity: result.properties.severity,
      level: result.level,
      region: location.region,
    };
  });
}

function expectOneCleanLine(stderr: string): void {
  expect(stderr).toMatch(/^nhiscan: [^\n]+\n$/);
  expect(stderr).not.toMatch(/\bat .+:\d+:\d+\)?$/m); // no stack frame
  expect(stderr).not.toMatch(/Error:/);
}

describe('the fixtures the end-to-end tests rely on', () => {
  it('hold the planted secrets and canary keys where the tests say', () => {
    const agent = fixtureText('agent-configs');
    expect(agent).toContain(SECRETS.mcpEnv);
    expect(agent).toContain(SECRETS.vscodeBearer);
    const broken = fixtureText('broken-files');
    expect(broken).toContain(SECRETS.brokenJson);
    expect(broken.split(SECRETS.brokenYaml).length - 1).toBe(3); // key name and two values
    for (const key of CANARY_KEYS) expect(broken).toContain(key);
    for (const secret of ALL_SECRETS) expect(fixtureText('clean')).not.toContain(secret);
  });

  it('the leak check finds a secret whole or in part, and passes its masked form', () => {
    expect(leaks(`x ${SECRETS.mcpEnv} y`, [SECRETS.mcpEnv])).toContain(SECRETS.mcpEnv);
    expect(leaks(`token=${SECRETS.mcpEnv.slice(10, 24)}`, [SECRETS.mcpEnv]).length).toBeGreaterThan(0);
    expect(leaks('"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_…(40 chars)"', ALL_SECRETS)).toEqual([]);
  });

  it('have the expected regions cover what they say', () => {
    for (const finding of AGENT_CONFIGS) {
      expect(regionText(path.join(FIXTURES_DIR, 'agent-configs', finding.path), finding.region)).toBe(finding.covers);
    }
  });

  it('include a broken YAML file whose parser message would quote the secret and the key name', () => {
    // Proof that the no-leak checks below can fail: `yaml` itself quotes the input.
    const text = readFileSync(path.join(FIXTURES_DIR, 'broken-files', '.github/workflows/broken.yml'), 'utf8');
    const message = parseAllDocuments(text).flatMap((doc) => (Array.isArray(doc) ? [] : doc.errors)).map((error) => error.message).join('\n');
    expect(message).toContain(SECRETS.brokenYaml);
    expect(message).toContain('NHISCAN_CANARY_YAML_KEY');
  });
});

describe('exit codes', () => {
  let agent: string;
  let clean: string;
  beforeAll(async () => {
    agent = await copyFixture('agent-configs', { git: true });
    clean = await copyFixture('clean', { git: true });
  });

  it('0 on a clean repository', async () => {
    const run = await runCli(['scan', clean]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe('no findings in 4 files scanned\n');
  });

  it('0 with --fail-on none, though findings remain', async () => {
    const run = await runCli(['scan', agent, '--fail-on', 'none']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(parseText(run.stdout)).toHaveLength(AGENT_CONFIGS.length);
  });

  it('1 on findings at or above the default fail-on (high)', async () => {
    const run = await runCli(['scan', agent]);
    expect(run).toMatchObject({ code: 1, stderr: '' });
  });

  it('1 / 0 as --fail-on moves across the severities present', async () => {
    // Only the medium workflow finding remains with --rule: default high passes, medium fails.
    expect((await runCli(['scan', agent, '--rule', 'workflow-default-permissions'])).code).toBe(0);
    expect((await runCli(['scan', agent, '--rule', 'workflow-default-permissions', '--fail-on', 'medium'])).code).toBe(1);
    expect((await runCli(['scan', agent, '--fail-on', 'critical'])).code).toBe(0);
  });

  it.each([
    [['scan', '--bogus'], ['--bogus']],
    [['scan', '--rule', 'no-such-rule'], ['no-such-rule']],
    [['scan', '--disable', 'no-such-rule'], ['no-such-rule']],
    [['scan', '--fail-on', 'extreme'], ['--fail-on', 'extreme']],
    [['scan', '--min-severity', 'loud'], ['--min-severity', 'loud']],
    [['scan', '--format', 'xml'], ['--format', 'xml']],
    [['scan', '--max-file-size', '12kb'], ['--max-file-size', '12kb']],
    [['scan', '--workers', '65'], ['--workers', '65']],
    [['scan', '--workers', 'many'], ['--workers', 'many']],
    [['scan', 'no/such/dir'], ['no/such/dir']],
    [['rules', 'no-such-rule'], ['no-such-rule']],
    [['frobnicate'], ['frobnicate']],
  ])('2 on a usage error: %j names %j in one line, no stack, no report', async (args, named) => {
    const out = path.join(await makeTempDir(), 'report.txt');
    const withOutput = args[0] === 'scan' ? [...args, '-o', out] : args;
    const run = await runCli(withOutput, { cwd: agent });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expectOneCleanLine(run.stderr);
    for (const name of named) expect(run.stderr).toContain(name);
    expect(existsSync(out)).toBe(false);
  });

  it('a bad --fail-on is told every accepted value, none included; --min-severity does not take none', async () => {
    const failOn = await runCli(['scan', agent, '--fail-on', 'extreme']);
    expect(failOn.code).toBe(2);
    expect(failOn.stderr).toContain('info, low, medium, high, critical or none');
    const minSeverity = await runCli(['scan', agent, '--min-severity', 'none']);
    expect(minSeverity.code).toBe(2);
    expect(minSeverity.stderr).not.toContain('or none');
  });

  it('3 when the report cannot be written (an output folder that does not exist), with no output', async () => {
    const missing = path.join(await makeTempDir(), 'missing', 'report.sarif');
    const run = await runCli(['scan', agent, '--format', 'sarif', '-o', missing]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expectOneCleanLine(run.stderr);
    expect(run.stderr).toBe(`nhiscan: could not write the report to ${missing} (ENOENT); no usable output was produced\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it('3 when the output path is a directory', async () => {
    const dir = await makeTempDir();
    const run = await runCli(['scan', agent, '-o', dir]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expectOneCleanLine(run.stderr);
    expect(run.stderr).toBe(`nhiscan: could not write the report to ${dir} (EISDIR); no usable output was produced\n`);
  });
});

describe('agent-configs: exact findings', () => {
  let dir: string;
  let sarif: SarifLog;
  let sarifRun: CliRun;
  beforeAll(async () => {
    dir = await copyFixture('agent-configs', { git: true });
    const file = path.join(await makeTempDir(), 'out.sarif');
    sarifRun = await runCli(['scan', dir, '--format', 'sarif', '-o', file]);
    sarif = JSON.parse(await fs.readFile(file, 'utf8')) as SarifLog;
  });

  it('text: each finding with its path, start, severity and rule, snippets masked, and the summary', async () => {
    const run = await runCli(['scan', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    const rows = parseText(run.stdout);
    expect(rows.map(({ snippet: _, ...row }) => row)).toEqual(
      AGENT_CONFIGS.map((f) => ({ path: f.path, startLine: f.region.startLine, startColumn: f.region.startColumn, severity: f.severity, ruleId: f.ruleId })),
    );
    expect(rows.map((row) => row.snippet)).toEqual([
      '"defaultMode": "bypassPermissions"',
      'triage:',
      '"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_…(40 chars)",',
      '"Authorization": "Bearer glpat-…(26 chars)",',
    ]);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('4 findings (3 high, 1 medium) in 4 files scanned');
    // A git work tree: nothing to notify.
    expect(run.stdout).not.toMatch(/^(note|warning|error):/m);
  });

  it('text to a file (-o) is what stdout shows, uncoloured', async () => {
    const stdout = await runCli(['scan', dir]);
    const file = path.join(await makeTempDir(), 'out.txt');
    const toFile = await runCli(['scan', dir, '-o', file]);
    expect(toFile).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(await fs.readFile(file, 'utf8')).toBe(stdout.stdout);
    expect(stdout.stdout).not.toContain('\u001b[');
  });

  it('SARIF: each result with its rule, path, region and level', () => {
    expect(sarifRun).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(sarifFindings(sarif)).toEqual(AGENT_CONFIGS.map(({ covers: _, ...finding }) => finding));
  });

  it('SARIF: fingerprints, categories, lifetimes, root and an empty notification list', () => {
    const run = sarif.runs[0]!;
    for (const result of run.results) {
      expect(result.partialFingerprints['nhiscan/v1']).toMatch(/^[0-9a-f]{16,}$/);
      expect(result.partialFingerprints).not.toHaveProperty('primaryLocationLineHash');
    }
    expect(run.results.map((r) => r.properties.category)).toEqual([
      'unsafe-agent-setting',
      'over-broad-scope',
      'long-lived-credential',
      'long-lived-credential',
    ]);
    // A classic GitHub token never expires; a GitLab access token expires within a year.
    expect(run.results.filter((r) => r.ruleId === 'mcp-inline-secret').map((r) => r.properties.lifetime)).toEqual([{ class: 'static' }, { class: 'long' }]);
    expect(run.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${dir}/`);
    expect(run.invocations[0]!.executionSuccessful).toBe(true);
    expect(run.invocations[0]!.toolExecutionNotifications).toEqual([]);
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.meta.id).sort());
  });

  it('the same findings from a subfolder of another repository (the fixture under the project itself)', async () => {
    // The root is the fixture folder: paths stay relative to it even inside the project's work tree.
    const file = path.join(await makeTempDir(), 'out.sarif');
    const run = await runCli(['scan', 'fixtures/agent-configs', '--format', 'sarif', '-o', file], { cwd: PROJECT_ROOT });
    expect(run.code).toBe(1);
    expect(sarifFindings(JSON.parse(await fs.readFile(file, 'utf8')))).toEqual(AGENT_CONFIGS.map(({ covers: _, ...finding }) => finding));
  });
});

describe('a hardened set of workflows', () => {
  it('gives no finding: least permissions, OIDC, pinned actions, a scoped App token, an agent with a short tool list and a read-only token', async () => {
    const dir = await copyFixture('hardened-workflows', { git: true });
    const run = await runCli(['scan', dir, '--format', 'json', '--fail-on', 'low']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; summary: { filesScanned: number } };
    expect(report.findings).toEqual([]);
    expect(report.summary.filesScanned).toBe(4);
  });
});

describe('worker threads', () => {
  it('change nothing in the report: --workers 3 gives what --workers 0 gives, notes and skips included', async () => {
    const report = async (workers: string) => {
      const run = await runCli(['scan', FIXTURES_DIR, '--format', 'json', '--fail-on', 'none', '--show-suppressed', '--workers', workers]);
      expect(run.code).toBe(0);
      const { startTime: _start, endTime: _end, ...rest } = JSON.parse(run.stdout) as Record<string, unknown>;
      return rest;
    };
    const single = await report('0');
    expect((single.summary as { findings: number }).findings).toBeGreaterThan(10);
    expect(await report('3')).toEqual(single);
  });
});

describe('rule selection and presentation', () => {
  let dir: string;
  let walked: string;
  beforeAll(async () => {
    dir = await copyFixture('agent-configs', { git: true });
    walked = await copyFixture('agent-configs');
  });

  async function sarifOf(args: readonly string[]): Promise<{ run: CliRun; log: SarifLog }> {
    const file = path.join(await makeTempDir(), 'out.sarif');
    const run = await runCli(['scan', dir, '--format', 'sarif', '-o', file, ...args]);
    return { run, log: JSON.parse(await fs.readFile(file, 'utf8')) as SarifLog };
  }

  it('--rule runs only that rule, and the driver lists only it', async () => {
    const { run, log } = await sarifOf(['--rule', 'mcp-inline-secret']);
    expect(run.code).toBe(1);
    expect(log.runs[0]!.tool.driver.rules.map((rule) => rule.id)).toEqual(['mcp-inline-secret']);
    expect(sarifFindings(log).map((f) => `${f.ruleId} ${f.path}`)).toEqual(['mcp-inline-secret .mcp.json', 'mcp-inline-secret .vscode/mcp.json']);
  });

  it('--rule is repeatable', async () => {
    const { log } = await sarifOf(['--rule', 'workflow-default-permissions', '--rule', 'claude-bypass-permissions']);
    expect(sarifFindings(log).map((f) => f.ruleId)).toEqual(['claude-bypass-permissions', 'workflow-default-permissions']);
  });

  it('--disable skips rules (repeatable)', async () => {
    const { run, log } = await sarifOf(['--disable', 'mcp-inline-secret', '--disable', 'claude-bypass-permissions', '--disable', 'committed-credential']);
    expect(run.code).toBe(0); // only the medium finding is left
    expect(log.runs[0]!.tool.driver.rules.map((rule) => rule.id)).toEqual([
      'agent-context-secret-files', 'agent-prompt-injection', 'agent-settings-inline-secret', 'claude-key-helper-fixed-key',
      'claude-permission-scope', 'codex-unsafe-setting', 'cursor-permission-scope', 'devcontainer-inline-secret', 'devcontainer-secret-exposure',
      'expired-suppression', 'mcp-server-auto-approve', 'mcp-server-broad-scope', 'mcp-server-excess-credentials', 'mcp-server-insecure-transport',
      'mcp-server-shared-identity', 'mcp-server-shell-command', 'mcp-server-unpinned-launch', 'shared-credential', 'token-ttl', 'unexplained-suppression',
      'unscanned-agent-config', 'vscode-chat-auto-approve', 'vscode-task-on-folder-open', 'workflow-agent-broad-access',
      'workflow-agent-inherits-secrets', 'workflow-agent-shared-identity', 'workflow-agent-unsafe-setting', 'workflow-agent-untrusted-trigger',
      'workflow-app-token-scope', 'workflow-container-password', 'workflow-default-permissions', 'workflow-personal-access-token',
      'workflow-registry-token', 'workflow-secret-exposure', 'workflow-static-cloud-credentials', 'workflow-token-lifetime',
    ]);
    expect(sarifFindings(log).map((f) => `${f.ruleId} ${f.path}`)).toEqual(['workflow-default-permissions .github/workflows/agent.yml']);
    // Without the MCP rule, the catalogue still finds the tokens it superseded.
    const { log: rest } = await sarifOf(['--disable', 'mcp-inline-secret', '--disable', 'claude-bypass-permissions']);
    expect(sarifFindings(rest).map((f) => `${f.ruleId} ${f.path}`)).toEqual([
      'workflow-default-permissions .github/workflows/agent.yml',
      'committed-credential .mcp.json',
      'committed-credential .vscode/mcp.json',
    ]);
  });

  it('--min-severity drops findings below it from text and SARIF', async () => {
    const text = await runCli(['scan', dir, '--min-severity', 'high']);
    expect(text.code).toBe(1);
    expect(parseText(text.stdout).map((f) => f.ruleId)).toEqual(['claude-bypass-permissions', 'mcp-inline-secret', 'mcp-inline-secret']);
    expect(text.stdout).toContain('3 findings (3 high), 1 below min-severity high hidden in 4 files scanned');
    const { log } = await sarifOf(['--min-severity', 'high']);
    expect(sarifFindings(log).map((f) => f.severity)).toEqual(['high', 'high', 'high']);
  });

  it('--min-severity above every finding leaves nothing to fail on', async () => {
    const run = await runCli(['scan', dir, '--min-severity', 'critical', '--fail-on', 'medium']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('no findings, 4 below min-severity critical hidden in 4 files scanned\n');
  });

  it('--quiet prints the findings only: no notifications, no summary', async () => {
    const loud = await runCli(['scan', walked]);
    expect(loud.stdout).toMatch(/^note: not scanned as a git work tree/m);
    expect(loud.stdout).toContain('4 findings (3 high, 1 medium) in 4 files scanned');
    const quiet = await runCli(['scan', walked, '--quiet']);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe('');
    expect(parseText(quiet.stdout)).toEqual(parseText(loud.stdout));
    expect(quiet.stdout).not.toMatch(/^note:/m);
    expect(quiet.stdout).not.toMatch(/findings? \(|files? scanned/);
  });

  it('the walk finds exactly what git finds', async () => {
    const viaGit = await runCli(['scan', '.'], { cwd: dir });
    const viaWalk = await runCli(['scan', '.'], { cwd: walked });
    expect(parseText(viaWalk.stdout)).toEqual(parseText(viaGit.stdout));
  });
});

describe('nhiscan rules', () => {
  it('lists every rule with its category and severity', async () => {
    const run = await runCli(['rules']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RULE\s+CATEGORY\s+SEVERITY\s+FRAMEWORKS$/);
    expect(lines).toHaveLength(RULES.length + 1);
    for (const rule of RULES) {
      const row = lines.find((line) => line.startsWith(`${rule.meta.id} `));
      expect(row, rule.meta.id).toBeDefined();
      expect(row!.split(/\s{2,}/).slice(0, 3)).toEqual([rule.meta.id, rule.meta.category, rule.meta.severity]);
    }
  });

  it.each(RULES.map((rule) => rule.meta.id))('rules %s prints that rule’s documentation', async (id) => {
    const run = await runCli(['rules', id]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const readme = await fs.readFile(path.join(PROJECT_ROOT, 'rules', id, 'README.md'), 'utf8');
    expect(readme.length).toBeGreaterThan(0);
    expect(run.stdout).toBe(readme);
  });
});

/** An output with its findings' snippets taken out: what remains must not repeat a canary key. */
function withoutSnippets(output: string, format: string): string {
  if (output.trim() === '') return output;
  if (format === 'text') return output.split('\n').filter((line) => !line.trimStart().startsWith('│')).join('\n');
  if (format === 'json') {
    const report = JSON.parse(output) as { findings: { snippet?: string }[] };
    for (const finding of report.findings) delete finding.snippet;
    return JSON.stringify(report);
  }
  return output;
}

/** Every output format the CLI offers, from its own help, so a new format is covered when it lands. */
const FORMATS = (() => {
  const help = execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  const formats = /--format ([a-z]+(?:\|[a-z]+)*)/.exec(help)?.[1]?.split('|') ?? [];
  if (!formats.includes('text') || !formats.includes('sarif')) throw new Error(`nhiscan --help lists formats ${JSON.stringify(formats)}`);
  return formats;
})();

describe('secrets never leak', () => {
  const REMOTE = `https://x-access-token:${SECRETS.remote}@github.com/o/r.git`;
  const cases = ['agent-configs', 'broken-files'].flatMap((fixture) =>
    FORMATS.flatMap((format) => (['stdout', 'file'] as const).map((to) => [fixture, format, to] as const)),
  );

  it.each(cases)('%s as %s to %s: no secret, no fragment of one, no canary key name', async (fixture, format, to) => {
    const dir = await copyFixture(fixture, { git: true, remote: REMOTE });
    const file = path.join(await makeTempDir(), `out.${format}`);
    const run = await runCli(['scan', dir, '--format', format, '--fail-on', 'none', ...(to === 'file' ? ['-o', file] : [])]);
    expect(run.code).toBe(0);
    const written = to === 'file' ? await fs.readFile(file, 'utf8') : '';
    const everything = [run.stdout, run.stderr, written].join('\n');
    expect(everything.length).toBeGreaterThan(100); // there was a report to leak into
    expect(leaks(everything, ALL_SECRETS)).toEqual([]);
    // A finding's snippet shows its line, key names included, with every secret masked; the
    // canary keys sit on lines the credential pass reports, so they are looked for everywhere else.
    const unsnipped = [run.stdout, run.stderr, written].map((output) => withoutSnippets(output, format)).join('\n');
    for (const key of CANARY_KEYS) expect(unsnipped).not.toContain(key);
    expect(everything).not.toContain('x-access-token');
  });

  it('a broken JSON and a broken YAML file each give one notification: the file, the error kind and its position', async () => {
    const dir = await copyFixture('broken-files', { git: true });
    const file = path.join(await makeTempDir(), 'out.sarif');
    const run = await runCli(['scan', dir, '--format', 'sarif', '-o', file]);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: '' });
    const log = JSON.parse(await fs.readFile(file, 'utf8')) as SarifLog;
    // The credential pass reads every byte, parsed or not: the tokens in the broken files are found.
    const found = log.runs[0]!.results!.map((r) => `${r.ruleId} ${r.locations![0]!.physicalLocation!.artifactLocation!.uri}:${r.locations![0]!.physicalLocation!.region!.startLine}`);
    expect(found).toEqual([
      'committed-credential .github/workflows/broken.yml:7',
      'committed-credential .github/workflows/broken.yml:7',
      'committed-credential .github/workflows/broken.yml:8',
      'committed-credential .mcp.json:5',
    ]);
    const json = positionOf(path.join(dir, '.mcp.json'), '"NHISCAN_CANARY_JSON_KEY"'); // where the comma is missing
    const yaml = positionOf(path.join(dir, '.github/workflows/broken.yml'), 'steps:'); // where the open flow sequence fails
    const notes = log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => ({
      id: n.descriptor.id,
      level: n.level,
      uri: n.locations?.[0]?.physicalLocation.artifactLocation.uri,
      region: n.locations?.[0]?.physicalLocation.region,
      text: n.message.text,
    }));
    expect(notes).toEqual([
      {
        id: 'parse-error',
        level: 'warning',
        uri: '.github/workflows/broken.yml',
        region: { startLine: yaml.line, startColumn: yaml.column },
        text: `could not parse as YAML (BAD_INDENT at ${yaml.line}:${yaml.column}); structured rules skipped this file`,
      },
      {
        id: 'parse-error',
        level: 'warning',
        uri: '.mcp.json',
        region: { startLine: json.line, startColumn: json.column },
        text: `could not parse as JSON (CommaExpected at ${json.line}:${json.column}); structured rules skipped this file`,
      },
    ]);

    const text = await runCli(['scan', '.', '--quiet', '--disable', 'committed-credential'], { cwd: dir });
    expect(text).toMatchObject({ code: 0, stdout: '' });
    const loud = await runCli(['scan', '.', '--disable', 'committed-credential'], { cwd: dir });
    expect(loud.stdout).toBe(
      [
        `warning: .github/workflows/broken.yml:${yaml.line}: could not parse as YAML (BAD_INDENT at ${yaml.line}:${yaml.column}); structured rules skipped this file`,
        `warning: .mcp.json:${json.line}: could not parse as JSON (CommaExpected at ${json.line}:${json.column}); structured rules skipped this file`,
        '',
        'no findings in 2 files scanned',
        '',
      ].join('\n'),
    );
  });

  it('versionControlProvenance strips user:token@ from the remote URL', async () => {
    const dir = await copyFixture('agent-configs', { git: true, remote: REMOTE });
    expect((await git(dir, ['config', '--get', 'remote.origin.url'])).trim()).toBe(REMOTE); // the token is there to leak
    const file = path.join(await makeTempDir(), 'out.sarif');
    const run = await runCli(['scan', dir, '--format', 'sarif', '-o', file, '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const raw = await fs.readFile(file, 'utf8');
    const provenance = (JSON.parse(raw) as SarifLog).runs[0]!.versionControlProvenance;
    expect(provenance).toEqual([
      {
        repositoryUri: 'https://github.com/o/r.git',
        revisionId: (await git(dir, ['rev-parse', 'HEAD'])).trim(),
        branch: 'main',
        mappedTo: { uriBaseId: '%SRCROOT%' },
      },
    ]);
    expect(leaks(raw, [SECRETS.remote])).toEqual([]);
    expect(raw).not.toContain('x-access-token');
  });

  it('an scp-style remote becomes an https URI without its user', async () => {
    const dir = await copyFixture('clean', { git: true, remote: 'git@github.com:o/r.git' });
    const file = path.join(await makeTempDir(), 'out.sarif');
    expect((await runCli(['scan', dir, '--format', 'sarif', '-o', file])).code).toBe(0);
    const provenance = (JSON.parse(await fs.readFile(file, 'utf8')) as SarifLog).runs[0]!.versionControlProvenance;
    expect(provenance?.[0]?.repositoryUri).toBe('https://github.com/o/r.git');
  });
});

describe('command line: help and version', () => {
  it.each([
    [['scan', '--help']],
    [['scan', '-h']],
    [['help', 'scan']],
    [['scan', '--format', 'sarif', '--fail-on', 'low', '--help']], // help wins over the rest of the line
  ])('%j prints the scan usage and exits 0', async (args) => {
    const run = await runCli(args);
    expect(run).toMatchObject({ code: 0, stderr: '', stdout: SCAN_USAGE });
    expect(run.stdout.split('\n')[0]).toBe('Usage: nhiscan scan [PATH...] [options]');
  });

  it.each([[['rules', '--help']], [['rules', '-h']], [['help', 'rules']]])('%j prints the rules usage and exits 0', async (args) => {
    const run = await runCli(args);
    expect(run).toMatchObject({ code: 0, stderr: '', stdout: RULES_USAGE });
    expect(run.stdout.split('\n')[0]).toBe('Usage: nhiscan rules [RULE-ID] [options]');
  });

  it.each([[['--help']], [['-h']], [['help']]])('%j prints the general usage and exits 0', async (args) => {
    expect(await runCli(args)).toMatchObject({ code: 0, stderr: '', stdout: USAGE });
  });

  it('no command at all prints the usage and exits 2', async () => {
    expect(await runCli([])).toMatchObject({ code: 2, stderr: '', stdout: USAGE });
  });

  it.each([[['--version']], [['-V']], [['-v']]])('%j prints the version and exits 0', async (args) => {
    expect(await runCli(args)).toMatchObject({ code: 0, stderr: '', stdout: `${TOOL_VERSION}\n` });
    expect(TOOL_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('command line: suggestions and usage errors', () => {
  let agent: string;
  beforeAll(async () => {
    agent = await copyFixture('agent-configs', { git: true });
  });

  it.each([
    [['scan', '--rule', 'mcp-inline-secrets'], 'unknown rule id: mcp-inline-secrets (did you mean mcp-inline-secret?)'],
    [['scan', '--disable', 'mcp-inline-secrets'], 'unknown rule id: mcp-inline-secrets (did you mean mcp-inline-secret?)'],
    [['rules', 'mcp-inline-secrt'], 'unknown rule id: mcp-inline-secrt (did you mean mcp-inline-secret?)'],
    [['scan', '--fial-on', 'high'], 'unknown option: --fial-on (did you mean --fail-on?)'],
    [['scan', '--no-colour'], 'unknown option: --no-colour (did you mean --no-color?)'],
    [['scna'], 'unknown command: scna (did you mean scan?)'],
    [['scan', '--rule', 'no-such-rule'], 'unknown rule id: no-such-rule (nhiscan rules lists them)'],
    [['scan', '--bogus'], 'unknown option: --bogus (nhiscan scan --help lists them)'],
    [['rules', '--bogus'], 'unknown option: --bogus (nhiscan rules --help lists them)'],
  ])('%j: exit 2, "%s"', async (args, message) => {
    const run = await runCli(args, { cwd: agent });
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: `nhiscan: ${message}\n` });
  });

  it.each([
    [['scan', '--max-file-size', '0'], '--max-file-size: expected a whole number of bytes of at least 1, got "0"'],
    [['scan', '--max-file-size=-1'], '--max-file-size: expected a whole number of bytes of at least 1, got "-1"'],
    [['scan', '--max-file-size', '1.5'], '--max-file-size: expected a whole number of bytes of at least 1, got "1.5"'],
    [['scan', '--rule', 'mcp-inline-secret', '--disable', 'mcp-inline-secret'], '--rule and --disable both name mcp-inline-secret: run it or skip it, not both'],
    [['scan', ''], 'empty path "" (leave PATH out to scan the current directory)'],
    [['scan', '.', ''], 'empty path "" (leave PATH out to scan the current directory)'],
    [['scan', '-o', ''], '--output: expected a file name, got ""'],
    [['scan', '--output='], '--output: expected a file name, got ""'],
  ])('%j: exit 2, "%s", nothing scanned or written', async (args, message) => {
    const before = (await fs.readdir(agent)).sort();
    const run = await runCli(args, { cwd: agent });
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: `nhiscan: ${message}\n` });
    expect((await fs.readdir(agent)).sort()).toEqual(before);
  });

  it('--max-file-size 1 is accepted, as in .nhiscan.yml: every file is then too big to parse', async () => {
    const run = await runCli(['scan', agent, '--max-file-size', '1', '--format', 'json', '--fail-on', 'none']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const { summary } = JSON.parse(run.stdout) as { summary: { skipped: { oversized: number } } };
    expect(summary.skipped.oversized).toBe(4); // every file of agent-configs
  });
});

describe('command line: colour', () => {
  let agent: string;
  let plain: string;
  const ESC = /\u001b\[[0-9;]*m/g;
  beforeAll(async () => {
    agent = await copyFixture('agent-configs', { git: true });
    plain = (await runCli(['scan', agent], { env: { NO_COLOR: undefined } })).stdout;
  });

  it('a pipe gets plain text by default', () => {
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('4 findings (3 high, 1 medium) in 4 files scanned');
  });

  it.each(['1', 'true', '3'])('FORCE_COLOR=%s colours text without a terminal, the same text', async (value) => {
    const run = await runCli(['scan', agent], { env: { FORCE_COLOR: value, NO_COLOR: undefined } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(ESC);
    expect(run.stdout.replace(ESC, '')).toBe(plain);
  });

  it.each([
    ['FORCE_COLOR=1 with NO_COLOR=1', [], { FORCE_COLOR: '1', NO_COLOR: '1' }],
    ['FORCE_COLOR=1 with --no-color', ['--no-color'], { FORCE_COLOR: '1', NO_COLOR: undefined }],
    ['FORCE_COLOR=0', [], { FORCE_COLOR: '0', NO_COLOR: undefined }],
    ['FORCE_COLOR=false', [], { FORCE_COLOR: 'false', NO_COLOR: undefined }],
  ])('%s: plain text', async (_, flags, env) => {
    const run = await runCli(['scan', agent, ...flags], { env });
    expect(run).toMatchObject({ code: 1, stderr: '', stdout: plain });
  });

  it('FORCE_COLOR=1 never colours a report written with -o', async () => {
    const file = path.join(await makeTempDir(), 'report.txt');
    const run = await runCli(['scan', agent, '-o', file], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    expect(run).toMatchObject({ code: 1, stderr: '', stdout: '' });
    expect(await fs.readFile(file, 'utf8')).toBe(plain);
  });
});

describe('command line: -o never writes through a symbolic link', () => {
  let clean: string;
  let expected: string;
  beforeAll(async () => {
    clean = await copyFixture('clean', { git: true });
    expected = (await runCli(['scan', clean])).stdout;
    expect(expected).toBe('no findings in 4 files scanned\n');
  });

  it('a link to an existing file: exit 2, one line naming it, the file it points to unchanged', async () => {
    const dir = await makeTempDir();
    await fs.writeFile(path.join(dir, 'victim.txt'), 'victim\n');
    await fs.symlink('victim.txt', path.join(dir, 'out.sarif'));
    const run = await runCli(['scan', clean, '--format', 'sarif', '-o', 'out.sarif'], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'nhiscan: --output: refusing to write through a symbolic link: out.sarif\n' });
    expect(await fs.readFile(path.join(dir, 'victim.txt'), 'utf8')).toBe('victim\n');
    expect(await fs.readlink(path.join(dir, 'out.sarif'))).toBe('victim.txt');
    expect((await fs.readdir(dir)).sort()).toEqual(['out.sarif', 'victim.txt']);
  });

  it('a dangling link: exit 2, and no file is created where it points', async () => {
    const dir = await makeTempDir();
    await fs.symlink('target.sarif', path.join(dir, 'out.sarif'));
    const run = await runCli(['scan', clean, '--output', 'out.sarif'], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'nhiscan: --output: refusing to write through a symbolic link: out.sarif\n' });
    expect(existsSync(path.join(dir, 'target.sarif'))).toBe(false);
    expect((await fs.readdir(dir)).sort()).toEqual(['out.sarif']);
  });

  it('a link to a directory is refused the same way', async () => {
    const dir = await makeTempDir();
    await fs.mkdir(path.join(dir, 'real'));
    await fs.symlink('real', path.join(dir, 'out'));
    const run = await runCli(['scan', clean, '-o', 'out'], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'nhiscan: --output: refusing to write through a symbolic link: out\n' });
    expect(await fs.readdir(path.join(dir, 'real'))).toEqual([]);
  });

  it('a regular file is replaced whole, keeps its permissions, and no temporary file is left behind', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'report.txt');
    await fs.writeFile(file, 'an older, longer report that must not survive in part\n');
    await fs.chmod(file, 0o600);
    const run = await runCli(['scan', clean, '-o', 'report.txt'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await fs.readFile(file, 'utf8')).toBe(expected);
    const stat = await fs.lstat(file);
    expect(stat.isFile()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(await fs.readdir(dir)).toEqual(['report.txt']);
  });

  it('a new file is created, and no temporary file is left behind', async () => {
    const dir = await makeTempDir();
    const run = await runCli(['scan', clean, '-o', 'new.txt'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await fs.readFile(path.join(dir, 'new.txt'), 'utf8')).toBe(expected);
    expect(await fs.readdir(dir)).toEqual(['new.txt']);
  });

  it('a write that fails (a folder that does not exist) is still exit 3 with the same line', async () => {
    const dir = await makeTempDir();
    const run = await runCli(['scan', clean, '-o', 'missing/report.txt'], { cwd: dir });
    expect(run).toMatchObject({
      code: 3,
      stdout: '',
      stderr: 'nhiscan: could not write the report to missing/report.txt (ENOENT); no usable output was produced\n',
    });
    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe('command line: a closed pipe', () => {
  it('the reader going away early (like | head -1) ends the run quietly, with the exit code the scan decided', async () => {
    // Enough findings that the report (~200 KB) outgrows a pipe's buffer: the writes after the
    // reader has gone fail with EPIPE.
    const dir = await makeTempDir();
    const token = `ghp_${'Zq7Wm3Kx9Lp2'.repeat(3)}`;
    const servers = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`server${i}`, { command: 'x', env: { GITHUB_PERSONAL_ACCESS_TOKEN: token } }]));
    await fs.writeFile(path.join(dir, '.mcp.json'), JSON.stringify({ mcpServers: servers }, null, 1));

    const child = spawn(process.execPath, [CLI, 'scan', dir], { cwd: dir, env: cliEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let firstChunk = '';
    let stderr = '';
    child.stdout.once('data', (chunk: Buffer) => {
      firstChunk = chunk.toString('utf8');
      child.stdout.destroy(); // close our end, as head does after its first line
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));

    expect(firstChunk.split('\n')[0]).toBe('.mcp.json');
    expect(stderr).toBe('');
    expect(signal).toBeNull();
    expect(code).toBe(1); // high findings: what the scan decided, as if the pipe had stayed open
  });
});
