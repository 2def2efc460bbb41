import { execFile } from 'node:child_process';
import type { Provenance } from '../model/scan-result.js';

/**
 * Every git call goes through here. A scanned repository is hostile: its `.git/config` can name
 * programs for git to run (`core.fsmonitor`, hooks), so they are overridden on the command line,
 * no shell ever sees an argument, prompts are off, and optional locks are not taken (a scan
 * must not write to the repository it reads).
 */
const HARDENING = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.untrackedCache=false'];

export interface GitResult {
  readonly ok: boolean;
  readonly stdout: Buffer;
}

function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat' };
  // The scanned directory decides the repository, not variables inherited from a caller's git hook.
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_EXTERNAL_DIFF']) delete env[name];
  return env;
}

export function runGit(cwd: string, args: readonly string[], timeoutMs = 30_000): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      [...HARDENING, ...args],
      {
        cwd,
        encoding: 'buffer',
        maxBuffer: 512 * 1024 * 1024,
        timeout: timeoutMs,
        windowsHide: true,
        env: gitEnvironment(),
      },
      (error, stdout) => resolve({ ok: error === null, stdout: stdout ?? Buffer.alloc(0) }),
    );
  });
}

/** The top of the work tree `dir` belongs to, or undefined when it is not in one (or git fails). */
export async function workTreeTop(dir: string): Promise<string | undefined> {
  const result = await runGit(dir, ['rev-parse', '--show-toplevel']);
  return result.ok ? result.stdout.toString('utf8').trim() || undefined : undefined;
}

/** Tracked plus untracked-not-ignored files under `dir`, relative to it; undefined when git fails. */
export async function listFiles(dir: string): Promise<string[] | undefined> {
  const result = await runGit(dir, ['ls-files', '-co', '--exclude-standard', '-z']);
  if (!result.ok) return undefined;
  return result.stdout.toString('utf8').split('\0').filter((entry) => entry !== '');
}

/**
 * Repository, commit and branch for SARIF's versionControlProvenance, when `dir` is in a work tree
 * whose `origin` remote is set. Credentials in a remote URL (`https://user:token@host/…`) are
 * stripped; scp-style remotes become https URIs. Two git processes, run side by side: each
 * start costs more than the answer, so one `rev-parse` asks for the work tree, the commit and the
 * branch at once, and only a repository without a first commit needs a second look.
 */
export async function provenance(dir: string): Promise<Provenance | undefined> {
  const [remote, state] = await Promise.all([
    runGit(dir, ['config', '--get', 'remote.origin.url']),
    runGit(dir, ['rev-parse', '--show-toplevel', 'HEAD', '--abbrev-ref', 'HEAD']),
  ]);
  if (!remote.ok) return undefined;
  const repositoryUri = normaliseRemote(remote.stdout.toString('utf8').trim());
  if (repositoryUri === undefined) return undefined;
  let revisionId = '';
  let branchName = '';
  if (state.ok) {
    const [, head = '', branch = ''] = state.stdout.toString('utf8').split('\n');
    revisionId = head.trim();
    // A detached HEAD abbreviates to `HEAD`: no branch.
    branchName = branch.trim() === 'HEAD' ? '' : branch.trim();
  } else {
    // Not a work tree at all, or one whose HEAD has no commit yet (which still names a branch).
    if ((await workTreeTop(dir)) === undefined) return undefined;
    const branch = await runGit(dir, ['symbolic-ref', '-q', '--short', 'HEAD']);
    branchName = branch.ok ? branch.stdout.toString('utf8').trim() : '';
  }
  return {
    repositoryUri,
    ...(/^[0-9a-f]{40,64}$/.test(revisionId) ? { revisionId } : {}),
    ...(branchName ? { branch: branchName } : {}),
  };
}

export function normaliseRemote(remote: string): string | undefined {
  const scp = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]+):(?!\/)(.+)$/.exec(remote);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return `https://${scp[1]}/${scp[2]}`;
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return undefined;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(url.protocol)) return undefined;
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return url.toString();
}
