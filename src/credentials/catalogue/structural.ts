import { decodeJwt, shannonEntropy } from '../checks.js';
import { lifetimeFromValidity } from '../lifetime.js';
import type { CredentialType, Inspection } from '../types.js';

/**
 * Credentials known by their structure rather than a vendor prefix: PEM and OpenSSH private keys
 * (RFC 7468 textual encoding; OpenSSH's PROTOCOL.key), JSON Web Tokens (RFC 7519: base64url JSON
 * header and payload, `exp`/`iat` in seconds), passwords inside database connection URLs (RFC 3986
 * userinfo `user:password@host`; JDBC's `password=` property) and Google Cloud service-account
 * key files (cloud.google.com/iam/docs/keys-create-delete: `"type": "service_account"`, a 40-hex
 * `private_key_id`). None of them carries an expiry except a JWT's `exp`.
 */

/**
 * A value that names a secret kept elsewhere, not the secret: `${DB_PASSWORD}`, `$PASS`,
 * `{{ .Values.password }}`, `%DB_PASS%`, printf `%s` and `%(password)s`, `<password>`, `[PASSWORD]`,
 * build-time tokens (`__TOKEN__`, `#{Token}#`, `@token@`), `{password}` format fields, and calls
 * that read the environment. Shared with the credential-file and generic types.
 */
export function isReference(value: string): boolean {
  return REFERENCE.test(value);
}

