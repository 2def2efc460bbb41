import { decodeJwt, hasGitHubChecksum } from '../checks.js';
import { lifetimeFromValidity } from '../lifetime.js';
import type { CredentialType, Inspection } from '../types.js';

/**
 * GitHub's prefixed tokens (github.blog, 2021-04-05): `gh?_` + 36 base62 characters, the last six
 * a CRC-32 of the rest, so a made-up or mistyped token is told apart offline. Lifetimes: docs
 * "Token expiration and revocation", "Refreshing user access tokens", "Installation tokens".
 */

const checksum = (secret: string): Inspection | undefined => (hasGitHubChecksum(secret) ? {} : undefined);


export const GITHUB: readonly CredentialType[] = [
  {
    id: 'github-classic-pat',
    provider: 'GitHub',
    name: 'GitHub personal access token (classic)',
    keywords: ['ghp_'],
    pattern: /(?<![A-Za-z0-9_])ghp_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'expiry optional ("No expiration" allowed); revoked only by hand or after a year unused',
    inspect: checksum,
    samples: {
      true: [
        { text: 'GITHUB_TOKEN=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', secret: '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' },
        '"auth": "token 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"',
      ],
      false: [
        // The checksum does not hold: one character changed.
        'GITHUB_TOKEN=ghp_rybsbaeEUb2hL2i7kwCFQJPzHTlkCJ3Y3tBq',
        'token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        // Part of a longer identifier.
        'my_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X',
      ],
    },
  },
  {
    id: 'github-fine-grained-pat',
    provider: 'GitHub',
    name: 'GitHub fine-grained personal access token',
    keywords: ['github_pat_'],
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/g,
    lifetime: 'long',
    lifetimeNote: 'expires; organisations may allow up to 366 days, or none',
    samples: {
      true: ['export GH_TOKEN="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"'],
      false: ['github_pat_11AAAAAAAAAAAAAAAAAAAA_your_token_here', 'see github_pat_ tokens in the docs'],
    },
  },
  {
    id: 'github-oauth-token',
    provider: 'GitHub',
    name: 'GitHub OAuth access token',
    keywords: ['gho_'],
    pattern: /(?<![A-Za-z0-9_])gho_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; revoked after a year unused',
    inspect: checksum,
    samples: {
      true: ['oauth_token: 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'],
      false: ['oauth_token: gho_HBUNyrprwgHISXZpgO9pSbCHIOqjzH2Y0Tx5'],
    },
  },
  {
    id: 'github-user-to-server-token',
    provider: 'GitHub',
    name: 'GitHub App user access token',
    keywords: ['ghu_'],
    pattern: /(?<![A-Za-z0-9_])ghu_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    lifetime: 'short',
    lifetimeNote: '8 hours when the app uses expiring user tokens (the default for new apps)',
    inspect: checksum,
    samples: {
      true: ['token = "ghu_HjLSFQll3dzTduVmEXxWFJAnA7obFG3KMoK0"'],
      false: ['token = "ghu_HjLSFQll3dzTduVmEXxWFJAnA7obFG3KMoKO"'],
    },
  },
  {
    id: 'github-refresh-token',
    provider: 'GitHub',
    name: 'GitHub App refresh token',
    keywords: ['ghr_'],
    pattern: /(?<![A-Za-z0-9_])ghr_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    lifetime: 'long',
    lifetimeNote: '6 months',
    inspect: checksum,
    samples: {
      true: ['refresh_token=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'],
      false: ['refresh_token=ghr_15CoyTp9wngzwEN8oooteMhc0wkdMH0vQjGi'],
    },
  },
  {
    id: 'github-installation-token',
    provider: 'GitHub',
    name: 'GitHub App installation token',
    keywords: ['ghs_'],
    pattern: /(?<![A-Za-z0-9_])ghs_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    lifetime: 'short',
    lifetimeNote: '1 hour (installation tokens); a job at most (GITHUB_TOKEN)',
    inspect: checksum,
    samples: {
      true: ['x-access-token:ghs_0aUgdUBOqeb1ayz9MFCcu2hZbVVAYo0Wc5j6@github.com'],
      false: ['x-access-token:ghs_0aUgdUBOqeb1ayz9MFCcu2hZbVVAYo0Wc5j7@github.com'],
    },
  },
  {
    // The form rolled out from 2026-04-27: `ghs_<app id>_<JWT>`. The JWT says when it expires.
    id: 'github-installation-token-jwt',
    provider: 'GitHub',
    name: 'GitHub App installation token',
    keywords: ['ghs_'],
    pattern: /(?<![A-Za-z0-9_])ghs_\d{1,12}_(?<jwt>eyJ[A-Za-z0-9_-]{10,1000}\.eyJ[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{10,1000})(?![A-Za-z0-9_.-])/dg,
    maxLength: 4_096,
    lifetime: 'short',
    lifetimeNote: 'as its JWT says: 1 hour when issued by GitHub',
    inspect: (_secret, { match }) => {
      const claims = decodeJwt(match.groups!.jwt!);
      if (!claims) return undefined;
      const validity = { source: 'jwt' as const, ...(claims.issuedAt !== undefined ? { issuedAt: claims.issuedAt } : {}), ...(claims.expiresAt !== undefined ? { expiresAt: claims.expiresAt } : {}) };
      return { validity, lifetime: lifetimeFromValidity(validity) };
    },
    samples: {
      true: [
        // header {"alg":"RS256","typ":"JWT"}, payload {"iat":1767225600,"exp":1767229200,"iss":"123456"}: one hour.
        'token: ghs_123456_eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyOTIwMCwiaXNzIjoiMTIzNDU2In0.c2lnbmF0dXJlLW5vdC1jaGVja2VkLWhlcmU',
      ],
      false: ['token: ghs_123456_eyJub3QiOiJhIGp3dCJ9.eyJhbHNvIjoibm90In0'],
    },
  },
];
