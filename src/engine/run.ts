import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { formatKeyPath, type Node, type SourceFile, type Span, type StructuredDocument } from '../model/document.js';
import type { FileKind } from '../model/file-kind.js';
import type { Finding, Notification } from '../model/finding.js';
import { describeSecret, maskLine, secretDigest32 } from '../credentials/mask.js';
import type { ReportDescriptor, Rule, RuleHooks } from '../rule.js';
import { classify } from './classify.js';
import { discover } from './discover.js';
import { loadDocument } from './documents.js';
import { provenance, workTreeTop, type Provenance } from './git.js';
import { LineIndex } from './locate.js';
import { decode, nodeFileReader, type FileReader } from './read.js';
import { mcpServers, workflowView } from './views.js';

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export interface ScanOptions {
  /** Directories or files to scan; relative ones resolve against `cwd`. */
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly rules: readonly Rule[];
  readonly maxFileSize?: number;
  readonly reader?: FileReader;
}

export type SkipReason = 'binary' | 'oversized' | 'not-regular' | 'symlink';

export interface ScanResult {
  /** Absolute scan root; finding paths are relative to it. */
  readonly root: string;
  readonly findings: readonly Finding[];
  readonly notifications: readonly Notification[];
  readonly skipped: Readonly<Record<SkipReason, number>>;
  readonly filesScanned: number;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly provenance?: Provenance;
  readonly rules: readonly Rule[];
}

export class UsageError extends Error {}

interface Target {
  readonly root: string;
  readonly entries: readonly { readonly absolute: string; readonly isDirectory: boolean }[];
}

/**
 * One directory: it is the root. One file: its directory is the root. Several paths: the current
 * directory is the root and each must lie inside it, so every finding has a relative path.
 */
async function resolveTarget(paths: readonly string[], cwd: string): Promise<Target> {
  const requested = paths.length === 0 ? ['.'] : paths;
  const entries = [];
  for (const requestedPath of requested) {
    const absolute = path.resolve(cwd, requestedPath);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      throw new UsageError(`path not found: ${requestedPath}`);
    }
    if (!stat.isDirectory() && !stat.isFile()) throw new UsageError(`not a file or directory: ${requestedPath}`);
    entries.push({ absolute: await fs.realpath(absolute), isDirectory: stat.isDirectory() });
  }
  const only = entries.length === 1 ? entries[0]! : undefined;
  const root = only ? (only.isDirectory ? only.absolute : path.dirname(only.absolute)) : await fs.realpath(cwd);
  for (const entry of entries) {
    const relative = path.relative(root, entry.absolute);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new UsageError(`when scanning several paths each must be inside the current directory: ${path.relative(cwd, entry.absolute)}`);
    }
  }
  return { root, entries };
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/** The fingerprint: rule, message, anchor and a 32-bit secret digest; no path, no line. */
function fingerprint(ruleId: string, messageId: string, anchor: string, secret: string | undefined): string {
  const parts = [ruleId, messageId, anchor, secret === undefined ? '' : secretDigest32(secret)];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

function renderMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (data && name in data ? String(data[name]) : whole));
}

/**
 * Where the secret's characters sit in the file. A value written with escapes does not appear
 * verbatim; then the whole target span is masked rather than risk showing part of the secret.
 */
function locateSecret(text: string, span: Span, secret: string): Span {
  const at = text.indexOf(secret, span.start);
  return at !== -1 && at + secret.length <= span.end ? { start: at, end: at + secret.length } : span;
}

function targetSpan(descriptor: ReportDescriptor<string>): { span: Span; node?: Node } {
  if ('span' in descriptor) return { span: descriptor.span };
  const { node } = descriptor;
  const at = descriptor.at ?? 'value';
  if (at === 'key' && node.keySpan) return { span: node.keySpan, node };
  if (at === 'entry' && node.keySpan) return { span: { start: node.keySpan.start, end: node.span.end }, node };
  return { span: node.span, node };
}

