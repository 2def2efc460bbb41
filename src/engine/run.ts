import { promises as fs } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { Config } from '../config/config.js';
import type { Notification } from '../model/finding.js';
import type { ScanResult, SkipReason } from '../model/scan-result.js';
import type { Rule } from '../rule.js';
import { discover } from './discover.js';
import { prepareParsers } from './documents.js';
import { provenance } from './git.js';
import { nodeFileReader, type FileReader, type RawRead } from '../io/read.js';
import { availableParallelism } from 'node:os';
import { PIECE_BYTES, type FileOutcome, type Prescanner } from './prescan.js';
import { PrescanPool, workersAvailable, type PrescanFile } from './prescan-pool.js';
import { RuleRunner } from './rule-runner.js';
import { ADAPTERS, adapterFor, type FileAdapter } from './adapters.js';
import { displayHomePath, layoutOf, reach, userConfigLocations, type HomeLocation, type UserHome } from './home.js';

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** What one scan runs with, once the root is known and the config is loaded. */
export interface EngineOptions {
  /** The enabled rules. */
  readonly rules: readonly Rule[];
  /** Every rule id that exists, for checking the ids named in suppressions. */
  readonly knownRuleIds: ReadonlySet<string>;
  readonly config: Config;
  readonly maxFileSize?: number;
  readonly reader?: FileReader;
  /** Today, for expiry checks; tests fix it. */
  readonly now?: Date;
  /** How much of one binary or oversized file the credential pass reads; tests lower it. */
  readonly credentialPassLimit?: number;
  /** Worker threads that read and prescan files beside the main thread (`--workers`, 0: none); default: by core count and repository size. */
  readonly workers?: number;
  /**
   * `--include-home`: after the repository, also scan this user's own agent and IDE config files
   * (src/engine/home.ts). Absent, nothing outside the scan target is ever read.
   */
  readonly home?: UserHome;
}

export class UsageError extends Error {}

/** What `scan` was asked to read: the root every path is relative to, and the paths under it. */
export interface ScanTarget {
  readonly root: string;
  readonly entries: readonly { readonly absolute: string; readonly isDirectory: boolean }[];
}

/**
 * One directory: it is the root. One file: its directory is the root. Several paths: the current
 * directory when they all lie inside it, else the deepest folder holding them all, so every
 * finding has a path relative to one root. A path inside another given path is scanned once.
 */
export async function resolveTarget(paths: readonly string[], cwd: string): Promise<ScanTarget> {
  const requested = paths.length === 0 ? ['.'] : paths;
  const found: { absolute: string; isDirectory: boolean }[] = [];
  for (const requestedPath of requested) {
    const absolute = path.resolve(cwd, requestedPath);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      throw new UsageError(`path not found: ${requestedPath}`);
    }
    if (!stat.isDirectory() && !stat.isFile()) throw new UsageError(`not a file or directory: ${requestedPath}`);
    found.push({ absolute: await fs.realpath(absolute), isDirectory: stat.isDirectory() });
  }
  // `scan a ./a` or `scan a a/b` names a place twice: scanning it twice would report every finding twice.
  const entries = found.filter(
    (entry, index) =>
      found.findIndex((other) => other.absolute === entry.absolute) === index &&
      !found.some((other) => other.isDirectory && other.absolute !== entry.absolute && isInside(entry.absolute, other.absolute)),
  );
  const only = entries.length === 1 ? entries[0]! : undefined;
  if (only) return { root: only.isDirectory ? only.absolute : path.dirname(only.absolute), entries };
  const realCwd = await fs.realpath(cwd);
  const folders = entries.map((entry) => (entry.isDirectory ? entry.absolute : path.dirname(entry.absolute)));
  const root = folders.every((folder) => folder === realCwd || isInside(folder, realCwd)) ? realCwd : commonFolder(folders);
  return { root, entries };
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
}

