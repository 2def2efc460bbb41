import { createHash } from 'node:crypto';
import { shannonEntropy } from './checks.js';

/**
 * Public prefixes that identify a token's issuer. Showing them tells the reader what leaked
 * without revealing any of the secret part.
 */
const PUBLIC_PREFIXES = [
  'github_pat_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'glft-', 'gloas-',
  'sk-ant-api03-', 'sk-ant-admin01-', 'sk-ant-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-or-v1-', 'sk-', 'sbp_', 'GOCSPX-',
  'xoxb-', 'xoxp-', 'xoxa-', 'xoxe-', 'xapp-', 'AKIA', 'ASIA', 'ABSK', 'AIza', 'hf_', 'api_org_', 'npm_', 'pypi-',
  'sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'dop_v1_', 'doo_v1_', 'dor_v1_', 'lin_api_', 'hvs.', 'hvb.', 'SG.', 'shpat_',
  'shpca_', 'shppa_', 'shpss_', 'PMAK-', 'dapi', 'sntrys_', 'sntryu_', 'glsa_', 'glc_', 'gsk_', 'r8_', 'pplx-', 'xai-',
  'ntn_', 'pul-', 'dp.pt.', 'dp.st.', 'dp.sa.', 'ATATT', 'HRKU-', 'LTAI', 'cfk_', 'cfut_', 'cfat_', 'eyJ',
] as const;

export function publicPrefix(secret: string): string {
  return PUBLIC_PREFIXES.find((prefix) => secret.startsWith(prefix) && secret.length > prefix.length + 8) ?? '';
}

/** How a secret appears in any output: its public prefix, if any, and its length. Never more. */
export function describeSecret(secret: string): string {
  return `${publicPrefix(secret)}…(${secret.length} chars)`;
}

/**
 * A 32-bit digest of a secret, for fingerprints. Truncation keeps it from confirming a guess
 * of the secret offline, while still telling two different secrets at one key apart.
 */
export function secretDigest32(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}

/** A token that looks random enough to be a secret: long, from a token alphabet, high entropy. */
export function isHighEntropyToken(token: string, minLength = 16): boolean {
  return token.length >= minLength && /^[A-Za-z0-9+/=_.~-]+$/.test(token) && /\d/.test(token) && shannonEntropy(token) >= 3.5;
}


/** A run of token characters; `=` only as trailing padding, so `NAME=value` keeps its name visible. */
const TOKEN_RUN = /[A-Za-z0-9+/_.~-]{16,}={0,2}/g;

/**
 * A line fit for display: every given secret span and every other high-entropy token replaced
 * by its description. Spans are offsets within the line.
 */
export function maskLine(line: string, secretSpans: readonly { start: number; end: number }[] = []): string {
  let out = '';
  let cursor = 0;
  for (const span of mergeSpans(line.length, secretSpans)) {
    out += maskTokens(line.slice(cursor, span.start)) + describeSecret(line.slice(span.start, span.end));
    cursor = span.end;
  }
  return out + maskTokens(line.slice(cursor));
}

/**
 * Spans clipped to the line, sorted, and overlapping ones merged: two findings can locate one
 * secret differently, and masking only the first of two overlapping spans would show the rest.
 */
function mergeSpans(length: number, spans: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push(span);
  }
  return merged;
}

/** Characters that must not reach a terminal or a log raw: C0 and C1 controls, line and bidi marks. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A name or value from a scanned or config file, fit for an error message or a finding's
 * message: a token that looks like a credential is described, never shown (`ghp_…(40 chars)`);
 * control characters are escaped; anything long is cut.
 */
export function displayName(text: string, maxChars = 80): string {
  if (publicPrefix(text) !== '' || isHighEntropyToken(text)) return describeSecret(text);
  const escaped = escapeControl(maskEmbedded(text));
  return escaped.length > maxChars ? `${escaped.slice(0, maxChars)}…` : escaped;
}

/** A URL's userinfo: `//user:password@`, `//ghp_…@`. */
const URL_USERINFO = /\/\/([^\s/?#@]{1,500})@/g;

/**
 * Credentials inside a longer text, as a package spec or a URL carries them
 * (`pkg@git+https://ghp_…@github.com/o/r.git`): a URL's password or token userinfo, and a token
 * run that starts with an issuer's prefix and looks random. A plain user name (`git@`) and a
 * package name stay readable.
 */
function maskEmbedded(text: string): string {
  return text
    .replace(URL_USERINFO, (whole, info: string) => (info.includes(':') || publicPrefix(info) !== '' || isHighEntropyToken(info) ? `//${describeSecret(info)}@` : whole))
    .replace(TOKEN_RUN, (token) => (publicPrefix(token) !== '' && isHighEntropyToken(token) ? describeSecret(token) : token));
}

/** Control characters as `\uXXXX`, so a name can neither steer a terminal nor split a log line. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function maskTokens(text: string): string {
  return text.replace(TOKEN_RUN, (token) => (isHighEntropyToken(token) ? describeSecret(token) : token));
}
