/**
 * The credentials and decoys the bench plants into its corpus, as a fixed list: its own seed, so
 * the list is the same whatever the corpus size. Values are random fakes in each provider's real
 * format (made here, never copied from the catalogue's samples, so a catalogue test cannot leak
 * into the bench). Real entries must be reported on their line; decoys must not be.
 */
import { base62, crc32 } from '../src/credentials/checks.js';
import { ALNUM, BASE64, BASE64URL, DIGITS, HEX, LOWER, Random, UPPER } from './random.js';

export interface Planted {
  /** Who issues it, for the per-provider table. Decoys name what they imitate. */
  readonly provider: string;
  /** The catalogue type that should report it (decoys: the type they could be mistaken for). */
  readonly typeId: string;
  readonly value: string;
  /** True: must not be reported. */
  readonly decoy: boolean;
  /** The variable or field name it is assigned to, so the context line reads like real code. */
  readonly key: string;
}

const PLANTED_SEED = 0x9e3779b9;

/** GitHub's checksummed body (also npm's): 30 random base62 characters + base62 CRC-32 of them. */
function checksummed(rng: Random, prefix: string): string {
  const body = rng.string(ALNUM, 30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

/** The same with the last character changed, so the checksum no longer holds. */
function badChecksum(rng: Random, prefix: string): string {
  const good = checksummed(rng, prefix);
  const last = good.at(-1)!;
  return good.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** A signed-looking JWT with no `exp`: a token that never expires. */
function jwtWithoutExpiry(rng: Random): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ sub: `svc-${rng.string(LOWER, 8)}`, iss: `https://auth.${rng.string(LOWER, 6)}.io`, iat: rng.int(1_700_000_000, 1_760_000_000) }));
  return `${header}.${payload}.${rng.string(BASE64URL, 43)}`;
}

/** A PEM RSA key's shape: the usual PKCS #1 opening, then random base64 lines. */
function pemKey(rng: Random): string {
  const body = 'MIIEpAIBAAKCAQEA' + rng.string(BASE64, 64 * 12 - 16);
  const lines = body.match(/.{1,64}/g)!;
  return ['-----BEGIN RSA PRIVATE KEY-----', ...lines, '-----END RSA PRIVATE KEY-----'].join('\n');
}

const uuid = (rng: Random) => `${rng.string(HEX, 8)}-${rng.string(HEX, 4)}-4${rng.string(HEX, 3)}-a${rng.string(HEX, 3)}-${rng.string(HEX, 12)}`;