/** The deepest folder that holds every one of these absolute folders (at worst the file-system root). */
function commonFolder(folders: readonly string[]): string {
  let common = folders[0]!;
  for (const folder of folders.slice(1)) {
    while (common !== folder && !isInside(folder, common)) common = path.dirname(common);
  }
  return common;
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/** Runs every rule over every file under the target; never throws for what it finds in a file. */
export async function scanTarget(target: ScanTarget, options: EngineOptions): Promise<ScanResult> {
  const startTime = new Date();
  // git runs in its own processes while the files are read and parsed; the answer is awaited last.
  const provenanceOfRoot = provenance(target.root);
  const reader = options.reader ?? nodeFileReader;
  const ignored = options.config.ignore.length > 0 ? ignore().add([...options.config.ignore]) : undefined;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const passLimit = options.credentialPassLimit ?? CREDENTIAL_PASS_LIMIT;
  const notifications: Notification[] = [];
  const skipped: Record<SkipReason, number> = { binary: 0, oversized: 0, 'not-regular': 0, symlink: 0 };
  // A few of the skipped paths, so the note can say which files: the first in path order.
  const skippedExamples: Record<SkipReason, string[]> = { binary: [], oversized: [], 'not-regular': [], symlink: [] };
  // git lists a link that replaced a tracked folder itself and the files below it: one link, one skip.
  const linksSkipped = new Set<string>();
  const skip = (reason: SkipReason, relativePath: string): void => {
    if (reason === 'symlink') {
      if (linksSkipped.has(relativePath)) return;
      linksSkipped.add(relativePath);
    }
    skipped[reason]++;
    const examples = skippedExamples[reason];
    examples.push(relativePath);
    if (examples.length > SKIP_EXAMPLES) examples.sort().pop();
  };
  const runner = new RuleRunner(options.rules, {
    ...(options.now ? { now: options.now } : {}),
    ruleSettings: options.config.rules,
    configSuppressions: options.config.suppressions,
    knownRuleIds: options.knownRuleIds,
  });
  // TypeScript's parser loads here, and only if a rule visits TS/JS files.
  await prepareParsers(runner.kindsToParse);
  let filesScanned = 0;

  /** What became of one listed file, told to the runner, the counts and the notes. */
  const take = ({ path: relativePath, absolutePath }: PrescanFile, outcome: FileOutcome): void => {
    switch (outcome.kind) {
      case 'text':
        filesScanned++;
        runner.addText(relativePath, outcome.text, outcome.findings);
        break;
      case 'binary':
        skip('binary', relativePath);
        for (const piece of outcome.pieces) runner.addPiece(relativePath, piece);
        break;
      case 'oversized':
        skip('oversized', relativePath);
        runner.addUnscanned(relativePath, 'oversized', `${outcome.size} bytes`);
        // Streamed here, a piece at a time: a worker would have to hold the whole file.
        if (runner.wantsCredentials && reader.chunks) {
          const pass = runner.prescanner.pieces(reader.chunks(absolutePath, PIECE_BYTES, passLimit + 1), relativePath, false);
          for (const piece of pass.found) runner.addPiece(relativePath, piece);
          if (pass.read() > passLimit) {
            notifications.push({
              level: 'warning',
              kind: 'credential-pass-truncated',
              message: `only the first ${Math.floor(passLimit / (1 << 20))} MiB were searched for credentials`,
              path: relativePath,
            });
          }
        }
        break;
      case 'not-regular':
      case 'symlink':
        skip(outcome.kind, relativePath);
        break;
      case 'gone':
        break;
      case 'unreadable':
        notifications.push({ level: 'warning', kind: 'unreadable', message: `could not read file (${outcome.code})`, path: relativePath });
        runner.addUnscanned(relativePath, 'unreadable', outcome.code);
        break;
    }
  };

  const workers = workersFor(options);
  let pool: PrescanPool | undefined;
  // Repository paths that begin `~/` (a folder named `~`): a user file shown the same way would
  // be mistaken for it, so it is shown by its absolute path instead.
  const tildePaths = new Set<string>();
  try {
    for (const entry of target.entries) {
      const files = entry.isDirectory
        ? await discover(entry.absolute)
        : { files: [{ path: path.basename(entry.absolute), absolutePath: entry.absolute }], symlinks: [], special: [], notifications: [] };
      for (const note of files.notifications) {
        // A note about how the scan ran, not about a file, is said once however many paths were given.
        if (!note.path && notifications.some((said) => said.kind === note.kind && !said.path)) continue;
        notifications.push(note.path ? { ...note, path: toPosix(path.join(path.relative(target.root, entry.absolute), note.path)) } : note);
      }
      const prefix = entry.isDirectory ? path.relative(target.root, entry.absolute) : path.relative(target.root, path.dirname(entry.absolute));
      for (const link of files.symlinks) skip('symlink', toPosix(path.join(prefix, link)));
      for (const special of files.special) skip('not-regular', toPosix(path.join(prefix, special)));

      const listed: PrescanFile[] = [];
      for (const discovered of files.files) {
        // Discovered paths use forward slashes already; only a prefix needs joining.
        const relativePath = prefix === '' ? discovered.path : toPosix(path.join(prefix, discovered.path));
        if (!ignored?.ignores(relativePath)) listed.push({ path: relativePath, absolutePath: discovered.absolutePath });
        if (options.home && relativePath.startsWith('~/')) tildePaths.add(relativePath);
      }
      let index = 0;
      if (workers > 0 && !pool && options.workers === undefined && listed.length < WORKERS_AT_ONCE_FILES) {
        // This thread starts alone: most repositories are done before worker threads would have
        // paid for themselves. Only a listing still far from done after WORKER_AFTER_MS gets them.
        const started = performance.now();
        for await (const outcome of prescanInline(listed, runner.prescanner, reader, maxFileSize)) {
          take(listed[index++]!, outcome);
          if (performance.now() - started > WORKER_AFTER_MS && listed.length - index >= WORKER_MIN_FILES) break;
        }
      }
      if (!pool && workers > 0 && (options.workers !== undefined || listed.length - index >= WORKER_MIN_FILES)) {
        pool = new PrescanPool(runner.prescanner, workers, maxFileSize);
      }
      const rest = listed.slice(index);
      const outcomes = pool ? pool.outcomes(rest) : prescanInline(rest, runner.prescanner, reader, maxFileSize);
      for await (const outcome of outcomes) take(listed[index++]!, outcome);
    }
  } finally {
    pool?.close();
  }
  let userFiles: Map<string, string> | undefined;
  if (options.home) {
    userFiles = new Map();
    const given = options.home;
    const home = { ...given, dir: await fs.realpath(given.dir).catch(() => given.dir) };
    const read = await scanUserFiles(home, target, {
      reader,
      maxFileSize,
      runner,
      take,
      skip,
      notifications,
      shownAs: (absolute) => {
        const shown = displayHomePath(home, absolute);
        return tildePaths.has(shown) ? absolute.split(path.sep).join('/') : shown;
      },
      userFiles,
    });
    notifications.push({
      level: 'note',
      kind: 'home-files',
      message:
        read.length === 0
          ? '--include-home: no user-level agent or IDE config file found'
          : `--include-home: read ${read.length} user-level config file${read.length === 1 ? '' : 's'}: ${read.join(', ')}`,
    });
  }
  const ran = runner.finish();
  notifications.push(...ran.notifications);
  notifications.push(...skipNotifications(skipped, skippedExamples));
  const rootProvenance = await provenanceOfRoot;
  return {
    root: target.root,
    findings: ran.findings,
    notifications,
    skipped,
    filesScanned,
    startTime,
    endTime: new Date(),
    ...(rootProvenance ? { provenance: rootProvenance } : {}),
    rules: options.rules,
    config: options.config,
    ...(userFiles ? { userFiles } : {}),
  };
}

/** What the user-file pass shares with the repository's: the same reading, runner, counts and notes. */
interface UserFilePass {
  readonly reader: FileReader;
  readonly maxFileSize: number;
  readonly runner: RuleRunner;
  readonly take: (file: PrescanFile, outcome: FileOutcome) => void;
  readonly skip: (reason: SkipReason, shownPath: string) => void;
  readonly notifications: Notification[];
  /** The path a user file is reported under: `~/…`, or its absolute path. */
  readonly shownAs: (absolute: string) => string;
  /** Filled: each user file read, by the path it is reported under → its absolute path. */
  readonly userFiles: Map<string, string>;
}

/**
 * `--include-home`: each user-level config path that exists, read as a repository file is read
 * (bounded, no link followed, on this thread) and judged by the same rules, with the adapter its
 * client's place selects. A missing path is passed over without a word; one inside the scan
 * target was the repository's to scan. Returns the paths read, as shown.
 */
async function scanUserFiles(home: UserHome, target: ScanTarget, pass: UserFilePass): Promise<string[]> {
  const layout = layoutOf(home.platform);
  const covered = (absolute: string) =>
    target.entries.some((entry) => (entry.isDirectory ? isInside(absolute, entry.absolute) : entry.absolute === absolute));
  const read: string[] = [];
  for (const location of userConfigLocations(home)) {
    if (covered(location.absolute)) continue;
    const reached = await reach(location, layout);
    if (reached.kind === 'missing') continue;
    if (reached.kind === 'symlink') {
      pass.skip('symlink', pass.shownAs(reached.folder));
      continue;
    }
    if (reached.kind === 'unreadable') {
      pass.notifications.push({
        level: 'warning',
        kind: 'unreadable-directory',
        message: `directory could not be looked at (${reached.code}); the user config files below it were not scanned`,
        path: pass.shownAs(reached.folder),
      });
      continue;
    }
    const files = location.folder ? await folderFiles(location, pass) : [location.absolute];
    for (const absolute of files) {
      if (covered(absolute)) continue;
      const shown = pass.shownAs(absolute);
      const adapter = ADAPTERS.find((candidate) => candidate.id === location.adapter) ?? adapterFor(shown);
      const file: PrescanFile = { path: shown, absolutePath: absolute };
      for await (const outcome of prescanInline([file], pass.runner.prescanner, pass.reader, pass.maxFileSize, adapter)) {
        if (outcome.kind === 'gone') continue;
        pass.runner.pin(shown, adapter);
        pass.userFiles.set(shown, absolute);
        if (outcome.kind === 'text' || outcome.kind === 'binary' || outcome.kind === 'oversized') read.push(shown);
        pass.take(file, outcome);
      }
    }
  }
  return read;
}

/** The `*.json` files of a folder location (Amazon Q's agents), in name order; a link among them is counted, not followed. */
async function folderFiles(location: HomeLocation, pass: UserFilePass): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(location.absolute, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      pass.notifications.push({
        level: 'warning',
        kind: 'unreadable-directory',
        message: 'directory could not be listed; its files were not scanned',
        path: pass.shownAs(location.absolute),
      });
    }
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.filter((candidate) => candidate.name.toLowerCase().endsWith('.json')).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const absolute = path.join(location.absolute, entry.name);
    if (entry.isSymbolicLink()) pass.skip('symlink', pass.shownAs(absolute));
    else if (entry.isFile()) files.push(absolute);
  }
  return files;
}

