import { createHash } from 'node:crypto';

/**
 * Public prefixes that identify a token's issuer. Showing them tells the reader what leaked
 * without revealing any of the secret part.
 */
const PUBLIC_PREFIXES = [
  'github_pat_', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'glpat-', 'sk-ant-api03-', 'sk-ant-', 'sk-proj-', 'sk-or-v1-', 'sk-', 'sbp_', 'GOCSPX-',
  'xoxb-', 'xoxp-', 'xoxa-', 'xapp-', 'AKIA', 'ASIA', 'AIza', 'hf_', 'npm_', 'pypi-', 'sk_live_', 'sk_test_',
  'rk_live_', 'dop_v1_', 'lin_api_', 'eyJ',
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

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
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
  const spans = secretSpans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(line.length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) continue;
    out += maskTokens(line.slice(cursor, span.start)) + describeSecret(line.slice(span.start, span.end));
    cursor = span.end;
  }
  return out + maskTokens(line.slice(cursor));
}

function maskTokens(text: string): string {
  return text.replace(TOKEN_RUN, (token) => (isHighEntropyToken(token) ? describeSecret(token) : token));
}
