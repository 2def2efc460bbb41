import type { Lifetime, LifetimeClass } from '../model/finding.js';
import type { Severity } from '../model/severity.js';
import type { Validity } from './types.js';

const HOUR = 3_600;
const DAY = 24 * HOUR;

/** The contract's class for a lifetime in seconds (docs/contract.md §5). */
export function lifetimeClass(ttlSeconds: number): LifetimeClass {
  if (ttlSeconds <= 12 * HOUR) return 'short';
  if (ttlSeconds <= 30 * DAY) return 'medium';
  return 'long';
}

/**
 * What a credential's own validity says of its lifetime: none given is `static`; otherwise the
 * span from issue to expiry, or from `now` when it carries no issue time (an expired one is
 * `short`: it no longer lives at all).
 */
export function lifetimeFromValidity(validity: Validity, now: number = Date.now() / 1000): Lifetime {
  const source = validity.source === 'jwt' ? 'jwt.exp' : 'sas.se';
  if (validity.expiresAt === undefined) return { class: 'static', source };
  const from = validity.issuedAt ?? now;
  const ttlSeconds = Math.max(0, Math.round(validity.expiresAt - from));
  // A hostile `exp` can lie outside what a Date holds (±8.64e12 s): the lifetime still counts.
  const expiry = Math.abs(validity.expiresAt) < 8.64e12 ? { expiresAt: new Date(validity.expiresAt * 1000).toISOString() } : {};
  return { class: lifetimeClass(ttlSeconds), ...expiry, ttlSeconds, source };
}

/**
 * The severity of a literal credential written into a config, by how long it lives: one that
 * expires within hours is dead before anyone reads the file, so it is not reported.
 */
export function literalSeverity(lifetime: Lifetime): Severity | undefined {
  switch (lifetime.class) {
    case 'static':
      return 'high';
    case 'long':
    case 'config':
      return 'medium';
    case 'medium':
      return 'low';
    case 'short':
      return undefined;
  }
}
