import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTarget } from '../src/engine/run.js';
import { formatText } from '../src/output/text.js';
import { PROJECT_ROOT, runCli } from './support/cli.js';
import { scanOf } from './support/scan-of.js';

const AGENT_CONFIGS_TEXT = [
  'fixtures/agent-configs/.claude/settings.json',
  '  4:5      high     permissions.defaultMode is "bypassPermissions": Claude Code runs every tool and command without asking  claude-bypass-permissions',
  '           │ "defaultMode": "bypassPermissions"',
  '',
  'fixtures/agent-configs/.github/workflows/agent.yml',
  '  8:3      medium   job "triage" has no permissions block and the workflow sets none: the repository default GITHUB_TOKEN permissions apply; add permissions: {} (or contents: read) at the top and grant each job what it uses  workflow-default-permissions',
  '           │ triage:',
  '',
  'fixtures/agent-configs/.mcp.json',
  '  7:41     high     GitHub personal access token (classic) given to MCP server "github" as a literal in env.GITHUB_PERSONAL_ACCESS_TOKEN (ghp_…(40 chars))  mcp-inline-secret',
  '           │ "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_…(40 chars)",',
  '           also matched: committed-credential',
  '',
  'fixtures/agent-configs/.vscode/mcp.json',
  '  8:26     high     GitLab personal, project or group access token given to MCP server "tracker" as a literal in headers.Authorization (glpat-…(26 chars))  mcp-inline-secret',
  '           │ "Authorization": "Bearer glpat-…(26 chars)",',
  '           also matched: committed-credential',
  '',
  '4 findings (3 high, 1 medium) in 4 files scanned',
  '',
].join('\n');

