import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { provenance } from '../src/engine/git.js';
import { git, makeTempDir, removeTempDirs } from './support/fixtures.js';

afterAll(removeTempDirs);

const ID = ['-c', 'user.email=test@nhiscan.invalid', '-c', 'user.name=test'];

async function repository(options: { commit: boolean; remote?: string; branch?: string }): Promise<string> {
  const dir = await makeTempDir('nhiscan-git-');
  await git(dir, ['init', '-q', '-b', options.branch ?? 'main']);
  if (options.remote) await git(dir, ['remote', 'add', 'origin', options.remote]);
  if (options.commit) await git(dir, [...ID, 'commit', '-q', '--allow-empty', '-m', 'first']);
  return dir;
}

describe('provenance', () => {
  it('names the repository without credentials, the commit and the branch', async () => {
    const dir = await repository({ commit: true, remote: 'https://user:ghp_secretsecret@github.com/o/r.git', branch: 'trunk' });
    const head = (await git(dir, ['rev-parse', 'HEAD'])).trim();
    expect(await provenance(dir)).toEqual({ repositoryUri: 'https://github.com/o/r.git', revisionId: head, branch: 'trunk' });
  });

  it('names no branch on a detached HEAD', async () => {
    const dir = await repository({ commit: true, remote: 'git@github.com:o/r.git' });
    await git(dir, ['checkout', '-q', '--detach']);
    const result = await provenance(dir);
    expect(result).toMatchObject({ repositoryUri: 'https://github.com/o/r.git' });
    expect(result?.branch).toBeUndefined();
    expect(result?.revisionId).toMatch(/^[0-9a-f]{40}$/);
  });

  it('names the branch but no commit before the first commit', async () => {
    const dir = await repository({ commit: false, remote: 'https://github.com/o/r.git', branch: 'start' });
    expect(await provenance(dir)).toEqual({ repositoryUri: 'https://github.com/o/r.git', branch: 'start' });
  });

  it('works from a folder inside the work tree', async () => {
    const dir = await repository({ commit: true, remote: 'https://github.com/o/r.git' });
    mkdirSync(path.join(dir, 'sub'));
    expect(await provenance(path.join(dir, 'sub'))).toMatchObject({ repositoryUri: 'https://github.com/o/r.git', branch: 'main' });
  });

  it('is absent without an origin remote, and outside a work tree', async () => {
    expect(await provenance(await repository({ commit: true }))).toBeUndefined();
    expect(await provenance(await makeTempDir('nhiscan-plain-'))).toBeUndefined();
  });
});
