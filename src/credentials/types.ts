import type { Lifetime, LifetimeClass } from '../model/finding.js';

/**
 * What an offline check learned about one candidate. `undefined` from `inspect` rejects it (a
 * checksum that does not hold, a documentation example); a value refines what the type says.
 */
export interface Inspection {
  /** Replaces the type's own lifetime class, with what was decoded (JWT `exp`, SAS `se`). */
  readonly lifetime?: Lifetime;
  /** Validity decoded from the credential itself, for the TTL rule. Seconds since the epoch. */
  readonly validity?: Validity;
  /** A more exact name than the type's, for messages ("Slack bot token"). */
  readonly name?: string;
}

/** The validity window a credential carries inside it. */
export interface Validity {
  /** Where the times come from: `jwt`, `sas`. */
  readonly source: 'jwt' | 'sas';
  readonly issuedAt?: number;
  /** Absent: the credential carries no expiry. */
  readonly expiresAt?: number;
}

/** Where a candidate sits, for checks that look beyond the secret. */
export interface MatchContext {
  /** The whole text searched. */
  readonly text: string;
  /** The regex match, its groups included. */
  readonly match: RegExpExecArray;
  /** The file's path, relative to the scan root. */
  readonly path: string;
}

/** One kind of credential, as data: how to find it, how long it lives, and proof that it works. */
export interface CredentialType {
  /** Stable kebab-case id: `github-classic-pat`. */
  readonly id: string;
  /** Who issues it: `GitHub`. */
  readonly provider: string;
  /** What it is, for messages: `GitHub personal access token (classic)`. */
  readonly name: string;
  /**
   * Lower-case ASCII literals, one of which every match contains or sits next to. The pattern
   * runs only near their occurrences (see `window`).
   */
  readonly keywords: readonly string[];
  /**
   * A global regex (`g`, optionally `i`, never `y`). The secret is the group named `secret`, else
   * the whole match. It must be linear-safe: no nested unbounded quantifiers (a test checks).
   */
  readonly pattern: RegExp;
  /**
   * How far from a keyword occurrence a match may start: from `before` characters before the
   * keyword's start to `after` characters after it. Default: the match starts at the keyword
   * (`{ before: 0, after: 0 }`), right for prefixed tokens; context rules widen it.
   */
  readonly window?: { readonly before: number; readonly after: number };
  /** The longest a match can be, when over 1,024 characters (a PEM key's body). */
  readonly maxLength?: number;
  /** Only in files whose path (relative, forward slashes) matches: credential files by shape. */
  readonly paths?: RegExp;
  /** How long such a credential lives when nothing inside it says otherwise (contract §4). */
  readonly lifetime: LifetimeClass;
  /** Why it lives that long, for the README table: `no expiry; revoked by hand`. */
  readonly lifetimeNote: string;
  /** Offline validation and decoding; see `Inspection`. Absent: every pattern match counts. */
  readonly inspect?: (secret: string, context: MatchContext) => Inspection | undefined;
  /**
   * Its own proof, checked by one test: each `true` sample holds exactly one credential of this
   * type (the `secret`, when given, is what must be found), each `false` sample none.
   */
  readonly samples: {
    readonly true: readonly (string | { readonly text: string; readonly secret: string; readonly path?: string })[];
    readonly false: readonly (string | { readonly text: string; readonly path?: string })[];
  };
}

/** One credential found in a text. */
export interface CredentialHit {
  readonly type: CredentialType;
  /** Offsets of the secret in the text searched. */
  readonly start: number;
  readonly end: number;
  readonly secret: string;
  /** The type's name, or the more exact one `inspect` gave. */
  readonly name: string;
  readonly lifetime: Lifetime;
  readonly validity?: Validity;
}
