import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { git, githubToken, leaks, makeTempDir, removeTempDirs } from './support/fixtures.js';
import { describeIssues, validateSarifFile } from './support/validator.js';

/**
 * `nhiscan scan --include-home` end to end: the built CLI with HOME pointed at a temp folder
 * (never the real one) holding a Cursor config with a literal token and a Codex config that never
 * asks. With the flag, their findings are shown as `~/…` in text and as absolute `file://` URIs
 * in JSON and SARIF, the SARIF validates, and the token appears in no format; without it, the
 * home is never read.
 */

afterAll(removeTempDirs);

const TOKEN = githubToken('nhiscanE2EHOME3Zq7Wm1Xt5Lr9Kv2');

let home: string;
let repo: string;
/** The child's environment: HOME is the temp home, and nothing redirects a client's folder. */
let env: Record<string, string | undefined>;

beforeAll(async () => {
  home = await makeTempDir('nhiscan-home-');
  await fs.mkdir(path.join(home, '.cursor'));
  await fs.writeFile(path.join(home, '.cursor', 'mcp.json'), `${JSON.stringify({ mcpServers: { github: { command: 'npx', env: { GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN } } } }, null, 2)}\n`);
  await fs.mkdir(path.join(home, '.codex'));
  await fs.writeFile(path.join(home, '.codex', 'config.toml'), 'approval_policy = "never"\n');
  repo = await makeTempDir('nhiscan-repo-');
  await fs.writeFile(path.join(repo, 'README.md'), '# a clean project\n');
  await git(repo, ['init', '-q', '.']);
  await git(repo, ['add', '-A']);
  await git(repo, ['commit', '-q', '--no-verify', '-m', 'tree']);
  env = { HOME: home, USERPROFILE: home, XDG_CONFIG_HOME: undefined, APPDATA: undefined, CODEX_HOME: undefined, CLAUDE_CONFIG_DIR: undefined };
});

const RULES = ['--rule', 'mcp-inline-secret', '--rule', 'codex-unsafe-setting', '--rule', 'committed-credential'];

describe('nhiscan scan --include-home', () => {
  it('is listed in the usage', async () => {
    const run = await runCli(['scan', '--help']);
    expect(run.stdout).toContain('--include-home');
  });

  it('text: the home findings with ~/ paths, after the repository, and the token masked', async () => {
    const run = await runCli(['scan', '.', '--include-home', ...RULES], { cwd: repo, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^~\/\.codex\/config\.toml\n {2}1:1 +medium +approval_policy is "never"/m);
    expect(run.stdout).toMatch(/\n~\/\.cursor\/mcp\.json\n {2}\d+:\d+ +high +GitHub personal access token \(classic\) given to MCP server "github" as a literal in env\.GITHUB_PERSONAL_ACCESS_TOKEN \(ghp_…\(40 chars\)\)/);
    expect(run.stdout).toContain('note: --include-home: read 2 user-level config files: ~/.cursor/mcp.json, ~/.codex/config.toml');
    expect(run.stdout).not.toContain(home);
    expect(leaks(run.stdout + run.stderr, [TOKEN])).toEqual([]);
  });

  it('SARIF: absolute file:// URIs without a base, valid under Sarif.Multitool, no token', async () => {
    const out = path.join(await makeTempDir(), 'home.sarif');
    const run = await runCli(['scan', '.', '--include-home', ...RULES, '--format', 'sarif', '-o', out, '--fail-on', 'none'], { cwd: repo, env });
    expect(run.code).toBe(0);
    const text = await fs.readFile(out, 'utf8');
    expect(leaks(text, [TOKEN])).toEqual([]);
    const log = JSON.parse(text);
    const locations = log.runs[0].results.map((result: { ruleId: string; locations: { physicalLocation: { artifactLocation: unknown } }[] }) => [
      result.ruleId,
      result.locations[0]!.physicalLocation.artifactLocation,
    ]);
    expect(locations).toEqual([
      ['codex-unsafe-setting', { uri: pathToFileURL(path.join(home, '.codex', 'config.toml')).href }],
      ['mcp-inline-secret', { uri: pathToFileURL(path.join(home, '.cursor', 'mcp.json')).href }],
    ]);
    const validation = await validateSarifFile(out);
    expect(validation.errors, describeIssues(validation.errors)).toEqual([]);
  });

  it('JSON and markdown: file:// URIs in JSON, ~/ paths in markdown, no token', async () => {
    const json = await runCli(['scan', '.', '--include-home', ...RULES, '--format', 'json', '--fail-on', 'none'], { cwd: repo, env });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.findings.map((finding: { path: string }) => finding.path)).toEqual([
      pathToFileURL(path.join(home, '.codex', 'config.toml')).href,
      pathToFileURL(path.join(home, '.cursor', 'mcp.json')).href,
    ]);
    const markdown = await runCli(['scan', '.', '--include-home', ...RULES, '--format', 'markdown', '--fail-on', 'none'], { cwd: repo, env });
    expect(markdown.stdout).toContain('~/.cursor/mcp.json');
    expect(markdown.stdout).not.toContain(home);
    expect(leaks(json.stdout + markdown.stdout, [TOKEN])).toEqual([]);
  });

  it('without the flag, nothing from the home: every format, every rule', async () => {
    for (const format of ['text', 'markdown', 'json', 'sarif']) {
      const run = await runCli(['scan', '.', '--format', format], { cwd: repo, env });
      expect(run.code, format).toBe(0);
      expect(run.stdout).not.toContain(home);
      expect(leaks(run.stdout, [TOKEN])).toEqual([]);
      if (format === 'json') {
        const report = JSON.parse(run.stdout);
        expect(report.findings).toEqual([]);
        expect(report.notifications).toEqual([]);
      } else if (format === 'sarif') {
        const log = JSON.parse(run.stdout);
        expect(log.runs[0].results).toEqual([]);
        expect(log.runs[0].invocations[0].toolExecutionNotifications).toEqual([]);
      } else {
        expect(run.stdout).not.toContain('~/.cursor');
        expect(run.stdout).not.toContain('--include-home');
      }
    }
  });
});

describe('a credential in a user-level file', () => {
  it('is stored in the home folder, not committed', async () => {
    const own = await makeTempDir('nhiscan-home-');
    // A key of Anthropic's shape: 93 characters of body, then `AA`.
    const key = `sk-ant-api03-${'R7kQ2mV9xL4pT8wZ3nB6cY1dF5gH0jS'.repeat(3)}AA`;
    await fs.writeFile(path.join(own, '.claude.json'), `${JSON.stringify({ primaryApiKey: key }, null, 2)}\n`);
    const run = await runCli(['scan', '.', '--include-home', '--rule', 'committed-credential'], { cwd: repo, env: { ...env, HOME: own, USERPROFILE: own } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^~\/\.claude\.json\n {2}2:\d+ +high +Anthropic API key stored in an agent config in your home folder, where every agent and tool running as you can read it: /m);
    expect(run.stdout).not.toContain('committed in');
    expect(leaks(run.stdout + run.stderr, [key])).toEqual([]);
  });
});
