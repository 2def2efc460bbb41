import { execFileSync } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { discover } from '../src/engine/discover.js';
import { listFiles } from '../src/engine/git.js';
import { formatSarif, formatText, scan, type ScanOptions } from '../src/index.js';
import { runCli } from './support/cli.js';
import { git, insideWorkTree, leaks, makeTempDir, removeTempDirs, unprivilegedRun } from './support/fixtures.js';

/**
 * Discovery against trees built to defeat it, each in both modes: git (`git ls-files`) and the
 * walk used outside a work tree. Every attack is replayed in a temp folder, and each test first
 * checks the attack is live (the path really leads out of the root, git really lists the name).
 */

// Every lstat discovery makes, so a test can count them; the calls still reach the file system.
const lstats = vi.hoisted(() => ({ paths: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>();
  const lstatSync = ((target: string, ...rest: unknown[]) => {
    lstats.paths.push(String(target));
    return (original.lstatSync as (...args: unknown[]) => unknown)(target, ...rest);
  }) as typeof original.lstatSync;
  return { ...original, lstatSync, default: { ...original, lstatSync } };
});

afterAll(removeTempDirs);

const TOKENS = {
  /** Behind a link that replaced a tracked folder: must never be read. */
  outside: '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',
  /** In a real folder of the root: the one finding. */
  inside: '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',
  /** In a folder whose name holds a newline. */
  newline: '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',
} as const;

function mcpConfig(secret: string): string {
  return `${JSON.stringify({ mcpServers: { github: { command: 'npx', env: { GITHUB_PERSONAL_ACCESS_TOKEN: secret } } } }, null, 2)}\n`;
}

async function write(root: string, relative: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await fs.writeFile(path.join(root, relative), content);
}

/**
 * A reader that records every path the scan asks for. It follows a link anywhere but in the last
 * component on purpose: only discovery stands between a scan and a folder swapped for a link. (The
 * last component is the reader's own to check, as `readListed` does: a link git names itself is
 * looked at, never opened.)
 */
function recordingReader(): { reader: NonNullable<ScanOptions['reader']>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    reader: {
      async read(absolutePath) {
        asked.push(absolutePath);
        if ((await fs.lstat(absolutePath)).isSymbolicLink()) return { kind: 'symlink' };
        return { kind: 'bytes', bytes: await fs.readFile(absolutePath) };
      },
    },
  };
}

async function commitAll(root: string): Promise<void> {
  await git(root, ['init', '-q', '.']);
  await git(root, ['add', '-A']);
  await git(root, ['commit', '-q', '--no-verify', '-m', 'tree']);
}

async function outsideWorkTree(root: string): Promise<void> {
  if (await insideWorkTree(root)) throw new Error(`${root} is inside a git work tree; the walk test needs a folder outside one`);
}

