import type { Config } from '../config/config.js';
import type { Rule } from '../rule.js';
import type { Finding, Notification } from './finding.js';

/** Repository, commit and branch for SARIF's versionControlProvenance. */
export interface Provenance {
  readonly repositoryUri: string;
  readonly revisionId?: string;
  readonly branch?: string;
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
  /** The config the scan ran with (empty when there was none). */
  readonly config: Config;
  /**
   * With `--include-home`: each of the user's own config files the scan read, by the path its
   * findings and notifications give (`~/.cursor/mcp.json`, or an absolute path outside the home
   * directory) → its absolute path. Text shows that path; JSON and SARIF give the absolute
   * `file://` URI. Absent without `--include-home`.
   */
  readonly userFiles?: ReadonlyMap<string, string>;
}