describe('text paths are relative to the current directory', () => {
  it('prefixes each path with the way from the current directory to the scan root', async () => {
    const run = await runCli(['scan', 'fixtures/agent-configs', '--no-color']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(AGENT_CONFIGS_TEXT);
  });

  it('leaves SARIF paths relative to the scan root', async () => {
    const run = await runCli(['scan', 'fixtures/agent-configs', '--format', 'sarif']);
    const uris = (JSON.parse(run.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results.map(
      (r) => r.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toEqual(['.claude/settings.json', '.github/workflows/agent.yml', '.mcp.json', '.vscode/mcp.json']);
  });

  it('prefixes finding and notification paths in the writer, escaped', () => {
    const scan = scanOf(
      { '.mcp.json': `{"mcpServers": {"a": {"command": "x", "env": {"ANTHROPIC_API_KEY": "sk-ant-api03-${'Qw4Er7Ty1Ui'.repeat(4)}"}}}}` },
      { notifications: [{ level: 'warning', kind: 'parse-error', message: 'bad', path: 'b/c.yml', line: 2 }] },
    );
    const text = formatText(scan, scan.findings, { color: false, quiet: false, pathPrefix: 'sub\u001b/' });
    expect(text.split('\n').filter((line) => line.includes('.mcp.json') || line.startsWith('warning'))).toEqual([
      'sub\uFFFD/.mcp.json',
      'warning: sub\uFFFD/b/c.yml:2: bad',
    ]);
  });
});

describe('the summary says what --min-severity hid', () => {
  it('counts the hidden findings and names the threshold', async () => {
    const run = await runCli(['scan', 'fixtures/agent-configs', '--no-color', '--min-severity', 'high', '--quiet']);
    expect(run.stdout).not.toContain('hidden'); // --quiet prints no summary
    const loud = await runCli(['scan', 'fixtures/agent-configs', '--no-color', '--min-severity', 'high']);
    expect(loud.stdout.split('\n').at(-2)).toBe('3 findings (3 high), 1 below min-severity high hidden in 4 files scanned');
  });

  it('says nothing when nothing was hidden', async () => {
    const run = await runCli(['scan', 'fixtures/agent-configs', '--no-color', '--min-severity', 'medium']);
    expect(run.stdout).toBe(AGENT_CONFIGS_TEXT);
  });
});

describe('files given on the command line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'nhiscan-cli-output-')));
    const tree = path.join(dir, 'tree');
    await fs.mkdir(path.join(tree, 'bin'), { recursive: true });
    await fs.writeFile(path.join(tree, '.mcp.json'), '{"mcpServers": {}}\n');
    // Binary: a NUL byte. One name carries an escape character the note must not print raw.
    for (const name of ['a.bin', 'b.bin', 'c\u001b[31m.bin', 'd.bin', 'e.bin']) await fs.writeFile(path.join(tree, 'bin', name), Buffer.from([0, 1, 2, 0]));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('the skipped-files note names the first three and counts the rest', async () => {
    const run = await runCli(['scan', 'tree', '--no-color'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.includes('skipped'))).toEqual([
      'note: 5 binary files skipped (not parsed): bin/a.bin, bin/b.bin, bin/c\uFFFD[31m.bin and 2 more',
    ]);
    expect(run.stdout.split('\n').at(-2)).toBe('no findings in 1 file scanned');
  });

  it('the note names every file when there are three or fewer', async () => {
    const run = await runCli(['scan', 'tree/bin/a.bin', 'tree/bin/b.bin', '--no-color'], { cwd: dir });
    expect(run.stdout).toBe('note: 2 binary files skipped (not parsed): tree/bin/a.bin, tree/bin/b.bin\n\nno findings in 0 files scanned\n');
  });

  it('a path given twice is scanned once', async () => {
    const once = await runCli(['scan', 'fixtures/agent-configs', './fixtures/agent-configs/', 'fixtures/agent-configs', '--no-color']);
    expect(once.stdout).toBe(AGENT_CONFIGS_TEXT);
    const target = await resolveTarget(['tree', './tree', 'tree/../tree', 'tree/.mcp.json', 'tree/.mcp.json'], dir);
    // The file lies inside the folder also given: one scan of it, not two.
    expect(target.entries.map((e) => path.relative(dir, e.absolute))).toEqual(['tree']);
  });

  it('several paths outside the current directory: the root is the folder holding them all, text paths are whole', async () => {
    const elsewhere = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'nhiscan-elsewhere-')));
    try {
      const target = await resolveTarget([path.join(dir, 'tree', 'bin'), path.join(dir, 'tree', '.mcp.json')], elsewhere);
      expect(target.root).toBe(path.join(dir, 'tree'));
      expect(target.entries.map((e) => path.relative(target.root, e.absolute))).toEqual(['bin', '.mcp.json']);
      expect((await resolveTarget([path.join(dir, 'tree'), elsewhere], elsewhere)).root).toBe(path.dirname(dir) === path.dirname(elsewhere) ? path.dirname(dir) : '/');

      const agent = path.join(PROJECT_ROOT, 'fixtures', 'agent-configs');
      const run = await runCli(['scan', agent, path.join(PROJECT_ROOT, 'fixtures', 'clean'), '--no-color'], { cwd: elsewhere });
      expect(run.code).toBe(1);
      // Paths open from the terminal: the root is outside the current directory, so they are absolute.
      expect(run.stdout.split('\n').filter((line) => line.startsWith('/'))).toEqual([
        `${agent}/.claude/settings.json`,
        `${agent}/.github/workflows/agent.yml`,
        `${agent}/.mcp.json`,
        `${agent}/.vscode/mcp.json`,
      ]);
      const sarif = await runCli(['scan', agent, path.join(PROJECT_ROOT, 'fixtures', 'clean'), '--format', 'sarif'], { cwd: elsewhere });
      const uris = (JSON.parse(sarif.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results.map(
        (r) => r.locations[0]!.physicalLocation.artifactLocation.uri,
      );
      // SARIF stays relative to the root: the fixtures folder holding both paths.
      expect(uris.every((uri) => uri.startsWith('agent-configs/'))).toBe(true);
    } finally {
      await fs.rm(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('a note about how the scan ran', () => {
  it('is said once when several paths are walked', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nhiscan-two-'));
    try {
      for (const name of ['a', 'b']) {
        await fs.mkdir(path.join(dir, name));
        await fs.writeFile(path.join(dir, name, 'f.txt'), 'x\n');
      }
      const run = await runCli(['scan', 'a', 'b'], { cwd: dir });
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n').filter((line) => line.includes('not scanned as a git work tree'))).toHaveLength(1);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
