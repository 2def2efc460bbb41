import { decodeBase64, looksRandom } from '../checks.js';
import { looksLikePlaceholder } from '../placeholder.js';
import type { CredentialType, Inspection, MatchContext } from '../types.js';
import { isReference, isTrivialPassword, plausiblePassword } from './structural.js';

/**
 * The last resort: a literal value assigned to a key whose name says it is a secret
 * (`API_TOKEN=…`, `"clientSecret": "…"`, `db.password = …`, `<password>…</password>`), in
 * configuration files only (dotenv, YAML, JSON, TOML, INI, properties, Terraform, XML, Dockerfile
 * and Compose files), never in source code or prose, where such names mostly hold expressions.
 * Nothing in the value says what issued it, so the name and the value's shape must agree: a
 * token, key or secret must look random; a password must not be a default or a word.
 */

/**
 * Configuration files by name. Lockfiles are YAML or JSON too but hold hashes and URLs only;
 * they are excluded in `inspect`.
 */
const CONFIG_PATH =
  /(?:^|\/)(?:\.env(?:\.[\w.-]{1,60})?|[\w.-]{1,100}\.env|Dockerfile(?:\.[\w.-]{1,60})?|[\w.-]{1,100}\.[Dd]ockerfile|Containerfile)$|\.(?:ya?ml|json|jsonc|toml|ini|cfg|conf|config|properties|tfvars|tf|hcl|xml)$/;
const LOCKFILE = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|composer\.lock|Pipfile\.lock|poetry\.lock|Cargo\.lock|packages\.lock\.json|[\w.-]{0,100}\.lock\.json)$/;

const PASSWORD_NAME = /(?:password|passwd|pwd)$/i;