const REFERENCE =
  /^\$(?:\{|\(|[A-Za-z_])|\$\{|\{\{|\}\}|^%[A-Za-z_][\w.]{0,100}%$|^%s$|%\(|^<[^>]{0,100}>$|^\[[^\]]{0,100}\]$|^\{[\w.]{1,100}\}$|^__[A-Za-z0-9_]{1,100}__$|^#\{[^}]{0,100}\}#?$|^@[A-Za-z_.]{1,100}@$|\benv\(|\bprocess\.env\b|\bos\.environ\b|\bgetenv\b|\bENV\[/i;

/**
 * A password nobody means to keep secret: a default (`postgres`, `guest`, `changeit`), a word of
 * the trade (`password1`, `secret`), or a test value (`test…`, `example…`, `dummy…`).
 */
export function isTrivialPassword(value: string): boolean {
  return TRIVIAL_PASSWORD.test(value) || TRIVIAL_PREFIX.test(value) || NAMED_PLACEHOLDER.test(value);
}

/** A password that says something: not a default or a word (`admin`, `password1`, `bitnami1`), but a digit or a symbol in it. */
export function plausiblePassword(value: string): boolean {
  return !isTrivialPassword(value) && /[0-9]|[^\p{L}\p{N}_.-]/u.test(value);
}

const TRIVIAL_PASSWORD =
  /^(?:my|the|your|db|user|admin|root|default|super)?[-_]?(?:pass(?:word|wd|wort)?|pwd|pw|secret|s3cr3t|changeme|changeit|postgres|postgresql|mysql|mariadb|mongo(?:db)?|redis|rabbitmq|neo4j|bitnami|minioadmin|root|toor|admin(?:istrator)?|guest|user(?:name)?|default|demo|qwerty|asdf|abc|letmein|welcome|hello|login|master|trustno1|foo(?:bar)?|bar|baz|none|null|empty|x+|\*+|\.+)[\d!@#_.-]{0,8}$/i;
const TRIVIAL_PREFIX = /^(?:test|example|dummy|sample|fake|mock|placeholder|changeme|password|p@ssw0rd|passw0rd|pa\$\$w0rd|p4ssw0rd|secret)/i;
/** An upper-case name standing in for the value: `DB_PASSWORD`, `MY_SECRET_KEY`. */
const NAMED_PLACEHOLDER = /^[A-Z0-9_]{0,40}(?:PASS|PASSWORD|PASSWD|PWD|SECRET|TOKEN|KEY)[A-Z0-9_]{0,40}$/;

/** Hosts reserved for documentation (RFC 2606, RFC 6761): a URL pointing there is an example. */
const EXAMPLE_HOST = /(?:^|\.)(?:example(?:\.(?:com|org|net))?|invalid|test)$|^(?:host(?:name)?|your[-_.]?(?:host|server|cluster)[\w.-]{0,60}|db[-_]?host|server[-_]?name)$/i;

/** A payload of only toy claims: `{"some": "payload"}`, `{"foo": "bar"}`, `{"hello": "world"}`. */
function isToyPayload(payload: Record<string, unknown>): boolean {
  const claims = Object.entries(payload).filter(([name]) => name !== 'iat' && name !== 'exp');
  return claims.length > 0 && claims.every(([name, value]) => /^(?:some|foo|hello|test|data|key|name)$/.test(name) && typeof value === 'string' && /^(?:payload|bar|world|test|data|value|John Doe)$/.test(value));
}

const jwtValidity = (claims: { issuedAt?: number; expiresAt?: number }) => ({
  source: 'jwt' as const,
  ...(claims.issuedAt !== undefined ? { issuedAt: claims.issuedAt } : {}),
  ...(claims.expiresAt !== undefined ? { expiresAt: claims.expiresAt } : {}),
});

/** The key kinds a PEM label names, as messages spell them. */
const KEY_KIND: Readonly<Record<string, string>> = { OPENSSH: 'OpenSSH', ENCRYPTED: 'Encrypted', RSA: 'RSA', EC: 'EC', DSA: 'DSA' };

function inspectPrivateKey(_secret: string, { match }: { match: RegExpExecArray }): Inspection | undefined {
  // JSON strings carry the newlines as `\n`, sometimes escaped twice; RFC 1421 headers
  // (`Proc-Type:`, `DEK-Info:`) are not key material.
  const lines = match.groups!.body!.replace(/\\{1,3}[nr]/g, '\n');
  const base64 = lines.replace(/^[ \t]{0,20}[A-Za-z-]{1,40}:[^\n]{0,200}$/gm, '').replace(/[^A-Za-z0-9+/=]/g, '');
  if (base64.length < 64 || /XXXX|xxxx/.test(base64) || shannonEntropy(base64) < 4.5) return undefined;
  const label = match.groups!.kind!.trim();
  const kind = label.split(' ').map((word) => KEY_KIND[word] ?? word).join(' ');
  return { name: kind === '' ? 'Private key (PKCS #8)' : `${kind} private key` };
}

/** Scheme → the database or broker it reaches, for messages. */
const DATABASE: Readonly<Record<string, string>> = {
  postgres: 'PostgreSQL',
  postgresql: 'PostgreSQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  mongodb: 'MongoDB',
  redis: 'Redis',
  rediss: 'Redis',
  amqp: 'AMQP (RabbitMQ)',
  amqps: 'AMQP (RabbitMQ)',
  mssql: 'SQL Server',
  sqlserver: 'SQL Server',
};

/** A connection URL's password worth a finding: a literal, not a default, not the user name again. */
function urlPassword(password: string, user?: string): boolean {
  return !isReference(password) && !isTrivialPassword(password) && password !== user;
}

export const STRUCTURAL: readonly CredentialType[] = [
  {
    id: 'private-key',
    provider: 'PEM / OpenSSH',
    name: 'Private key',
    keywords: ['private key-----'],
    // RFC 7468 labels (`RSA PRIVATE KEY`, `EC PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, `OPENSSH
    // PRIVATE KEY`, plain PKCS #8). The body is base64 lines, optional RFC 1421 headers, or the
    // same inside a JSON string with `\n` escapes; a lone `-` is allowed for `DEK-Info: AES-128-CBC`
    // but never `--`, so the body cannot run past the END line. Dots and `<…>` never match.
    pattern: /-----BEGIN (?<kind>(?:[A-Z0-9]{1,20} ){0,2})PRIVATE KEY-----(?<body>(?:[A-Za-z0-9+/=\s:,\\]|-(?!-)){64,16000})-----END (?:[A-Z0-9]{1,20} ){0,2}PRIVATE KEY-----/g,
    window: { before: 64, after: 0 },
    maxLength: 16_384,
    lifetime: 'static',
    lifetimeNote: 'a key has no expiry; only a certificate issued for it does',
    inspect: inspectPrivateKey,
    samples: {
      true: [
        {
          text: '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIP1Z/g9Ah/euQUzN5aLLJgUkDpLxQLHS1XFnKfXCQg03oAoGCCqGSM49\nAwEHoUQDQgAERU/7KUYNeZVlnwwjsFuWaoJvobmTSSBW+xp9mqK+Rk13n00+sbf0\ndEYzvc0cRZFQcLCZSY3/u6ztAi2oMPrBtg==\n-----END EC PRIVATE KEY-----\n',
          secret:
            '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIP1Z/g9Ah/euQUzN5aLLJgUkDpLxQLHS1XFnKfXCQg03oAoGCCqGSM49\nAwEHoUQDQgAERU/7KUYNeZVlnwwjsFuWaoJvobmTSSBW+xp9mqK+Rk13n00+sbf0\ndEYzvc0cRZFQcLCZSY3/u6ztAi2oMPrBtg==\n-----END EC PRIVATE KEY-----',
        },
        // In a JSON string, as service-account and CI secret files carry it.
        {
          text: '{ "signing_key": "-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIHp/AzpaGqyAIUSsYfK6+2FfuEenrSCoBFA0sc9OEnfZ\\n-----END PRIVATE KEY-----\\n" }',
          secret: '-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIHp/AzpaGqyAIUSsYfK6+2FfuEenrSCoBFA0sc9OEnfZ\\n-----END PRIVATE KEY-----',
        },
        '  tls_key: |\n    -----BEGIN ENCRYPTED PRIVATE KEY-----\n    MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhBkm+mFegmbwICCAAw\n    DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEMOkfelDuMWX7KAKqrWzvEIEQJGO\n    R3sbj98X+I6ekMzqtaLqKxBavDoy/xRQZkK3aFypK0MgRMe7xzwUavZm2MLmL8cl\n    A+ozDhH9T3D+BDDrr30=\n    -----END ENCRYPTED PRIVATE KEY-----\n',
        // Legacy encrypted PEM with RFC 1421 headers.
        '-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,91A6FB02E4AFC21D766E8069C30328B7\n\nbiPO4RR0CDk9qAJOUS6QmvxA0LK7W4Gag2Li2ZGjnYwj/e0eId6KMBgFel+WS40N\nxUe+n/MRIE+EDA2eXTPYuNMtDcxr7uGwPkdglLksBdm32r5AogzhbsXCGwSzM5wP\nINPj6y2wPzX6Jyus1jdfSFW+T9jHL3PYPxz7c9sI4E8=\n-----END EC PRIVATE KEY-----',
        // A passphrase-protected OpenSSH key (an unprotected one holds a run of `A`s in its fixed
        // header, which the shared placeholder filter rejects).
        '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABDq4eztJO\nY5r/mq54sYmOlmAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIKlzn5Ojj02Snv/d\nyJpLZbbNlFSSSAIMjbQkYUpSzQk7AAAAkLKUlka1ql2tIuP1kupquL/9+7Emz4fzudkHfh\nbqdO/6GHJIvhWVwhem/qrdp4brBx3Zd+uAwG/GBiIcaSp/CsSxG1FyF/DHyK6yRo5LhbVm\n+9UlwUHq8S9a0vpPp+9L4LiLIBTL3Psjwhd2cfF3saZ8tds6tb5tJ0yHHlSWJ7K6ekv5Xv\nSWSuFpkEwAXXiAig==\n-----END OPENSSH PRIVATE KEY-----\n',
      ],
      false: [
        '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
        '"private_key": "-----BEGIN PRIVATE KEY-----\\n<your private key>\\n-----END PRIVATE KEY-----\\n"',
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\n-----END RSA PRIVATE KEY-----',
        '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
        '-----BEGIN PRIVATE KEY-----\nabcdABCDabcdABCDabcdABCDabcdABCDabcdABCDabcdABCDabcdABCDabcdABCDabcdABCD\n-----END PRIVATE KEY-----',
        // Code that looks for the header holds no key.
        "if (pem.includes('-----BEGIN RSA PRIVATE KEY-----')) return parsePkcs1(pem); // else '-----END RSA PRIVATE KEY-----'",
      ],
    },
  },
  {
    id: 'jwt',
    provider: 'JSON Web Token',
    name: 'JSON Web Token',
    keywords: ['eyj'],
    // `eyJ` is base64url for `{"`: header and payload are JSON objects. Not inside a longer token
    // (`ghs_<id>_<jwt>` is GitHub's) and not a JWE's five parts.
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,2000}\.eyJ[A-Za-z0-9_-]{10,6000}\.[A-Za-z0-9_-]{16,1500}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/g,
    maxLength: 8_192,
    lifetime: 'static',
    lifetimeNote: 'as its `exp` says; none is a token that never expires',
    inspect: (secret) => {
      const claims = decodeJwt(secret);
      if (!claims) return undefined;
      const { payload } = claims;
      // The examples JWT tutorials and library READMEs decode (jwt.io's `sub` 1234567890).
      if (payload.sub === '1234567890' || isToyPayload(payload)) return undefined;
      // Supabase's anon key is published to browsers by design: a public identifier.
      if (payload.iss === 'supabase' && payload.role === 'anon') return undefined;
      const validity = jwtValidity(claims);
      const unsigned = typeof claims.header.alg === 'string' && claims.header.alg.toLowerCase() === 'none';
      return { validity, lifetime: lifetimeFromValidity(validity), ...(unsigned ? { name: 'JSON Web Token (alg: none, unsigned)' } : {}) };
    },
    samples: {
      true: [
        // {"alg":"HS256","typ":"JWT"} {"sub":"svc-deploy","iat":1767225600,"exp":1767229200}: one hour.
        {
          text: 'curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtZGVwbG95IiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjE3NjcyMjkyMDB9.Fuew9FCA9vMJF5TMGTHawRpin0yt6oxS8CnGJua-Rg7" https://api.internal/deploy',
          secret: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtZGVwbG95IiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjE3NjcyMjkyMDB9.Fuew9FCA9vMJF5TMGTHawRpin0yt6oxS8CnGJua-Rg7',
        },
        // A legacy Kubernetes service-account token: no `exp`, so static.
        'KUBE_TOKEN=eyJhbGciOiJSUzI1NiIsImtpZCI6Inplb1dDQTV4WUtYMF9CZmNseWxtWWpLR0MtVkViRHdSSjNENjA2d2ZuOWIifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50Iiwia3ViZXJuZXRlcy5pby9zZXJ2aWNlYWNjb3VudC9uYW1lc3BhY2UiOiJjaSIsImt1YmVybmV0ZXMuaW8vc2VydmljZWFjY291bnQvc2VjcmV0Lm5hbWUiOiJkZXBsb3llci10b2tlbi14N2sycCIsImt1YmVybmV0ZXMuaW8vc2VydmljZWFjY291bnQvc2VydmljZS1hY2NvdW50Lm5hbWUiOiJkZXBsb3llciIsInN1YiI6InN5c3RlbTpzZXJ2aWNlYWNjb3VudDpjaTpkZXBsb3llciJ9.Z-tWqrr9hx1E5YzjtkTJduhy9QjCBrIScwXr7_wgtCQr9rCj500Ze1-BZpsvZj_EnuR3OdcYdxpTbYwes3eik6a3TBhxAt4fLqJXIA1lMtmDNBSMv0wGTZKC42hG2RtpHSmojpGGzo0GkLuVDnk3nQH6cLtA8-pt7zVJ3caJF0lPZSR90Nn2nAfE_ynyEf-_WAgU7iuzSLYG7Kjydcm30QixWK9m-bZB_12lpWtOBG8_FO5PkMt7kuWJQcw8sAAeDrXF_ALh2fqpGKeJPbM1y2xwL8DRcAHNnjwghv0WkusuX1B5ZEDbtm1Le8JjBxpgf4_znlIde7TVPaOSAmwT4I',
        // ES256, 30 days.
        '{"access_token": "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGguYWNtZS1jb3JwLmlvIiwiYXVkIjoiYXBpIiwic3ViIjoiY2ktYm90IiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjE3Njk4MTc2MDB9.pPoN9ZrII_Nwi86Vl0Dr_xesDEciZwN5UdWPOtCzwwKS7FGbbkYw24EB6qRQkuP5uUobMWFXkwjX-XdHfsmdkX"}',
      ],
      false: [
        // The tutorial example's claims (sub 1234567890, John Doe), with another signature.
        'token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.hoG3ZFBoXeuotQpBgQpq01SEgRmYUZgH5WANKL-QhD2"',
        // A library README's `{"some": "payload"}`.
        'encoded = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzb21lIjoicGF5bG9hZCJ9.W94LiFuaMNCfm37bnkmRhhIOvf8k0bvjz1z4nmIdTVC"',
        // No `alg` in the header.
        'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJzdmMiLCJpYXQiOjE3NjcyMjU2MDB9.jEdsDoeqC7kDzgZ4R0l-i6aTmrBEZzSQGpbGWm6qdrN',
        // The payload is not JSON.
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMiLGJyb2tlbg.xP3DzdQEpssgS1VSQSvVF_BGKmE9_OUAQ2d_V5yVafY',
        // Supabase's public anon key.
        'SUPABASE_ANON_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6ImxodG91am5oaXpwbm5iYmN6b2JsIiwicm9sZSI6ImFub24iLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MjA4Mjc1ODQwMH0.Uri3SsrewFsQ0pT1tFjxPPEWpl8irotjcK9If6fceuo',
        // A header alone, and the JWT tail of GitHub's `ghs_<app id>_<jwt>` (GitHub's to claim).
        'const header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";',
        'token: ghs_123456_eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyOTIwMCwiaXNzIjoiMTIzNDU2In0.c2lnbmF0dXJlLW5vdC1jaGVja2VkLWhlcmU',
      ],
    },
  },
  {
    id: 'database-url-password',
    provider: 'Database',
    name: 'Database connection URL password',
    keywords: ['postgres', 'mysql', 'mariadb', 'mongodb', 'redis', 'amqp', 'mssql', 'sqlserver'],
    // `scheme[+driver]://user:password@host`: the password may hold `:` (RFC 3986 userinfo) but not
    // `@` or `/`; SQLAlchemy-style drivers (`postgresql+psycopg2`) and `mongodb+srv` included.
    pattern:
      /(?<![A-Za-z0-9+.-])(?<scheme>postgres(?:ql)?|mysql|mariadb|mongodb|rediss?|amqps?|mssql|sqlserver)(?:\+[a-z0-9]{1,20})?:\/\/(?<user>[^\s:@/?#'"`<>]{0,128}):(?<secret>[^\s@/?#'"`]{1,256})@(?<host>[^\s/?#'"`@:,;]{1,253})/dg,
    lifetime: 'static',
    lifetimeNote: 'a database password has no expiry; it changes only when rotated by hand',
    inspect: (secret, { match }) => {
      const { user, host, scheme } = match.groups!;
      if (!urlPassword(secret, user) || EXAMPLE_HOST.test(host!)) return undefined;
      return { name: `${DATABASE[scheme!] ?? 'Database'} connection URL password` };
    },
    samples: {
      true: [
        { text: 'DATABASE_URL=postgresql://app_user:LVeGLQJp9L2ABuQt@db.internal.acme.io:5432/app?sslmode=require', secret: 'LVeGLQJp9L2ABuQt' },
        '  uri: "mongodb+srv://svc-ingest:pQ5oNHbNEazDik59NgMT@cluster0.k3v9q.mongodb.net/?retryWrites=true&w=majority"',
        'engine = create_engine("mysql+pymysql://etl:BULc0sCbcaQxj6xERY@10.0.3.7:3306/warehouse")',
        { text: 'REDIS_URL=rediss://:c8XaDWZt9w4VoS@cache-prod.acme.io:6380/0', secret: 'c8XaDWZt9w4VoS' },
        'broker_url = "amqps://celery:PH9j96Faf5DYRkMI7d@mq.acme.io:5671/jobs"',
      ],
      false: [
        'postgres://postgres:postgres@localhost:5432/dev',
        'Format: postgresql://user:password@host:port/database',
        'MONGO_URI=mongodb+srv://admin:<password>@cluster0.k3v9q.mongodb.net/test',
        'REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379',
        'DATABASE_URL=mysql://root:root@127.0.0.1:3306/test',
        'amqp://guest:guest@localhost:5672/',
        'connection-string: mongodb://DB_USER:DB_PASSWORD@mongodb:27017',
        'MONGO_URL=mongodb://app:mypassword@mongo:27017/app',
        'REDIS_URL=redis://default:Pa$$w0rd1@cache:6379',
        'url = f"postgresql://{user}:{password}@{host}/{db}"',
        'dsn = "mysql://app:%s@%s/orders" % (pw, host)',
        // A documentation host, and a URL without a password.
        'postgres://app:LVeGLQJp9L2ABuQt@db.example.com:5432/app',
        'postgresql://db.internal.acme.io:5432/app',
        'jdbc:postgresql://pg:5432/app?user=app&password=$DB_PASS',
      ],
    },
  },
  {
    id: 'jdbc-password',
    provider: 'Database',
    name: 'JDBC connection string password',
    keywords: ['password='],
    // A `password=` property after `;`, `?` or `&` (SQL Server's `;` properties, PostgreSQL and
    // MySQL query parameters) inside a `jdbc:<subprotocol>:` URL that starts at most 400
    // characters before it, with no space or quote between.
    pattern: /(?<=[;?&])[Pp]assword=(?<secret>[^\s;&'"`<>]{1,256})/dg,
    lifetime: 'static',
    lifetimeNote: 'a database password has no expiry; it changes only when rotated by hand',
    inspect: (secret, { text, match }) => {
      const before = text.slice(Math.max(0, match.index - 400), match.index);
      const at = before.lastIndexOf('jdbc:');
      if (at < 0 || !/^jdbc:[a-z0-9]{1,20}:[^\s'"`<>]{0,400}$/.test(before.slice(at))) return undefined;
      return urlPassword(secret) ? {} : undefined;
    },
    samples: {
      true: [
        {
          text: 'spring.datasource.url=jdbc:sqlserver://sql01.corp.local:1433;databaseName=billing;user=svc_billing;password=PQ8fRvwMxWPDz6LX;encrypt=true',
          secret: 'PQ8fRvwMxWPDz6LX',
        },
        '<property name="url" value="jdbc:postgresql://pg.internal:5432/orders?user=orders&amp;password=Da5X1QvYxV5rCF4C&amp;ssl=true"/>',
      ],
      false: [
        'jdbc:mysql://localhost:3306/app?user=root&password=${DB_PASS}',
        'jdbc:postgresql://localhost/app?user=app&password=password',
        'jdbc:sqlserver://sql01:1433;databaseName=billing;integratedSecurity=true',
        // Not in a JDBC URL.
        'https://api.acme.io/login?user=svc&password=Da5X1QvYxV5rCF4C',
      ],
    },
  },
  {
    id: 'gcp-service-account-key',
    provider: 'Google Cloud',
    name: 'Google Cloud service account key',
    keywords: ['private_key_id'],
    // The key file's `private_key_id` (40 hex digits) names the key; `"type": "service_account"`
    // must be in the same file, within a few kB (the PEM beside it is the private-key type's).
    pattern: /private_key_id\\?["']?[ \t]{0,10}:[ \t]{0,10}\\?["'](?<secret>[0-9a-f]{40})\\?["']/dg,
    lifetime: 'static',
    lifetimeNote: 'user-managed keys do not expire unless an org policy sets a key expiry; revoked by deleting the key',
    inspect: (_secret, { text, match }) =>
      text.slice(Math.max(0, match.index - 4_096), match.index + 4_096).includes('service_account') ? {} : undefined,
    samples: {
      true: [
        {
          text: '{\n  "type": "service_account",\n  "project_id": "billing-prod-4821",\n  "private_key_id": "131622c3b335c6611dbff77d3790ab26bf771a9d",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n(elided)\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "deployer@billing-prod-4821.iam.gserviceaccount.com"\n}',
          secret: '131622c3b335c6611dbff77d3790ab26bf771a9d',
        },
        'GOOGLE_CREDENTIALS=\'{"type":"service_account","project_id":"ml-batch-207","private_key_id":"36e48b38487674661abffec3f8660cb6e68f46c7","client_email":"trainer@ml-batch-207.iam.gserviceaccount.com"}\'',
      ],
      false: [
        // Not a service-account file.
        '{"type": "external_account", "private_key_id": "36e48b38487674661abffec3f8660cb6e68f46c7"}',
        '{"type": "service_account", "private_key_id": "your-private-key-id"}',
        '{"type": "service_account", "private_key_id": "0000000000000000000000000000000000000000"}',
      ],
    },
  },
];