/** Worker threads start only for a listing with this many files left to do after WORKER_AFTER_MS. */
const WORKER_MIN_FILES = 1000;
const WORKER_AFTER_MS = 1000;
/** A listing this long gets its worker threads at once. */
const WORKERS_AT_ONCE_FILES = 10_000;
/** Workers past this add little: the main thread, which parses and runs the rules, is the bottleneck. */
const MAX_WORKERS = 4;
/** The credential pass reads no more of one file than this; a file past it gets a notification. */
const CREDENTIAL_PASS_LIMIT = 256 << 20;

/**
 * How many worker threads prescan the files: `workers` when given, else one per core up to
 * MAX_WORKERS. A test's own reader keeps the work on this thread, where the reader is.
 */
function workersFor(options: EngineOptions): number {
  if (options.reader || !workersAvailable()) return 0;
  if (options.workers !== undefined) return options.workers;
  return Math.min(availableParallelism(), MAX_WORKERS);
}

/** The prescan of every file on this thread, through the scan's reader; `adapter` for a pinned user file. */
async function* prescanInline(
  files: readonly PrescanFile[],
  prescanner: Prescanner,
  reader: FileReader,
  maxFileSize: number,
  adapter?: FileAdapter,
): AsyncGenerator<FileOutcome> {
  for (const file of files) {
    let raw: RawRead;
    try {
      raw = await reader.read(file.absolutePath, maxFileSize);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      yield code === 'ELOOP' ? { kind: 'symlink' } : { kind: 'unreadable', code };
      continue;
    }
    yield prescanner.outcome(file.path, raw, adapter);
  }
}

