import { crc32, decodeBase64, looksRandom, shannonEntropy } from '../checks.js';
import { lifetimeClass, lifetimeFromValidity } from '../lifetime.js';
import type { CredentialType, Inspection, MatchContext } from '../types.js';

/**
 * Cloud providers' credentials. Sources, by type:
 * - AWS key ids: `AKIA` (IAM user, long-term) and `ASIA` (STS, temporary) + 16 base-32 characters
 *   (IAM User Guide "Unique identifiers", STS `GetAccessKeyInfo`); STS credentials last 15 minutes
 *   to 12 hours, 1 hour by default (`AssumeRole` DurationSeconds), 36 hours at most from
 *   `GetSessionToken`. The secret access key is 40 characters of base64 and has no prefix, so it
 *   is taken only right after its own name.
 * - Amazon Bedrock API keys (IAM User Guide "API keys for Amazon Bedrock"): the long-term key is
 *   `ABSK` + base64 of `<alias>-at-<account id>:<secret>`, an IAM service-specific credential whose
 *   `CredentialAgeDays` is optional ("When not specified, the credential will not expire"); the
 *   short-term key is `bedrock-api-key-` + base64 of a SigV4 presigned URL (aws-bedrock-token-generator),
 *   valid for its `X-Amz-Expires`, 12 hours at most.
 * - Google: API keys `AIza` + 35 (Cloud docs "Manage API keys"; no expiry), OAuth client secrets
 *   `GOCSPX-` + 28, OAuth access tokens `ya29.` (1 hour) and refresh tokens `1//0…` (no expiry
 *   unless unused for six months or revoked; Google Identity "Using OAuth 2.0", "Refresh token expiration").
 * - Azure: Entra client secrets carry `Q~` after a 3-character id and a digit; the portal offers up
 *   to 24 months. Storage account keys are 64 bytes of base64 (88 characters ending `==`), valid
 *   until regenerated. A SAS is a URL query whose `se` (signed expiry) and `st` (start) are ISO-8601
 *   UTC times and whose `sig` is the HMAC (Storage REST docs "Create a service SAS").
 * - DigitalOcean `dop_v1_`/`doo_v1_`/`dor_v1_` + 64 hex (personal, OAuth access, OAuth refresh);
 *   the OAuth API's token response gives access tokens `expires_in` 2592000 (30 days).
 * - Alibaba Cloud AccessKey ids start `LTAI` (current ones `LTAI5t`, 24 characters in all).
 * - Cloudflare (docs "Token formats"): `cfk_`, `cfut_`, `cfat_` + 40 characters + a checksum, the
 *   CRC-32 of those 40 characters in 8 lower-case hex digits (it holds for published tokens).
 * - Heroku API keys `HRKU-AA` + 58 (gitleaks' and GitLab's rules; `HRKU-` + a UUID occurs too).
 */

/** Upper and lower case and a digit, with the entropy of a generated value. */
const mixed = (value: string, minLength: number): boolean => looksRandom(value, minLength) && /[A-Z]/.test(value) && /[a-z]/.test(value);

/** The text around a match, for checks that look at its neighbours. */
const around = ({ text, match }: MatchContext, radius: number): string => text.slice(Math.max(0, match.index - radius), match.index + match[0].length + radius);

/** An STS key id or a session token next to a secret key: the pair is temporary. */
const TEMPORARY_NEARBY = /(?<![A-Za-z0-9])ASIA[A-Z2-7]{16}(?![A-Za-z0-9])|session[_-]?token/i;

/** The long-term Bedrock key's decoded body: `<alias>-at-<12-digit account>:<base64 secret>`. */
const BEDROCK_KEY_BODY = /^[\w+=,.@-]{1,128}-at-\d{12}:[A-Za-z0-9+/]{20,200}={0,2}$/;

/** The presigned URL inside a short-term Bedrock key, and the two parameters that date it. */
const BEDROCK_PRESIGNED = /^bedrock\.amazonaws\.com\/\?Action=CallWithBearerToken&/;
const AMZ_DATE = /[?&]X-Amz-Date=(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:&|$)/;
const AMZ_EXPIRES = /[?&]X-Amz-Expires=(\d{1,6})(?:&|$)/;

function bedrockShortTerm(_secret: string, context: MatchContext): Inspection | undefined {
  const url = decodeBase64(context.match.groups!.url!)?.toString('latin1');
  if (!url || !BEDROCK_PRESIGNED.test(url)) return undefined;
  const date = AMZ_DATE.exec(url);
  const expires = AMZ_EXPIRES.exec(url);
  if (!date || !expires) return {};
  const [, year, month, day, hour, minute, second] = date.map(Number) as [number, number, number, number, number, number, number];
  const ttlSeconds = Number(expires[1]);
  const expiresAt = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + ttlSeconds;
  if (!Number.isFinite(expiresAt)) return {};
  return { lifetime: { class: lifetimeClass(ttlSeconds), expiresAt: new Date(expiresAt * 1000).toISOString(), ttlSeconds, source: 'sigv4.X-Amz-Expires' } };
}

/** The Azure Storage emulator's published account key (Azurite docs): not a secret. */
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Characters a SAS query is made of; anything else (`?`, `;`, quotes, space) ends it. */
const SAS_QUERY_CHAR = /[A-Za-z0-9%&=+/._:~-]/;
const SAS_EXPIRY = /(?:^|[&=])se=([^&]{10,40})/;
const SAS_START = /(?:^|[&=])st=([^&]{10,40})/;
const SAS_VERSION = /(?:^|[&=])sv=\d{4}-\d{2}-\d{2}(?:&|$)/;
const ISO_UTC = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?Z)?$/;

