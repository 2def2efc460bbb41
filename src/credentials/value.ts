/**
 * Whether one value, found under a key, holds a credential: the catalogue first (a known format,
 * with its lifetime), then what the key's name says (a random-looking value under `*_TOKEN`, any
 * literal under a password key). For values a structure hands over one by one: MCP `env` and
 * `headers` entries, command-line flags, the key/value pairs of a line being redacted.
 */
import type { Lifetime } from '../model/finding.js';
import { looksRandom } from './checks.js';
import { detectCredentials } from './index.js';
import { plausiblePassword } from './catalogue/structural.js';
import { looksLikePlaceholder } from './placeholder.js';

export interface CredentialMatch {
  /** What the value holds, for messages: `GitHub personal access token (classic)`, `high-entropy value`. */
  readonly kind: string;
  /** Offsets of the secret within the value (a `Bearer ` scheme is not part of it). */
  readonly start: number;
  readonly end: number;
  readonly lifetime: Lifetime;
}

/** Key names that say their value is a credential; `auth` only as a word (not OAUTH_CLIENT_ID, AUTHOR). */
const SECRET_KEY_NAME = /token|secret|passw(?:or)?d|pwd|api[-_]?key|apikey|(?:^|[-_])auth(?:[-_]|orization|$)|credential|private[-_]?key|access[-_]?key|(?:^|[-_])pat$/i;

/** Key names that hold public identifiers or locations, whatever else their name says. */
const PUBLIC_KEY_NAME = /[-_](?:id|url|uri|host|path|file|dir|type|mode|region|user|username|email|model|name|endpoint)$/i;

const PASSWORD_KEY_NAME = /passw(?:or)?d|pwd/i;

/** References that resolve at run time: the value is a name, not a secret. */
const REFERENCE = /^\$\{[^}]{1,200}\}$|^\$[A-Za-z_][A-Za-z0-9_]{0,100}$|^\$\{\{[^}]{0,200}\}\}$|^\{\{[^}]{0,200}\}\}$/;

/** Obvious placeholders a template leaves for the user to fill in. */
const PLACEHOLDER = /^(?:<[^>]{0,100}>|\[[^\]]{0,100}\]|x{6,}|\*{3,}|\.{3,}|your[-_ ].{0,100}|.{0,100}[-_ ]here|changeme|placeholder|redacted|example.{0,100}|dummy.{0,100}|test|none|null|true|false)$/i;

/** A file path is where a credential lives, not the credential. */
const FILE_PATH = /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:[\\/])|\.(?:json|pem|key|p12|crt)$/i;

const STATIC: Lifetime = { class: 'static' };

/**
 * The credential `value` holds under `keyName`, or undefined. A value made only of references
 * (`${VAR}`, `${env:VAR}`, `${input:id}`) or a placeholder passes.
 */
export function matchCredential(value: string, keyName: string, minEntropyLength = 16): CredentialMatch | undefined {
  let start = 0;
  let token = value;
  const scheme = /^(?:Bearer|Basic|token|Token)\s+/.exec(value);
  if (scheme) {
    start = scheme[0].length;
    token = value.slice(start);
  }
  token = token.trim();
  if (token === '' || REFERENCE.test(token) || token.includes('${') || PLACEHOLDER.test(token) || FILE_PATH.test(token)) return undefined;
  if (looksLikePlaceholder(token)) return undefined;
  const end = start + token.length;

  // A known format anywhere in the value: its own name and lifetime.
  const [known] = detectCredentials(token, 'value');
  if (known) return { kind: known.name, start: start + known.start, end: start + known.end, lifetime: known.lifetime };

  const namedSecret = scheme !== null || (SECRET_KEY_NAME.test(keyName) && !PUBLIC_KEY_NAME.test(keyName));
  if (!namedSecret) return undefined;
  if (/^[A-Za-z0-9+/=_.~-]+$/.test(token) && looksRandom(token, minEntropyLength)) return { kind: 'high-entropy value', start, end, lifetime: STATIC };
  // A password need not look random to be one.
  // A default or a plain word (`postgres`, `admin123`, an image's documented `bitnami1`) is no one's secret.
  if (PASSWORD_KEY_NAME.test(keyName) && token.length >= 6 && !/\s/.test(token) && plausiblePassword(token)) return { kind: 'password', start, end, lifetime: STATIC };
  return undefined;
}

/** Whether a key's name says its value is a secret (`GITHUB_TOKEN`, `X-Api-Key`), not a public id or a path. */
export function isSecretKeyName(name: string): boolean {
  return SECRET_KEY_NAME.test(name) && !PUBLIC_KEY_NAME.test(name);
}

/** The `min-secret-length` option of the rules that judge a literal value under its key. */
export const MIN_SECRET_LENGTH_OPTION = {
  type: 'number',
  default: 16,
  min: 8,
  description: 'shortest value without a known prefix that can count as a random-looking secret',
} as const;