/** Each reason's note, for one path and for several. */
const SKIP_TEXT: Record<SkipReason, readonly [string, string]> = {
  binary: ['binary file skipped (not parsed)', 'binary files skipped (not parsed)'],
  oversized: ['file over --max-file-size skipped (not parsed)', 'files over --max-file-size skipped (not parsed)'],
  'not-regular': ['special file (device, FIFO, socket) skipped', 'special files (devices, FIFOs, sockets) skipped'],
  symlink: ['symbolic link not followed', 'symbolic links not followed'],
};

/** How many skipped paths a note names before `and N more`: enough to recognise, short enough to read. */
const SKIP_EXAMPLES = 3;

function skipNotifications(skipped: Readonly<Record<SkipReason, number>>, examples: Readonly<Record<SkipReason, readonly string[]>>): Notification[] {
  return (Object.keys(SKIP_TEXT) as SkipReason[])
    .filter((reason) => skipped[reason] > 0)
    .map((reason) => {
      const named = [...examples[reason]].sort();
      const more = skipped[reason] - named.length;
      const list = named.length === 0 ? '' : `: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
      const [one, several] = SKIP_TEXT[reason];
      return { level: 'note', kind: `skipped-${reason}`, message: `${skipped[reason]} ${skipped[reason] === 1 ? one : several}${list}` };
    });
}