/** Words and literals no secret is: booleans, null-ish, schema types. */
const NOT_A_VALUE = /^(?:true|false|yes|no|on|off|null|nil|none|undefined|empty|required|optional|string|secret|password|token|disabled|enabled|unset|n\/a|tbd|todo)$/i;
const NUMBER = /^[-+]?(?:\d{1,100}(?:\.\d{0,100})?|0x[0-9a-f]{1,100})$/i;
/** Where a credential lives, not the credential: a path or a file name. */
const FILE_PATH = /^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:[\\/]|file:)|\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|json|ya?ml|txt|env|gpg|asc|pub)$/i;
/** A URL: a location, unless it carries `user:password@`. */
const URL = /^(?:[a-z][a-z0-9+.-]{1,20}:\/\/|(?:data|mailto|urn|arn):)/i;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/]{0,200}:[^\s@/]{1,200}@/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A dotted name that reads a value at run time: `var.db_password`, `settings.SECRET_KEY`. */
const DOTTED_NAME = /^[A-Za-z_$][\w$]{0,100}(?:\.[A-Za-z_$][\w$]{0,100}|\[-?\w{1,50}\]){1,20}$/;
/** Encrypted or hashed, so not usable as is: jasypt `ENC(…)`, sops `ENC[…]`, crypt(3) hashes, YAML tags and aliases. */
const SEALED = /^(?:ENC[([]|\{(?:SSHA|SHA|SSHA256|SSHA512|BCRYPT|CRYPT|MD5)\}|[!*&])|\$(?:2[abxy]?|argon2(?:id|i|d)?|[156]|apr1)\$/i;
/** Said not to be real, or a GitHub- or npm-format value whose own type turned it down (its checksum fails). */
const DISOWNED = /dummy|notreal|not[-_]a[-_]real|^gh[pousr]_|^github_pat_|^npm_[A-Za-z0-9]{36}$/i;
/** A Kubernetes Secret manifest: its values are the Secret type's to judge, decoded. */
const SECRET_MANIFEST = /^kind:[ \t]{0,10}["']?Secret["']?[ \t]*$/m;

/** Base64 of a placeholder or a default (`Y2hhbmdlbWU=` is `changeme`). */
function encodesTrivial(value: string): boolean {
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]{4,500}={0,2}$/.test(value)) return false;
  const decoded = decodeBase64(value)?.toString('utf8') ?? '';
  return /^[\x20-\x7e]{1,500}$/.test(decoded) && (isReference(decoded) || isTrivialPassword(decoded) || looksLikePlaceholder(decoded));
}

/** What may follow a value on its line: nothing, a comment, or the syntax that closes it. */
const LINE_END = /^[ \t]{0,100}(?:$|[\r#;,}\]<]|\/\/)/;

const CODE_LIKE = /[A-Za-z_][\w.]{0,100}\(|::|;$|\\n|->|=>/;
const PUBLIC_BY_DESIGN = /^(?:phc_|pk_(?:live|test)_|sb_publishable_)/;
const EMBEDDED_JWT = /eyJ[A-Za-z0-9_-]{10,2000}\.eyJ[A-Za-z0-9_-]{10,6000}\./;

function inspectAssignment(secret: string, { text, match, path }: MatchContext): Inspection | undefined {
  if (LOCKFILE.test(path) || (/\.ya?ml$/.test(path) && SECRET_MANIFEST.test(text))) return undefined;
  if (isReference(secret) || NOT_A_VALUE.test(secret) || NUMBER.test(secret) || FILE_PATH.test(secret) || UUID.test(secret)) return undefined;
  if (DOTTED_NAME.test(secret) || SEALED.test(secret) || DISOWNED.test(secret) || encodesTrivial(secret)) return undefined;
  if (URL.test(secret) && !URL_WITH_PASSWORD.test(secret)) return undefined;
  // A JWT, wrapped or not, is the JWT type's to judge (it reads the claims); an unsigned one
  // (`alg: none`, empty signature), which that type does not match, authenticates nothing.
  if (EMBEDDED_JWT.test(secret)) return undefined;
  // Code quoted in a data file (`this.password = toBytes(plain);`, `libc::passwd`) and keys that
  // are public by design (PostHog project keys, Stripe publishable keys) are no secret.
  if (CODE_LIKE.test(secret) || PUBLIC_BY_DESIGN.test(secret)) return undefined;
  // A value with words after it (`password: Mot de passe`) is prose, not a secret.
  const end = match.index + match[0].length;
  const lineEnd = text.indexOf('\n', end);
  if (!LINE_END.test(text.slice(end, lineEnd < 0 ? text.length : Math.min(lineEnd, end + 200)))) return undefined;
  if (PASSWORD_NAME.test(match.groups!.key!)) {
    // A password needs a digit or a symbol: a word alone is a label (`"password": "Passwort"`).
    if (!plausiblePassword(secret)) return undefined;
    // `123Abpassword`, `MySecretPass1`: a value that says what it is was written to be read.
    if (/passw(?:or)?d|secret/i.test(secret)) return undefined;
    return { name: 'literal password' };
  }
  return looksRandom(secret, 16) ? {} : undefined;
}

export const GENERIC: readonly CredentialType[] = [
  {
    id: 'generic-secret-assignment',
    provider: 'Generic',
    name: 'literal secret',
    keywords: [
      'token',
      'secret',
      'password',
      'passwd',
      'pwd',
      'apikey',
      'api_key',
      'api-key',
      'api.key',
      'accesskey',
      'access_key',
      'access-key',
      'access.key',
      'privatekey',
      'private_key',
      'private-key',
      'private.key',
    ],
    // The key (up to 100 characters, ending with the secret word, so `TOKEN_URL`, `SECRET_NAME`
    // and `PASSWORD_FILE` never match), `=`, `:`, `=>` or an XML element's `>`, then the value,
    // quoted or not. The keyword sits at the key's end, so a match may start 100 characters before it.
    pattern:
      /(?<![A-Za-z0-9_.\/:-])["']?(?<key>[A-Za-z0-9_.-]{0,80}?(?:token|secret|secret[_.-]?key|api[_.-]?key|access[_.-]?key|private[_.-]?key|password|passwd|pwd))["']?[ \t]{0,10}(?:[:=]|=>|>)[ \t]{0,10}(?<q>["'`]?)(?<secret>[^\s"'`<>]{8,500})(?![^\s"'`<>])\k<q>/dgi,
    window: { before: 100, after: 0 },
    paths: CONFIG_PATH,
    lifetime: 'static',
    lifetimeNote: 'a literal value in a configuration file; nothing in it says it expires',
    inspect: inspectAssignment,
    samples: {
      true: [
        { text: 'NODE_ENV=production\nINTERNAL_API_TOKEN=zezMkLZQbdz1NeZGH4WH9xe6\n', secret: 'zezMkLZQbdz1NeZGH4WH9xe6', path: '.env' },
        { text: '{\n  "mcpServers": {\n    "crm": {\n      "env": { "CRM_API_KEY": "fXkqIWarfyri2MzRpBlIXJhM" }\n    }\n  }\n}', secret: 'fXkqIWarfyri2MzRpBlIXJhM', path: '.mcp.json' },
        { text: 'auth:\n  clientSecret: "24VZiiTBx0mGK1eDZpukptSZ"\n', secret: '24VZiiTBx0mGK1eDZpukptSZ', path: 'config/app.yaml' },
        { text: 'spring.datasource.username=billing\nspring.datasource.password=WU^4uFIcCyPa\n', secret: 'WU^4uFIcCyPa', path: 'src/main/resources/application.properties' },
        { text: '[smtp]\nhost = "smtp.acme.io"\npassword = "CSVP-MiaR-k7eV"\n', secret: 'CSVP-MiaR-k7eV', path: 'settings.toml' },
        { text: '<server>\n  <id>nexus</id>\n  <username>deployer</username>\n  <password>Ux4XyopQR9Gdr2</password>\n</server>', secret: 'Ux4XyopQR9Gdr2', path: '.m2/settings.xml' },
        { text: 'FROM node:20\nENV SENTRY_AUTH_TOKEN=tVuuq2gfAo0yMQRDU97G23vQ\n', secret: 'tVuuq2gfAo0yMQRDU97G23vQ', path: 'Dockerfile' },
        { text: 'db_password = "NxdIgw@wgbAC"\n', secret: 'NxdIgw@wgbAC', path: 'infra/prod.tfvars' },
      ],
      false: [
        // References and placeholders.
        { text: 'API_TOKEN=${API_TOKEN}\nCLIENT_SECRET=$CLIENT_SECRET\nPASSWORD=%DB_PASSWORD%\n', path: '.env' },
        { text: '      - name: Log in\n        with:\n          password: ${{ secrets.REGISTRY_PASSWORD }}\n          token: "{{ vault_token }}"\n', path: '.github/workflows/release.yml' },
        { text: 'API_KEY=your-api-key-here\nSECRET_KEY=changeme\nDB_PASSWORD=postgres\nADMIN_PASSWORD=admin123\n', path: '.env.example' },
        { text: 'resource "aws_db_instance" "main" {\n  password = var.db_password\n}\n', path: 'main.tf' },
        // Public names: the key does not end with the secret word.
        { text: 'TOKEN_URL=https://auth.acme.io/oauth/token\nSECRET_NAME=prod/billing/db\nPASSWORD_FILE=/run/secrets/db\nAPI_KEY_ID=fXkqIWarfyri2MzRpBlIXJhM\n', path: '.env' },
        // Values that are not secrets: booleans, numbers, paths, URLs, UUIDs, words, encrypted.
        { text: 'use_token: true\nmax_token: 4096\nprivate_key: ./certs/server.key\nclient_secret: 8210e876-10a5-48bc-b880-cc1a1502ecf0\n', path: 'config.yml' },
        { text: '{"password": "Passwort", "resetPassword": "Passwort vergessen?", "token": "Sitzungstoken"}', path: 'locales/de.json' },
        { text: 'jdbc.password=ENC(O2hFQ50Te37UwvEw6zNvHqGlYv0gDdJX)\nadmin_password: $2b$12$HedpkcGe0E6K0T9tISfB/wERJZgCqCpRUD7NRUNE502hAbrZvt6yN\n', path: 'app.properties' },
        { text: 'auth:\n  htpasswd: registry_user:$2y$10$vUw8u1D2Frn.xMhwrIb9v1igqrD3zkx/xWVOIK0Br2Bkpv4DoNPEn\n', path: 'values.yaml' },
        // Said not to be real, or a `ghp_`/`npm_` value whose checksum its own type rejected.
        { text: '{"env": {"MOCK_TOKEN": "mk_NOTREALmyYipD6dypCPCAwxS2mtNG", "GH_TOKEN": "ghp_rybsbaeEUb2hL2i7kwCFQJPzHTlkCJ3Y3tBq", "NPM_TOKEN": "npm_vstYGGS93bh82n9J1btBIhdKJKP68Z0c5p0A"}}', path: '.mcp.json' },
        { text: 'password: Mot de passe\ntoken: abcdefgh\n', path: 'strings.yaml' },
        // Base64 of `changeme`, and a Secret manifest (the Kubernetes Secret type's).
        { text: 'DB_PASSWORD=Y2hhbmdlbWU=\n', path: '.env' },
        { text: 'kind: Secret\ndata:\n  password: Y2hhbmdlbWU=\n', path: 'secret.yaml' },
        // Hashes, IDs and data under names that are not secret words.
        { text: 'lodash@4.17.21:\n  integrity: sha512-nuQCtYBZ6GuBCkpjp7upc9yV5pS1w+MLH0aWkyHR80vcCj/nQol+4KfZ1aaXzUWzeJw1A0Chx0a2rxI56OjNTg==\n', path: 'pnpm-lock.yaml' },
        { text: 'repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: e0579d5d7ede9e816d159a94c84af1a13e3f7667\n', path: '.pre-commit-config.yaml' },
        { text: '{"icon": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAipsFpEOLGktRgQ/4yn0pkzB9FYnGXnyfkl0OPrU+jAq4js2EwY1T1MMtGF2uBc6tSV5FLfy0tIS9A2nd"}', path: 'manifest.json' },
        { text: '{"version":3,"sources":["token.ts"],"mappings":"AAAA,SAAS,KAAK,CAAC,MAAM,GAAG;AACrB,token:AAAA"}', path: 'dist/token.js.map' },
        // A property path, an ARN's `secret:` segment, and a password that names itself, from API docs and help text.
        { text: '{"output_token": "StreamDescription.Shards[-1].ShardId"}', path: 'data/paginators.json' },
        { text: '{"documentation": "<code>arn:aws:secretsmanager:region:account-number:secret:mysecret-a1B2c3</code>"}', path: 'data/service-2.json' },
        { text: 'help: |\n  $ {command} my-instance --location=us-east4 --password=123Abpassword\n', path: 'surface/wallet.yaml' },
        // An unsigned JWT (`alg: none`, empty signature) behind a scheme prefix, as test settings hold.
        { text: '{"auth": {"accessToken": "workos:eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ0ZXN0SWQiLCJleHAiOjE4OTk1Nzg5MjR9."}}', path: 'settings/providers.json' },
        // Code quoted inside a data file, and a browser analytics key that is public by design.
        { text: '{"content": "    {\\n        this.plainTextPassword = Utils.fromCharSequenceToBytes(plainTextPassword);\\n    }"}', path: 'data/chunks.json' },
        { text: '{"posthog": {"apiKey": "phc_JteqmlUA5b3iwQQwHVIe3rKvIjoWa2b1EZU0mr6paN5"}}', path: 'docs/docs.json' },
        // Minified code and source are not configuration.
        { text: 'var a={apiKey:"fXkqIWarfyri2MzRpBlIXJhM",token:"zezMkLZQbdz1NeZGH4WH9xe6"};function b(){return a}', path: 'dist/app.min.js' },
        { text: 'const API_TOKEN = "zezMkLZQbdz1NeZGH4WH9xe6";', path: 'src/client.ts' },
        { text: 'Set `API_TOKEN=zezMkLZQbdz1NeZGH4WH9xe6` in your shell.', path: 'README.md' },
        // In a lockfile, even under a secret-like name.
        { text: '{"packages": {"node_modules/token": {"resolved": "https://registry.npmjs.org/token/-/token-0.1.0.tgz", "token": "zezMkLZQbdz1NeZGH4WH9xe6"}}}', path: 'package-lock.json' },
      ],
    },
  },
];