/** The query around a `sig=` match, at most 2 KiB of it. */
function sasQuery({ text, match }: MatchContext): string {
  let start = match.index;
  const low = Math.max(0, start - 1_024);
  while (start > low && SAS_QUERY_CHAR.test(text[start - 1]!)) start--;
  let end = match.index + match[0].length;
  const high = Math.min(text.length, end + 1_024);
  while (end < high && SAS_QUERY_CHAR.test(text[end]!)) end++;
  return text.slice(start, end);
}

/** An ISO-8601 UTC time as a SAS writes it (`2026-01-01`, `2026-01-01T08:00:00Z`, URL-encoded or not), in seconds. */
function sasTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return undefined;
  }
  const parts = ISO_UTC.exec(decoded);
  if (!parts) return undefined;
  const [, day, time, seconds, fraction] = parts;
  const millis = Date.parse(`${day}T${time ?? '00:00'}:${seconds ?? '00'}.${(fraction ?? '0').slice(0, 3).padEnd(3, '0')}Z`);
  return Number.isNaN(millis) ? undefined : millis / 1000;
}

function sas(_secret: string, context: MatchContext): Inspection | undefined {
  const query = sasQuery(context);
  if (!SAS_VERSION.test(query)) return undefined;
  const expiresAt = sasTime(SAS_EXPIRY.exec(query)?.[1]);
  if (expiresAt === undefined) return undefined;
  const issuedAt = sasTime(SAS_START.exec(query)?.[1]);
  const validity = { source: 'sas' as const, issuedAt, expiresAt };
  return { validity, lifetime: lifetimeFromValidity(validity) };
}

/** A Cloudflare token's last eight characters: the CRC-32 of the forty before them, in hex. */
function cloudflareChecksum(_secret: string, { match }: MatchContext): Inspection | undefined {
  const { body, checksum } = match.groups!;
  return crc32(body!).toString(16).padStart(8, '0') === checksum ? {} : undefined;
}

