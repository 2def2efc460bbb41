import type { ScanResult, SkipReason } from '../model/scan-result.js';
import { CATEGORIES } from '../model/category.js';
import type { Finding, Notification } from '../model/finding.js';
import { SEVERITIES, severityRank, type Severity } from '../model/severity.js';
import { summarize } from './json.js';
import { forMarkdown } from './sanitize.js';

export interface MarkdownOptions {
  /** Rows of the findings table; default 20. The table also stops at `MARKDOWN_TABLE_BUDGET` bytes. */
  readonly maxFindings?: number;
  /** Decides whether `::` sequences are broken (inside GitHub Actions); default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

export const DEFAULT_MAX_FINDINGS = 20;
/** Bytes (UTF-8) the findings table may take, whatever `maxFindings` says: a step summary holds 1 MiB in all. */
export const MARKDOWN_TABLE_BUDGET = 256 * 1024;
/** Longest message and path (UTF-16 units, before escaping) a row shows; longer ones are cut with `…`. */
export const MAX_MESSAGE_LENGTH = 240;
export const MAX_PATH_LENGTH = 160;
const MAX_NOTIFICATIONS = 10;

const SEVERITIES_DOWN: readonly Severity[] = [...SEVERITIES].reverse();

const SKIP_LABEL: Record<SkipReason, (n: number) => string> = {
  binary: (n) => `${n} binary`,
  oversized: (n) => `${n} over the size limit`,
  'not-regular': (n) => `${n} special (device, FIFO or socket)`,
  symlink: (n) => `${n} symbolic link${n === 1 ? '' : 's'}`,
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The first `max` units of `text`, ending in `…` when cut; never splits a surrogate pair. */
function clipEnd(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return `${text.slice(0, end)}…`;
}

/** The last `max` units of `text`, starting with `…` when cut: a path keeps its file name. */
function clipStart(text: string, max: number): string {
  if (text.length <= max) return text;
  let start = text.length - (max - 1);
  if (isLowSurrogate(text.charCodeAt(start))) start++;
  return `…${text.slice(start)}`;
}

/** A trusted identifier (rule id, notification kind) as code; anything unexpected is escaped instead. */
function identifier(id: string, env: NodeJS.ProcessEnv): string {
  return /^[A-Za-z0-9._/-]+$/.test(id) ? `\`${id}\`` : forMarkdown(clipEnd(id, MAX_PATH_LENGTH), env);
}

/** Unsuppressed before suppressed, then most severe first, then path, line, column and rule. */
function rank(a: Finding, b: Finding): number {
  return (
    Number(a.suppression !== undefined) - Number(b.suppression !== undefined) ||
    severityRank(b.severity) - severityRank(a.severity) ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    a.region.startLine - b.region.startLine ||
    a.region.startColumn - b.region.startColumn ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}

function verdict(total: number, bySeverity: Readonly<Record<Severity, number>>, suppressed: number, filesScanned: number): string {
  const scanned = `in ${plural(filesScanned, 'file')} scanned`;
  const hidden = suppressed > 0 ? ` (${suppressed} suppressed)` : '';
  if (total === 0) return `✅ **No findings** ${scanned}${hidden}.`;
  const icon = bySeverity.critical + bySeverity.high > 0 ? '❌' : '⚠️';
  const counts = SEVERITIES_DOWN.filter((s) => bySeverity[s] > 0).map((s) => `${bySeverity[s]} ${s}`);
  return `${icon} **${plural(total, 'finding')}** (${counts.join(', ')}) ${scanned}${hidden}.`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** Categories with findings × severities with findings, with totals. */
function countsTable(findings: readonly Finding[], bySeverity: Readonly<Record<Severity, number>>, total: number): string[] {
  const severities = SEVERITIES_DOWN.filter((s) => bySeverity[s] > 0);
  const rows = CATEGORIES.map((category) => {
    const cells = severities.map((s) => findings.filter((f) => !f.suppression && f.category === category && f.severity === s).length);
    return { category, cells, sum: cells.reduce((a, b) => a + b, 0) };
  }).filter((r) => r.sum > 0);
  const lines = [
    row(['Category', ...severities, 'Total']),
    row([':--', ...severities.map(() => '--:'), '--:']),
    ...rows.map((r) => row([r.category, ...r.cells.map(String), String(r.sum)])),
  ];
  if (rows.length > 1) lines.push(row(['**Total**', ...severities.map((s) => String(bySeverity[s])), `**${total}**`]));
  return lines;
}

function findingRow(finding: Finding, env: NodeJS.ProcessEnv): string {
  const severity = finding.suppression ? `${finding.severity} (suppressed)` : finding.severity;
  const location = `${forMarkdown(clipStart(finding.path, MAX_PATH_LENGTH), env)}:${finding.region.startLine}`;
  return row([severity, identifier(finding.ruleId, env), location, forMarkdown(clipEnd(finding.message, MAX_MESSAGE_LENGTH), env)]);
}

function notificationLine(note: Notification, env: NodeJS.ProcessEnv): string {
  const position = note.line !== undefined ? `:${note.line}${note.column !== undefined ? `:${note.column}` : ''}` : '';
  const where = note.path !== undefined ? ` ${forMarkdown(clipStart(note.path, MAX_PATH_LENGTH), env)}${position}` : '';
  const rule = note.ruleId !== undefined ? ` (rule ${identifier(note.ruleId, env)})` : '';
  return `- **${note.level}** ${identifier(note.kind, env)}${where}${rule}: ${forMarkdown(clipEnd(note.message, MAX_MESSAGE_LENGTH), env)}`;
}

function maxRows(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return DEFAULT_MAX_FINDINGS;
  return Math.max(0, Math.floor(requested));
}

/**
 * A summary for a pull-request comment or a GitHub step summary: a verdict, counts by category
 * and severity, the top findings, notifications and skipped files. Every name from a scanned file
 * is escaped (docs/contract.md §6) and the size is bounded whatever the number of findings.
 */
export function formatMarkdown(scan: ScanResult, findings: readonly Finding[], options: MarkdownOptions = {}): string {
  const env = options.env ?? process.env;
  const summary = summarize(scan, findings);
  const blocks: string[][] = [['## nhiscan results'], [verdict(summary.findings, summary.bySeverity, summary.suppressed, summary.filesScanned)]];

  if (summary.findings > 0) blocks.push(countsTable(findings, summary.bySeverity, summary.findings));

  if (findings.length > 0) {
    const limit = maxRows(options.maxFindings);
    const ranked = [...findings].sort(rank);
    const header = [row(['Severity', 'Rule', 'Location', 'Message']), row([':--', ':--', ':--', ':--'])];
    const rows: string[] = [];
    let bytes = 0;
    for (const finding of ranked) {
      if (rows.length >= limit) break;
      const line = findingRow(finding, env);
      bytes += Buffer.byteLength(line, 'utf8') + 1;
      if (bytes > MARKDOWN_TABLE_BUDGET) break;
      rows.push(line);
    }
    if (rows.length > 0) blocks.push(['### Findings'], [...header, ...rows]);
    const left = ranked.length - rows.length;
    if (left > 0) blocks.push([`${rows.length > 0 ? 'And ' : ''}${plural(left, rows.length > 0 ? 'more finding' : 'finding')} not shown.`]);
  }

  // Skip notifications repeat the skipped counts shown below.
  const notes = scan.notifications.filter((note) => !note.kind.startsWith('skipped-'));
  if (notes.length > 0) {
    const shown = notes.slice(0, MAX_NOTIFICATIONS).map((note) => notificationLine(note, env));
    if (notes.length > shown.length) shown.push(`- and ${notes.length - shown.length} more`);
    blocks.push([`### Notifications (${notes.length})`], shown);
  }

  const skipped = (Object.keys(SKIP_LABEL) as SkipReason[]).filter((reason) => summary.skipped[reason] > 0);
  if (skipped.length > 0) blocks.push([`Skipped files: ${skipped.map((reason) => SKIP_LABEL[reason](summary.skipped[reason])).join(', ')}.`]);

  return `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`;
}
