import { crc32, decodeBase64, decodeJsonSegment, decodeJwt, hasGitHubChecksum, shannonEntropy } from '../checks.js';
import { lifetimeClass, lifetimeFromValidity } from '../lifetime.js';
import type { CredentialType, Inspection } from '../types.js';

/**
 * Tokens of developer SaaS: GitLab, Slack, package registries, payments, secret managers, chat
 * bots. Prefixed formats come first; the few without a prefix (Twilio key SID, Mailgun, Notion's
 * legacy `secret_`, Telegram and Discord bot tokens) must sit near their provider's name.
 *
 * Where the facts come from:
 * - GitLab: gitlabhq `lib/authn/token_field/generator/routable_token.rb` (routable tokens:
 *   `<prefix><base64url payload>.01.<payload length, base 36, 2 chars><CRC-32 of all before it,
 *   base 36, 7 chars>`), `app/models/ci/build.rb` (`glcbt-<partition id in hex>_<20>`), runner
 *   `t<type>_` prefix (`app/models/ci/runner.rb`), `RunnersTokenPrefixable` (`GR1348941`); CI/CD
 *   job tokens are now JWTs after `glcbt-` (gitlab MR 207268). Lifetimes: PATs expire within
 *   365 days since 16.0; the job token lives for the job.
 * - Slack: docs.slack.dev "Token types" and "Using token rotation" (rotating access tokens and
 *   configuration tokens last 12 hours; refresh tokens do not expire but are single-use). The
 *   body of `xoxe.` and `xoxe-` tokens is base64 of dash-separated numeric ids and a hex tail,
 *   as seen in published test tokens; a body that does not decode so is rejected.
 * - npm: github.blog 2021-09-23 (npm tokens take GitHub's CRC-32 format); granular tokens expire
 *   within 90 days since npm removed legacy tokens (npm/documentation 2025).
 * - PyPI: warehouse `macaroons/caveats` (a macaroon, libmacaroons v2 binary format, base64url; an
 *   `[0, expires_at, not_before]` caveat bounds it, as on trusted-publishing tokens).
 * - Atlassian: API tokens end in `=` and 8 upper-case hex digits, the CRC-32 of all before them
 *   (checked on published tokens; not documented); new tokens expire within 1 to 365 days
 *   (support.atlassian.com "Manage API tokens for your Atlassian account").
 * - Grafana: `pkg/components/satokengen` (`glsa_<32>_<CRC-32 of "glsa_<32>", little-endian hex>`);
 *   Grafana Cloud access-policy tokens are `glc_` + base64 of `{"o":org,"n":name,"k":key,…}`.
 * - Sentry: `utils/security/orgauthtoken_token.py` (`sntrys_<base64 JSON>_<43 base64>`) and
 *   `models/apitoken.py` (`sntryu_` + 64 hex).
 * - Vault: developer.hashicorp.com "Tokens" (`hvs.` service, `hvb.` batch; TTLs come from
 *   roles and mounts). Stripe, Shopify, SendGrid, Twilio, Mailgun, Databricks, Linear, Notion,
 *   Postman, Doppler, Pulumi, Terraform Cloud, Telegram, Discord: each provider's API reference
 *   for the token shape; none of these carries a checksum, so the body must look generated.
 */

/**
 * A generated body, not words: two character classes or more, and the entropy of random text of
 * its alphabet (thresholds that reject under 1 in 10,000 random bodies of the formats here).
 */
function generated(body: string): boolean {
  const classes = Number(/[0-9]/.test(body)) + Number(/[A-Z]/.test(body)) + Number(/[a-z]/.test(body));
  const minEntropy = /^[0-9a-fA-F-]+$/.test(body) ? 2.8 : body.length >= 24 ? 3.5 : 3;
  return classes >= 2 && shannonEntropy(body) >= minEntropy;
}

const accept = (ok: boolean): Inspection | undefined => (ok ? {} : undefined);

/** The part after the first `prefix` occurrence: the body of a prefixed token. */
const bodyAfter = (secret: string, prefix: string): string => secret.slice(secret.indexOf(prefix) + prefix.length);

/**
 * A versioned routable GitLab token, `<prefix><payload>.<version>.<length><crc>`: the length
 * (base 36) is the payload's, and the CRC-32 (base 36, 7 characters) covers everything before it.
 */
function gitlabRoutableHolds(token: string, prefix: string): boolean {
  const head = token.slice(0, -7);
  const payload = head.slice(prefix.length, -6);
  return Number.parseInt(head.slice(-2), 36) === payload.length && crc32(head).toString(36).padStart(7, '0') === token.slice(-7);
}

const VERSIONED_ROUTABLE = /\.[0-9a-z]{2}\.[0-9a-z]{9}$/;

/** GitLab's prefixed tokens: a legacy random body, or a versioned routable one whose CRC must hold. */
const gitlab =
  (prefix: string) =>
  (secret: string): Inspection | undefined =>
    accept(VERSIONED_ROUTABLE.test(secret) ? gitlabRoutableHolds(secret, prefix) : generated(secret.slice(prefix.length)));

/** The body of a rotating Slack token (`xoxe.xoxp-1-<body>`, `xoxe-1-<body>`) decodes to ids and a hex tail. */
function slackRotatingBody(secret: string): boolean {
  const bytes = decodeBase64(secret.slice(secret.lastIndexOf('-') + 1));
  return bytes !== undefined && /^\d{1,3}(?:-\d{1,20}){2,8}-[0-9a-f]{32,128}$/.test(bytes.toString('latin1'));
}

/**
 * The first-party caveats of a v2 binary macaroon, or undefined when it is not one: version byte
 * 2, a header section, caveat sections, an empty section, then a 32-byte signature (field 6).
 * Every section is fields `type, length, data` (unsigned varints) closed by a zero byte.
 */
function macaroonCaveats(bytes: Buffer): string[] | undefined {
  let at = 0;
  const varint = (): number | undefined => {
    let value = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = bytes[at++];
      if (byte === undefined) return undefined;
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
    return undefined;
  };
  const section = (): string | undefined => {
    let identifier: string | undefined;
    for (;;) {
      const type = varint();
      if (type === undefined) return undefined;
      if (type === 0) return identifier;
      const length = varint();
      if (length === undefined || at + length > bytes.length) return undefined;
      if (type === 2) identifier = bytes.toString('latin1', at, at + length);
      at += length;
    }
  };
  if (bytes[at++] !== 2 || section() === undefined) return undefined;
  const caveats: string[] = [];
  while (bytes[at] !== 0) {
    if (at >= bytes.length) return undefined;
    const caveat = section();
    if (caveat === undefined) return undefined;
    caveats.push(caveat);
  }
  at++;
  return varint() === 6 && varint() === 32 && at + 32 === bytes.length ? caveats : undefined;
}

/** A PyPI token: a whole macaroon; an expiry caveat, if any, says how long it lives. */
function inspectPypi(secret: string): Inspection | undefined {
  const bytes = decodeBase64(secret.slice('pypi-'.length));
  const caveats = bytes && macaroonCaveats(bytes);
  if (!caveats) return undefined;
  const name = secret.startsWith('pypi-AgENdGVzdC5weXBpLm9yZw') ? 'TestPyPI API token' : undefined;
  for (const caveat of caveats) {
    let value: unknown;
    try {
      value = JSON.parse(caveat);
    } catch {
      continue;
    }
    // `[0, expires_at, not_before]` (warehouse's Expiration caveat); `{"exp", "nbf"}` in its first format.
    const [expiresAt, notBefore] = Array.isArray(value)
      ? value[0] === 0
        ? [value[1], value[2]]
        : []
      : value !== null && typeof value === 'object'
        ? [(value as Record<string, unknown>).exp, (value as Record<string, unknown>).nbf]
        : [];
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || Math.abs(expiresAt) >= 8.64e12) continue;
    const from = typeof notBefore === 'number' && Number.isFinite(notBefore) ? notBefore : Date.now() / 1000;
    const ttlSeconds = Math.max(0, Math.round(expiresAt - from));
    const lifetime = { class: lifetimeClass(ttlSeconds), expiresAt: new Date(expiresAt * 1000).toISOString(), ttlSeconds, source: 'macaroon.caveat' };
    return { lifetime, ...(name ? { name } : {}) };
  }
  return name ? { name } : {};
}