/** Two of each: [provider, typeId, key, make]. */
const REAL: readonly (readonly [string, string, string, (rng: Random) => string])[] = [
  ['GitHub', 'github-classic-pat', 'GITHUB_TOKEN', (r) => checksummed(r, 'ghp_')],
  ['GitHub', 'github-fine-grained-pat', 'GH_TOKEN', (r) => `github_pat_11${r.string(ALNUM, 20)}_${r.string(ALNUM, 59)}`],
  ['GitLab', 'gitlab-pat', 'GITLAB_TOKEN', (r) => `glpat-${r.string(ALNUM + '-_', 20)}`],
  ['AWS', 'aws-access-key-id', 'AWS_ACCESS_KEY_ID', (r) => `AKIA${r.string(UPPER + '234567', 16)}`],
  ['AWS', 'aws-secret-access-key', 'AWS_SECRET_ACCESS_KEY', (r) => r.string(BASE64, 40)],
  ['Slack', 'slack-bot-token', 'SLACK_BOT_TOKEN', (r) => `xoxb-${r.string(DIGITS, 12)}-${r.string(DIGITS, 13)}-${r.string(ALNUM, 24)}`],
  ['Stripe', 'stripe-secret-key', 'STRIPE_SECRET_KEY', (r) => `sk_live_51${r.string(ALNUM, 96)}`],
  ['OpenAI', 'openai-project-key', 'OPENAI_API_KEY', (r) => `sk-proj-${r.string(BASE64URL, 74)}T3BlbkFJ${r.string(BASE64URL, 74)}`],
  ['Anthropic', 'anthropic-api-key', 'ANTHROPIC_API_KEY', (r) => `sk-ant-api03-${r.string(BASE64URL, 93)}AA`],
  ['npm', 'npm-access-token', 'NPM_TOKEN', (r) => checksummed(r, 'npm_')],
  ['Google Cloud', 'gcp-api-key', 'GOOGLE_API_KEY', (r) => `AIzaSy${r.string(BASE64URL, 33)}`],
  ['PEM / OpenSSH', 'private-key', 'SIGNING_KEY', pemKey],
  ['JSON Web Token', 'jwt', 'SERVICE_JWT', jwtWithoutExpiry],
  ['Database', 'database-url-password', 'DATABASE_URL', (r) => `postgresql://svc_${r.string(LOWER, 6)}:${r.string(ALNUM, 20)}@db-${r.int(1, 99)}.internal.corp:5432/app`],
  ['Hugging Face', 'huggingface-token', 'HF_TOKEN', (r) => `hf_${r.string(UPPER + LOWER, 34)}`],
  ['SendGrid', 'sendgrid-api-key', 'SENDGRID_API_KEY', (r) => `SG.${r.string(BASE64URL, 22)}.${r.string(BASE64URL, 43)}`],
  ['DigitalOcean', 'digitalocean-personal-access-token', 'DIGITALOCEAN_TOKEN', (r) => `dop_v1_${r.string(HEX, 64)}`],
  ['Twilio', 'twilio-api-key', 'TWILIO_API_KEY', (r) => `SK${r.string(HEX, 32)}`],
  ['Mailgun', 'mailgun-api-key', 'MAILGUN_API_KEY', (r) => `key-${r.string(HEX, 32)}`],
  ['Groq', 'groq-api-key', 'GROQ_API_KEY', (r) => `gsk_${r.string(ALNUM, 52)}`],
  ['Linear', 'linear-api-key', 'LINEAR_API_KEY', (r) => `lin_api_${r.string(ALNUM, 40)}`],
  ['Shopify', 'shopify-access-token', 'SHOPIFY_ACCESS_TOKEN', (r) => `shpat_${r.string(HEX, 32)}`],
  ['Databricks', 'databricks-token', 'DATABRICKS_TOKEN', (r) => `dapi${r.string(HEX, 32)}`],
  ['Sentry', 'sentry-user-token', 'SENTRY_AUTH_TOKEN', (r) => `sntryu_${r.string(HEX, 64)}`],
  ['Postman', 'postman-api-key', 'POSTMAN_API_KEY', (r) => `PMAK-${r.string(HEX, 24)}-${r.string(HEX, 34)}`],
];

/** Values that look like credentials, or sit where one would, and are none: [imitates, typeId, key, make]. */
const DECOYS: readonly (readonly [string, string, string, (rng: Random) => string])[] = [
  ['AWS', 'aws-access-key-id', 'AWS_ACCESS_KEY_ID', () => 'AKIAIOSFODNN7EXAMPLE'],
  ['GitHub', 'github-classic-pat', 'GITHUB_TOKEN', (r) => badChecksum(r, 'ghp_')],
  ['GitHub', 'github-classic-pat', 'GITHUB_TOKEN', () => '${{ secrets.GITHUB_TOKEN }}'],
  ['npm', 'npm-access-token', 'NPM_TOKEN', (r) => badChecksum(r, 'npm_')],
  ['Generic', 'generic-secret-assignment', 'API_TOKEN', () => '<your-token>'],
  ['Generic', 'generic-secret-assignment', 'DEPLOY_TOKEN', (r) => `\${{ secrets.DEPLOY_TOKEN_${r.string(UPPER, 4)} }}`],
  ['Slack', 'slack-bot-token', 'SLACK_BOT_TOKEN', () => 'xoxb-your-token-here'],
  ['UUID', 'heroku-api-key', 'REQUEST_ID', uuid],
  ['git SHA', 'aws-secret-access-key', 'COMMIT_SHA', (r) => r.string(HEX, 40)],
  ['sha512 integrity', 'generic-secret-assignment', 'integrity', (r) => `sha512-${r.string(BASE64, 86)}==`],
];

function build(): Planted[] {
  const rng = new Random(PLANTED_SEED);
  const out: Planted[] = [];
  for (const [provider, typeId, key, make] of REAL) for (let i = 0; i < 2; i++) out.push({ provider, typeId, key, value: make(rng), decoy: false });
  for (const [provider, typeId, key, make] of DECOYS) for (let i = 0; i < 2; i++) out.push({ provider, typeId, key, value: make(rng), decoy: true });
  return out;
}

export const PLANTED: readonly Planted[] = build();
