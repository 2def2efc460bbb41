import { pathToFileURL } from 'node:url';
import type { ScanResult, SkipReason } from '../model/scan-result.js';
import { displayId, taxon, type FrameworkId, type FrameworkRef } from '../frameworks/catalog.js';
import { CATEGORIES, type Category } from '../model/category.js';
import type { Finding, Lifetime, LifetimeClass, Notification, NotificationLevel, Region, Suppression } from '../model/finding.js';
import { SECURITY_SEVERITY, SEVERITIES, sarifLevel, type Confidence, type Severity } from '../model/severity.js';
import type { Rule } from '../rule.js';
import { ruleHelpUri, TOOL_NAME, TOOL_URI, TOOL_VERSION } from '../version.js';

/**
 * The JSON report (`--format json`): a versioned document for scripts, dashboards and baselines.
 * Each finding carries the same values as the SARIF result for it (rule id, level,
 * security-severity, region, the `nhiscan/v1` fingerprint), under plain names.
 *
 * Schema version 1. Adding an optional field keeps the version; removing or renaming a field, or
 * changing a field's meaning, raises it.
 */
export const JSON_SCHEMA_VERSION = '1';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface JsonTool {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
}

export interface JsonProvenance {
  /** Remote URL with any credentials stripped. */
  readonly repositoryUri: string;
  readonly revisionId?: string;
  readonly branch?: string;
}

export interface JsonSummary {
  /** Findings in the report that no suppression hides; the counts below add up to it. */
  readonly findings: number;
  /** Every severity, most severe first, zero included. */
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Every category, in the order of docs/contract.md §2, zero included. */
  readonly byCategory: Readonly<Record<Category, number>>;
  /**
   * Findings a suppression hides: those of the scan, and those of the report (listed only with
   * `--show-suppressed`), each counted once.
   */
  readonly suppressed: number;
  readonly filesScanned: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
}

export interface JsonRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface JsonLifetime {
  readonly class: LifetimeClass;
  readonly expiresAt?: string;
  readonly ttlSeconds?: number;
  readonly source?: string;
}

export interface JsonRelatedLocation {
  readonly path: string;
  readonly region: JsonRegion;
  readonly message: string;
}

export interface JsonSuppression {
  readonly kind: Suppression['kind'];
  readonly reason: string;
  readonly expires?: string;
  readonly path: string;
  readonly line?: number;
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly messageId: string;
  /** What and where; never a secret (a credential shows as its public prefix and length). */
  readonly message: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** SARIF `level`. */
  readonly level: SarifLevel;
  /** SARIF `properties["security-severity"]`, the same string. */
  readonly securitySeverity: string;
  /**
   * Relative to the scan root, forward slashes, not URI-encoded; for one of the user's own files
   * (`--include-home`), its absolute `file://` URI, as in SARIF.
   */
  readonly path: string;
  readonly region: JsonRegion;
  /** SARIF `partialFingerprints["nhiscan/v1"]`. */
  readonly fingerprint: string;
  readonly lifetime?: JsonLifetime;
  readonly relatedLocations?: readonly JsonRelatedLocation[];
  readonly alsoMatched?: readonly string[];
  /** The region's first line with every secret and high-entropy token masked. */
  readonly snippet?: string;
  /** Present on a suppressed finding (listed only with `--show-suppressed`). */
  readonly suppression?: JsonSuppression;
}

export interface JsonNotification {
  readonly level: NotificationLevel;
  readonly kind: string;
  readonly message: string;
  readonly path?: string;
  readonly ruleId?: string;
  readonly line?: number;
  readonly column?: number;
}

export interface JsonFrameworkRef {
  readonly framework: FrameworkId;
  /** The catalog id: `ASI03`, `NHI7`, `L4`, `GOVERN-3.2`, `798`, `PR.AA-05`. */
  readonly id: string;
  /** As written for people: `ASI03`, `NHI7:2025`, `MAESTRO L4`, `GOVERN 3.2`, `CWE-798`. */
  readonly display: string;
  readonly title: string;
}

export interface JsonRule {
  readonly id: string;
  readonly title: string;
  readonly category: Category;
  /** The rule's default severity; a finding may differ where context changes it. */
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly helpUri: string;
  readonly frameworks: readonly JsonFrameworkRef[];
}

export interface JsonReport {
  readonly schemaVersion: typeof JSON_SCHEMA_VERSION;
  readonly tool: JsonTool;
  /** Only when the caller passes one (e.g. the path as the user typed it); never taken from the scan. */
  readonly root?: string;
  /** ISO 8601, UTC. */
  readonly startTime: string;
  readonly endTime: string;
  /** When the scan root is a git work tree with a remote. */
  readonly provenance?: JsonProvenance;
  readonly summary: JsonSummary;
  readonly findings: readonly JsonFinding[];
  readonly notifications: readonly JsonNotification[];
  /** Every rule that ran, sorted by id. */
  readonly rules: readonly JsonRule[];
}

export interface JsonOptions {
  /**
   * Written as `root` when given. The scan's own root is absolute and would leak the local
   * directory layout (user name, workspace path) into a shared report, so it is never written.
   */
  readonly root?: string;
}

const SKIP_REASONS: readonly SkipReason[] = ['binary', 'oversized', 'not-regular', 'symlink'];

