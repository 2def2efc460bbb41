import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { makeTempDir, removeTempDirs } from './support/fixtures.js';

afterAll(removeTempDirs);

const TOKEN = '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';

/** A scanned tree whose `.nhiscan.yml` is whatever `plant` makes it. */
async function treeWithConfig(plant: (config: string, dir: string) => void): Promise<string> {
  const dir = await makeTempDir('nhiscan-config-');
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', 'a.txt'), 'nothing\n');
  plant(path.join(dir, '.nhiscan.yml'), dir);
  return dir;
}

describe('a hostile .nhiscan.yml', () => {
  it('a link to /dev/zero is refused in one line, before a byte is read', async () => {
    const dir = await treeWithConfig((config) => symlinkSync('/dev/zero', config));
    const run = await runCli(['scan', dir], { timeoutMs: 20_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('nhiscan: .nhiscan.yml: refusing to read a symbolic link (a config in the scanned tree must be a regular file)\n');
  });

  it('a link to a file outside the tree is refused, and none of that file is shown', async () => {
    const outside = path.join(await makeTempDir('nhiscan-outside-'), 'shadow');
    writeFileSync(outside, `root:${TOKEN}:19000:0:99999:7:::\n`);
    const dir = await treeWithConfig((config) => symlinkSync(outside, config));
    const run = await runCli(['scan', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('root');
    expect(run.stderr).not.toContain(TOKEN.slice(0, 12));
  });

  it('a dangling link is refused, not taken for no config', async () => {
    const dir = await treeWithConfig((config) => symlinkSync('/nonexistent/nhiscan.yml', config));
    expect((await runCli(['scan', dir])).code).toBe(2);
  });

  it('a FIFO is refused without hanging', async () => {
    const dir = await treeWithConfig((config) => execFileSync('mkfifo', [config]));
    const run = await runCli(['scan', dir], { timeoutMs: 20_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('nhiscan: .nhiscan.yml: not a regular file (a FIFO, device or directory is refused)\n');
  });

  it('a config over 1 MiB is refused', async () => {
    const dir = await treeWithConfig((config) => writeFileSync(config, `# ${'x'.repeat(1024 * 1024)}\n`));
    const run = await runCli(['scan', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('nhiscan: .nhiscan.yml: larger than 1048576 bytes\n');
  });

  it('a token typed as a rule id is shown masked', async () => {
    const dir = await treeWithConfig((config) => writeFileSync(config, `suppressions:\n  - rule: ${TOKEN}\n    path: a\n    reason: r\n`));
    const run = await runCli(['scan', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('nhiscan: .nhiscan.yml:2:5: suppressions[0].rule: unknown rule id "ghp_…(40 chars)" (nhiscan rules lists them)\n');
  });

  it('a token as a key is shown masked', async () => {
    const dir = await treeWithConfig((config) => writeFileSync(config, `rules:\n  ${TOKEN}:\n    enabled: false\n`));
    const run = await runCli(['scan', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain(TOKEN);
    expect(run.stderr).toContain('ghp_…(40 chars)');
  });

  it('control characters in a rule id reach the terminal escaped', async () => {
    const dir = await treeWithConfig((config) => writeFileSync(config, 'suppressions:\n  - rule: "\\e]0;pwned\\a"\n    path: a\n    reason: r\n'));
    const run = await runCli(['scan', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(run.stderr).toContain('unknown rule id "\\u001b]0;pwned\\u0007"');
  });

  it('--config may name a link: the user chose it', async () => {
    const real = path.join(await makeTempDir('nhiscan-real-'), 'settings.yml');
    writeFileSync(real, 'fail-on: none\n');
    const dir = await treeWithConfig(() => undefined);
    const link = path.join(dir, 'linked.yml');
    symlinkSync(real, link);
    expect((await runCli(['scan', dir, '--config', link])).code).toBe(0);
  });
});
