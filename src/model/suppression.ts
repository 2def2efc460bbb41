import type { MapNode, Node, SourceFile, Span } from './document.js';

/**
 * A `nhiscan-ignore RULE-ID[, RULE-ID…]: reason` comment. It covers findings of those rules that
 * start on its own line or on the line after it.
 */
export interface InlineSuppression {
  readonly file: SourceFile;
  /** 1-based line of the comment. */
  readonly line: number;
  /** The comment's text from `nhiscan-ignore` to the end of the reason. */
  readonly span: Span;
  readonly ruleIds: readonly string[];
  /** Missing or blank: the comment suppresses nothing and is itself reported. */
  readonly reason?: string;
}

/** One entry of `suppressions:` in `.nhiscan.yml`, validated, with its located nodes. */
export interface ConfigSuppression {
  readonly file: SourceFile;
  readonly node: MapNode;
  readonly rule: string;
  /** Gitignore-style pattern matched against the finding's path. */
  readonly path: string;
  readonly line?: number;
  /** The finding's normalised key path (its fingerprint anchor), e.g. `permissions.defaultMode`. */
  readonly key?: string;
  readonly reason: string;
  /** `YYYY-MM-DD`: the last day the suppression holds. */
  readonly expires?: string;
  readonly expiresNode?: Node;
}

/** A suppression past its last day: `expires` is inclusive, in UTC. */
export function isExpired(expires: string | undefined, now: Date): boolean {
  return expires !== undefined && now.toISOString().slice(0, 10) > expires;
}
