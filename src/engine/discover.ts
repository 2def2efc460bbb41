import { promises as fs, lstatSync, readdir as fsReaddir } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Notification } from '../model/finding.js';
import { listFiles } from './git.js';

export interface DiscoveredFile {
  /** Relative to the directory discovered, forward slashes. */
  readonly path: string;
  readonly absolutePath: string;
}

export interface Discovery {
  readonly files: DiscoveredFile[];
  readonly mode: 'git' | 'walk';
  /** Symbolic links seen and not followed. */
  readonly symlinks: number;
  /** Devices, FIFOs and sockets: never opened (a FIFO would block a read forever). */
  readonly special: number;
  readonly notifications: Notification[];
}

/** Directories never worth a scan: git's own store and installed third-party packages. */
const PRUNED_SEGMENTS = new Set(['.git', 'node_modules']);

function pruned(relativePath: string): boolean {
  return relativePath.split('/').some((segment) => PRUNED_SEGMENTS.has(segment));
}

/**
 * The files to scan under `dir`. In a git work tree, git decides (tracked files always, plus
 * untracked ones not ignored); elsewhere, or when git fails for any reason, a walk that honours
 * `.gitignore` files. Symbolic links are never followed, in or out of the root.
 */
export async function discover(dir: string): Promise<Discovery> {
  const listed = await listFiles(dir);
  if (listed !== undefined) return fromGit(dir, listed);
  const walked = await walk(dir);
  return {
    ...walked,
    notifications: [
      {
        level: 'note',
        kind: 'git-unavailable',
        message: 'not scanned as a git work tree (no git, not a repository, or git refused it); walked the directory and applied .gitignore files instead',
      },
      ...walked.notifications,
    ],
  };
}

function fromGit(dir: string, listed: readonly string[]): Discovery {
  const files: DiscoveredFile[] = [];
  let symlinks = 0;
  let special = 0;
  for (const relativePath of listed) {
    if (pruned(relativePath)) continue;
    const absolutePath = path.join(dir, relativePath);
    let stat;
    try {
      stat = lstatSync(absolutePath);
    } catch {
      continue; // tracked but deleted from the work tree: nothing to read
    }
    if (stat.isSymbolicLink()) symlinks++;
    else if (stat.isFile()) files.push({ path: relativePath, absolutePath });
    else if (!stat.isDirectory()) special++;
    // directories here are submodules, scanned on their own if at all
  }
  return { files, mode: 'git', symlinks, special, notifications: [] };
}

async function walk(dir: string): Promise<Discovery> {
  const unreadableDirs: string[] = [];
  // fast-glob drops directories it cannot read without a word; this readdir records them.
  const readdir = ((target: string, options: unknown, callback: (error: NodeJS.ErrnoException | null, entries: unknown[]) => void) => {
    fsReaddir(target, options as { withFileTypes: true }, (error, entries) => {
      if (error) {
        unreadableDirs.push(target);
        callback(null, []);
      } else callback(null, entries);
    });
  }) as unknown as typeof fsReaddir;

  // Loaded only when git cannot list the files: most scans never pay for it.
  const { default: fg } = await import('fast-glob');
  const entries = await fg('**', {
    cwd: dir,
    dot: true,
    onlyFiles: false,
    objectMode: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: ['**/.git', '**/.git/**', '**/node_modules', '**/node_modules/**'],
    fs: { readdir },
  });

  let symlinks = 0;
  let special = 0;
  const candidates: string[] = [];
  const gitignoreDirs: string[] = [];
  for (const entry of entries) {
    if (entry.dirent.isSymbolicLink()) symlinks++;
    else if (entry.dirent.isFile()) {
      candidates.push(entry.path);
      if (path.posix.basename(entry.path) === '.gitignore') gitignoreDirs.push(path.posix.dirname(entry.path));
    } else if (!entry.dirent.isDirectory()) special++;
  }

  const matchers = await loadGitignores(dir, gitignoreDirs);
  const files = candidates
    .filter((relativePath) => !isIgnored(relativePath, matchers))
    .sort()
    .map((relativePath) => ({ path: relativePath, absolutePath: path.join(dir, relativePath) }));

  const notifications: Notification[] = unreadableDirs.map((absolute) => ({
    level: 'warning',
    kind: 'unreadable-directory',
    message: 'directory could not be listed; its files were not scanned',
    path: toRelative(dir, absolute),
  }));
  return { files, mode: 'walk', symlinks, special, notifications };
}

function toRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/') || '.';
}

async function loadGitignores(root: string, dirs: readonly string[]): Promise<Map<string, Ignore>> {
  const matchers = new Map<string, Ignore>();
  for (const dir of dirs) {
    try {
      const content = await fs.readFile(path.join(root, dir, '.gitignore'), 'utf8');
      matchers.set(dir === '.' ? '' : dir, ignore().add(content));
    } catch {
      // an unreadable .gitignore ignores nothing; the file itself is reported when read
    }
  }
  return matchers;
}

function isIgnored(relativePath: string, matchers: ReadonlyMap<string, Ignore>): boolean {
  // Each .gitignore applies to paths below its own directory, relative to it.
  for (const [dir, matcher] of matchers) {
    if (dir === '') {
      if (matcher.ignores(relativePath)) return true;
    } else if (relativePath.startsWith(`${dir}/`) && matcher.ignores(relativePath.slice(dir.length + 1))) return true;
  }
  return false;
}
