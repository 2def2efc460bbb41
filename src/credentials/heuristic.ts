/**
 * STOPGAP HEURISTIC: a small list of known token prefixes plus an entropy test, enough for the
 * first MCP rule. The credentials issue replaces it with the pattern catalogue (data with true
 * and false samples, keyword prefilter, validators). Keep it small; do not grow it here.
 */
import { isHighEntropyToken } from './mask.js';

export interface CredentialMatch {
  /** What the value looks like, for messages: 'GitHub token', 'high-entropy value'. */
  readonly kind: string;
  /** Offsets of the secret within the value (a `Bearer ` scheme is not part of it). */
  readonly start: number;
  readonly end: number;
}

const KNOWN_PREFIXES: readonly { readonly pattern: RegExp; readonly kind: string }[] = [
  { pattern: /^(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}$/, kind: 'GitHub token' },
  { pattern: /^github_pat_[A-Za-z0-9_]{22,255}$/, kind: 'GitHub fine-grained token' },
  { pattern: /^glpat-[A-Za-z0-9_-]{20,}$/, kind: 'GitLab token' },
  { pattern: /^sk-ant-[A-Za-z0-9_-]{32,}$/, kind: 'Anthropic API key' },
  // Before OpenAI's: OpenRouter keys also start with `sk-`.
  { pattern: /^sk-or-v1-[0-9a-f]{64}$/, kind: 'OpenRouter API key' },
  { pattern: /^sk-(?:proj-)?[A-Za-z0-9_-]{32,}$/, kind: 'OpenAI API key' },
  { pattern: /^xox[abpr]-\d+-[A-Za-z0-9-]{10,}$/, kind: 'Slack token' },
  { pattern: /^sbp_(?:v0_)?[0-9a-f]{40}$/, kind: 'Supabase access token' },
  { pattern: /^GOCSPX-[A-Za-z0-9_-]{28}$/, kind: 'Google OAuth client secret' },
  { pattern: /^(?:AKIA|ASIA)[A-Z0-9]{16}$/, kind: 'AWS access key id' },
  { pattern: /^AIza[A-Za-z0-9_-]{35}$/, kind: 'Google API key' },
  { pattern: /^hf_[A-Za-z0-9]{30,}$/, kind: 'Hugging Face token' },
  { pattern: /^npm_[A-Za-z0-9]{36}$/, kind: 'npm token' },
  { pattern: /^(?:sk|rk)_live_[A-Za-z0-9]{20,}$/, kind: 'Stripe live key' },
  { pattern: /^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/, kind: 'JWT' },
];

/** Key names that say their value is a credential; `auth` only as a word (not OAUTH_CLIENT_ID, AUTHOR). */
const SECRET_KEY_NAME = /token|secret|passw(?:or)?d|pwd|api[-_]?key|apikey|(?:^|[-_])auth(?:[-_]|orization|$)|credential|private[-_]?key|access[-_]?key|(?:^|[-_])pat$/i;

/** Key names that hold public identifiers or locations, whatever else their name says. */
const PUBLIC_KEY_NAME = /[-_](?:id|url|uri|host|path|file|dir|type|mode|region|user|username|email|model|name|endpoint)$/i;

const PASSWORD_KEY_NAME = /passw(?:or)?d|pwd/i;

/** References that resolve at run time: the value is a name, not a secret. */
const REFERENCE = /^\$\{[^}]+\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^\$\{\{[^}]*\}\}$|^\{\{[^}]*\}\}$/;

/** Obvious placeholders a template leaves for the user to fill in. */
const PLACEHOLDER = /^(?:<[^>]*>|\[[^\]]*\]|x{6,}|\*{3,}|\.{3,}|your[-_ ].*|.*[-_ ]here|changeme|placeholder|redacted|example.*|dummy.*|test|none|null|true|false)$/i;

/** A placeholder dressed in a real prefix: `ghp_xxxxxxxx…`, `xoxb-your-slack-bot-token`. */
const PLACEHOLDER_BODY = /your|here|example|placeholder|xxxx|0000000|0123456|1234567|9876543|abcdefg/i;

/** A file path is where a credential lives, not the credential. */
const FILE_PATH = /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:[\\/])|\.(?:json|pem|key|p12|crt)$/i;

function looksFake(token: string): boolean {
  return PLACEHOLDER_BODY.test(token) || new Set(token).size < 6;
}

function isReference(value: string): boolean {
  return REFERENCE.test(value.trim());
}

/**
 * Whether `value`, found under `keyName`, looks like a literal credential. A value made only of
 * references (`${VAR}`, `${env:VAR}`, `${input:id}`) passes.
 */
export function matchCredential(value: string, keyName: string, minEntropyLength = 16): CredentialMatch | undefined {
  let start = 0;
  let token = value;
  const bearer = /^(?:Bearer|Basic|token|Token)\s+/.exec(value);
  if (bearer) {
    start = bearer[0].length;
    token = value.slice(start);
  }
  token = token.trim();
  if (token === '' || isReference(token) || token.includes('${') || PLACEHOLDER.test(token) || FILE_PATH.test(token)) return undefined;
  if (looksFake(token)) return undefined;
  const end = start + token.length;

  const known = KNOWN_PREFIXES.find((entry) => entry.pattern.test(token));
  if (known) return { kind: known.kind, start, end };

  const namedSecret = bearer !== null || (SECRET_KEY_NAME.test(keyName) && !PUBLIC_KEY_NAME.test(keyName));
  if (!namedSecret) return undefined;
  if (isHighEntropyToken(token, minEntropyLength)) return { kind: 'high-entropy value', start, end };
  // A password need not look random to be one.
  if (PASSWORD_KEY_NAME.test(keyName) && token.length >= 6 && !/\s/.test(token)) return { kind: 'password', start, end };
  return undefined;
}