/** Runs every rule over every file under the paths; never throws for what it finds in a file. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const startTime = new Date();
  const target = await resolveTarget(options.paths, options.cwd);
  const reader = options.reader ?? nodeFileReader;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const findings: Finding[] = [];
  const notifications: Notification[] = [];
  const skipped: Record<SkipReason, number> = { binary: 0, oversized: 0, 'not-regular': 0, symlink: 0 };
  const lineIndexes = new Map<string, LineIndex>();
  const linesOf = (file: SourceFile): LineIndex => {
    let index = lineIndexes.get(file.path);
    if (!index) lineIndexes.set(file.path, (index = new LineIndex(file.text)));
    return index;
  };

  let currentFile: SourceFile | undefined;
  const active = options.rules.map((rule) => {
    const context = {
      report(descriptor: ReportDescriptor<string>): void {
        const file = descriptor.file ?? currentFile;
        if (!file) throw new Error('report outside a file needs descriptor.file');
        const { span, node } = targetSpan(descriptor);
        const anchor = descriptor.anchor ?? (node ? formatKeyPath(node.path) : undefined);
        if (anchor === undefined) throw new Error('a span-located finding needs an anchor');
        const lines = linesOf(file);
        const region = lines.region(span);
        const secret = descriptor.secret;
        const lineStart = lines.lineStart(region.startLine);
        const secretSpan = secret === undefined ? undefined : locateSecret(file.text, span, secret);
        const secretOnLine = secretSpan ? [{ start: secretSpan.start - lineStart, end: secretSpan.end - lineStart }] : [];
        const template = rule.meta.messages[descriptor.messageId as keyof typeof rule.meta.messages] ?? descriptor.messageId;
        findings.push({
          ruleId: rule.meta.id,
          messageId: descriptor.messageId,
          message: renderMessage(template, descriptor.data),
          category: rule.meta.category,
          severity: descriptor.severity ?? rule.meta.severity,
          confidence: rule.meta.confidence,
          path: file.path,
          region,
          fingerprint: fingerprint(rule.meta.id, descriptor.messageId, anchor, secret),
          snippet: maskLine(lines.line(region.startLine), secretOnLine).slice(0, 300),
          ...(descriptor.lifetime ? { lifetime: descriptor.lifetime } : {}),
        });
      },
    };
    return { rule, hooks: rule.create(context) as RuleHooks };
  });

  const runHook = (ruleId: string, file: SourceFile | undefined, call: () => void): void => {
    currentFile = file;
    try {
      call();
    } catch (error) {
      // The error's own message may quote scanned content; its class name cannot.
      notifications.push({
        level: 'error',
        kind: 'rule-error',
        message: `rule ${ruleId} failed (${error instanceof Error ? error.name : 'error'})${file ? '; its findings for this file may be incomplete' : ''}`,
        ruleId,
        ...(file ? { path: file.path } : {}),
      });
    } finally {
      currentFile = undefined;
    }
  };

  const wantedKinds = new Set<FileKind>(options.rules.flatMap((rule) => rule.meta.kinds));
  let filesScanned = 0;

  for (const entry of target.entries) {
    const files = entry.isDirectory
      ? await discover(entry.absolute)
      : { files: [{ path: path.basename(entry.absolute), absolutePath: entry.absolute }], symlinks: 0, notifications: [] };
    skipped.symlink += files.symlinks;
    notifications.push(...files.notifications.map((n) => (n.path ? { ...n, path: toPosix(path.join(path.relative(target.root, entry.absolute), n.path)) } : n)));
    const prefix = entry.isDirectory ? path.relative(target.root, entry.absolute) : path.relative(target.root, path.dirname(entry.absolute));

    for (const discovered of files.files) {
      const relativePath = toPosix(path.join(prefix, discovered.path));
      let raw;
      try {
        raw = await reader.read(discovered.absolutePath, maxFileSize);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        if (code === 'ELOOP') skipped.symlink++;
        else notifications.push({ level: 'warning', kind: 'unreadable', message: `could not read file (${code})`, path: relativePath });
        continue;
      }
      if (raw.kind !== 'bytes') {
        skipped[raw.kind]++;
        continue;
      }
      const decoded = decode(raw.bytes);
      if (decoded.kind === 'binary') {
        skipped.binary++;
        continue;
      }
      filesScanned++;
      const classification = classify(relativePath);
      if (!wantedKinds.has(classification.kind)) continue;
      const file: SourceFile = { path: relativePath, text: decoded.text, ...classification };
      const outcome = loadDocument(file, linesOf(file));
      if (outcome === undefined) continue;
      if (outcome.notification) notifications.push(outcome.notification);
      if (!outcome.ok) continue;
      dispatch(outcome.document, active, runHook);
      lineIndexes.delete(file.path);
    }
  }

  for (const { rule, hooks } of active) if (hooks.finish) runHook(rule.meta.id, undefined, () => hooks.finish!());

  notifications.push(...skipNotifications(skipped));
  const rootProvenance = (await workTreeTop(target.root)) ? await provenance(target.root) : undefined;
  return {
    root: target.root,
    findings: sortFindings(dedupe(findings)),
    notifications,
    skipped,
    filesScanned,
    startTime,
    endTime: new Date(),
    ...(rootProvenance ? { provenance: rootProvenance } : {}),
    rules: options.rules,
  };
}

type HookRunner = (ruleId: string, file: SourceFile, call: () => void) => void;

/** Hands a parsed document to each interested rule, deriving each typed view once. */
function dispatch(doc: StructuredDocument, active: readonly { rule: Rule; hooks: RuleHooks }[], runHook: HookRunner): void {
  const kind = doc.file.kind;
  const interested = active.filter(({ rule }) => rule.meta.kinds.includes(kind));
  const workflow = kind === 'github-workflow' && interested.some(({ hooks }) => hooks.workflow) ? workflowView(doc) : undefined;
  const servers = kind === 'mcp-config' && interested.some(({ hooks }) => hooks.mcpServer) ? mcpServers(doc) : [];
  for (const { rule, hooks } of interested) {
    runHook(rule.meta.id, doc.file, () => {
      hooks.document?.(doc);
      if (workflow && hooks.workflow) hooks.workflow(workflow);
      if (hooks.mcpServer) for (const server of servers) hooks.mcpServer(server);
    });
  }
}

const SKIP_TEXT: Record<SkipReason, string> = {
  binary: 'binary files skipped (not parsed)',
  oversized: 'files over --max-file-size skipped (not parsed)',
  'not-regular': 'special files (devices, FIFOs, sockets) skipped',
  symlink: 'symbolic links not followed',
};

function skipNotifications(skipped: Readonly<Record<SkipReason, number>>): Notification[] {
  return (Object.keys(SKIP_TEXT) as SkipReason[])
    .filter((reason) => skipped[reason] > 0)
    .map((reason) => ({ level: 'note', kind: `skipped-${reason}`, message: `${skipped[reason]} ${SKIP_TEXT[reason]}` }));
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.ruleId}\0${finding.path}\0${finding.fingerprint}\0${finding.region.startLine}:${finding.region.startColumn}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.region.startLine - b.region.startLine ||
      a.region.startColumn - b.region.startColumn ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

export { describeSecret };
