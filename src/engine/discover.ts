import { promises as fs, lstatSync, type Dirent } from 'node:fs';
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
  /**
   * The paths to read. A walk lists regular files only; git lists what its index and the
   * untracked files hold below real folders, so a listed path may turn out, when read, to be a
   * link, a special file or gone (`readListed` looks before it opens).
   */
  readonly files: DiscoveredFile[];
  readonly mode: 'git' | 'walk';
  /** Symbolic links seen while listing and not followed, relative like `files`. */
  readonly symlinks: string[];
  /** Devices, FIFOs and sockets seen while listing: never opened (a FIFO would block a read forever). */
  readonly special: string[];
  readonly notifications: Notification[];
}

const WINDOWS = process.platform === 'win32';

/** Directories never worth a scan: git's own store and installed third-party packages. */
const PRUNED_SEGMENTS = new Set(['.git', 'node_modules']);

function pruned(relativePath: string): boolean {
  // Most paths hold neither name: one substring search each instead of a split.
  if (!relativePath.includes('.git') && !relativePath.includes('node_modules')) return false;
  return relativePath.split('/').some((segment) => PRUNED_SEGMENTS.has(segment));
}

/**
 * The files to scan under `dir`. In a git work tree, git decides (tracked files always, plus
 * untracked ones not ignored); elsewhere, or when git fails for any reason, a walk that honours
 * `.gitignore` files. Symbolic links are never followed, in or out of the root: neither a linked
 * file nor a file below a linked folder is listed, and each link counts once as skipped.
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
  // Distinct links, however reached: git lists a link that replaced a tracked folder itself (as
  // untracked) and the files it still tracks below it; one link is one skip.
  const links = new Set<string>();
  const folderOf = folderChecker(dir, links);
  // git's paths are clean and relative: joining them to the root needs no normalising.
  const base = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const relativePath of listed) {
    if (pruned(relativePath)) continue;
    // git lists what its index holds, not what the path now leads to: a tracked folder swapped
    // for a link would make the read follow it out of the root (O_NOFOLLOW guards only the last
    // component), so every folder on the way must still be a real one.
    if (folderOf(path.posix.dirname(relativePath)) !== 'directory') continue;
    // Each file is looked at (lstat) when it is read, off this thread: a link or a special file
    // that git lists is counted then, and one that was deleted is passed over.
    files.push({ path: relativePath, absolutePath: base + (WINDOWS ? relativePath.replaceAll('/', path.sep) : relativePath) });
  }
  return { files, mode: 'git', symlinks: [...links].sort(), special: [], notifications: [] };
}

/**
 * What a folder on the way to a listed file is now: a real directory all the way from the root,
 * behind a symbolic link (itself or a folder above it), or gone (missing, or no longer a
 * directory, so no file is under it).
 */
type FolderState = 'directory' | 'symlink' | 'gone';

/**
 * Answers `FolderState` for relative folders, adding each link it meets to `links`. Each distinct
 * folder is lstat'ed once, however many files it holds (a listing of 100k files has a few
 * thousand), and never through a link above it.
 */
function folderChecker(root: string, links: Set<string>): (relativeFolder: string) => FolderState {
  const known = new Map<string, FolderState>([['.', 'directory']]);
  const check = (folder: string): FolderState => {
    const cached = known.get(folder);
    if (cached !== undefined) return cached;
    const above = check(path.posix.dirname(folder));
    const state = above === 'directory' ? lstatFolder(path.join(root, folder)) : above;
    if (state === 'symlink' && above === 'directory') links.add(folder);
    known.set(folder, state);
    return state;
  };
  return check;
}

function lstatFolder(absolutePath: string): FolderState {
  try {
    const stat = lstatSync(absolutePath);
    if (stat.isSymbolicLink()) return 'symlink';
    return stat.isDirectory() ? 'directory' : 'gone';
  } catch {
    return 'gone';
  }
}

async function walk(dir: string): Promise<Discovery> {
  const tree = await listTree(dir);
  const gitignoreDirs = tree.files.filter((file) => path.posix.basename(file) === '.gitignore').map((file) => path.posix.dirname(file));
  const matchers = await loadGitignores(dir, gitignoreDirs);
  const kept = (paths: readonly string[]) => paths.filter((relativePath) => !isIgnored(relativePath, matchers)).sort();
  const files = kept(tree.files).map((relativePath) => ({ path: relativePath, absolutePath: path.join(dir, relativePath) }));

  const notifications: Notification[] = tree.unreadableDirs.map((relative) => ({
    level: 'warning',
    kind: 'unreadable-directory',
    message: 'directory could not be listed; its files were not scanned',
    path: relative,
  }));
  // A `*` in a .gitignore would otherwise turn the scan into a clean report of nothing.
  if (tree.files.length > 0 && files.length === 0) {
    notifications.push({
      level: 'warning',
      kind: 'all-files-ignored',
      message: `every file found (${tree.files.length}) was excluded by .gitignore rules; nothing was scanned`,
    });
  }
  return { files, mode: 'walk', symlinks: kept(tree.symlinks), special: kept(tree.special), notifications };
}

/** What a walk found under a directory: its files (relative paths, forward slashes) and what it did not enter. */
interface Tree {
  readonly files: string[];
  readonly symlinks: string[];
  readonly special: string[];
  /** Relative paths of directories that could not be listed (`.` for the root). */
  readonly unreadableDirs: string[];
}

/**
 * Lists the tree with plain `readdir`, which returns every name the file system holds. (fast-glob,
 * used before, silently drops names with a newline or a carriage return, and everything below a
 * folder so named: files git lists and the walk must scan too.) Links are counted, not followed;
 * `.git` and `node_modules` are not entered.
 */
async function listTree(root: string): Promise<Tree> {
  const tree: Tree = { files: [], symlinks: [], special: [], unreadableDirs: [] };
  const pending = ['.'];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(path.join(root, folder), { withFileTypes: true });
    } catch {
      tree.unreadableDirs.push(folder);
      continue;
    }
    for (const entry of entries) {
      if (PRUNED_SEGMENTS.has(entry.name)) continue;
      const relative = folder === '.' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isSymbolicLink()) tree.symlinks.push(relative);
      else if (entry.isDirectory()) pending.push(relative);
      else if (entry.isFile()) tree.files.push(relative);
      else tree.special.push(relative);
    }
  }
  return tree;
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