/** Grafana's service-account checksum: CRC-32 of `glsa_<secret>`, its bytes little-endian, in hex. */
function grafanaChecksumHolds(secret: string): boolean {
  const key = secret.slice(0, -9);
  const crc = crc32(key);
  const hex = [crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return hex === secret.slice(-8);
}

/** Atlassian's checksum: the last 8 hex digits are the CRC-32 of all before them, `=` included. */
function atlassianChecksumHolds(secret: string): boolean {
  const equals = secret.lastIndexOf('=');
  return crc32(secret.slice(0, equals + 1)).toString(16).toUpperCase().padStart(8, '0') === secret.slice(equals + 1);
}

const DOPPLER_KINDS: Readonly<Record<string, string>> = {
  pt: 'Doppler personal token',
  st: 'Doppler service token',
  sa: 'Doppler service account token',
  ct: 'Doppler CLI token',
  scim: 'Doppler SCIM token',
  audit: 'Doppler audit token',
};

export const SAAS: readonly CredentialType[] = [
  // ---------------------------------------------------------------- GitLab
  {
    id: 'gitlab-pat',
    provider: 'GitLab',
    name: 'GitLab personal, project or group access token',
    keywords: ['glpat-'],
    pattern: /(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g,
    lifetime: 'long',
    lifetimeNote: 'expires within 365 days; non-expiring tokens were removed in GitLab 16.0',
    inspect: (secret) => accept(generated(bodyAfter(secret, 'glpat-'))),
    samples: {
      true: [
        { text: 'GITLAB_TOKEN=glpat-Z5ehvnKEP_BmzRsoyLST', secret: 'glpat-Z5ehvnKEP_BmzRsoyLST' },
        `git remote add origin "https://oauth2:glpat-2IyQg-LomBB96VKK9a7L@gitlab.com/acme/api.git"`,
      ],
      false: [
        'GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx',
        // Words, not a generated body.
        'token: glpat-your-gitlab-pat-here',
        // Too short, and part of a longer identifier.
        'GITLAB_TOKEN=glpat-Z5ehvnKEP_BmzRso',
        'x_glpat-Z5ehvnKEP_BmzRsoyLST',
      ],
    },
  },
  {
    id: 'gitlab-pat-routable',
    provider: 'GitLab',
    name: 'GitLab personal, project or group access token (routable)',
    keywords: ['glpat-'],
    pattern: /(?<![A-Za-z0-9_])glpat-(?<payload>[A-Za-z0-9_-]{27,300})\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}(?![A-Za-z0-9_-])/g,
    lifetime: 'long',
    lifetimeNote: 'expires within 365 days; non-expiring tokens were removed in GitLab 16.0',
    // The versioned form carries a CRC-32; the earlier routable form has no check to hold.
    inspect: (secret, { match }) => accept(VERSIONED_ROUTABLE.test(secret) ? gitlabRoutableHolds(secret, 'glpat-') : generated(match.groups!.payload!)),
    samples: {
      true: [
        { text: 'export GITLAB_TOKEN=glpat-gbdXVRhNdHjjGhR0MaNDM8B4r9KaHUTH.01.0w08juf5z', secret: 'glpat-gbdXVRhNdHjjGhR0MaNDM8B4r9KaHUTH.01.0w08juf5z' },
        '{"gitlab": {"token": "glpat-667dttnuo0yVa9PU3fBYBVIYrsOEjmyDrlvo0reV.01.14062t30c"}}',
        'private_token = "glpat-Gul5twBAi_fCOPI9jlyWUtuoAXd4p2LLSg.lxjhedsl6"',
      ],
      false: [
        // The CRC-32 does not hold: one character of the payload changed.
        'GITLAB_TOKEN=glpat-gbdXVRhNdHjjGhR0MaNDM8B4r9KaHUTh.01.0w08juf5z',
        // The length field does not match the payload.
        'GITLAB_TOKEN=glpat-gbdXVRhNdHjjGhR0MaNDM8B4r9KaHUTH.01.0x08juf5z',
        'GITLAB_TOKEN=glpat-your_routable_token_goes_here.01.0w08juf5z',
      ],
    },
  },
  {
    id: 'gitlab-deploy-token',
    provider: 'GitLab',
    name: 'GitLab deploy token',
    keywords: ['gldt-'],
    pattern: /(?<![A-Za-z0-9_])gldt-(?:[A-Za-z0-9_-]{20}|[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{9})(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'expiry optional; lives until revoked',
    inspect: gitlab('gldt-'),
    samples: {
      true: [
        { text: 'CI_DEPLOY_PASSWORD: gldt--rkxJZv1wHEKoEGTyfEY', secret: 'gldt--rkxJZv1wHEKoEGTyfEY' },
        'docker login -u gitlab+deploy-token-42 -p gldt-tavudUWTzaGflsAJe96VA5qrmq1Uc736.01.0w0var49u registry.gitlab.com',
      ],
      false: [
        'CI_DEPLOY_PASSWORD: gldt-tavudUWTzaGflsAJe96VA5qrmq1Uc736.01.0w0var49v',
        'CI_DEPLOY_PASSWORD: gldt-${DEPLOY_TOKEN}',
        'CI_DEPLOY_PASSWORD: gldt-mydeploytokenvaluexx',
      ],
    },
  },
  {
    id: 'gitlab-runner-token',
    provider: 'GitLab',
    name: 'GitLab runner authentication token',
    keywords: ['glrt-'],
    pattern: /(?<![A-Za-z0-9_])glrt-(?:(?:t[1-3]_)?[A-Za-z0-9_-]{20}|[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{9})(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry unless the instance sets a runner token expiration interval',
    inspect: gitlab('glrt-'),
    samples: {
      true: [
        { text: '[[runners]]\n  url = "https://gitlab.com"\n  token = "glrt-t1_AnsaIHubhfZtsAstNk0k"', secret: 'glrt-t1_AnsaIHubhfZtsAstNk0k' },
        'gitlab-runner register --token glrt-LZMLOSrUDHZDK7lmYzeA',
        'RUNNER_TOKEN=glrt-UyNnD6m-x55Ey8c72UfoKvCKny11WRuAEs0.01.0z0u8s7hv',
      ],
      false: [
        'RUNNER_TOKEN=glrt-UyNnD6m-x55Ey8c72UfoKvCKny11WRuAEs0.01.0z0u8s7hw',
        'RUNNER_TOKEN=glrt-REPLACE_WITH_RUNNER_TOKEN',
        'RUNNER_TOKEN=glrt-t1_AnsaIHubhfZt',
      ],
    },
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    provider: 'GitLab',
    name: 'GitLab pipeline trigger token',
    keywords: ['glptt-'],
    pattern: /(?<![A-Za-z0-9_])glptt-(?:[0-9a-f]{40}|[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{9})(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry by default; lives until the trigger is deleted',
    inspect: gitlab('glptt-'),
    samples: {
      true: [
        { text: 'curl -X POST -F token=glptt-c2297c753f86b9c8956e862652b3ae8aae4144ba -F ref=main https://gitlab.com/api/v4/projects/7/trigger/pipeline', secret: 'glptt-c2297c753f86b9c8956e862652b3ae8aae4144ba' },
        'TRIGGER_TOKEN: "glptt-rgn1JA705X6t63bT0du-NYjHV4RaMUYi.01.0w1ed81i4"',
      ],
      false: ['TRIGGER_TOKEN: glptt-0000000000000000000000000000000000000000', 'TRIGGER_TOKEN: glptt-c2297c753f86b9c8956e862652b3ae8aae4144b'],
    },
  },
  {
    id: 'gitlab-ci-job-token',
    provider: 'GitLab',
    name: 'GitLab CI/CD job token',
    keywords: ['glcbt-'],
    pattern: /(?<![A-Za-z0-9_])glcbt-(?:[0-9a-f]{1,5}_[A-Za-z0-9_-]{20}|(?<jwt>eyJ[A-Za-z0-9_-]{10,1000}\.eyJ[A-Za-z0-9_-]{10,2500}\.[A-Za-z0-9_-]{10,600}))(?![A-Za-z0-9_-])/g,
    maxLength: 4_200,
    lifetime: 'short',
    lifetimeNote: 'valid while its job runs; the JWT form says when it expires',
    inspect: (secret, { match }) => {
      const jwt = match.groups?.jwt;
      if (jwt === undefined) return accept(generated(secret.slice(secret.indexOf('_') + 1)));
      const claims = decodeJwt(jwt);
      if (!claims) return undefined;
      const validity = { source: 'jwt' as const, ...(claims.issuedAt !== undefined ? { issuedAt: claims.issuedAt } : {}), ...(claims.expiresAt !== undefined ? { expiresAt: claims.expiresAt } : {}) };
      return { validity, lifetime: lifetimeFromValidity(validity) };
    },
    samples: {
      true: [
        { text: 'Authorization: JOB-TOKEN glcbt-64_gHn27F1JHMqY2BdPaLZY', secret: 'glcbt-64_gHn27F1JHMqY2BdPaLZY' },
        // header {"kid":…,"typ":"JWT","alg":"RS256"}, payload with iat/exp one hour apart.
        'CI_JOB_TOKEN=glcbt-eyJraWQiOiJXUDZRRVh0cTNXWlBBdm13Y2phbkhSYVNpUWloV3lnTFQwMWFUVlRMNWVvIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYifQ.eyJ2ZXJzaW9uIjoiMS4wLjAiLCJvIjoiOSIsInUiOiJhYmMxMiIsInAiOiJwN3EiLCJqdGkiOiIzZjFjMWE5ZS02YjJkLTRmN2UtOWMxYS0yZDVlOGYwYjdhNjQiLCJhdWQiOiJnaXRsYWItYXV0aHotdG9rZW4iLCJzdWIiOiJnaWQ6Ly9naXRsYWIvQ2k6OkJ1aWxkLzE5MzA0MjI3OSIsImlzcyI6ImdpdGxhYi5jb20iLCJpYXQiOjE3NjcyMjU2MDAsIm5iZiI6MTc2NzIyNTU5NSwiZXhwIjoxNzY3MjI5MjAwfQ.Fo7lohxnnRx-tjs3LsKKn6AnMjqhcDPzxk_OurfF67dUVs2FNnd-an8KvcNNV8QDVHQZxNc43cp4mbLdlFKEbA',
      ],
      false: [
        // A masked job log line: the partition and no body.
        'Uploading artifacts as "archive" to coordinator... 201 Created  id=68509685 token=glcbt-64',
        // Not a JWT: the segments are not JSON.
        'CI_JOB_TOKEN=glcbt-eyJub3QgYSBqd3QgYXQgYWxs.eyJhbHNvIG5vdCBqc29u.c2lnbmF0dXJl',
      ],
    },
  },
  {
    id: 'gitlab-feed-token',
    provider: 'GitLab',
    name: 'GitLab feed token',
    keywords: ['glft-'],
    pattern: /(?<![A-Za-z0-9_])glft-(?:[A-Za-z0-9_-]{20}|[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{9})(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until reset',
    inspect: gitlab('glft-'),
    samples: {
      true: [
        { text: 'https://gitlab.com/dashboard/issues.atom?feed_token=glft-GQm4unngwHQCYD9hmEn4&state=opened', secret: 'glft-GQm4unngwHQCYD9hmEn4' },
        'feed: glft-zCp4boRQgAOIgsTFFFCWIXt7fgOA085H.01.0w1oze1ir',
      ],
      false: ['feed_token=glft-xxxxxxxxxxxxxxxxxxxx', 'feed: glft-zCp4boRQgAOIgsTFFFCWIXt7fgOA085H.01.0w1oze1is'],
    },
  },
  {
    id: 'gitlab-agent-token',
    provider: 'GitLab',
    name: 'GitLab agent for Kubernetes token',
    keywords: ['glagent-'],
    pattern: /(?<![A-Za-z0-9_])glagent-(?:[A-Za-z0-9_-]{50}|[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{9})(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until revoked',
    inspect: gitlab('glagent-'),
    samples: {
      true: [
        { text: 'helm upgrade --install agent gitlab/gitlab-agent --set config.token=glagent-Ww5kbf_IjhbzbD1ZVhw37nlM087im302sZ_I-sePf1yudZwVt7', secret: 'glagent-Ww5kbf_IjhbzbD1ZVhw37nlM087im302sZ_I-sePf1yudZwVt7' },
        'config:\n  token: glagent-2kUmwyEU6iQBPxySWRhVnLLv7bNxueOI.01.0w1x27k7l',
      ],
      false: ['config.token=glagent-Ww5kbf_IjhbzbD1ZVhw37nlM087im302sZ_I', 'config.token=glagent-2kUmwyEU6iQBPxySWRhVnLLv7bNxueOI.01.0w1x27k7m'],
    },
  },
  {
    id: 'gitlab-oauth-app-secret',
    provider: 'GitLab',
    name: 'GitLab OAuth application secret',
    keywords: ['gloas-'],
    pattern: /(?<![A-Za-z0-9_])gloas-(?:[A-Za-z0-9_-]{64}|[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{9})(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until renewed',
    inspect: gitlab('gloas-'),
    samples: {
      true: [
        { text: 'GITLAB_CLIENT_SECRET=gloas-872eb9b70d40333888b380cb8fd6dcc573d8e83f87b8e663df93c64b9c3e9bcf', secret: 'gloas-872eb9b70d40333888b380cb8fd6dcc573d8e83f87b8e663df93c64b9c3e9bcf' },
        'client_secret: gloas-6CDQKY4EJswDTSyT-hrMNMP4UM8OFAF6.01.0w08owmev',
      ],
      false: ['GITLAB_CLIENT_SECRET=gloas-872eb9b70d40333888b380cb8fd6dcc573d8e83f87b8e663', 'client_secret: gloas-6CDQKY4EJswDTSyT-hrMNMP4UM8OFAF6.01.0w08owmew'],
    },
  },
  {
    id: 'gitlab-runner-registration-token',
    provider: 'GitLab',
    name: 'GitLab runner registration token',
    keywords: ['gr1348941'],
    pattern: /(?<![A-Za-z0-9_])GR1348941[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until reset (registration tokens are deprecated)',
    inspect: (secret) => accept(generated(secret.slice(9))),
    samples: {
      true: [
        { text: 'gitlab-runner register --registration-token "GR1348941YI2dKtXaQoj9WcNrS8KJ" --executor docker', secret: 'GR1348941YI2dKtXaQoj9WcNrS8KJ' },
        'REGISTRATION_TOKEN=GR1348941vZeADTJQHvg3dCEcobf7',
      ],
      false: ['REGISTRATION_TOKEN=GR1348941xxxxxxxxxxxxxxxxxxxx', 'REGISTRATION_TOKEN=GR1348941vZeADTJQHvg3dCEc'],
    },
  },

  // ---------------------------------------------------------------- Slack
  {
    id: 'slack-bot-token',
    provider: 'Slack',
    name: 'Slack bot token',
    keywords: ['xoxb-'],
    pattern: /(?<![A-Za-z0-9_.])xoxb-\d{8,14}-(?:\d{8,14}-)?[A-Za-z0-9]{24,34}(?![A-Za-z0-9-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry unless the app turned on token rotation (then it is an xoxe.xoxb- token)',
    inspect: (secret) => accept(generated(secret.slice(secret.lastIndexOf('-') + 1))),
    samples: {
      true: [
        { text: 'SLACK_BOT_TOKEN=xoxb-498878829489-3536886783208-x4xtji0v2qDvZ0neVvbGpjSz', secret: 'xoxb-498878829489-3536886783208-x4xtji0v2qDvZ0neVvbGpjSz' },
        'const app = new App({ token: "xoxb-28052161283-837412765410-59Yfr7g2bnjyMleyCKZSN4Pz" });',
      ],
      false: [
        'SLACK_BOT_TOKEN=xoxb-your-bot-token',
        'SLACK_BOT_TOKEN=xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx',
        'SLACK_BOT_TOKEN=xoxb-498878829489-3536886783208-x4xtji0v2q',
      ],
    },
  },
  {
    id: 'slack-user-token',
    provider: 'Slack',
    name: 'Slack user token',
    keywords: ['xoxp-'],
    pattern: /(?<![A-Za-z0-9_.])xoxp-\d{8,14}-\d{8,14}-\d{8,14}-[0-9a-f]{32}(?![A-Za-z0-9-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry unless the app turned on token rotation (then it is an xoxe.xoxp- token)',
    samples: {
      true: [
        { text: 'SLACK_USER_TOKEN="xoxp-937778374435-409028815758-1439995081672-206c062fe89660ae025454a38c58e44c"', secret: 'xoxp-937778374435-409028815758-1439995081672-206c062fe89660ae025454a38c58e44c' },
        'slack:\n  user_token: xoxp-85764229784-89846477661-891304046570-2142229d1eff29fdb189a515b21e0613',
      ],
      false: [
        'SLACK_USER_TOKEN=xoxp-000000000000-000000000000-000000000000-00000000000000000000000000000000',
        'SLACK_USER_TOKEN=xoxp-abcdef-abcdef-abcdef-abcdef',
        // The rotating form belongs to its own type.
        'SLACK_USER_TOKEN=xoxe.xoxp-937778374435-409028815758-1439995081672-206c062fe89660ae025454a38c58e44c',
      ],
    },
  },
  {
    id: 'slack-app-token',
    provider: 'Slack',
    name: 'Slack app-level token',
    keywords: ['xapp-'],
    pattern: /(?<![A-Za-z0-9_.])xapp-\d{1,2}-[A-Z0-9]{9,12}-\d{10,14}-[0-9a-f]{64}(?![A-Za-z0-9-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until revoked',
    samples: {
      true: [
        { text: 'SLACK_APP_TOKEN=xapp-1-AQJHSCHIXB4-6691761077235-ec8ec9e707d6cebfca553e8834856f1c58bf3337b98a5a3d48d0bd86c72e7149', secret: 'xapp-1-AQJHSCHIXB4-6691761077235-ec8ec9e707d6cebfca553e8834856f1c58bf3337b98a5a3d48d0bd86c72e7149' },
        '"appToken": "xapp-1-AOUEMA45R6P-8241517461935-282d557b88406254f35283505833f0fc373b16120e19320fa84600c1b5aeaffa"',
      ],
      false: [
        'SLACK_APP_TOKEN=xapp-your-app-token',
        // Not hex in the tail.
        'SLACK_APP_TOKEN=xapp-1-AQJHSCHIXB4-6691761077235-ec8ec9e707d6cebfca553e8834856f1c58bf3337b98a5a3d48d0bd86c72e714g',
      ],
    },
  },
  {
    id: 'slack-rotating-token',
    provider: 'Slack',
    name: 'Slack rotating access token',
    keywords: ['xoxe.xoxb-', 'xoxe.xoxp-'],
    pattern: /(?<![A-Za-z0-9_.])xoxe\.xox[bp]-\d{1,2}-[A-Za-z0-9]{60,400}(?![A-Za-z0-9-])/g,
    lifetime: 'short',
    lifetimeNote: '12 hours (token rotation and app configuration tokens)',
    inspect: (secret) =>
      slackRotatingBody(secret) ? { name: secret.startsWith('xoxe.xoxb-') ? 'Slack rotating bot token' : 'Slack rotating user or configuration token' } : undefined,
    samples: {
      true: [
        {
          text: 'SLACK_CONFIG_TOKEN=xoxe.xoxp-1-Mi03MDQzODMwMDg0NTk5LTc5ODIwMjQ3MjQyNzgtMjI3NTIzMTA2OTIzNS0xMjI2NTA5OTgwMjQ2LTljOTFjODk2ZDgyMGExYjEyMWEyNDg1M2ViZjJmZmIwZmExYTBhZDE3MjE4NjJiNGZjY2EwODBkMTcyMzExMjg',
          secret: 'xoxe.xoxp-1-Mi03MDQzODMwMDg0NTk5LTc5ODIwMjQ3MjQyNzgtMjI3NTIzMTA2OTIzNS0xMjI2NTA5OTgwMjQ2LTljOTFjODk2ZDgyMGExYjEyMWEyNDg1M2ViZjJmZmIwZmExYTBhZDE3MjE4NjJiNGZjY2EwODBkMTcyMzExMjg',
        },
        '{"access_token": "xoxe.xoxb-1-Mi01NDIwNzYwNjc3OTIyLTcxNjMzMjc1OTM3NjEtOTc0MDE5NDAyMTM0OS03OTA1Mzk0OTA1OTc1LTcxZjJmOTc3ZTYzNzZhMTQ3MjJlYWNjNDAyZjEwZWFkY2NjMjZmODVlNGQyNTA5ODJhM2JhN2Y2MDgyZDY5ODk", "expires_in": 43200}',
      ],
      false: [
        // Random text in the body, not base64 of Slack's ids.
        'SLACK_CONFIG_TOKEN=xoxe.xoxp-1-q8Wm2Zr7Tn4Kx1Vb6Yc3Hs9Jd5Lf0Ga8Pe2Uo7Ri4Ew1Qt6Ny3Mk9Bv5Cx0Zl2Ah7Sd4Fg1Jk8Lp3',
        'SLACK_CONFIG_TOKEN=xoxe.xoxp-1-xxxxxxxx',
      ],
    },
  },
  {
    id: 'slack-refresh-token',
    provider: 'Slack',
    name: 'Slack refresh token',
    keywords: ['xoxe-'],
    pattern: /(?<![A-Za-z0-9_.])xoxe-\d{1,2}-[A-Za-z0-9]{60,400}(?![A-Za-z0-9-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; single-use, each refresh returns a new one',
    inspect: (secret) => accept(slackRotatingBody(secret)),
    samples: {
      true: [
        {
          text: 'SLACK_REFRESH_TOKEN=xoxe-1-My0xLTU5NjU2ODI4NjI1MTgtMjg1ODMxMjc4MDE3OS0yMDM3NTk1NzIzMTk2LTg5NTY4OTY1NTA0NDMtOGI5M2Y1MmMxZjkxY2VhYWYzN2Q2MjJhOTk1YWE1OWNkYmQ1NzQyMjU0YzZlZGQ1MGY5YzI3YmZmM2JkYzJlNw',
          secret: 'xoxe-1-My0xLTU5NjU2ODI4NjI1MTgtMjg1ODMxMjc4MDE3OS0yMDM3NTk1NzIzMTk2LTg5NTY4OTY1NTA0NDMtOGI5M2Y1MmMxZjkxY2VhYWYzN2Q2MjJhOTk1YWE1OWNkYmQ1NzQyMjU0YzZlZGQ1MGY5YzI3YmZmM2JkYzJlNw',
        },
        'refresh_token: xoxe-1-My0xLTc3MzY3MjkzMzI0MDUtMjA0NzMwNjI0NTAzOS05Njg0MTI2MzU5MzQzLTU4MjU3Mzk3OTEzMzQtN2IwNDRjYzk2NzZjYmIwNWYwNmEyMDRlYWM3Y2U2OGVhYWE0ZTc4MGEwYjBjMmUyYmEwMDc4NzQ3ZjI1YTQ5OQ',
      ],
      false: [
        'SLACK_REFRESH_TOKEN=xoxe-1-q8Wm2Zr7Tn4Kx1Vb6Yc3Hs9Jd5Lf0Ga8Pe2Uo7Ri4Ew1Qt6Ny3Mk9Bv5Cx0Zl2Ah7Sd4Fg1Jk8Lp3',
        'SLACK_REFRESH_TOKEN=xoxe-your-refresh-token',
      ],
    },
  },
  {
    // The whole URL is the secret: anyone holding it can post to the channel.
    id: 'slack-webhook-url',
    provider: 'Slack',
    name: 'Slack incoming webhook URL',
    keywords: ['hooks.slack.com/services/'],
    pattern: /https?:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}(?![A-Za-z0-9])/g,
    window: { before: 8, after: 0 },
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until the webhook is removed',
    inspect: (secret) => accept(generated(secret.slice(-24))),
    samples: {
      true: [
        {
          text: 'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/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',
          secret: 'https://hooks.slack.com/services/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',
        },
        'curl -X POST -H "Content-type: application/json" --data \'{"text":"deployed"}\' https://hooks.slack.com/services/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',
      ],
      false: [
        // Slack's own documentation value.
        'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
        'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/${SLACK_PATH}',
        'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/TERON3B95UF/BQB3I75TC3R/otjbs1E2',
      ],
    },
  },

  // ---------------------------------------------------------------- Package registries
  {
    id: 'npm-access-token',
    provider: 'npm',
    name: 'npm access token',
    keywords: ['npm_'],
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
    lifetime: 'long',
    lifetimeNote: 'granular tokens expire (at most 90 days); legacy non-expiring tokens were removed in 2025',
    inspect: (secret) => accept(hasGitHubChecksum(secret)),
    samples: {
      true: [
        { text: '//registry.npmjs.org/:_authToken=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', secret: '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' },
        'NPM_TOKEN="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"',
      ],
      false: [
        // The checksum does not hold: one character changed.
        '//registry.npmjs.org/:_authToken=npm_n8fyC0m0kneg8B51oP0TOVGrLkCKOf4Vujf7',
        '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
        'NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
    },
  },
  {
    id: 'pypi-api-token',
    provider: 'PyPI',
    name: 'PyPI API token',
    keywords: ['pypi-'],
    pattern: /(?<![A-Za-z0-9_-])pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{70,1000}(?![A-Za-z0-9_-])/g,
    maxLength: 1_100,
    lifetime: 'static',
    lifetimeNote: 'no expiry unless an expiry caveat bounds it (trusted-publishing tokens: 15 minutes)',
    inspect: inspectPypi,
    samples: {
      true: [
        {
          text: '[pypi]\n  username = __token__\n  password = pypi-AgEIcHlwaS5vcmcCOHsidmVyc2lvbiI6MSwibm9uY2UiOiI3Yzg5ZjdmYmU3ZGY4OWY0NmI2N2MwNDQyZGU3YmJjNyJ9AAIqWzMsIjgyZjRhOGNjLTllZjAtNGM1My04YjQyLTc4YWUzODdkM2EzOCJdAAAGIKv5lBHPTCUd-f-XTvwE_u5eEwpjzhYhdeSzoKQU9BWW',
          secret: 'pypi-AgEIcHlwaS5vcmcCOHsidmVyc2lvbiI6MSwibm9uY2UiOiI3Yzg5ZjdmYmU3ZGY4OWY0NmI2N2MwNDQyZGU3YmJjNyJ9AAIqWzMsIjgyZjRhOGNjLTllZjAtNGM1My04YjQyLTc4YWUzODdkM2EzOCJdAAAGIKv5lBHPTCUd-f-XTvwE_u5eEwpjzhYhdeSzoKQU9BWW',
        },
        'TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcCOHsidmVyc2lvbiI6MSwibm9uY2UiOiJhZTliNmMwZGE5NDFmNWM0NzM5ZWFkOGJkZGRjOGVkZCJ9AAIRWzEsWyJ0aW55LXRvb2wiXV0AAixbMixbImY4YTYzZTgxLTU3ZDQtNDlmZC1iNzIyLTFkODhiNjQ1MjJmNSJdXQAABiA-AArWe-azuJIsSw49Trcp3OOY5LHkvd-IhdAZSQHUYQ',
        // TestPyPI.
        'password: pypi-AgENdGVzdC5weXBpLm9yZwI4eyJ2ZXJzaW9uIjoxLCJub25jZSI6IjlkZTY3Yjg0N2ViMzdlYTk2YTQ2ZjEwYzM1OWZlNmEwIn0AAipbMywiNmY0YTVmYTktNGRiNS00YjI4LWFiYjEtYWE0OGVkMGQwNmQxIl0AAAYgwr53Ajj1DOknaGz3_Q4LApf0wPNvQY5IJ7w8FLrlf_0',
        // An expiry caveat of 15 minutes, as on a trusted-publishing token.
        'PYPI_TOKEN=pypi-AgEIcHlwaS5vcmcCOHsidmVyc2lvbiI6MSwibm9uY2UiOiJkNDYxYWM2ZTU1NjE4Yzc0ODRhMTM3MWI1NzNiMzRiYiJ9AAIZWzAsMTc2NzIyNjUwMCwxNzY3MjI1NjAwXQACKls0LCI2NzM3NzJmMC03ZjQzLTQ1NmYtOTI2ZS02YmYyODk1ZmY3NzkiXQAABiDYuJp-5ma2U0JxUsEGFQX0YDjzDbUTFeGK6o1v5PgEmg',
      ],
      false: [
        // Cut short: the macaroon's signature is missing.
        'TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcCOHsidmVyc2lvbiI6MSwibm9uY2UiOiI3Yzg5ZjdmYmU3ZGY4OWY0NmI2N2MwNDQyZGU3YmJjNyJ9AAIqWzMsIjgyZjRhOGNj',
        'TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        'password = pypi-${PYPI_TOKEN}',
      ],
    },
  },

  // ---------------------------------------------------------------- Stripe
  {
    id: 'stripe-secret-key',
    provider: 'Stripe',
    name: 'Stripe live secret key',
    keywords: ['sk_live_'],
    pattern: /(?<![A-Za-z0-9_])sk_live_[A-Za-z0-9]{24,247}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until rolled',
    inspect: (secret) => accept(generated(secret.slice(8))),
    samples: {
      true: [
        { text: 'STRIPE_SECRET_KEY=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', secret: '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' },
        "Stripe.api_key = 'sk_live_thOTz0tJQ8TgJ1jkKdVqp4re'",
      ],
      false: ['STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'STRIPE_SECRET_KEY=sk_live_your_secret_key_here', 'STRIPE_SECRET_KEY=sk_live_thOTz0tJ'],
    },
  },
  {
    id: 'stripe-restricted-key',
    provider: 'Stripe',
    name: 'Stripe live restricted key',
    keywords: ['rk_live_'],
    pattern: /(?<![A-Za-z0-9_])rk_live_[A-Za-z0-9]{24,247}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until rolled (scoped to the permissions chosen)',
    inspect: (secret) => accept(generated(secret.slice(8))),
    samples: {
      true: [
        { text: 'STRIPE_API_KEY=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', secret: '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' },
        'stripe:\n  key: "rk_live_MPFFRwPeI9pNmSXSJVHF0xEF"',
      ],
      false: ['STRIPE_API_KEY=rk_live_REDACTED', 'STRIPE_API_KEY=rk_live_restrictedkeygoeshere000', 'STRIPE_API_KEY=rk_live_xxxxxxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'stripe-test-secret-key',
    provider: 'Stripe',
    name: 'Stripe test-mode secret key',
    keywords: ['sk_test_'],
    pattern: /(?<![A-Za-z0-9_])sk_test_[A-Za-z0-9]{24,247}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; test mode only (no real charges, but reads and writes the test account)',
    inspect: (secret) => accept(generated(secret.slice(8))),
    samples: {
      true: [
        { text: 'STRIPE_SECRET_KEY=sk_test_518p2IT30PNnbX2mOCS9nOO2TpHnMlKUW6smu4g6AofX0hsqrcAbfHv6bODHnPve0WayHQOV2uJzP2BRpAlxcsaR4mQwXmwlfsx', secret: 'sk_test_518p2IT30PNnbX2mOCS9nOO2TpHnMlKUW6smu4g6AofX0hsqrcAbfHv6bODHnPve0WayHQOV2uJzP2BRpAlxcsaR4mQwXmwlfsx' },
        'const stripe = require("stripe")("sk_test_oWYGpCeqFHiBqFoGlxaoydEP");',
      ],
      false: ['STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx', 'STRIPE_SECRET_KEY=sk_test_<your key>'],
    },
  },
  {
    id: 'stripe-test-restricted-key',
    provider: 'Stripe',
    name: 'Stripe test-mode restricted key',
    keywords: ['rk_test_'],
    pattern: /(?<![A-Za-z0-9_])rk_test_[A-Za-z0-9]{24,247}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; test mode only, scoped to the permissions chosen',
    inspect: (secret) => accept(generated(secret.slice(8))),
    samples: {
      true: [
        { text: 'STRIPE_KEY=rk_test_51WNHoiSe4GrMIbrqY02rdd0CqI2NbfjfKBeWbUaUU9GlZjQVs57OK7LzqtjvxJKIEVDdUJGFBHcwIaXg7ydE1Q53el3BRlivGR', secret: 'rk_test_51WNHoiSe4GrMIbrqY02rdd0CqI2NbfjfKBeWbUaUU9GlZjQVs57OK7LzqtjvxJKIEVDdUJGFBHcwIaXg7ydE1Q53el3BRlivGR' },
        '"stripeKey": "rk_test_Hq4TnV8bXw2LmR6yPc0sJd3K"',
      ],
      false: ['STRIPE_KEY=rk_test_xxxxxxxxxxxxxxxxxxxxxxxx', 'STRIPE_KEY=rk_test_restrictedkeyplaceholder'],
    },
  },

  // ---------------------------------------------------------------- HashiCorp Vault
  {
    id: 'vault-service-token',
    provider: 'HashiCorp',
    name: 'HashiCorp Vault service token',
    keywords: ['hvs.'],
    pattern: /(?<![A-Za-z0-9_.])hvs\.[A-Za-z0-9_-]{90,120}(?![A-Za-z0-9_-])/g,
    lifetime: 'config',
    lifetimeNote: 'TTL set by the auth role or mount (default 768 hours); periodic tokens renew forever; root tokens never expire',
    inspect: (secret) => accept(generated(secret.slice(4))),
    samples: {
      true: [
        { text: 'export VAULT_TOKEN=hvs.CAESI2Z4yNLIDE5zwPoFJD5S7NqyJsftqHcQ3ujIO4UvDnuhDolxgqegJ5dj0bHBlZA59qrQK2jTYpOJMoEu2HO8MVh_IpL', secret: 'hvs.CAESI2Z4yNLIDE5zwPoFJD5S7NqyJsftqHcQ3ujIO4UvDnuhDolxgqegJ5dj0bHBlZA59qrQK2jTYpOJMoEu2HO8MVh_IpL' },
        'vault:\n  token: hvs.CAESI2DlRTww7eaVk-QmT3jDFGVHVV4RxIfvbBzWIwrAEEtmFkYtHDdIzk1AvSpfPOxWiV_bp-5YzX_CElJNPU6jhzf',
      ],
      false: [
        // Too short: a pre-1.10 style value or an accessor.
        'VAULT_TOKEN=hvs.CAESI2Z4yNLIDE5zwPoFJD5S7',
        'VAULT_TOKEN=hvs.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
    },
  },
  {
    id: 'vault-batch-token',
    provider: 'HashiCorp',
    name: 'HashiCorp Vault batch token',
    keywords: ['hvb.'],
    pattern: /(?<![A-Za-z0-9_.])hvb\.[A-Za-z0-9_-]{138,300}(?![A-Za-z0-9_-])/g,
    lifetime: 'config',
    lifetimeNote: 'TTL set by the auth role or mount; batch tokens cannot be renewed',
    inspect: (secret) => accept(generated(secret.slice(4))),
    samples: {
      true: [
        {
          text: 'VAULT_TOKEN=hvb.AAAAAQmlu8eNXDMiEXAqwJENMvJak7II58Hq_uJGpoYbFVRSmzoLHFYIG8mioqowRcNoI_xcRFr1RdUm5nxDbw69iDapTs8EJ4lHRxCgkQLNHVzzHS6eyqMoPh8cV1vNNuRZ-jSQzFKrunycC3H3KNHGZrtr',
          secret: 'hvb.AAAAAQmlu8eNXDMiEXAqwJENMvJak7II58Hq_uJGpoYbFVRSmzoLHFYIG8mioqowRcNoI_xcRFr1RdUm5nxDbw69iDapTs8EJ4lHRxCgkQLNHVzzHS6eyqMoPh8cV1vNNuRZ-jSQzFKrunycC3H3KNHGZrtr',
        },
        '{"auth": {"client_token": "hvb.AAAAAQXh0qLHIpaDCJsSavODD59ersyHlnyQv0h3onkpnV4iJn2oKpXah1GbwgsI9IhamnEjUJ1JWNeiBgU8jU-n3RaGKvocrIjN46s_7ZIRboE35bibBvQ6ym6SiwVjBISYDqcSa_NDbSfyfA5Cbj0KoaQa18pigObq3U63Cc_j_YGnRA5ndK4URP"}}',
      ],
      false: ['VAULT_TOKEN=hvb.AAAAAQmlu8eNXDMiEXAqwJENMvJak7II58Hq', 'VAULT_TOKEN=hvb.${BATCH_TOKEN}'],
    },
  },

  // ---------------------------------------------------------------- Messaging and email
  {
    // The SID names the key; its secret is a separate 32-character value, usually beside it.
    id: 'twilio-api-key',
    provider: 'Twilio',
    name: 'Twilio API key (SID)',
    keywords: ['twilio'],
    pattern: /(?<![A-Za-z0-9_])SK[0-9a-f]{32}(?![A-Za-z0-9_])/g,
    window: { before: 120, after: 120 },
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until the key is deleted',
    inspect: (secret) => accept(generated(secret.slice(2))),
    samples: {
      true: [
        { text: 'TWILIO_API_KEY=SK73c2320d891707b2a83a85c96cd8f300', secret: 'SK73c2320d891707b2a83a85c96cd8f300' },
        '{"provider": "twilio", "apiKeySid": "SKac5c55679002f3cb4352d72b78bd259f"}',
      ],
      false: [
        // No Twilio context.
        'checksum=SK73c2320d891707b2a83a85c96cd8f300',
        'TWILIO_API_KEY=SK00000000000000000000000000000000',
        'TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
    },
  },
  {
    id: 'sendgrid-api-key',
    provider: 'SendGrid',
    name: 'SendGrid API key',
    keywords: ['sg.'],
    pattern: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until deleted',
    inspect: (secret) => accept(generated(secret.slice(26))),
    samples: {
      true: [
        { text: 'SENDGRID_API_KEY=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', secret: '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' },
        "sg = SendGridAPIClient('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')",
      ],
      false: [
        'SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        'msg.1HHP29Kan3PsxbYd9Dg029.ZnONSU86nJ-FOOQMe--LzNOHTBNXxcrb5Jdc39LBm2_',
        'SENDGRID_API_KEY=SG.1HHP29Kan3PsxbYd9Dg029.ZnONSU86nJ',
      ],
    },
  },
  {
    id: 'mailgun-api-key',
    provider: 'Mailgun',
    name: 'Mailgun API key',
    keywords: ['mailgun'],
    pattern: /(?<![A-Za-z0-9_-])key-[0-9a-f]{32}(?![A-Za-z0-9_-])/g,
    window: { before: 120, after: 120 },
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until deleted',
    inspect: (secret) => accept(generated(secret.slice(4))),
    samples: {
      true: [
        { text: 'MAILGUN_API_KEY=key-1b584c2df5f522a49139495c0272577d', secret: 'key-1b584c2df5f522a49139495c0272577d' },
        "mailgun:\n  domain: mg.acme.io\n  api_key: 'key-55e6737f56e1d6bb550660c4c9f6ae92'",
      ],
      false: [
        // No Mailgun context: `key-` and hex are common.
        'cache_key: key-1b584c2df5f522a49139495c0272577d',
        'MAILGUN_API_KEY=key-00000000000000000000000000000000',
        'MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
    },
  },
  {
    id: 'telegram-bot-token',
    provider: 'Telegram',
    name: 'Telegram bot token',
    keywords: ['telegram'],
    // After `/bot` in an API URL, or on its own.
    pattern: /(?:(?<=\/bot)|(?<![A-Za-z0-9_:-]))\d{8,10}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
    window: { before: 120, after: 120 },
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until revoked through BotFather',
    inspect: (secret) => accept(generated(secret.slice(secret.indexOf(':') + 1))),
    samples: {
      true: [
        { text: 'TELEGRAM_BOT_TOKEN=9134119526:AAn0jRoKxZdmpisidBJg14bY4ZDRtXLp8d0', secret: '9134119526:AAn0jRoKxZdmpisidBJg14bY4ZDRtXLp8d0' },
        'requests.post(f"https://api.telegram.org/bot386415216:AAJcwJcx2RRwURjzdJql5TSOn5rd7XEpl7x/sendMessage", json=payload)',
      ],
      false: [
        // No Telegram context.
        'ratio 9134119526:AAn0jRoKxZdmpisidBJg14bY4ZDRtXLp8d0',
        'TELEGRAM_BOT_TOKEN=123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        'TELEGRAM_BOT_TOKEN=9134119526:AAn0jRoKxZdmpisid',
      ],
    },
  },
  {
    // Base64 of the bot's snowflake id, a timestamp, and an HMAC.
    id: 'discord-bot-token',
    provider: 'Discord',
    name: 'Discord bot token',
    keywords: ['discord'],
    pattern: /(?<![A-Za-z0-9_.-])(?<id>[MNO][A-Za-z0-9_-]{21,26})\.[A-Za-z0-9_-]{6}\.(?<hmac>[A-Za-z0-9_-]{27,38})(?![A-Za-z0-9_.-])/g,
    window: { before: 120, after: 120 },
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until reset',
    inspect: (_secret, { match }) => {
      const id = decodeBase64(match.groups!.id!)?.toString('latin1');
      return accept(id !== undefined && /^[1-9]\d{16,19}$/.test(id) && generated(match.groups!.hmac!));
    },
    samples: {
      true: [
        { text: 'DISCORD_BOT_TOKEN=MzQyMTY2ODQyNTg2Njg1MTg3OQ.wFzkWm.3Udr1QA-P4r8-reNIEkXsw-j7GqkQFkshtL-WL', secret: 'MzQyMTY2ODQyNTg2Njg1MTg3OQ.wFzkWm.3Udr1QA-P4r8-reNIEkXsw-j7GqkQFkshtL-WL' },
        'client.login("NDg3ODYzNDg3MDU4MDMzNDE0.Pgi8E3.i8sxqPo0NR5QqYCZ7GZQqjrkSJv") // discord.js',
      ],
      false: [
        // The first segment is not a snowflake id.
        'DISCORD_BOT_TOKEN=MTExaGVsbG8gd29ybGQgeW91.wFzkWm.3Udr1QA-P4r8-reNIEkXsw-j7GqkQFkshtL-WL',
        // No Discord context.
        'value: MzQyMTY2ODQyNTg2Njg1MTg3OQ.wFzkWm.3Udr1QA-P4r8-reNIEkXsw-j7GqkQFkshtL-WL',
      ],
    },
  },

  // ---------------------------------------------------------------- Commerce
  {
    id: 'shopify-access-token',
    provider: 'Shopify',
    name: 'Shopify Admin API access token',
    keywords: ['shpat_'],
    pattern: /(?<![A-Za-z0-9_])shpat_[a-fA-F0-9]{32}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until the app is uninstalled or the token revoked',
    inspect: (secret) => accept(generated(secret.slice(6))),
    samples: {
      true: [
        { text: 'SHOPIFY_ACCESS_TOKEN=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', secret: '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' },
        "headers: { 'X-Shopify-Access-Token': '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' }",
      ],
      false: ['SHOPIFY_ACCESS_TOKEN=shpat_00000000000000000000000000000000', 'SHOPIFY_ACCESS_TOKEN=shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'shopify-custom-app-token',
    provider: 'Shopify',
    name: 'Shopify custom app access token',
    keywords: ['shpca_'],
    pattern: /(?<![A-Za-z0-9_])shpca_[a-fA-F0-9]{32}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until the app is uninstalled or the token revoked',
    inspect: (secret) => accept(generated(secret.slice(6))),
    samples: {
      true: [
        { text: 'SHOPIFY_TOKEN=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', secret: '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' },
        'shopify:\n  access_token: "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"',
      ],
      false: ['SHOPIFY_TOKEN=shpca_ffffffffffffffffffffffffffffffff', 'SHOPIFY_TOKEN=shpca_9163fef2d5a00ea1b670999b45b0'],
    },
  },
  {
    id: 'shopify-private-app-password',
    provider: 'Shopify',
    name: 'Shopify private app password',
    keywords: ['shppa_'],
    pattern: /(?<![A-Za-z0-9_])shppa_[a-fA-F0-9]{32}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until the private app is deleted',
    inspect: (secret) => accept(generated(secret.slice(6))),
    samples: {
      true: [
        { text: 'SHOPIFY_PASSWORD=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', secret: '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' },
        '"password": "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"',
      ],
      false: ['SHOPIFY_PASSWORD=shppa_00000000000000000000000000000000', 'SHOPIFY_PASSWORD=shppa_<password>'],
    },
  },
  {
    id: 'shopify-shared-secret',
    provider: 'Shopify',
    name: 'Shopify app shared secret',
    keywords: ['shpss_'],
    pattern: /(?<![A-Za-z0-9_])shpss_[a-fA-F0-9]{32}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until rotated',
    inspect: (secret) => accept(generated(secret.slice(6))),
    samples: {
      true: [
        { text: 'SHOPIFY_API_SECRET=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', secret: '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' },
        "api_secret_key: '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'",
      ],
      false: ['SHOPIFY_API_SECRET=shpss_11111111111111111111111111111111', 'SHOPIFY_API_SECRET=shpss_946bc77f3232f314b3260f'],
    },
  },

  // ---------------------------------------------------------------- Work tracking and docs
  {
    id: 'atlassian-api-token',
    provider: 'Atlassian',
    name: 'Atlassian API token',
    keywords: ['atatt3'],
    pattern: /(?<![A-Za-z0-9_-])ATATT3[A-Za-z0-9_-]{150,250}=[0-9A-F]{8}(?![A-Za-z0-9_=-])/g,
    lifetime: 'long',
    lifetimeNote: 'expires within 1 to 365 days, chosen at creation',
    inspect: (secret) => accept(atlassianChecksumHolds(secret)),
    samples: {
      true: [
        {
          text: 'JIRA_API_TOKEN=ATATT3xFfGF0MH5xLJvPRsgTNarnY8LmtoiQMFNdrowTfXUs0JIZMlyA5m-89plz6juJvzR-tBYcGyw9EoPnIJY-E6AJ0xbKMDoUAojah3dMGK-eS6Wv6aG0QmsVY0R5Hu0A2_cHPDrhShE1Gs_jHvR1TTeJmS_d1XVP9lvzW7BO1YyI-pe_hfO=89410DBB',
          secret: 'ATATT3xFfGF0MH5xLJvPRsgTNarnY8LmtoiQMFNdrowTfXUs0JIZMlyA5m-89plz6juJvzR-tBYcGyw9EoPnIJY-E6AJ0xbKMDoUAojah3dMGK-eS6Wv6aG0QmsVY0R5Hu0A2_cHPDrhShE1Gs_jHvR1TTeJmS_d1XVP9lvzW7BO1YyI-pe_hfO=89410DBB',
        },
        '"env": {"ATLASSIAN_API_TOKEN": "ATATT3xFfGF0EvuKV03-SJFZHTGLTMkP_mBtMdRcW-NGzVUgnPAvn0ekYQ6SqZqeYAxET_Q_NhSh3XVfyCbJTHGMfaKzMhjQdDcIfre-Rcaq3YZQmU-BWrUWM18Ps6wsurTettPu1e6Qujs4gII30FO7NQpF5hCo5zHRtd5ntqxUGmqyWEK_Ghg=8CEB9C50"}',
      ],
      false: [
        // The checksum does not hold: one character changed.
        'JIRA_API_TOKEN=ATATT3xFfGF0MH5xLJvPRsgTNarnY8LmtoiQMFNdrowTfXUs0JIZMlyA5m-89plz6juJvzR-tBYcGyw9EoPnIJY-E6AJ0xbKMDoUAojah3dMGK-eS6Wv6aG0QmsVY0R5Hu0A2_cHPDrhShE1Gs_jHvR1TTeJmS_d1XVP9lvzW7BO1YyI-pe_hfo=89410DBB',
        'JIRA_API_TOKEN=ATATT3xFfGF0...',
      ],
    },
  },
  {
    id: 'linear-api-key',
    provider: 'Linear',
    name: 'Linear personal API key',
    keywords: ['lin_api_'],
    pattern: /(?<![A-Za-z0-9_])lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until revoked',
    inspect: (secret) => accept(generated(secret.slice(8))),
    samples: {
      true: [
        { text: 'LINEAR_API_KEY=lin_api_p7usGHFbvTvqhXTkNA2o73E4TMtEcdlzhqPCCloK', secret: 'lin_api_p7usGHFbvTvqhXTkNA2o73E4TMtEcdlzhqPCCloK' },
        '"linear": {"env": {"LINEAR_API_KEY": "lin_api_rtSe3PV6cXoMqJWz7RingCCMYA3b2akoBctyZmRY"}}',
      ],
      false: ['LINEAR_API_KEY=lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'LINEAR_API_KEY=lin_api_p7usGHFbvTvqhXTkNA2o73E4'],
    },
  },
  {
    // Figma's personal access token: `figd_` and 40 URL-safe characters. Since 2025 Figma issues
    // them for 1, 7, 30 or at most 90 days (help.figma.com, "Manage personal access tokens"); older
    // ones were made with no expiry. It acts as the person who made it, across all their files.
    id: 'figma-pat',
    provider: 'Figma',
    name: 'Figma personal access token',
    keywords: ['figd_'],
    pattern: /(?<![A-Za-z0-9_-])figd_[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])/g,
    lifetime: 'long',
    lifetimeNote: 'expires after at most 90 days when made since 2025; older tokens never expire',
    inspect: (secret) => accept(generated(secret.slice(5))),
    samples: {
      true: [
        { text: 'FIGMA_API_KEY=figd_e4E-887th1gXv04dTXjA_iKuVN3pf0G4DVsFhIoN', secret: 'figd_e4E-887th1gXv04dTXjA_iKuVN3pf0G4DVsFhIoN' },
        '"args": ["-y", "figma-developer-mcp", "figd_CromvkE0QdA9PA8BeAGA3Sk9ZPf7DE5CcnKJKLsx", "--stdio"]',
      ],
      false: ['FIGMA_API_KEY=figd_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'FIGMA_API_KEY=figd_e4E-887th1gXv04dTXjA_iKuVN3'],
    },
  },
  {
    id: 'notion-token',
    provider: 'Notion',
    name: 'Notion integration token',
    keywords: ['ntn_'],
    pattern: /(?<![A-Za-z0-9_])ntn_\d{11}[A-Za-z0-9]{35}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until the integration is deleted or the token refreshed',
    inspect: (secret) => accept(generated(secret.slice(15))),
    samples: {
      true: [
        { text: 'NOTION_TOKEN=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', secret: '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' },
        "const notion = new Client({ auth: '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' });",
      ],
      false: ['NOTION_TOKEN=ntn_00000000000xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'NOTION_TOKEN=ntn_99459858552BE1KHXFfHyEEjkhGPc'],
    },
  },
  {
    // Notion's earlier format: only a Notion context tells it from any other `secret_` value.
    id: 'notion-legacy-token',
    provider: 'Notion',
    name: 'Notion integration token (legacy secret_ form)',
    keywords: ['notion'],
    pattern: /(?<![A-Za-z0-9_])secret_[A-Za-z0-9]{43}(?![A-Za-z0-9_])/g,
    window: { before: 120, after: 120 },
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until the integration is deleted or the token refreshed',
    inspect: (secret) => accept(generated(secret.slice(7))),
    samples: {
      true: [
        { text: 'NOTION_API_KEY=secret_10UjvX202nPgVsbke2dTC0KsWH591mwfrO8dfRCtU09', secret: 'secret_10UjvX202nPgVsbke2dTC0KsWH591mwfrO8dfRCtU09' },
        'notion = Client(auth="secret_fZWCJThsBRIT66OKEwFzZEuNnBo41tGdjvq7gFm49SR")',
      ],
      false: [
        // No Notion context.
        'WEBHOOK_SIGNING=secret_10UjvX202nPgVsbke2dTC0KsWH591mwfrO8dfRCtU09',
        'NOTION_API_KEY=secret_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ],
    },
  },
  {
    id: 'postman-api-key',
    provider: 'Postman',
    name: 'Postman API key',
    keywords: ['pmak-'],
    pattern: /(?<![A-Za-z0-9_-])PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'expiry optional; lives until revoked',
    inspect: (secret) => accept(generated(secret.slice(5))),
    samples: {
      true: [
        { text: 'POSTMAN_API_KEY=PMAK-68559d22a89bae20abb3d83b-5f1c9d5d2a1d329186629fb7c814d869be', secret: 'PMAK-68559d22a89bae20abb3d83b-5f1c9d5d2a1d329186629fb7c814d869be' },
        'curl -H "X-Api-Key: PMAK-9c202c4eaa31c23cde0a2196-510a0c63060ab332f1c81edac5f92c7182" https://api.getpostman.com/me',
      ],
      false: ['POSTMAN_API_KEY=PMAK-000000000000000000000000-0000000000000000000000000000000000', 'POSTMAN_API_KEY=PMAK-68559d22a89bae20abb3d83b-5f1c9d5d'],
    },
  },

  // ---------------------------------------------------------------- Platforms and infrastructure
  {
    id: 'databricks-token',
    provider: 'Databricks',
    name: 'Databricks personal access token',
    keywords: ['dapi'],
    pattern: /(?<![A-Za-z0-9_])dapi[0-9a-f]{32}(?:-\d{1,2})?(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'lifetime optional at creation; without one it never expires',
    inspect: (secret) => accept(generated(secret.slice(4, 36))),
    samples: {
      true: [
        { text: 'DATABRICKS_TOKEN=dapid8b02fb5a782bf6debbca6346226fd37', secret: 'dapid8b02fb5a782bf6debbca6346226fd37' },
        '[DEFAULT]\nhost = https://adb-123.azuredatabricks.net\ntoken = dapia57ac118210b1a4132e573a5ab9655d7-2',
      ],
      false: ['DATABRICKS_TOKEN=dapi00000000000000000000000000000000', 'rapidapi8b02fb5a782bf6debbca6346226fd37', 'DATABRICKS_TOKEN=dapid8b02fb5a782bf6debbca63'],
    },
  },
  {
    id: 'doppler-token',
    provider: 'Doppler',
    name: 'Doppler token',
    keywords: ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'],
    pattern: /(?<![A-Za-z0-9_.])dp\.(?<kind>pt|st|sa|ct|scim|audit)\.(?:(?<config>[a-z0-9_-]{1,60})\.)?(?<body>[A-Za-z0-9]{40,44})(?![A-Za-z0-9_.-])/g,
    lifetime: 'static',
    lifetimeNote: 'expiry optional; lives until revoked',
    inspect: (_secret, { match }) => {
      const { kind, config, body } = match.groups!;
      // Only service tokens name their config (`dp.st.<config>.<secret>`).
      if ((config !== undefined && kind !== 'st') || !generated(body!)) return undefined;
      return { name: DOPPLER_KINDS[kind!]! };
    },
    samples: {
      true: [
        { text: 'DOPPLER_TOKEN=dp.st.prd.IVaDI4yRYo7uOGqXarfVoZOpWaiFIv8Sa9Wg5COWj5h', secret: 'dp.st.prd.IVaDI4yRYo7uOGqXarfVoZOpWaiFIv8Sa9Wg5COWj5h' },
        'doppler configure set token dp.pt.5GdJDpYC3q9OY6JR8J1SJK24lRtuXsjgQ3ays73iXxM',
        'DOPPLER_TOKEN: "dp.sa.XR6hOC4LSOFxmMIZ2l8zJM7Br5tBVEwBBeJqDdMwD99"',
        'token: dp.st.ZSIcLs5nys2x7bQ4NW2qoZzBZ3V3TeTjlkDItDov',
      ],
      false: ['DOPPLER_TOKEN=dp.st.prd.xxxxx', 'DOPPLER_TOKEN=dp.st.dev.YOUR_DEV_TOKEN_HERE', 'DOPPLER_TOKEN=dp.pt.dev.5GdJDpYC3q9OY6JR8J1SJK24lRtuXsjgQ3ays73iXxM'],
    },
  },
  {
    id: 'pulumi-access-token',
    provider: 'Pulumi',
    name: 'Pulumi access token',
    keywords: ['pul-'],
    pattern: /(?<![A-Za-z0-9_-])pul-[0-9a-f]{40}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'expiry optional; lives until deleted',
    inspect: (secret) => accept(generated(secret.slice(4))),
    samples: {
      true: [
        { text: 'PULUMI_ACCESS_TOKEN=pul-4ad80e4d2be5350cc58f9cdc0a224492c11354fc', secret: 'pul-4ad80e4d2be5350cc58f9cdc0a224492c11354fc' },
        'env:\n  PULUMI_ACCESS_TOKEN: pul-aa8eed4a069803790e64478c9e3cd24e3a371864',
      ],
      false: ['PULUMI_ACCESS_TOKEN=pul-0000000000000000000000000000000000000000', 'PULUMI_ACCESS_TOKEN=pul-4ad80e4d2be5350cc58f9cdc0a2244'],
    },
  },
  {
    id: 'terraform-cloud-token',
    provider: 'HashiCorp',
    name: 'HCP Terraform (Terraform Cloud) API token',
    keywords: ['atlasv1'],
    pattern: /(?<![A-Za-z0-9_])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![A-Za-z0-9_=-])/g,
    window: { before: 15, after: 0 },
    lifetime: 'static',
    lifetimeNote: 'expiry optional for user, team and organization tokens; lives until deleted',
    inspect: (secret) => accept(generated(secret.slice(23))),
    samples: {
      true: [
        { text: 'credentials "app.terraform.io" {\n  token = "id7wODWvcD7wVj.atlasv1.wrsWaQs2JOG_S-V3fsFEYCW1Y9vt8GYHaKtBEmXuVJklJC1DNlv3puAknnFBpSAm4l_"\n}', secret: 'id7wODWvcD7wVj.atlasv1.wrsWaQs2JOG_S-V3fsFEYCW1Y9vt8GYHaKtBEmXuVJklJC1DNlv3puAknnFBpSAm4l_' },
        'TF_TOKEN_app_terraform_io=G9iSy9PJVTmMje.atlasv1.wF-kw_6gfJ5d1nBNoLa-8pSZ8K5-ByHa4lHsTyrFycW5PM4RfasP4aRIpJf5AkvieyZ',
      ],
      false: ['token = "xxxxxxxxxxxxxx.atlasv1.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', 'token = "id7wODWvcD7wVj.atlasv1.wrsWaQs2JOG_S-V3fsFE"'],
    },
  },

  // ---------------------------------------------------------------- Observability
  {
    id: 'sentry-org-token',
    provider: 'Sentry',
    name: 'Sentry organization auth token',
    keywords: ['sntrys_'],
    pattern: /(?<![A-Za-z0-9_])sntrys_(?<payload>eyJ[A-Za-z0-9+/]{20,600}={0,2})_(?<key>[A-Za-z0-9+/]{43})(?![A-Za-z0-9+/=_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until revoked',
    inspect: (_secret, { match }) => {
      const payload = decodeJsonSegment(match.groups!.payload!);
      return accept(payload !== undefined && (typeof payload.org === 'string' || typeof payload.iat === 'number') && generated(match.groups!.key!));
    },
    samples: {
      true: [
        {
          text: 'SENTRY_AUTH_TOKEN=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',
          secret: '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',
        },
        '[auth]\ntoken=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',
      ],
      false: [
        // The payload is not JSON.
        'SENTRY_AUTH_TOKEN=sntrys_eyJub3QganNvbiBhdCBhbGwsIGp1c3QgdGV4dA_3hakVcnKzSECwcGS1K/X9umvXHuJ+W3OCTQYQWMcWnk',
        'SENTRY_AUTH_TOKEN=sntrys_eyJpYXQiO...',
      ],
    },
  },
  {
    id: 'sentry-user-token',
    provider: 'Sentry',
    name: 'Sentry user auth token',
    keywords: ['sntryu_'],
    pattern: /(?<![A-Za-z0-9_])sntryu_[0-9a-f]{64}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; lives until revoked',
    inspect: (secret) => accept(generated(secret.slice(7))),
    samples: {
      true: [
        { text: 'SENTRY_AUTH_TOKEN=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', secret: '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' },
        'sentry-cli --auth-token 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 releases list',
      ],
      false: ['SENTRY_AUTH_TOKEN=sntryu_0000000000000000000000000000000000000000000000000000000000000000', 'SENTRY_AUTH_TOKEN=sntryu_5913b654588edef86f41ea92e66c9b18'],
    },
  },
  {
    id: 'grafana-service-account-token',
    provider: 'Grafana',
    name: 'Grafana service account token',
    keywords: ['glsa_'],
    pattern: /(?<![A-Za-z0-9_])glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'expiry optional (secondsToLive); lives until deleted',
    inspect: (secret) => accept(grafanaChecksumHolds(secret)),
    samples: {
      true: [
        { text: 'GRAFANA_TOKEN=glsa_Df6QeO4mlPgF6iQOty7Z5PnVQLIpOqTH_b2403950', secret: 'glsa_Df6QeO4mlPgF6iQOty7Z5PnVQLIpOqTH_b2403950' },
        'Authorization: Bearer glsa_A4O3t74dj16KIa5SHB88Xw7ptG6NxwVp_68b10f07',
      ],
      false: [
        // The checksum does not hold: one character changed.
        'GRAFANA_TOKEN=glsa_Df6QeO4mlPgF6iQOty7Z5PnVQLIpOqTh_b2403950',
        'GRAFANA_TOKEN=glsa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_00000000',
      ],
    },
  },
  {
    id: 'grafana-cloud-token',
    provider: 'Grafana',
    name: 'Grafana Cloud access policy token',
    keywords: ['glc_'],
    pattern: /(?<![A-Za-z0-9_])glc_(?<payload>eyJ[A-Za-z0-9+/]{30,600}={0,2})(?![A-Za-z0-9+/=_])/g,
    lifetime: 'static',
    lifetimeNote: 'expiry optional; lives until deleted',
    inspect: (_secret, { match }) => {
      const payload = decodeJsonSegment(match.groups!.payload!);
      return accept(payload !== undefined && typeof payload.o === 'string' && /^\d{1,12}$/.test(payload.o) && typeof payload.k === 'string' && generated(payload.k));
    },
    samples: {
      true: [
        {
          text: 'GCLOUD_RW_API_KEY=glc_eyJvIjoiNzQ2MTMxNiIsIm4iOiJhbGxveS13cml0ZXIiLCJrIjoicDZ3aUhkSzF3T2xTU0NIS0lFRWVZaHcwIiwibSI6eyJyIjoicHJvZC1ldS13ZXN0LTIifX0=',
          secret: 'glc_eyJvIjoiNzQ2MTMxNiIsIm4iOiJhbGxveS13cml0ZXIiLCJrIjoicDZ3aUhkSzF3T2xTU0NIS0lFRWVZaHcwIiwibSI6eyJyIjoicHJvZC1ldS13ZXN0LTIifX0=',
        },
        'basic_auth:\n  username: 1943215\n  password: "glc_eyJvIjoiMTk0MzIxNSIsIm4iOiJzdGFjay03MDIwNTgtaG0td3JpdGUtcHJvbSIsImsiOiJDcVZBU2Q3SlR0MkRZN2o1Z085WWN5c3kiLCJtIjp7InIiOiJwcm9kLWV1LXdlc3QtMiJ9fQ=="',
      ],
      false: [
        // A documentation value: the key is "abcdefg".
        'LOKI_PASSWORD="glc_eyJvIjoiMTIzNDU2IiwibiI6ImFwaS1rZXkiLCJrIjoiYWJjZGVmZyJ9"',
        'GCLOUD_RW_API_KEY=glc_eyJvIjoi...',
      ],
    },
  },
];
