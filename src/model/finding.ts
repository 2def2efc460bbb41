import type { Category } from './category.js';
import type { Confidence, Severity } from './severity.js';

/** A 1-based region: lines and columns as SARIF wants them (columns count UTF-16 code units). */
export interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type LifetimeClass = 'static' | 'long' | 'medium' | 'short' | 'config';

export interface Lifetime {
  readonly class: LifetimeClass;
  readonly expiresAt?: string;
  readonly ttlSeconds?: number;
  readonly source?: string;
}

/** Another place that bears on a finding, and what it is: each related location says why it is there. */
export interface RelatedLocation {
  readonly path: string;
  readonly region: Region;
  readonly message: string;
}

/** Why a finding is not counted: a reasoned decision, inline beside the evidence or in `.nhiscan.yml`. */
export interface Suppression {
  readonly kind: 'inline' | 'config';
  readonly reason: string;
  /** `YYYY-MM-DD`; after it the suppression lapses and the finding comes back. */
  readonly expires?: string;
  /** Where the suppression is written: the comment's line, or the config file entry. */
  readonly path: string;
  readonly line?: number;
}

/** What a rule found, located and ready for every writer. Never holds a secret in clear. */
export interface Finding {
  readonly ruleId: string;
  readonly messageId: string;
  /** Rendered message: names what and where, never a secret. */
  readonly message: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** Path relative to the scan root, with forward slashes. */
  readonly path: string;
  readonly region: Region;
  /** The normalised key path or anchor the finding is about (`jobs.build`, `mcpServers.gh.env.TOKEN`). */
  readonly anchor: string;
  /** `nhiscan/v1` fingerprint: no path, no line, so moves keep it. */
  readonly fingerprint: string;
  readonly lifetime?: Lifetime;
  readonly relatedLocations?: readonly RelatedLocation[];
  readonly alsoMatched?: readonly string[];
  /** The first line of the region, with every secret and high-entropy token already masked. */
  readonly snippet?: string;
  /** Present when the finding is suppressed; writers show such findings only when asked. */
  readonly suppression?: Suppression;
}

export type NotificationLevel = 'error' | 'warning' | 'note';

/**
 * Something the scan could not do. Built from an error's kind and position only,
 * never from a parser's message (those quote the input).
 */
export interface Notification {
  readonly level: NotificationLevel;
  /** Stable kind, e.g. `parse-error`, `unreadable`, `binary-skipped`. */
  readonly kind: string;
  readonly message: string;
  readonly path?: string;
  readonly ruleId?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Report order: by path, then position, then rule id. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.region.startLine - b.region.startLine ||
      a.region.startColumn - b.region.startColumn ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}
