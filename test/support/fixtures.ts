import { execFile } from 'node:child_process';
import { promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { base62, crc32 } from '../../src/credentials/checks.js';
import { asNobody, installCliCopy, PROJECT_ROOT } from './cli.js';

export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'fixtures');

/** Every fixture repository: each folder directly under fixtures/. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * The fake secrets planted in the fixture repositories (pattern-valid, clearly fake). Tests
 * check each really occurs where it is said to, so a leak check never looks for a string that
 * was not there to leak.
 */
export const SECRETS = {
  /** fixtures/agent-configs/.mcp.json, env of the github server. */
  mcpEnv: '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',
  /** fixtures/agent-configs/.vscode/mcp.json, the bearer header (the token without `Bearer `). */
  vscodeBearer: 'glpat-nhiscanFAKE4Jx8Qw2Zr',
  /** fixtures/broken-files/.mcp.json, before a JSON syntax error. */
  brokenJson: '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',
  /** fixtures/broken-files/.github/workflows/broken.yml, as a key name and as values. */
  brokenYaml: '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',
  /** Set at test time as the password of a remote URL; never in a file of the fixture. */
  remote: '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',
} as const;

/**
 * A GitHub-format token around a 30-character body, with the checksum GitHub's own tokens carry
 * (the catalogue rejects a token whose checksum fails, as GitHub would).
 */
export function githubToken(body: string, prefix = 'ghp_'): string {
  if (body.length !== 30) throw new Error('a GitHub token body is 30 characters before its checksum');
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

/** Key names in the broken files that a notification must not repeat. */
export const CANARY_KEYS = ['NHISCAN_CANARY_JSON_KEY', 'NHISCAN_CANARY_YAML_KEY'] as const;

/**
 * The ways a secret could leak in part: the whole, and every 12-character window of what follows
 * its public prefix (masking may show the prefix and the length, never any of the rest).
 */
export function secretFragments(secret: string): string[] {
  const prefix = /^(?:ghp_|glpat-|sk-ant-api03-)/.exec(secret)?.[0] ?? '';
  const body = secret.slice(prefix.length);
  const fragments = [secret];
  for (let i = 0; i + 12 <= body.length; i++) fragments.push(body.slice(i, i + 12));
  return fragments;
}

/** The leaked fragments of `secrets` in `text`: empty when nothing leaked. */
export function leaks(text: string, secrets: readonly string[]): string[] {
  return secrets.flatMap((secret) => secretFragments(secret).filter((fragment) => text.includes(fragment)));
}

/** All text of a fixture's files, to prove a planted string is really there. */
export function fixtureText(name: string): string {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (statSync(full).isFile()) out.push(readFileSync(full, 'utf8'));
    }
  };
  visit(path.join(FIXTURES_DIR, name));
  return out.join('\n');
}

const tempDirs: string[] = [];

/** A fresh folder under the system temp directory, outside any git work tree; see `removeTempDirs`. */
export async function makeTempDir(label = 'nhiscan-test-'): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), label)));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder `makeTempDir` made, restoring permissions a test took away. */
export async function removeTempDirs(): Promise<void> {
  for (const dir of tempDirs.splice(0)) {
    await fs.chmod(dir, 0o700).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * git for setting up test repositories. It runs in folders the tests build, but with the same
 * hardening the scanner uses, an identity on the command line, and no caller's redirections, so
 * neither the machine's config nor the project's own repository leaks in.
 */
const GIT_HARDENING = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'user.name=nhiscan tests',
  '-c', 'user.email=tests@nhiscan.invalid',
  '-c', 'commit.gpgsign=false',
  '-c', 'init.defaultBranch=main',
];

export function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_CEILING_DIRECTORIES', 'GIT_OBJECT_DIRECTORY']) delete env[name];
  return env;
}

export function git(cwd: string, args: readonly string[], options: { hardened?: boolean } = {}): Promise<string> {
  const full = options.hardened === false ? [...args] : [...GIT_HARDENING, ...args];
  return new Promise((resolve, reject) => {
    execFile('git', full, { cwd, env: gitEnvironment(), encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Whether `dir` lies inside some git work tree (a test tree must not, unless it made one). */
export async function insideWorkTree(dir: string): Promise<boolean> {
  return git(dir, ['rev-parse', '--is-inside-work-tree']).then(
    (out) => out.trim() === 'true',
    () => false,
  );
}

export interface FixtureCopyOptions {
  /** `git init` the copy and commit every file. */
  readonly git?: boolean;
  /** With `git`: set `remote.origin.url`. */
  readonly remote?: string;
}

/**
 * Copies fixtures/<name> to a fresh temp folder, so the scan sees only the fixture: not the
 * project's git repository, its .gitignore or its other files.
 */
export async function copyFixture(name: string, options: FixtureCopyOptions = {}): Promise<string> {
  const source = path.join(FIXTURES_DIR, name);
  await fs.access(source);
  const dir = await makeTempDir(`nhiscan-${name}-`);
  await fs.cp(source, dir, { recursive: true, verbatimSymlinks: true });
  if (options.git) {
    await git(dir, ['init', '-q', '.']);
    await git(dir, ['add', '-A']);
    await git(dir, ['commit', '-q', '--no-verify', '-m', `fixture ${name}`]);
    if (options.remote !== undefined) await git(dir, ['config', 'remote.origin.url', options.remote]);
  } else if (await insideWorkTree(dir)) {
    throw new Error(`${dir} is inside a git work tree; the walk-mode tests need a temp folder outside one`);
  }
  return dir;
}

/**
 * How to run the CLI as a user who cannot read what the test made unreadable. Root reads
 * anything, so under root: as nobody, with a copy of the CLI nobody can read; otherwise as is.
 */
export async function unprivilegedRun(): Promise<{ prefix: string[]; cli?: string }> {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const install = await makeTempDir('nhiscan-cli-');
  await fs.chmod(install, 0o755);
  return { prefix: asNobody(), cli: await installCliCopy(install) };
}
