import { describeSecret } from '../../src/credentials/mask.js';
import { defineRule, type FoundCredential } from '../../src/rule.js';

const HOUR = 3_600;
const DAY = 24 * HOUR;

/** A duration as a reader wants it: hours up to two days, then days, then years. */
function duration(seconds: number): string {
  if (seconds < 2 * DAY) return `${Math.round(seconds / HOUR)} h`;
  if (seconds < 2 * 365 * DAY) return `${Math.round(seconds / DAY)} days`;
  return `${Math.round(seconds / (365 * DAY))} years`;
}

/**
 * A credential that says itself how long it is valid (a JWT's `exp`, an Azure SAS's `se`) and
 * says forever or far too long. Expiry is the one control that still works after a token leaks.
 */
export default defineRule({
  meta: {
    id: 'token-ttl',
    title: 'token with no expiry or too long a lifetime',
    description:
      'A token found in the repository carries its own validity, and it is missing or long: a JWT with no `exp` claim, or whose `exp` lies further from its `iat` than the limit; an Azure shared access signature whose expiry `se` lies further from its start `st` than the limit. Whoever holds such a token can use it for that whole time, and nothing but rotating the signing key ends it early.',
    remediation:
      'Issue tokens with a short expiry (minutes to hours) and refresh them, instead of one long-lived token: set `exp` (`expiresIn`) when signing JWTs, and give SAS tokens an expiry within the storage account policy (7 days at most; hours is better), or use a user delegation SAS or managed identity. Rotate the key that signed the token found here.',
    category: 'missing-ttl',
    severity: 'medium',
    confidence: 'high',
    kinds: [],
    messages: {
      noExpiry: '{name} carries no expiry ({claim} absent): it is valid until its signing key is rotated ({secret})',
      tooLong: '{name} is valid for {ttl} ({span}), longer than the limit of {limit} ({secret})',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '613' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
    options: {
      'jwt-max-ttl-hours': { type: 'number', default: 24, min: 1, description: 'longest a JWT may be valid, from `iat` to `exp`' },
      'sas-max-ttl-days': { type: 'number', default: 7, min: 1, description: 'longest an Azure SAS may be valid, from `st` to `se` (Azure Policy denies more than 7 days)' },
    },
  },
  create: (context) => ({
    credential({ hit }: FoundCredential) {
      const validity = hit.validity;
      if (!validity) return;
      const jwt = validity.source === 'jwt';
      const secret = describeSecret(hit.secret);
      if (validity.expiresAt === undefined) {
        context.report({
          span: { start: hit.start, end: hit.end },
          messageId: 'noExpiry',
          data: { name: hit.name, claim: jwt ? '`exp`' : '`se`', secret },
          severity: 'high',
          anchor: hit.type.id,
          secret: hit.secret,
          lifetime: hit.lifetime,
        });
        return;
      }
      const now = context.now.getTime() / 1000;
      // A token already expired is dead; one without a start time is measured from today.
      if (validity.expiresAt <= now) return;
      const from = validity.issuedAt ?? now;
      const ttl = validity.expiresAt - from;
      const limit = jwt ? context.options['jwt-max-ttl-hours'] * HOUR : context.options['sas-max-ttl-days'] * DAY;
      if (ttl <= limit) return;
      const span = validity.issuedAt === undefined ? (jwt ? '`exp` from today' : '`se` from today') : jwt ? '`exp` − `iat`' : '`se` − `st`';
      context.report({
        span: { start: hit.start, end: hit.end },
        messageId: 'tooLong',
        data: { name: hit.name, ttl: duration(ttl), span, limit: duration(limit), secret },
        anchor: hit.type.id,
        secret: hit.secret,
        lifetime: hit.lifetime,
      });
    },
  }),
});