describe.each(['git', 'walk'] as const)('a folder of the root replaced by a symbolic link, %s discovery', (mode) => {
  let root: string;
  let outside: string;

  /**
   * `d/` and `deep/x/` hold agent configs (in git mode, committed), then each is replaced by a
   * link to a folder outside the root holding its own `.mcp.json`. `deep/x` is also git-ignored,
   * so git lists the files it tracks below the link but not the link itself. `gone/` becomes a
   * regular file. `safe/.mcp.json` stays a real file: the one finding.
   */
  beforeAll(async () => {
    const base = await makeTempDir(`nhiscan-linkdir-${mode}-`);
    root = path.join(base, 'repo');
    outside = path.join(base, 'outside');
    await write(outside, '.mcp.json', mcpConfig(TOKENS.outside));
    await write(outside, 'notes.txt', 'outside\n');
    await write(outside, 'a/b/.mcp.json', mcpConfig(TOKENS.outside));

    await write(root, 'safe/.mcp.json', mcpConfig(TOKENS.inside));
    if (mode === 'git') {
      await write(root, 'd/.mcp.json', mcpConfig('committed, then replaced'));
      await write(root, 'd/notes.txt', 'inside\n');
      await write(root, 'deep/x/a/b/.mcp.json', mcpConfig('committed, then replaced'));
      await write(root, 'gone/.mcp.json', mcpConfig('committed, then replaced'));
      await commitAll(root);
      for (const folder of ['d', 'deep/x', 'gone']) await fs.rm(path.join(root, folder), { recursive: true });
    } else {
      await fs.mkdir(path.join(root, 'deep'));
      await outsideWorkTree(root);
    }
    // Written after the commit: `deep/x/a/b/.mcp.json` stays tracked (and listed) though ignored.
    await write(root, '.gitignore', '/deep/x\n');
    await fs.symlink(outside, path.join(root, 'd'));
    await fs.symlink('../../outside', path.join(root, 'deep/x'));
    await fs.writeFile(path.join(root, 'gone'), 'a file where a folder was\n');
  });

  it('is a live attack: the paths lead outside, past O_NOFOLLOW, and git still lists them', async () => {
    for (const relative of ['d/.mcp.json', 'deep/x/a/b/.mcp.json']) {
      // O_NOFOLLOW looks at the last component only: the open succeeds and reads the outside file.
      const handle = await fs.open(path.join(root, relative), constants.O_RDONLY | constants.O_NOFOLLOW);
      expect(await handle.readFile('utf8')).toContain(TOKENS.outside);
      await handle.close();
    }
    if (mode === 'git') {
      const listed = await listFiles(root);
      expect(listed?.sort()).toEqual(['.gitignore', 'd', 'd/.mcp.json', 'd/notes.txt', 'deep/x/a/b/.mcp.json', 'gone', 'gone/.mcp.json', 'safe/.mcp.json']);
    }
  });

  it('lists no file below a link, counts each link once, and neither crashes on nor counts a folder that became a file', async () => {
    const found = await discover(root);
    expect(found.mode).toBe(mode);
    // git lists the link `d` itself, as an untracked file: the reader finds it is a link (below).
    expect(found.files.map((file) => file.path).sort()).toEqual(mode === 'git' ? ['.gitignore', 'd', 'gone', 'safe/.mcp.json'] : ['.gitignore', 'gone', 'safe/.mcp.json']);
    expect(found.files.every((file) => file.absolutePath === path.join(root, file.path))).toBe(true);
    // `d` (listed by git itself, and the folder of two listed files) and `deep/x`: two links.
    // In the walk, `deep/x` is git-ignored, so it would not be scanned anyway and is not counted.
    expect(found.symlinks).toEqual(mode === 'git' ? ['d', 'deep/x'] : ['d']);
    expect(found.special).toEqual([]);
  });

  it('scans: the inside finding only, nothing read outside the root, no outside token in any output', async () => {
    const { reader, asked } = recordingReader();
    const result = await scan({ paths: [root], cwd: root, reader });
    expect(result.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(['mcp-inline-secret safe/.mcp.json']);
    expect(result.skipped.symlink).toBe(mode === 'git' ? 2 : 1);
    expect(asked.map((file) => path.relative(root, file)).sort()).toEqual(mode === 'git' ? ['.gitignore', 'd', 'gone', 'safe/.mcp.json'] : ['.gitignore', 'gone', 'safe/.mcp.json']);
    const outputs = [formatSarif(result), formatText(result, result.findings, { color: false, quiet: false })].join('\n');
    expect(leaks(outputs, [TOKENS.outside])).toEqual([]);
  });
});

describe('the folder check in git mode', () => {
  beforeEach(() => {
    lstats.paths.length = 0;
  });

  it('lstats each distinct folder once, however many files it holds', async () => {
    const root = await makeTempDir('nhiscan-folders-');
    // 3 x 4 folders of 25 files, two levels deep: 300 files, 3 + 12 folders.
    for (let a = 0; a < 3; a++) for (let b = 0; b < 4; b++) for (let f = 0; f < 25; f++) await write(root, `a${a}/b${b}/f${f}.txt`, 'x\n');
    await commitAll(root);
    lstats.paths.length = 0;

    const found = await discover(root);
    expect(found.files).toHaveLength(300);
    const relative = lstats.paths.map((file) => path.relative(root, file));
    const folders = relative.filter((file) => !file.endsWith('.txt'));
    expect(folders.sort()).toEqual(['a0', 'a0/b0', 'a0/b1', 'a0/b2', 'a0/b3', 'a1', 'a1/b0', 'a1/b1', 'a1/b2', 'a1/b3', 'a2', 'a2/b0', 'a2/b1', 'a2/b2', 'a2/b3']);
    // Files are looked at when they are read (off the main thread on a large scan), not here.
    expect(relative).toHaveLength(15);
  });

  it('never lstats a folder through a link above it', async () => {
    const base = await makeTempDir('nhiscan-folders-link-');
    const root = path.join(base, 'repo');
    for (const file of ['l/m/n/a.txt', 'l/m/n/b.txt', 'l/m/c.txt']) await write(root, file, 'x\n');
    await commitAll(root);
    await fs.rm(path.join(root, 'l'), { recursive: true });
    await fs.mkdir(path.join(base, 'elsewhere'));
    await fs.symlink(path.join(base, 'elsewhere'), path.join(root, 'l'));
    lstats.paths.length = 0;

    const found = await discover(root);
    // `l` itself is listed (git names it as an untracked file; the reader will find a link); nothing under it.
    expect(found).toMatchObject({ files: [{ path: 'l' }], symlinks: ['l'] });
    expect(lstats.paths.map((file) => path.relative(root, file))).toEqual(['l']);
  });
});

describe('names holding a newline or a carriage return', () => {
  // A folder so named holding an agent config with a literal token, files so named, and one more folder level.
  const NAMES = ['a\nb/.mcp.json', 'cr\rname.txt', 'plain.txt', 'x\r\ny/z\nw/deep.txt', 'weird\nname.txt'];

  async function build(label: string): Promise<string> {
    const root = await makeTempDir(label);
    for (const name of NAMES) await write(root, name, name.endsWith('.mcp.json') ? mcpConfig(TOKENS.newline) : 'text\n');
    return root;
  }

  it('the walk lists and scans them', async () => {
    const root = await build('nhiscan-newline-walk-');
    await outsideWorkTree(root);
    const found = await discover(root);
    expect(found.mode).toBe('walk');
    expect(found.files.map((file) => file.path)).toEqual([...NAMES].sort());
    expect(found.notifications.map((n) => n.kind)).toEqual(['git-unavailable']);

    const result = await scan({ paths: [root], cwd: root });
    expect(result.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(['mcp-inline-secret a\nb/.mcp.json']);
    expect(result.filesScanned).toBe(NAMES.length);
  });

  it('git lists the same files, so the two modes agree', async () => {
    const root = await build('nhiscan-newline-git-');
    await commitAll(root);
    const found = await discover(root);
    expect(found.mode).toBe('git');
    expect(found.files.map((file) => file.path).sort()).toEqual([...NAMES].sort());
  });
});

describe('.gitignore rules that exclude every file, walk discovery', () => {
  it('a `*` that leaves nothing to scan is a warning, not a clean report', async () => {
    const root = await makeTempDir('nhiscan-ignore-all-');
    await write(root, '.gitignore', '*\n');
    await write(root, '.mcp.json', mcpConfig(TOKENS.inside));
    await write(root, 'sub/notes.txt', 'x\n');
    await outsideWorkTree(root);

    const found = await discover(root);
    expect(found.files).toEqual([]);
    const warning = { level: 'warning', kind: 'all-files-ignored', message: 'every file found (3) was excluded by .gitignore rules; nothing was scanned' };
    expect(found.notifications).toContainEqual(warning);

    const result = await scan({ paths: [root], cwd: root });
    expect(result.filesScanned).toBe(0);
    expect(result.notifications).toContainEqual(warning);
    expect(formatText(result, result.findings, { color: false, quiet: false })).toContain('every file found (3) was excluded by .gitignore rules');
  });

  it('no warning when some file is left, or when there was nothing to ignore', async () => {
    const some = await makeTempDir('nhiscan-ignore-some-');
    await write(some, '.gitignore', '*.log\n');
    await write(some, 'debug.log', 'x\n');
    const empty = await makeTempDir('nhiscan-ignore-empty-');
    for (const root of [some, empty]) {
      await outsideWorkTree(root);
      const found = await discover(root);
      expect(found.notifications.map((n) => n.kind)).toEqual(['git-unavailable']);
    }
    expect((await discover(some)).files.map((file) => file.path)).toEqual(['.gitignore']);
  });
});

describe('the walk keeps what it did before', () => {
  it('skips .git and node_modules, counts links and special files, applies nested .gitignore files relative to their folder', async () => {
    const root = await makeTempDir('nhiscan-walk-');
    await write(root, 'keep.secret', 'x\n');
    await write(root, 'sub/.gitignore', '*.secret\n');
    await write(root, 'sub/a.secret', 'x\n');
    await write(root, 'sub/b.txt', 'x\n');
    await write(root, 'sub/.git/config', '[core]\n');
    await write(root, 'node_modules/pkg/.mcp.json', mcpConfig(TOKENS.inside));
    await write(root, 'sub/node_modules/x.json', '{}\n');
    await fs.symlink(path.join(root, 'keep.secret'), path.join(root, 'link'));
    await fs.symlink(path.join(root, 'keep.secret'), path.join(root, 'sub', 'ignored.secret'));
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    await outsideWorkTree(root);

    const found = await discover(root);
    expect(found.files.map((file) => file.path)).toEqual(['keep.secret', 'sub/.gitignore', 'sub/b.txt']);
    // A link .gitignore excludes is not counted: it would not have been scanned anyway.
    expect(found).toMatchObject({ mode: 'walk', symlinks: ['link'], special: ['pipe'] });
  });

  it('names a folder it cannot list (chmod 000, scanned by an unprivileged user: root lists anything)', async () => {
    const root = await makeTempDir('nhiscan-walk-locked-');
    await write(root, 'locked/a.txt', 'x\n');
    await write(root, 'open.txt', 'x\n');
    await fs.chmod(root, 0o755);
    await fs.chmod(path.join(root, 'locked'), 0o000);
    const { prefix, cli } = await unprivilegedRun();
    const run = await runCli(['scan', root, '--format', 'json'], { prefix, ...(cli ? { cli } : {}), cwd: root, timeoutMs: 30_000 });
    const report = JSON.parse(run.stdout) as { summary: { filesScanned: number }; notifications: { level: string; kind: string; message: string; path?: string }[] };
    expect(report.summary.filesScanned).toBe(1);
    expect(report.notifications).toContainEqual({ level: 'warning', kind: 'unreadable-directory', message: 'directory could not be listed; its files were not scanned', path: 'locked' });
  });
});
