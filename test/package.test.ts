import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/cli.js';
import { copyFixture, makeTempDir, removeTempDirs, SECRETS } from './support/fixtures.js';

const run = promisify(execFile);

/**
 * The package as a user gets it: `npm pack`, then `npm install <tarball> --omit=dev` in an empty
 * folder and `npx nhiscan`. Catches a `files` list that leaves out what runs, a dependency kept in
 * devDependencies, and READMEs that `nhiscan rules <id>` cannot find.
 */
describe('the packed package', () => {
  let consumer = '';
  let tarball = '';

  beforeAll(async () => {
    const packDir = await makeTempDir('nhiscan-pack-');
    // npm test has just built; --ignore-scripts keeps prepack from rebuilding under tests that run the CLI.
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: PROJECT_ROOT });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(packDir, packed!.filename);
    consumer = await makeTempDir('nhiscan-consumer-');
    await run('npm', ['install', tarball, '--omit=dev', '--no-audit', '--no-fund'], { cwd: consumer, timeout: 240_000 });
  }, 300_000);

  afterAll(removeTempDirs);

  it('ships only what runs: built code and rule READMEs, no sources, tests or fixtures', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    expect(files).toContain('build/src/cli.js');
    expect(files).toContain('rules/mcp-inline-secret/README.md');
    expect(files.filter((f) => /^(src|test|fixtures|bench|scripts)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /cases\//.test(f))).toEqual([]);
    expect(statSync(tarball).size).toBeLessThan(1024 * 1024);
  });

  it('installs without dev dependencies and scans with npx', async () => {
    const installed = readdirSync(path.join(consumer, 'node_modules'));
    expect(installed).not.toContain('vitest');
    expect(installed).not.toContain('@microsoft');
    const repo = await copyFixture('agent-configs');
    // npx exits 1 (findings at or above high): execFile rejects, with the output on the error.
    const scan = await run('npx', ['--no-install', 'nhiscan', 'scan', repo, '--no-color'], { cwd: consumer }).then(
      (done) => ({ code: 0, ...done }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain('mcp-inline-secret');
    expect(scan.stdout).toContain('4 findings');
    expect(scan.stdout).not.toContain(SECRETS.mcpEnv);
  });

  it('prints a rule README from the installed package', async () => {
    const { stdout } = await run('npx', ['--no-install', 'nhiscan', 'rules', 'mcp-inline-secret'], { cwd: consumer });
    expect(stdout).toBe(readFileSync(path.join(PROJECT_ROOT, 'rules', 'mcp-inline-secret', 'README.md'), 'utf8'));
  });
});
