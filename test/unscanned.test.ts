import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { makeTempDir, removeTempDirs, unprivilegedRun } from './support/fixtures.js';

afterAll(removeTempDirs);

const TOKEN = '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';
const MCP = `{"mcpServers": {"gh": {"command": "npx", "env": {"GITHUB_TOKEN": "${TOKEN}"}}}}`;

async function repoWith(mcpJson: string): Promise<string> {
  const dir = await makeTempDir('nhiscan-unscanned-');
  writeFileSync(path.join(dir, '.mcp.json'), mcpJson);
  return dir;
}

/**
 * An attacker who can pad, nest or lock an agent config must not turn its finding into a green
 * check: each variant of a `.mcp.json` with a live-looking token fails the default gate, and the
 * markdown summary never says there is nothing to see.
 */
describe('an agent config the scan cannot see whole fails the gate', () => {
  it('nested 1,100 levels deep (JSON.parse, and so the client, accepts it) is still read: the token is found', async () => {
    const deep = `${MCP.slice(0, -1)}, "pad": ${'['.repeat(1100)}${']'.repeat(1100)}}`;
    expect(() => JSON.parse(deep)).not.toThrow();
    const dir = await repoWith(deep);
    const run = await runCli(['scan', dir, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.map((f) => f.ruleId)).toEqual(['mcp-inline-secret']);
    expect(run.stdout).not.toContain(TOKEN);
  });

  it('nested deeper than the scan parses (10,000 levels, which JSON.parse accepts too)', async () => {
    const deep = `${MCP.slice(0, -1)}, "pad": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expect(() => JSON.parse(deep)).not.toThrow();
    const dir = await repoWith(deep);
    const run = await runCli(['scan', dir, '--format', 'markdown']);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/no findings/i);
    expect(run.stdout).toContain('unscanned-agent-config');
    expect(run.stdout).not.toContain(TOKEN);
  });

  it('padded past max-file-size', async () => {
    const dir = await repoWith(`${MCP}${' '.repeat(5 * 1024 * 1024)}\n`);
    const run = await runCli(['scan', dir, '--format', 'markdown']);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/no findings/i);
    expect(run.stdout).toContain('unscanned-agent-config');
  });

  it('unreadable to the user who scans (chmod 000, scanned as nobody)', async () => {
    const dir = await repoWith(MCP);
    mkdirSync(path.join(dir, 'docs'));
    writeFileSync(path.join(dir, 'docs', 'a.txt'), 'readable\n');
    chmodSync(path.join(dir, '.mcp.json'), 0o000);
    chmodSync(dir, 0o755);
    const { prefix, cli } = await unprivilegedRun();
    const run = await runCli(['scan', dir, '--format', 'markdown'], { prefix, ...(cli ? { cli } : {}), cwd: dir, timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/no findings/i);
    expect(run.stdout).toContain('unscanned-agent-config');
    const json = await runCli(['scan', dir, '--format', 'json'], { prefix, ...(cli ? { cli } : {}), cwd: dir, timeoutMs: 30_000 });
    const report = JSON.parse(json.stdout) as { findings: { ruleId: string; message: string }[] };
    expect(report.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([
      'unscanned-agent-config: MCP config file could not be read (EACCES): it was not scanned, though its client would load it',
    ]);
  });

  it('a syntax error its client would reject too stays a notification', async () => {
    const dir = await repoWith('{"mcpServers": {"gh": {"command": "npx",, }}\n');
    const run = await runCli(['scan', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('could not parse as JSON');
  });
});
