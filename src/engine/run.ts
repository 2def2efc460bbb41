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
import { nodeFileReader, type FileReader } from '../io/read.js';
import { decode } from '../text/decode.js';
import { RuleRunner } from './rule-runner.js';

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
  // A few of the skipped paths, so the note can say which files.
  const skippedExamples: Record<SkipReason, string[]> = { binary: [], oversized: [], 'not-regular': [], symlink: [] };
  const skip = (reason: SkipReason, relativePath: string): void => {
    skipped[reason]++;
    if (skippedExamples[reason].length < SKIP_EXAMPLES) skippedExamples[reason].push(relativePath);
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

    for (const discovered of files.files) {
      const relativePath = toPosix(path.join(prefix, discovered.path));
      if (ignored?.ignores(relativePath)) continue;
      let raw;
      try {
        raw = await reader.read(discovered.absolutePath, maxFileSize);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        if (code === 'ELOOP') skip('symlink', relativePath);
        else {
          notifications.push({ level: 'warning', kind: 'unreadable', message: `could not read file (${code})`, path: relativePath });
          runner.addUnscanned(relativePath, 'unreadable', code);
        }
        continue;
      }
      if (raw.kind !== 'bytes') {
        skip(raw.kind, relativePath);
        if (raw.kind === 'oversized') {
          runner.addUnscanned(relativePath, 'oversized', `${raw.size} bytes`);
          if (runner.wantsCredentials && reader.chunks) {
            credentialPieces(reader.chunks(discovered.absolutePath, PIECE_BYTES, passLimit + 1), relativePath, runner, notifications, false, passLimit);
          }
        }
        continue;
      }
      const decoded = decode(raw.bytes);
      if (decoded.kind === 'binary') {
        skip('binary', relativePath);
        // Its bytes are in memory already (a binary file is at most max-file-size): no second read.
        if (runner.wantsCredentials && !OPAQUE.test(relativePath)) credentialPieces(piecesOf(raw.bytes), relativePath, runner, notifications, true, passLimit);
        continue;
      }
      filesScanned++;
      runner.addFile(relativePath, decoded.text);
    }
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
  };
}

/** Each reason's note, for one path and for several. */
/** Pieces of a large or binary file the credential pass reads at a time, and how much each repeats of the last. */
const PIECE_BYTES = 1 << 20;
const PIECE_OVERLAP = 16 << 10;
/** The credential pass reads no more of one file than this; a file past it gets a notification. */
const CREDENTIAL_PASS_LIMIT = 256 << 20;
/** Compressed and media formats: no credential survives in them as text. */
const OPAQUE = /\.(?:png|jpe?g|gif|webp|avif|ico|icns|bmp|tiff?|mp[34]|m4a|mov|avi|mkv|webm|ogg|wav|flac|woff2?|ttf|otf|eot|zip|gz|tgz|bz2|xz|zst|7z|rar|jar|war|whl|pdf)$/i;

/**
 * The credential pass over a file too large or too binary to parse: its bytes (as Latin-1, so
 * offsets are byte offsets and every token stays whole) in overlapping pieces, each starting at a
 * line where one is near, so padding a config past `max-file-size` or hiding a token in a binary
 * hides nothing. Bounded by CREDENTIAL_PASS_LIMIT; a read error ends the pass quietly (the file
 * was already counted as skipped).
 */
function credentialPieces(
  chunks: Iterable<Buffer>,
  relativePath: string,
  runner: RuleRunner,
  notifications: Notification[],
  binary: boolean,
  limit: number,
): void {
  let carry = Buffer.alloc(0);
  let offset = 0;
  let line = 1;
  let seenUntil = 0;
  let read = 0;
  try {
    for (const chunk of chunks) {
      read += chunk.length;
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const text = bytes.toString('latin1');
      runner.addPiece(relativePath, text, { firstLine: line, offset, seenUntil, binary });
      let cut = Math.max(0, bytes.length - PIECE_OVERLAP);
      const newline = bytes.indexOf(0x0a, cut);
      if (newline >= 0 && newline + 1 < bytes.length) cut = newline + 1;
      for (let at = bytes.indexOf(0x0a); at >= 0 && at < cut; at = bytes.indexOf(0x0a, at + 1)) line++;
      seenUntil = offset + bytes.length;
      offset += cut;
      carry = Buffer.from(bytes.subarray(cut));
    }
  } catch {
    return;
  }
  if (read > limit) {
    notifications.push({
      level: 'warning',
      kind: 'credential-pass-truncated',
      message: `only the first ${Math.floor(limit / (1 << 20))} MiB were searched for credentials`,
      path: relativePath,
    });
  }
}

/** Bytes already read, in the pieces the credential pass takes. */
function* piecesOf(bytes: Buffer): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += PIECE_BYTES) yield bytes.subarray(start, start + PIECE_BYTES);
}

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
      const named = examples[reason];
      const more = skipped[reason] - named.length;
      const list = named.length === 0 ? '' : `: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
      const [one, several] = SKIP_TEXT[reason];
      return { level: 'note', kind: `skipped-${reason}`, message: `${skipped[reason]} ${skipped[reason] === 1 ? one : several}${list}` };
    });
}