export const CLOUD: readonly CredentialType[] = [
  {
    id: 'aws-access-key-id',
    provider: 'AWS',
    name: 'AWS access key ID (IAM user)',
    keywords: ['akia'],
    pattern: /(?<![A-Za-z0-9_])AKIA[A-Z2-7]{16}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'long-term IAM user key: no expiry; rotated or deleted by hand',
    samples: {
      true: [
        { text: 'aws_access_key_id = AKIAFHBGH67UXCGORNUO', secret: 'AKIAFHBGH67UXCGORNUO' },
        '"AccessKeyId": "AKIA5ZITOFNSMG6UDXEG",',
        'export AWS_ACCESS_KEY_ID=AKIAWHADOSFKF5S3N6VW',
      ],
      false: [
        // AWS's documentation example.
        'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
        // Not base 32 (0, 1, 8 and 9 never occur), and one character short.
        'aws_access_key_id = AKIA0123987654321ABC',
        'aws_access_key_id = AKIAFHBGH67UXCGORNU',
        // Part of a longer identifier.
        'ref: XAKIA5ZITOFNSMG6UDXEG',
      ],
    },
  },
  {
    id: 'aws-temporary-access-key-id',
    provider: 'AWS',
    name: 'AWS temporary access key ID (STS)',
    keywords: ['asia'],
    pattern: /(?<![A-Za-z0-9_])ASIA[A-Z2-7]{16}(?![A-Za-z0-9_])/g,
    lifetime: 'short',
    lifetimeNote: 'STS credentials: 15 minutes to 12 hours, 1 hour by default (36 hours at most from GetSessionToken)',
    samples: {
      true: [
        { text: 'AWS_ACCESS_KEY_ID=ASIAXNT74KQNO7XK4TN3', secret: 'ASIAXNT74KQNO7XK4TN3' },
        '{"Credentials": {"AccessKeyId": "ASIA3JS74JL2ENX5TUNQ"}}',
      ],
      false: ['AWS_ACCESS_KEY_ID=ASIAXXXXXXXXXXXXXXXX', 'region: ASIA_PACIFIC_SOUTHEAST_2', 'AWS_ACCESS_KEY_ID=ASIAXNT74KQNO7XK4TN3Q'],
    },
  },
  {
    id: 'aws-secret-access-key',
    provider: 'AWS',
    name: 'AWS secret access key',
    keywords: ['secretaccesskey', 'secret_access_key', 'secret-access-key', 'aws_secret_key', 'aws-secret-key', 'awssecretkey'],
    // The key's name, then `=`, `:`, `=>`, spaces or an XML tag's `>`, then the 40-character secret.
    pattern:
      /(?<![A-Za-z0-9])(?:(?:aws[_-]?)?secret[_-]?access[_-]?key|aws[_-]?secret[_-]?key)(?:["']?(?:[ \t]{0,4}[:=]{1,2}>?[ \t]{0,4}|[ \t]{1,4})["']?|>)(?<secret>[A-Za-z0-9+/]{40})(?![A-Za-z0-9+/=])/dgi,
    window: { before: 4, after: 0 },
    lifetime: 'static',
    lifetimeNote: 'an IAM user key: no expiry; short when it belongs to an STS session (a session token next to it)',
    inspect: (secret, context) => {
      if (!mixed(secret, 40)) return undefined;
      return TEMPORARY_NEARBY.test(around(context, 512)) ? { name: 'AWS temporary secret access key (STS)', lifetime: { class: 'short', source: 'context:session-token' } } : {};
    },
    samples: {
      true: [
        { text: '[default]\naws_secret_access_key = NRO2S1aqgENxEsdIMbpK16NtmurtN4J7UxQBUzL7', secret: 'NRO2S1aqgENxEsdIMbpK16NtmurtN4J7UxQBUzL7' },
        '  "SecretAccessKey": "Y3+kle34RiSdQImBJatNpCTAEN9V2QMv5T9N+Bjm",',
        'export AWS_SECRET_ACCESS_KEY="RORB6RgpNeKhS15zRXpK1tndvCcjK8RyvdBKNrfY"',
        "  aws-secret-access-key: 'qGHRyIwPcNsFMLOX+drBQPyKONuUycD+h0oIWts2'",
        '<SecretAccessKey>nf1W0OxviHZxhCIierpPIkTxaqqI/J900OUaAeo8</SecretAccessKey>',
        // Next to a session token: an STS pair, named and classed as temporary.
        'AWS_SECRET_ACCESS_KEY=s2PE3xUBi4cPkP1dP5yIbNFK/qiEmXd0LPuO0Mjq\nAWS_SESSION_TOKEN="${STS_SESSION_TOKEN}"',
      ],
      false: [
        // AWS's documentation example.
        'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}',
        // A SHA-1 is 40 characters too, but never mixes cases.
        'aws_secret_access_key = 3f786850e387550fdab836ed7e6dc881de23001b',
        // 40 characters that are not next to the key's name.
        'checksum = NRO2S1aqgENxEsdIMbpK16NtmurtN4J7UxQBUzL7',
        // 41 characters.
        'aws_secret_access_key = Y3+kle34RiSdQImBJatNpCTAEN9V2QMv5T9N+BjmZ',
      ],
    },
  },
  {
    id: 'aws-session-token',
    provider: 'AWS',
    name: 'AWS session token (STS)',
    keywords: ['iqojb3jpz2lux2vj', 'fwogzxivyxdze'],
    pattern: /(?<![A-Za-z0-9+/])(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9+/]{100,3000}={0,2}(?![A-Za-z0-9+/=])/g,
    maxLength: 4_096,
    lifetime: 'short',
    lifetimeNote: 'STS credentials: 15 minutes to 12 hours, 1 hour by default (36 hours at most from GetSessionToken)',
    samples: {
      true: [{ text: 'aws_session_token = IQoJb3JpZ2luX2Vjp0f3aNqKDfrt93rHK02oFgVdnw8E+Y0k3fNGdrAocqyJuM6nVgdSdg3obycSQRnKMQH/ZN1+oG33sr5HEvQlH53l7sDSIg6b9BibaEaIjaY1Sb6ZZeSDQBTuGNTFfUrm1Hqs18+/5+GdF00mjL1hlZ/tadBHp21Z8qCXncvgzVPFklCue7iRsiKFa8pUMHmqJrk3+Dkl51KCGjqMxdoEnnysuYN1fi5rBEwAbn5K/yhaiYhZ+TqiSLd3BUxzVrbH+9DG6qBr2/LV5RsPQ56fRnj9E79FgZe/td6/EiHTzs5TQkpJ67PysjzzGnvlDJaVFt+9DAzQxuupLElPjJrUtxnu5kU66lhioXek24AU2zkIRWd2IYbMWnBAuvnx7rOSsjxiyOFwuZn1iWjs', secret: 'IQoJb3JpZ2luX2Vjp0f3aNqKDfrt93rHK02oFgVdnw8E+Y0k3fNGdrAocqyJuM6nVgdSdg3obycSQRnKMQH/ZN1+oG33sr5HEvQlH53l7sDSIg6b9BibaEaIjaY1Sb6ZZeSDQBTuGNTFfUrm1Hqs18+/5+GdF00mjL1hlZ/tadBHp21Z8qCXncvgzVPFklCue7iRsiKFa8pUMHmqJrk3+Dkl51KCGjqMxdoEnnysuYN1fi5rBEwAbn5K/yhaiYhZ+TqiSLd3BUxzVrbH+9DG6qBr2/LV5RsPQ56fRnj9E79FgZe/td6/EiHTzs5TQkpJ67PysjzzGnvlDJaVFt+9DAzQxuupLElPjJrUtxnu5kU66lhioXek24AU2zkIRWd2IYbMWnBAuvnx7rOSsjxiyOFwuZn1iWjs' }, '"SessionToken": "IQoJb3JpZ2luX2VjCvi+Adgi1yolYRGWnsEgMDC/l/haTFiVAScxahFFgQlqeFT0nugyNSCImyBRrxzTU0at2b5uEH2QoGm4tBZXevMdZ+XRwccIoVdrCsb7uhmSA9in//n69Ejun0vvzEfk+//ZujYoAU3DFLWNxshdcXqLSXVMBIwhYeOoVV2bwu72l/QjHUpmrov8KoocjoM7EJabgXOpWWG2gCWC3UcnTuWf075od7ISCq1ysQo5bmsHkL8bR7rxNtt7CRpJoeL2AU6W6gezkcysppPKmf1f6vysspLm9Jb14qiEvVznPeUAMj62+m3hwW3Z7zoY/iyYYHXylQfYvw1j+AdSSUd7DDI9mgJRZIwrW8PgtIgaaqLSrMRLvWi8ZTuLQz4HBDfv3x0gou4DUG7QPJJN"'],
      false: ['aws_session_token = IQoJb3JpZ2luX2VjEXAMPLE', 'aws_session_token = IQoJb3JpZ2luX2Vj${SESSION}'],
    },
  },
  {
    id: 'aws-bedrock-api-key',
    provider: 'AWS',
    name: 'Amazon Bedrock API key (long-term)',
    keywords: ['absk'],
    pattern: /(?<![A-Za-z0-9+/_-])ABSK(?<body>[A-Za-z0-9+/]{100,400}={0,2})(?![A-Za-z0-9+/=_-])/g,
    lifetime: 'static',
    lifetimeNote: 'an IAM service-specific credential: expiry optional (1 to 36,600 days), none when unset',
    inspect: (_secret, { match }) => {
      const body = decodeBase64(match.groups!.body!)?.toString('latin1');
      return body !== undefined && BEDROCK_KEY_BODY.test(body) ? {} : undefined;
    },
    samples: {
      true: [
        { text: 'AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS1sYWllLWF0LTM3OTEyMzQyODIzOTpZVEd0dFNWR1A5M0VJN3NxNnZkWmNVVytFcllad095eDFwMVBQNEZPUzZQenMvVzF5OU9EeFZ4Q2wvND0=', secret: 'ABSKQmVkcm9ja0FQSUtleS1sYWllLWF0LTM3OTEyMzQyODIzOTpZVEd0dFNWR1A5M0VJN3NxNnZkWmNVVytFcllad095eDFwMVBQNEZPUzZQenMvVzF5OU9EeFZ4Q2wvND0=' },
        "os.environ['AWS_BEARER_TOKEN_BEDROCK'] = 'ABSKQmVkcm9ja0FQSUtleS03ZWp1LWF0LTQ0NDYwNDk1MDIwMzphakNrdW5aT3BoM2RBYTZaNVRFYm52VURsUG1RY1NYUmwweGdtaG04bWdhbHBxUHRBUVpMejhYNUdsRT0='",
      ],
      false: [
        // Random base64 after the prefix: no `<alias>-at-<account>:` inside.
        'AWS_BEARER_TOKEN_BEDROCK=ABSKD1IAEXICC/SyH6Gxc87+/NwkiELt2k48Ez39WjXtKQKJupTZuf26IuouvCJn8RV/9Yhv0oiKwFRulxpTbVt4UxCHVitMUDfHElMP6ZSU84IHtRgzHEZxWSgcfj7E4Yhp',
        'AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS0...',
      ],
    },
  },
  {
    id: 'aws-bedrock-short-term-api-key',
    provider: 'AWS',
    name: 'Amazon Bedrock API key (short-term)',
    keywords: ['bedrock-api-key-'],
    pattern: /(?<![A-Za-z0-9_-])bedrock-api-key-(?<url>YmVkcm9jay5hbWF6b25hd3MuY29tL[A-Za-z0-9+/]{100,8000}={0,2})(?![A-Za-z0-9+/=])/g,
    maxLength: 8_192,
    lifetime: 'short',
    lifetimeNote: 'a presigned URL: its X-Amz-Expires, 12 hours at most',
    inspect: bedrockShortTerm,
    samples: {
      true: [{ text: 'export AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbiZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1NiZYLUFtei1DcmVkZW50aWFsPUFTSUFUNk5KRkdIWFpLUU8yN09EJTJGMjAyNjAxMDUlMkZ1cy1lYXN0LTElMkZiZWRyb2NrJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNjAxMDVUMDkzMDAwWiZYLUFtei1FeHBpcmVzPTQzMjAwJlgtQW16LVNlY3VyaXR5LVRva2VuPVZRWnhQQ3JBY0dueEhtOXZuUGtqTk1QS2NjS0VYZGpjU0djQjlFVUcxQXZnc3NkVzh1UnZIbnUwNUczUkVrV3VMUGklMkZRdEYlMkY0ciUyRktNUDFiNGQlMkZCOFhROWVzeXJ1WUtidHNFM3g1QTd2ME9td1V0WnhpVWxLVENST0xqMldhQlJuZWJIcVVPdGlHJTJGWDVDMldlaTFJJTJCSVpnWjNBVWVyakImWC1BbXotU2lnbmF0dXJlPWY4M2RkYTBjYjY4MDFjOTM5NTJmMzhmZDEyOGE3OWI5ZWZkYTJjOGQ3ODVkNTI1MmUwYjI4ZDgyMWY2ODk2OTUmWC1BbXotU2lnbmVkSGVhZGVycz1ob3N0JlZlcnNpb249MQ==', secret: 'bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbiZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1NiZYLUFtei1DcmVkZW50aWFsPUFTSUFUNk5KRkdIWFpLUU8yN09EJTJGMjAyNjAxMDUlMkZ1cy1lYXN0LTElMkZiZWRyb2NrJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNjAxMDVUMDkzMDAwWiZYLUFtei1FeHBpcmVzPTQzMjAwJlgtQW16LVNlY3VyaXR5LVRva2VuPVZRWnhQQ3JBY0dueEhtOXZuUGtqTk1QS2NjS0VYZGpjU0djQjlFVUcxQXZnc3NkVzh1UnZIbnUwNUczUkVrV3VMUGklMkZRdEYlMkY0ciUyRktNUDFiNGQlMkZCOFhROWVzeXJ1WUtidHNFM3g1QTd2ME9td1V0WnhpVWxLVENST0xqMldhQlJuZWJIcVVPdGlHJTJGWDVDMldlaTFJJTJCSVpnWjNBVWVyakImWC1BbXotU2lnbmF0dXJlPWY4M2RkYTBjYjY4MDFjOTM5NTJmMzhmZDEyOGE3OWI5ZWZkYTJjOGQ3ODVkNTI1MmUwYjI4ZDgyMWY2ODk2OTUmWC1BbXotU2lnbmVkSGVhZGVycz1ob3N0JlZlcnNpb249MQ==' }, '{"apiKey": "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbiZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1NiZYLUFtei1DcmVkZW50aWFsPUFTSUFUNk5KRkdIWFpLUU8yN09EJTJGMjAyNjAxMDUlMkZ1cy1lYXN0LTElMkZiZWRyb2NrJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNjAxMDVUMDkzMDAwWiZYLUFtei1FeHBpcmVzPTM2MDAmWC1BbXotU2VjdXJpdHktVG9rZW49VlFaeFBDckFjR254SG05dm5Qa2pOTVBLY2NLRVhkamNTR2NCOUVVRzFBdmdzc2RXOHVSdkhudTA1RzNSRWtXdUxQaSUyRlF0RiUyRjRyJTJGS01QMWI0ZCUyRkI4WFE5ZXN5cnVZS2J0c0UzeDVBN3YwT213VXRaeGlVbEtUQ1JPTGoyV2FCUm5lYkhxVU90aUclMkZYNUMyV2VpMUklMkJJWmdaM0FVZXJqQiZYLUFtei1TaWduYXR1cmU9NzRlMjI1ZjNjNzRlM2JkNzY1NWE3MGZiNzlmNTEzOTI2YWIxY2I0Y2ZmM2NkZTg3NzgzYjYzNGQ4MGUzYzYyMSZYLUFtei1TaWduZWRIZWFkZXJzPWhvc3QmVmVyc2lvbj0x"}'],
      false: ['AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-YmVkcm9jay ... (redacted) ... b249MQ==', 'bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLD1IAEXICC/SyH6Gxc87+/NwkiELt2k48Ez39WjXtKQKJupTZuf26IuouvCJn8RV/9Yhv0oiKwFRulxpTbVt4UxCHVitMUDfHElMP6ZSU84IHtRgzHEZxWSgcfj7E4Yhp'],
    },
  },
  {
    id: 'gcp-api-key',
    provider: 'Google Cloud',
    name: 'Google API key',
    keywords: ['aiza'],
    pattern: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; restricted by API or caller, revoked by hand',
    samples: {
      true: [
        { text: 'GEMINI_API_KEY=AIzaSyWeeEGKT3okr09T8B4kaUyCh6i02Edsgqf', secret: 'AIzaSyWeeEGKT3okr09T8B4kaUyCh6i02Edsgqf' },
        '  apiKey: "AIzaSyD1azJUph-e7UK5oD1l0Wlbielnt2thnCs",',
        '<string name="google_api_key">AIzaSyqIhd07Bo73biZ6Cb8lHsIbx6ZYeTZapHp</string>',
      ],
      false: ['GOOGLE_API_KEY=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'GOOGLE_API_KEY=AIzaSyWeeEGKT3okr09T8B4kaUyCh6i02Edsgq', 'key=AIzaSyD1azJUph-e7UK5oD1l0Wlbielnt2thnCsx'],
    },
  },
  {
    id: 'google-oauth-client-secret',
    provider: 'Google Cloud',
    name: 'Google OAuth client secret',
    keywords: ['gocspx-'],
    pattern: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; rotated by hand',
    samples: {
      true: [{ text: '"client_secret": "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",', secret: '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' }, 'GOOGLE_CLIENT_SECRET=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'],
      false: ['GOOGLE_CLIENT_SECRET=GOCSPX-your-client-secret-here', 'GOOGLE_CLIENT_SECRET=GOCSPX-ggqvqRsqpwWhUbmx5AjCoGZ'],
    },
  },
  {
    id: 'google-oauth-access-token',
    provider: 'Google Cloud',
    name: 'Google OAuth access token',
    keywords: ['ya29.'],
    pattern: /(?<![A-Za-z0-9_.-])ya29\.[A-Za-z0-9_.-]{49,999}[A-Za-z0-9_-](?![A-Za-z0-9_-])/g,
    lifetime: 'short',
    lifetimeNote: '1 hour',
    samples: {
      true: [{ text: '"access_token": "ya29.20oBuWlypYHF-v54aOuscoLbL6LsoxofYOpudWGJ1JoZH9ZY2eOuljO3DKftGFopp6fkwOCj8MF1XuiJVVORlaFp9CD1jNM70DA-ub9eddu-3TTnyaPVWuV25PdGi4EP9jUi6bQessF94hmlnXFrBmVq_PJM5BUZ",', secret: 'ya29.20oBuWlypYHF-v54aOuscoLbL6LsoxofYOpudWGJ1JoZH9ZY2eOuljO3DKftGFopp6fkwOCj8MF1XuiJVVORlaFp9CD1jNM70DA-ub9eddu-3TTnyaPVWuV25PdGi4EP9jUi6bQessF94hmlnXFrBmVq_PJM5BUZ' }, 'curl -H "Authorization: Bearer ya29.jTH3QIfaM3-v_4wCXZS_HP7s1BfwTJ3pCPyrZGFARpsQ9czmQbvxrVYy9wAH7AOyspF4WclN5R7QZTm8mJF_iStbvhcIhdwqqeGalr_rn9ETJ5XC56bvqufN_y0hFnbmgyU2JW-8Cf2fbMIVwne_2xY4UUezAUl9" https://storage.googleapis.com'],
      false: ['Authorization: Bearer ya29.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'access_token: ya29.a0AfB_short'],
    },
  },
  {
    id: 'google-oauth-refresh-token',
    provider: 'Google Cloud',
    name: 'Google OAuth refresh token',
    keywords: ['1//0'],
    pattern: /(?<![A-Za-z0-9_/:.-])1\/\/0[A-Za-z0-9_-]{40,500}(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; dies unused for six months, on revocation, or after 7 days for apps in testing',
    inspect: (secret) => (mixed(secret.slice(4), 40) ? {} : undefined),
    samples: {
      true: [{ text: '  "refresh_token": "1//0zPVBxcOeC9sQK_m7wyJ-KC8CGOChHHcAAD6-otApUdcgsppDakL5ZmoWV_A6NLWtMYCjI5_GdSYMZDXj1G9v23Ljwu-YTd6Wfa3",', secret: '1//0zPVBxcOeC9sQK_m7wyJ-KC8CGOChHHcAAD6-otApUdcgsppDakL5ZmoWV_A6NLWtMYCjI5_GdSYMZDXj1G9v23Ljwu-YTd6Wfa3' }, 'GOOGLE_REFRESH_TOKEN=1//0oNdwnY5Z5vsO44Zy-ulz7k1dyfwHS7joLoOGxMu4tPCJRGJgYUmKrk1LdcC3Sby_KAyUPBkCq5A_T5hwzQNwphcTFKz2fCkGK45'],
      false: ['"refresh_token": "1//0xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', 'print(1//0)', 'ratio = 1//0_unused_default_value_that_is_long_enough_here'],
    },
  },
  {
    id: 'azure-ad-client-secret',
    provider: 'Microsoft Azure',
    name: 'Microsoft Entra ID (Azure AD) client secret',
    keywords: ['q~'],
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
    window: { before: 4, after: 0 },
    lifetime: 'long',
    lifetimeNote: 'expires: up to 2 years in the portal (180 days recommended); policy may cap it',
    inspect: (secret) => (looksRandom(secret, 37) ? {} : undefined),
    samples: {
      true: [
        { text: 'AZURE_CLIENT_SECRET=DX42Q~FEdHf-CKoRBAM4COmB71Qzq54PK2J5EBER', secret: 'DX42Q~FEdHf-CKoRBAM4COmB71Qzq54PK2J5EBER' },
        '  "clientSecret": "IFP0Q~4j3K4A1BDISQRcdOEZapqX88oLUBiYyS2B",',
        "client_secret: 'uYd9Q~Qhr1glZSjND9HhduqrAy-LIQ-TjP4paNqo'",
      ],
      false: ['AZURE_CLIENT_SECRET=abc1Q~aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'AZURE_CLIENT_SECRET=DX42Q~FEdHf-CKoRBAM4COmB71Qzq5', 'path: ~/abc1Q~/notes.txt'],
    },
  },
  {
    id: 'azure-storage-account-key',
    provider: 'Microsoft Azure',
    name: 'Azure storage account key',
    keywords: ['accountkey=', 'azure_storage_key', 'azure_storage_account_key', '--account-key'],
    pattern: /(?:AccountKey=|--account-key[ =]|AZURE_STORAGE(?:_ACCOUNT)?_KEY["']?[ \t]{0,4}[:=][ \t]{0,4}["']?)(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/dgi,
    lifetime: 'static',
    lifetimeNote: 'no expiry; valid until the key is regenerated',
    inspect: (secret) => (secret !== AZURITE_KEY && mixed(secret, 88) ? {} : undefined),
    samples: {
      true: [
        {
          text: 'DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=iHHZcJmWgIof15gGgHeK9piDcxqRvtWxcmFQc+B4k5KvWtJlyaFcGZ+xys6BAI4AjHwqUEmK90KxFQlObvSH5Q==;EndpointSuffix=core.windows.net',
          secret: 'iHHZcJmWgIof15gGgHeK9piDcxqRvtWxcmFQc+B4k5KvWtJlyaFcGZ+xys6BAI4AjHwqUEmK90KxFQlObvSH5Q==',
        },
        'AZURE_STORAGE_KEY="mdVzcWyJE4CKxnQCxoxnp3dERVf6rk35CLam2DUZzhEhzyhf18BAcTyqN680nBIXTSSBvQwGuqNe+HkgSrQsRA=="',
        'az storage blob list --account-name contosodata --account-key CZvzVrubRAYDxXIaQvWtdVdjmLH36CwvisCd0a7WgnXdM9OOu0n13HehrNS6n9y6RCHhMcgIhJaI4sHPFbAYAQ==',
      ],
      false: [
        // The storage emulator's published key.
        'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;',
        'AccountName=contosodata;AccountKey=${STORAGE_KEY};',
        // The same characters, not after `AccountKey=`.
        'blob: iHHZcJmWgIof15gGgHeK9piDcxqRvtWxcmFQc+B4k5KvWtJlyaFcGZ+xys6BAI4AjHwqUEmK90KxFQlObvSH5Q==',
      ],
    },
  },
  {
    id: 'azure-sas-token',
    provider: 'Microsoft Azure',
    name: 'Azure shared access signature (SAS)',
    keywords: ['sig='],
    pattern: /(?<![A-Za-z0-9_%.-])sig=(?<secret>(?:[A-Za-z0-9+/]|%2[BFbf]){40,60}(?:%3[Dd]|=){0,2})(?![A-Za-z0-9+/%=])/dg,
    lifetime: 'config',
    lifetimeNote: 'as its `se` (signed expiry) says; the built-in Azure Policy denies more than 7 days',
    inspect: sas,
    samples: {
      true: [
        {
          text: 'https://contosodata.blob.core.windows.net/exports/report.csv?sp=r&st=2026-03-02T08:00:00Z&se=2026-03-02T16:00:00Z&spr=https&sv=2022-11-02&sr=b&sig=o%2BpCOBIuabDeGhS4RopCkF2WNyA8FLAJ5qUyJs%2B0VLk%3D',
          secret: 'o%2BpCOBIuabDeGhS4RopCkF2WNyA8FLAJ5qUyJs%2B0VLk%3D',
        },
        'AZURE_STORAGE_SAS_TOKEN="sv=2022-11-02&ss=b&srt=co&sp=rl&se=2027-06-30T00%3A00%3A00Z&st=2026-06-30T00%3A00%3A00Z&spr=https&sig=wcx4s1vGKUZnnfQgBXt5ENM0yn81OHckrSmXDl2Lais%3D"',
        'BlobEndpoint=https://contosodata.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2026-12-31&sig=pOwYolOsWWj10FbByP0Q8HbOwZK9hc0PfKSOY9YFc7c%3D',
      ],
      false: [
        // No signed expiry: not a SAS this type can date.
        'https://contosodata.blob.core.windows.net/c/f?sv=2022-11-02&sr=b&sig=o%2BpCOBIuabDeGhS4RopCkF2WNyA8FLAJ5qUyJs%2B0VLk%3D',
        'https://example.org/download?se=2026-03-02T16:00:00Z&sig=wcx4s1vGKUZnnfQgBXt5ENM0yn81OHckrSmXDl2Lais%3D',
        'https://contosodata.blob.core.windows.net/c/f?sv=2022-11-02&se=2026-03-02&sig=${SAS_SIGNATURE}',
        'https://contosodata.blob.core.windows.net/c/f?sv=2022-11-02&se=2026-03-02&xsig=pOwYolOsWWj10FbByP0Q8HbOwZK9hc0PfKSOY9YFc7c%3D',
      ],
    },
  },
  {
    id: 'digitalocean-personal-access-token',
    provider: 'DigitalOcean',
    name: 'DigitalOcean personal access token',
    keywords: ['dop_v1_'],
    pattern: /(?<![A-Za-z0-9_])dop_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'expiry optional ("No expiry" allowed); revoked by hand',
    samples: {
      true: [{ text: 'DIGITALOCEAN_ACCESS_TOKEN=dop_v1_2a39f1e44415b5db24354a0edc400d34b4da2bf7bc3b12777946134f88619bb1', secret: 'dop_v1_2a39f1e44415b5db24354a0edc400d34b4da2bf7bc3b12777946134f88619bb1' }, 'doctl auth init --access-token dop_v1_9e12fbd725a3e3c952cca1bd502376f13904f14f89f4d4980500a389548bdedd'],
      false: ['DIGITALOCEAN_ACCESS_TOKEN=dop_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'DIGITALOCEAN_ACCESS_TOKEN=dop_v1_2a39f1e44415b5db24354a0edc400d34b4da2bf7bc3b12777946134f88619bb'],
    },
  },
  {
    id: 'digitalocean-oauth-access-token',
    provider: 'DigitalOcean',
    name: 'DigitalOcean OAuth access token',
    keywords: ['doo_v1_'],
    pattern: /(?<![A-Za-z0-9_])doo_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/g,
    lifetime: 'medium',
    lifetimeNote: '30 days (expires_in 2592000), renewed with the refresh token',
    samples: {
      true: [{ text: '"access_token": "doo_v1_0ea2f6506f07503ae42c864df63dbd6b3a6dc3c51b192693c67b528a6495cda4",', secret: 'doo_v1_0ea2f6506f07503ae42c864df63dbd6b3a6dc3c51b192693c67b528a6495cda4' }, 'DO_TOKEN=doo_v1_aa436083da85319437d48f28797a8dcb0455b7ede8590ed9534ad76572071339'],
      false: ['"access_token": "doo_v1_0ea2f6506f07503ae42c864df63dbd6b3a6dc3c51b192693c67b528a6495"', '"access_token": "doo_v1_0ea2f6506f07503ae42c864df63dbd6b3a6dc3c51b192693c67b528a6495cda40"'],
    },
  },
  {
    id: 'digitalocean-oauth-refresh-token',
    provider: 'DigitalOcean',
    name: 'DigitalOcean OAuth refresh token',
    keywords: ['dor_v1_'],
    pattern: /(?<![A-Za-z0-9_])dor_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'no documented expiry; revoked with its grant',
    samples: {
      true: [{ text: '"refresh_token": "dor_v1_9e12fbd725a3e3c952cca1bd502376f13904f14f89f4d4980500a389548bdedd"', secret: 'dor_v1_9e12fbd725a3e3c952cca1bd502376f13904f14f89f4d4980500a389548bdedd' }, 'refresh_token: dor_v1_aa436083da85319437d48f28797a8dcb0455b7ede8590ed9534ad76572071339'],
      false: ['refresh_token: dor_v1_${DO_REFRESH}', 'refresh_token: dor_v1_e12fbd725a3e3c952cca1bd502376f13904f14f89f4d4980500a389548bdedd'],
    },
  },
  {
    id: 'alibaba-access-key-id',
    provider: 'Alibaba Cloud',
    name: 'Alibaba Cloud AccessKey ID',
    keywords: ['ltai'],
    pattern: /(?<![A-Za-z0-9_])LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9_])/g,
    lifetime: 'static',
    lifetimeNote: 'long-term AccessKey pair: no expiry; disabled or deleted by hand',
    // Twelve to twenty characters are too few for `looksRandom`'s 3.5 bits; three are plenty.
    inspect: (secret) => {
      const body = secret.slice(4);
      return /\d/.test(body) && /[A-Z]/.test(body) && /[a-z]/.test(body) && shannonEntropy(body) >= 3 ? {} : undefined;
    },
    samples: {
      true: [
        { text: 'ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5trP6ysVVYezLysuFWqf', secret: 'LTAI5trP6ysVVYezLysuFWqf' },
        'access_key_id: "LTAI5tFos85I3qOQFdbcIXbi"',
        'accessKeyId = "LTAIqji6wI7sG4bS"',
      ],
      false: ['ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIxxxxxxxxxxxxxxxxxxxx', 'class LTAIntegrationSuite {}', 'id: LTAI5trP6ysVVYezLysuFWqfabcd'],
    },
  },
  {
    id: 'cloudflare-global-api-key',
    provider: 'Cloudflare',
    name: 'Cloudflare Global API Key',
    keywords: ['cfk_'],
    pattern: /(?<![A-Za-z0-9_])cfk_(?<body>[A-Za-z0-9_-]{40})(?<checksum>[0-9a-f]{8})(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'no expiry; full access to the user account until rolled',
    inspect: cloudflareChecksum,
    samples: {
      true: [{ text: 'CLOUDFLARE_API_KEY=cfk_ft4XHBVrS5h4viERfwKaS64cI0UQrL3k4i61MYE2a83e9fe8', secret: 'cfk_ft4XHBVrS5h4viERfwKaS64cI0UQrL3k4i61MYE2a83e9fe8' }, 'X-Auth-Key: cfk_KMKm4rFGlK54LOHN9gD6hlg0GLk3ZAWbEj0I78Li5c05ccc4'],
      false: ['CLOUDFLARE_API_KEY=cfk_ft4XHBVrS5h4viERfwKaS64cI0UQrL3k4i61MYE2a83e9fe9', 'CLOUDFLARE_API_KEY=cfk_...'],
    },
  },
  {
    id: 'cloudflare-user-api-token',
    provider: 'Cloudflare',
    name: 'Cloudflare user API token',
    keywords: ['cfut_'],
    pattern: /(?<![A-Za-z0-9_])cfut_(?<body>[A-Za-z0-9_-]{40})(?<checksum>[0-9a-f]{8})(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'expiry optional (no TTL by default); revoked or rolled by hand',
    inspect: cloudflareChecksum,
    samples: {
      true: [{ text: 'CLOUDFLARE_API_TOKEN=cfut_axXMb7gT912oV9ZV97xTZ64DVRlJGlF4poQUSlgac723c474', secret: 'cfut_axXMb7gT912oV9ZV97xTZ64DVRlJGlF4poQUSlgac723c474' }, 'Authorization: Bearer cfut_kRlAemBs5o4GYA6ePi7iZFecZVSGy1Pb4tSwq8Kp190cb86f'],
      false: [
        // The checksum does not hold: its last digit changed.
        'CLOUDFLARE_API_TOKEN=cfut_axXMb7gT912oV9ZV97xTZ64DVRlJGlF4poQUSlgac723c475',
        'CLOUDFLARE_API_TOKEN=cfut_...',
      ],
    },
  },
  {
    id: 'cloudflare-account-api-token',
    provider: 'Cloudflare',
    name: 'Cloudflare account API token',
    keywords: ['cfat_'],
    pattern: /(?<![A-Za-z0-9_])cfat_(?<body>[A-Za-z0-9_-]{40})(?<checksum>[0-9a-f]{8})(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'expiry optional (no TTL by default); revoked or rolled by hand',
    inspect: cloudflareChecksum,
    samples: {
      true: [{ text: 'api_token = "cfat_xFd0atdHVP2jjQKAvp8oTT4pziCQyuFVgCKFF7n6ac1ad64e"', secret: 'cfat_xFd0atdHVP2jjQKAvp8oTT4pziCQyuFVgCKFF7n6ac1ad64e' }, 'CLOUDFLARE_API_TOKEN: cfat_G2EdPqgMGbT5L7aYRRLSJkymgOlaQRm0WC6VBfJse734c138'],
      false: ['api_token = "cfat_xFd0atdHVP2jjQKAvp8oTT4pziCQyuFVgCKFF7n6ac1ad64f"', 'token: cfat_minted'],
    },
  },
  {
    id: 'heroku-api-key',
    provider: 'Heroku',
    name: 'Heroku API key',
    keywords: ['hrku-'],
    pattern: /(?<![A-Za-z0-9_-])HRKU-(?:AA[A-Za-z0-9_-]{58}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![A-Za-z0-9_-])/g,
    lifetime: 'static',
    lifetimeNote: 'the account API key and authorizations have no expiry unless one is set; revoked by hand',
    samples: {
      true: [{ text: 'HEROKU_API_KEY=HRKU-AAbFQmp0dR4LKTNvSPEnWOGgP9xMaytBkXXnnKJxSaiRxrbMgqXgspDYk5WP', secret: 'HRKU-AAbFQmp0dR4LKTNvSPEnWOGgP9xMaytBkXXnnKJxSaiRxrbMgqXgspDYk5WP' }, "heroku_api_key: 'HRKU-AA8O0Kpqogz8liW08KEPS2RPD3g2yup2V8jlcaJVUtzGsTQMqGaF-FPqDB4k'", 'HEROKU_API_KEY="HRKU-3ddd2ea6-d41a-2657-f370-2b11f57b09e7"'],
      false: ['HEROKU_API_KEY=HRKU-AAKXKs....', 'HEROKU_API_KEY=HRKU-AAbFQmp0dR4LKTNvSPEnWOGgP9xMaytBkXXnnKJxSaiRxrbMgqXgspD', 'token: HRKU-…'],
    },
  },
];
