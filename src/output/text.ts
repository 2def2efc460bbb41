import pc from 'picocolors';
import type { ScanResult } from '../model/scan-result.js';
import type { Finding, Notification } from '../model/finding.js';
import { SEVERITIES, type Severity } from '../model/severity.js';
import { forTerminal } from './sanitize.js';

export interface TextOptions {
  readonly color: boolean;
  readonly quiet: boolean;
  /**
   * Put before every scanned path (e.g. `fixtures/agents/`, from the current directory to the scan
   * root), so a terminal or editor can open what is printed; findings stay relative to the root.
   */
  readonly pathPrefix?: string;
  /** Findings left out by min-severity, so the summary can say the report is not everything. */
  readonly hidden?: { readonly count: number; readonly below: Severity };
}

type Paint = (text: string) => string;

function palette(color: boolean) {
  const c = pc.createColors(color);
  const severity: Record<Severity, Paint> = {
    critical: (s) => c.bold(c.red(s)),
    high: c.red,
    medium: c.yellow,
    low: c.cyan,
    info: c.dim,
  };
  return { c, severity };
}

function notificationLine(note: Notification, shownPath: (path: string) => string): string {
  const where = note.path ? `${shownPath(note.path)}${note.line ? `:${note.line}` : ''}: ` : '';
  return `${note.level === 'note' ? 'note' : note.level}: ${where}${forTerminal(note.message)}`;
}

/**
 * The human report: findings grouped by file, each with severity, rule, message, location and
 * a masked snippet; then notifications and a summary. Every scanned name is sanitised.
 */
export function formatText(scan: ScanResult, findings: readonly Finding[], options: TextOptions): string {
  const { c, severity } = palette(options.color);
  // An absolute path (a --config file outside the root) already opens from anywhere, and so does
  // a user file read with --include-home (`~/.cursor/mcp.json`).
  const outside = (path: string): boolean => scan.userFiles?.has(path) === true || /^(?:\/|[A-Za-z]:\/)/.test(path);
  const shownPath = (path: string): string => forTerminal(outside(path) ? path : `${options.pathPrefix ?? ''}${path}`);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) byFile.set(finding.path, [...(byFile.get(finding.path) ?? []), finding]);

  for (const [path, fileFindings] of byFile) {
    out.push(c.underline(shownPath(path)));
    for (const finding of fileFindings) {
      const where = `${finding.region.startLine}:${finding.region.startColumn}`;
      out.push(
        `  ${c.dim(where.padEnd(8))} ${severity[finding.severity](finding.severity.padEnd(8))} ${forTerminal(finding.message)}  ${c.dim(finding.ruleId)}`,
      );
      const indent = `  ${' '.repeat(8)} `;
      if (finding.snippet && finding.snippet.trim() !== '') out.push(`${indent}${c.dim('│')} ${c.dim(forTerminal(finding.snippet.trim()))}`);
      for (const related of finding.relatedLocations ?? []) {
        const at = `${shownPath(related.path)}:${related.region.startLine}:${related.region.startColumn}`;
        out.push(`${indent}${c.dim('↳')} ${at}  ${c.dim(forTerminal(related.message))}`);
      }
      if (finding.alsoMatched?.length) out.push(`${indent}${c.dim(`also matched: ${finding.alsoMatched.join(', ')}`)}`);
      const suppression = finding.suppression;
      if (suppression) {
        const where = `${shownPath(suppression.path)}${suppression.line ? `:${suppression.line}` : ''}`;
        const until = suppression.expires ? ` until ${suppression.expires}` : '';
        out.push(`  ${' '.repeat(8)} ${c.dim(`suppressed (${suppression.kind}, ${where}${until}): ${forTerminal(suppression.reason)}`)}`);
      }
    }
    out.push('');
  }

  if (options.quiet) return out.join('\n');

  for (const note of scan.notifications) out.push(note.level === 'note' ? c.dim(notificationLine(note, shownPath)) : c.yellow(notificationLine(note, shownPath)));
  if (scan.notifications.length > 0) out.push('');

  const counts = SEVERITIES.slice()
    .reverse()
    .map((s) => [s, findings.filter((f) => f.severity === s && !f.suppression).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => severity[s](`${n} ${s}`));
  // Suppressed findings are counted whether or not they are shown (--show-suppressed).
  const suppressed = scan.findings.filter((f) => f.suppression).length;
  const total = findings.filter((f) => !f.suppression).length;
  const hidden = options.hidden?.count ? `, ${options.hidden.count} below min-severity ${options.hidden.below} hidden` : '';
  out.push(
    `${total === 0 ? c.green('no findings') : `${total} finding${total === 1 ? '' : 's'} (${counts.join(', ')})`}${suppressed ? `, ${suppressed} suppressed` : ''}${hidden} in ${scan.filesScanned} file${scan.filesScanned === 1 ? '' : 's'} scanned`,
  );
  return `${out.join('\n')}\n`;
}
