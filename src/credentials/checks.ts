/**
 * Offline checks the catalogue's types share: checksums, decoders and randomness tests. None of
 * them calls out; none of them keeps what it sees.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `value` in base 62, left-padded with `0` to `width` characters. */
export function base62(value: number, width: number): string {
  let out = '';
  for (let rest = value; rest > 0; rest = Math.floor(rest / 62)) out = BASE62[rest % 62] + out;
  return out.padStart(width, '0');
}

/**
 * GitHub's token checksum: the last six characters of a 40-character `ghp_`-style token are the
 * CRC-32 of the 30 characters before them, in base 62 (github.blog, 2021-04-05, "Behind GitHub's
 * new authentication token formats"). A typo, a placeholder or a made-up token fails it.
 */
export function hasGitHubChecksum(token: string): boolean {
  const underscore = token.indexOf('_');
  const body = token.slice(underscore + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

/** Decodes base64 or base64url (padding optional); undefined for anything else. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.length % 4 === 1) return undefined;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** A JSON object from base64url text, or undefined. Bounded by the caller's match length. */
export function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64(segment);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface JwtClaims {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  /** Seconds since the epoch, when the claim is a finite number. */
  readonly issuedAt?: number;
  readonly expiresAt?: number;
}

/** The header and payload of a compact JWT (`header.payload.signature`), or undefined if either is not JSON. */
export function decodeJwt(token: string): JwtClaims | undefined {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return undefined;
  const head = decodeJsonSegment(header);
  const body = decodeJsonSegment(payload);
  if (!head || !body || typeof head.alg !== 'string') return undefined;
  const seconds = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const issuedAt = seconds(body.iat) ?? seconds(body.nbf);
  const expiresAt = seconds(body.exp);
  return { header: head, payload: body, ...(issuedAt !== undefined ? { issuedAt } : {}), ...(expiresAt !== undefined ? { expiresAt } : {}) };
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/**
 * Random-looking enough to be a generated secret: at least `minLength` token characters, mixed
 * classes (a digit and a letter), and entropy of 3.5 bits per character or more.
 */
export function looksRandom(token: string, minLength = 16): boolean {
  return token.length >= minLength && /\d/.test(token) && /[A-Za-z]/.test(token) && shannonEntropy(token) >= 3.5;
}