function findingKey(finding: Finding): string {
  return `${finding.ruleId}\0${finding.path}\0${finding.fingerprint}\0${finding.region.startLine}:${finding.region.startColumn}`;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/** Counts for the report's `summary`; the markdown writer shows the same numbers. */
export function summarize(scan: ScanResult, findings: readonly Finding[]): JsonSummary {
  const bySeverity = zeroes([...SEVERITIES].reverse());
  const byCategory = zeroes(CATEGORIES);
  let total = 0;
  for (const finding of findings) {
    if (finding.suppression) continue;
    total++;
    bySeverity[finding.severity]++;
    byCategory[finding.category]++;
  }
  const suppressed = new Set([...scan.findings, ...findings].filter((finding) => finding.suppression).map(findingKey));
  const skipped = zeroes(SKIP_REASONS);
  for (const reason of SKIP_REASONS) skipped[reason] = scan.skipped[reason];
  return { findings: total, bySeverity, byCategory, suppressed: suppressed.size, filesScanned: scan.filesScanned, skipped };
}

function region(from: Region): JsonRegion {
  return { startLine: from.startLine, startColumn: from.startColumn, endLine: from.endLine, endColumn: from.endColumn };
}

function lifetime(from: Lifetime): JsonLifetime {
  return {
    class: from.class,
    ...(from.expiresAt !== undefined ? { expiresAt: from.expiresAt } : {}),
    ...(from.ttlSeconds !== undefined ? { ttlSeconds: from.ttlSeconds } : {}),
    ...(from.source !== undefined ? { source: from.source } : {}),
  };
}

/** A report path as JSON gives it: as found, or a user file's absolute `file://` URI (`--include-home`). */
type PathOf = (path: string) => string;

function pathIn(userFiles: ReadonlyMap<string, string> | undefined): PathOf {
  return (path) => {
    const absolute = userFiles?.get(path);
    return absolute === undefined ? path : pathToFileURL(absolute).href;
  };
}

function suppression(from: Suppression, pathOf: PathOf): JsonSuppression {
  return {
    kind: from.kind,
    reason: from.reason,
    ...(from.expires !== undefined ? { expires: from.expires } : {}),
    path: pathOf(from.path),
    ...(from.line !== undefined ? { line: from.line } : {}),
  };
}

function finding(from: Finding, pathOf: PathOf): JsonFinding {
  return {
    ruleId: from.ruleId,
    messageId: from.messageId,
    message: from.message,
    category: from.category,
    severity: from.severity,
    confidence: from.confidence,
    level: sarifLevel(from.severity),
    securitySeverity: SECURITY_SEVERITY[from.severity],
    path: pathOf(from.path),
    region: region(from.region),
    fingerprint: from.fingerprint,
    ...(from.lifetime ? { lifetime: lifetime(from.lifetime) } : {}),
    // As in SARIF: present only when non-empty.
    ...(from.relatedLocations?.length
      ? {
          relatedLocations: from.relatedLocations.map((related) => ({
            path: pathOf(related.path),
            region: region(related.region),
            message: related.message,
          })),
        }
      : {}),
    ...(from.alsoMatched?.length ? { alsoMatched: [...from.alsoMatched] } : {}),
    ...(from.snippet !== undefined ? { snippet: from.snippet } : {}),
    ...(from.suppression ? { suppression: suppression(from.suppression, pathOf) } : {}),
  };
}

function notification(from: Notification, pathOf: PathOf): JsonNotification {
  return {
    level: from.level,
    kind: from.kind,
    message: from.message,
    ...(from.path !== undefined ? { path: pathOf(from.path) } : {}),
    ...(from.ruleId !== undefined ? { ruleId: from.ruleId } : {}),
    ...(from.line !== undefined ? { line: from.line } : {}),
    ...(from.column !== undefined ? { column: from.column } : {}),
  };
}

function frameworkRef(ref: FrameworkRef): JsonFrameworkRef {
  const display = displayId(ref);
  return { framework: ref.framework, id: ref.id, display, title: taxon(ref)?.title ?? display };
}

function rule(from: Rule): JsonRule {
  const meta = from.meta;
  return {
    id: meta.id,
    title: meta.title,
    category: meta.category,
    severity: meta.severity,
    confidence: meta.confidence,
    helpUri: ruleHelpUri(meta.id),
    frameworks: meta.frameworks.map(frameworkRef),
  };
}

/** The report as an object, every key in a fixed order. `findings` are written in the order given. */
export function toJsonReport(scan: ScanResult, findings: readonly Finding[] = scan.findings, options: JsonOptions = {}): JsonReport {
  const provenance = scan.provenance;
  const pathOf = pathIn(scan.userFiles);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION, informationUri: TOOL_URI },
    ...(options.root !== undefined ? { root: options.root } : {}),
    startTime: scan.startTime.toISOString(),
    endTime: scan.endTime.toISOString(),
    ...(provenance
      ? {
          provenance: {
            repositoryUri: provenance.repositoryUri,
            ...(provenance.revisionId ? { revisionId: provenance.revisionId } : {}),
            ...(provenance.branch ? { branch: provenance.branch } : {}),
          },
        }
      : {}),
    summary: summarize(scan, findings),
    findings: findings.map((item) => finding(item, pathOf)),
    notifications: scan.notifications.map((note) => notification(note, pathOf)),
    rules: [...scan.rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0)).map(rule),
  };
}

/** `--format json`: the report with 2-space indentation and a trailing newline. */
export function formatJson(scan: ScanResult, findings: readonly Finding[], options: JsonOptions = {}): string {
  return `${JSON.stringify(toJsonReport(scan, findings, options), null, 2)}\n`;
}
