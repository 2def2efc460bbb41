import { decodeBase64, decodeJwt, looksRandom } from '../checks.js';
import { lifetimeFromValidity } from '../lifetime.js';
import { looksLikePlaceholder } from '../placeholder.js';
import type { CredentialType, Inspection } from '../types.js';
import { isReference, isTrivialPassword } from './structural.js';

/**
 * Credential files known by their name and shape, each gated by `paths`: npm's `.npmrc`
 * (docs.npmjs.com "npmrc": `//registry/:_authToken`, `_auth` = base64 `user:pass`, `_password` =
 * base64 password), `.pypirc` (packaging.python.org "The .pypirc file": `password` under a
 * `[server]` section), `.netrc` (GNU inetutils ftp(1): `machine … login … password …`), git's
 * credential store (git-credential-store(1): one `https://user:password@host` per line), Docker's
 * `config.json` (docker login: `auths.<registry>.auth` = base64 `user:password` unless a credential
 * helper holds it), kubeconfig (kubernetes.io "Organizing cluster access": `users[].user.token`,
 * `client-key-data` = base64 PEM) and Kubernetes `Secret` manifests (kubernetes.io "Secrets":
 * `data` values base64, `stringData` literal; `type: kubernetes.io/service-account-token` holds a
 * token that never expires, KEP-2799).
 */

const STATIC_NOTE = 'no expiry in the file; a stored password or token lives until changed by hand';

/** Text made of printable characters (tabs and line breaks allowed): decoded text, not bytes. */
const PRINTABLE = /^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/;

function decodedText(value: string): string | undefined {
  const bytes = decodeBase64(value);
  if (!bytes) return undefined;
  const text = bytes.toString('utf8');
  return PRINTABLE.test(text) && !text.includes('\ufffd') ? text : undefined;
}

/** `user:password` with a password worth reporting, decoded from base64. */
function basicCredentials(value: string): boolean {
  const text = decodedText(value);
  if (text === undefined) return false;
  const colon = text.indexOf(':');
  if (colon <= 0) return false;
  const password = text.slice(colon + 1);
  return password.length > 0 && !isReference(password) && !isTrivialPassword(password) && !looksLikePlaceholder(password);
}

/** A stored password worth reporting. */
const literalPassword = (secret: string): Inspection | undefined => (isReference(secret) || isTrivialPassword(secret) ? undefined : {});

const KUBECONFIG_PATH = /(?:^|\/)(?:\.kube\/config|kubeconfig)$|\.kubeconfig$/;

/** A kubeconfig by its name, or any YAML whose top level says `kind: Config`. */
function isKubeconfig(path: string, text: string): boolean {
  return KUBECONFIG_PATH.test(path) || /^kind:[ \t]{0,10}["']?Config["']?[ \t]*$/m.test(text);
}

/**
 * The YAML document (between `---` lines) that holds `at`. Bounded by the text itself; the
 * searches are linear.
 */
function yamlDocument(text: string, at: number): string {
  const before = text.lastIndexOf('\n---', at);
  const after = text.indexOf('\n---', at);
  return text.slice(before < 0 ? 0 : before, after < 0 ? text.length : after);
}

/**
 * The key of the block a YAML line sits in: the nearest line above it that is less indented
 * (blank lines and comments skipped). Looks back at most 16 kB.
 */
function parentKey(text: string, lineStart: number, indent: number): string | undefined {
  const floor = Math.max(0, lineStart - 16_384);
  let end = lineStart - 1;
  while (end > floor) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (line.length - trimmed.length < indent) return trimmed.trimEnd();
  }
  return undefined;
}

/** Keys of a Secret that name where or who, not the secret (`username`, `host`, `DB_PORT`). */
const PUBLIC_SECRET_KEY = /(?:^|[_.-])(?:id|url|uri|host|hostname|port|path|file|name|user|username|login|email|type|endpoint|region|namespace|database|db|dbname|schema)$/i;
/** The same in camelCase: `apiUsername`, `clientId`, `dbHost`. */
const PUBLIC_SECRET_KEY_CAMEL = /[a-z0-9](?:Id|ID|Url|URL|Uri|Host|Hostname|Port|Path|File|Name|User|Username|Login|Email|Type|Endpoint|Region|Namespace|Database|Db|Schema)$/;

/** Decoded `data` values that are public although they sit in a Secret: certificates, public keys. */
const PUBLIC_MATERIAL = /-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|X509 CRL)-----|^ssh-(?:rsa|ed25519|dss) |^ecdsa-sha2-/;

function inspectSecretManifest(secret: string, { text, match }: { text: string; match: RegExpExecArray }): Inspection | undefined {
  const { indent, key } = match.groups!;
  const parent = parentKey(text, match.index, indent!.length);
  const block = parent === 'data:' ? 'data' : parent === 'stringData:' ? 'stringData' : undefined;
  if (block === undefined || PUBLIC_SECRET_KEY.test(key!) || PUBLIC_SECRET_KEY_CAMEL.test(key!)) return undefined;
  const document = yamlDocument(text, match.index);
  if (!/^kind:[ \t]{0,10}["']?Secret["']?[ \t]*$/m.test(document)) return undefined;
  const value = block === 'data' ? decodedText(secret) : secret;
  if (value === undefined || value.trim().length < 8 || PUBLIC_MATERIAL.test(value)) return undefined;
  if (isReference(value) || isTrivialPassword(value) || looksLikePlaceholder(value)) return undefined;
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\/[^\s@]{1,300}$/i.test(value)) return undefined; // a URL without credentials
  if (key === 'token' && /^type:[ \t]{0,10}["']?kubernetes\.io\/service-account-token["']?[ \t]*$/m.test(document)) {
    return { name: 'Kubernetes service account token (legacy Secret, never expires)' };
  }
  return {};
}

export const CREDENTIAL_FILES: readonly CredentialType[] = [
  {
    id: 'npmrc-auth',
    provider: 'npm',
    name: 'npm registry credential (.npmrc)',
    keywords: ['_auth', '_password'],
    // `//registry.example/:_authToken=…`, or the base64 `_auth` / `_password` of basic auth.
    pattern: /(?<![A-Za-z0-9_])(?<field>_authToken|_auth|_password)[ \t]{0,10}=[ \t]{0,10}["']?(?<secret>[^\s"'#;]{8,2048})/dg,
    paths: /(?:^|\/)\.npmrc$/,
    lifetime: 'static',
    lifetimeNote: 'registry tokens and passwords carry no expiry the file shows (npm granular tokens: 90 days at most)',
    inspect: (secret, { match }) => {
      if (isReference(secret)) return undefined;
      const field = match.groups!.field;
      if (field === '_auth') return basicCredentials(secret) ? { name: 'npm registry basic auth (.npmrc)' } : undefined;
      if (field === '_password') {
        const password = decodedText(secret);
        return password !== undefined && !isTrivialPassword(password) ? { name: 'npm registry password (.npmrc)' } : undefined;
      }
      return secret.startsWith('npm_') ? { lifetime: { class: 'long' }, name: 'npm access token (.npmrc)' } : { name: 'npm registry auth token (.npmrc)' };
    },
    samples: {
      true: [
        { text: 'registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=25368b3b-1970-45d5-be28-204d85f3bb68\n', secret: '25368b3b-1970-45d5-be28-204d85f3bb68', path: '.npmrc' },
        { text: '@acme:registry=https://npm.acme.io/\n//npm.acme.io/:_auth=Y2ktcHVibGlzaGVyOnJHVVg5TmZzaUdkcEROYm02OA==\nalways-auth=true\n', secret: 'Y2ktcHVibGlzaGVyOnJHVVg5TmZzaUdkcEROYm02OA==', path: 'packages/web/.npmrc' },
        { text: '//nexus.corp.local/repository/npm/:username=ci\n//nexus.corp.local/repository/npm/:_password="MnFkU2g2ZXNhOGdkY2hqTQ=="\n', secret: 'MnFkU2g2ZXNhOGdkY2hqTQ==', path: '.npmrc' },
      ],
      false: [
        { text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n', path: '.npmrc' },
        { text: '//registry.npmjs.org/:_authToken=$NPM_TOKEN\n', path: '.npmrc' },
        // `_auth` must decode to `user:password`.
        { text: '//npm.acme.io/:_auth=bm90LWEtcGFpci1hdC1hbGw=\n', path: '.npmrc' },
        // Not an .npmrc.
        { text: '//registry.npmjs.org/:_authToken=25368b3b-1970-45d5-be28-204d85f3bb68\n', path: 'docs/npmrc.txt' },
      ],
    },
  },
  {
    id: 'pypirc-password',
    provider: 'PyPI',
    name: 'Package index password (.pypirc)',
    keywords: ['password'],
    pattern: /password(?<=^[ \t]{0,20}password)[ \t]{0,10}[=:][ \t]{0,10}(?<secret>[^\s]{6,1024})/dgm,
    paths: /(?:^|\/)\.pypirc$/,
    lifetime: 'static',
    lifetimeNote: STATIC_NOTE,
    inspect: (secret, { text, match }) => {
      // Under a `[server]` section, as twine and setuptools read it.
      if (!/^\[[^\]\r\n]{1,100}\]/m.test(text.slice(Math.max(0, match.index - 4_096), match.index))) return undefined;
      if (isReference(secret) || isTrivialPassword(secret)) return undefined;
      return secret.startsWith('pypi-') ? { name: 'PyPI API token (.pypirc)' } : {};
    },
    samples: {
      true: [
        { text: '[distutils]\nindex-servers =\n    internal\n\n[internal]\nrepository = https://pypi.corp.local/simple/\nusername = deploy\npassword = V3osBkVOaEEtygo7p5R5\n', secret: 'V3osBkVOaEEtygo7p5R5', path: '.pypirc' },
        { text: '[testpypi]\nusername: release-bot\npassword: S72Mbvb6PLBDF45UyyExIgqO\n', secret: 'S72Mbvb6PLBDF45UyyExIgqO', path: 'home/ci/.pypirc' },
      ],
      false: [
        { text: '[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}\n', path: '.pypirc' },
        { text: '[pypi]\nusername = deploy\npassword = changeme\n', path: '.pypirc' },
        // No section: not what twine reads.
        { text: 'password = V3osBkVOaEEtygo7p5R5\n', path: '.pypirc' },
      ],
    },
  },
  {
    id: 'netrc-password',
    provider: 'netrc',
    name: 'Password in .netrc',
    keywords: ['password'],
    pattern: /password(?<![^\s]password)[ \t\r\n]{1,10}(?<secret>[^\s]{6,1024})/dg,
    paths: /(?:^|\/)[._]netrc$/,
    lifetime: 'static',
    lifetimeNote: STATIC_NOTE,
    inspect: literalPassword,
    samples: {
      true: [
        { text: 'machine api.heroku.com\n  login ops@acme.io\n  password 33fc2c8c-399f-4769-8986-931e0b6c53c4\n', secret: '33fc2c8c-399f-4769-8986-931e0b6c53c4', path: '.netrc' },
        { text: 'machine artifacts.corp.local login builder password S72Mbvb6PLBDF45UyyExIgqO\n', secret: 'S72Mbvb6PLBDF45UyyExIgqO', path: 'ci/_netrc' },
      ],
      false: [
        { text: 'machine ftp.acme.io login anonymous password $FTP_PASSWORD\n', path: '.netrc' },
        { text: 'machine localhost login admin password password123\n', path: '.netrc' },
        { text: 'machine artifacts.corp.local login builder password S72Mbvb6PLBDF45UyyExIgqO\n', path: 'notes.txt' },
      ],
    },
  },
  {
    id: 'git-credentials',
    provider: 'Git',
    name: 'Password or token in git credential store',
    keywords: ['http'],
    pattern: /(?<![A-Za-z0-9+.-])https?:\/\/(?<user>[^\s:@/]{1,256}):(?<secret>[^\s@/]{1,1024})@[^\s/@]{1,253}/dg,
    paths: /(?:^|\/)\.git-credentials$/,
    lifetime: 'static',
    lifetimeNote: 'git stores it as typed; app passwords and PATs without an expiry live until revoked',
    inspect: (secret, { match }) => (isReference(secret) || isTrivialPassword(secret) || secret === match.groups!.user ? undefined : {}),
    samples: {
      true: [
        { text: 'https://ci-bot:hg86qnyd9TLJn7zzkTXSGPt6nlpR9EOd@bitbucket.org\n', secret: 'hg86qnyd9TLJn7zzkTXSGPt6nlpR9EOd', path: '.git-credentials' },
        { text: 'https://oauth2:KCdGIQcBt1WHcAm7MAgm@git.corp.local\nhttps://anonymous@mirror.corp.local\n', secret: 'KCdGIQcBt1WHcAm7MAgm', path: 'home/dev/.git-credentials' },
      ],
      false: [
        { text: 'https://user:password@git.corp.local\n', path: '.git-credentials' },
        { text: 'https://ci-bot@bitbucket.org\n', path: '.git-credentials' },
        { text: 'https://ci-bot:hg86qnyd9TLJn7zzkTXSGPt6nlpR9EOd@bitbucket.org\n', path: 'README.txt' },
      ],
    },
  },
  {
    id: 'docker-config-auth',
    provider: 'Docker',
    name: 'Container registry credentials (Docker config.json)',
    keywords: ['"auth"'],
    pattern: /"auth"[ \t]{0,10}:[ \t]{0,10}"(?<secret>[A-Za-z0-9+/]{8,6000}={0,2})"/dg,
    paths: /(?:^|\/)(?:config|auth)\.json$/,
    maxLength: 6_144,
    lifetime: 'static',
    lifetimeNote: 'a registry username and password or access token, base64 only; a credential helper would keep it out of the file',
    inspect: (secret, { text, path }) => {
      if (!/(?:^|\/)\.docker\/config\.json$/.test(path) && !text.includes('"auths"')) return undefined;
      return basicCredentials(secret) ? {} : undefined;
    },
    samples: {
      true: [
        {
          text: '{\n  "auths": {\n    "registry.acme.io": {\n      "auth": "ZGVwbG95Ym90OlpGWXJ6WUxOWGoxZ2gzRDRVV0ZKRFA1WA=="\n    }\n  }\n}',
          secret: 'ZGVwbG95Ym90OlpGWXJ6WUxOWGoxZ2gzRDRVV0ZKRFA1WA==',
          path: '.docker/config.json',
        },
        { text: '{"auths":{"europe-docker.pkg.dev":{"auth":"X2pzb25fa2V5X2Jhc2U2NDpYeUx2ZXJKWk1sMWJBN3lXVExiSG13Yzl5RzZuQkM="}}}', secret: 'X2pzb25fa2V5X2Jhc2U2NDpYeUx2ZXJKWk1sMWJBN3lXVExiSG13Yzl5RzZuQkM=', path: 'ci/docker/config.json' },
      ],
      false: [
        // A credential helper holds it: no `auth`.
        { text: '{"auths": {"registry.acme.io": {}}, "credsStore": "desktop"}', path: '.docker/config.json' },
        // Decodes to no `user:password`.
        { text: '{"auths": {"registry.acme.io": {"auth": "bm90LWEtcGFpci1hdC1hbGw="}}}', path: '.docker/config.json' },
        // Another tool's config.json.
        { text: '{"auth": "ZGVwbG95Ym90OlpGWXJ6WUxOWGoxZ2gzRDRVV0ZKRFA1WA=="}', path: 'config.json' },
      ],
    },
  },
  {
    id: 'kubeconfig-token',
    provider: 'Kubernetes',
    name: 'Kubernetes bearer token (kubeconfig)',
    keywords: ['token:'],
    // `users[].user.token`: at the start of its line, not `id-token:` or `refresh-token:`.
    pattern: /token:(?<=^[ \t]{0,40}token:)[ \t]{0,10}["']?(?<secret>[A-Za-z0-9._~+/=-]{16,4096})["']?[ \t]{0,20}$/dgm,
    paths: /(?:^|\/)(?:\.kube\/config|kubeconfig)$|\.kubeconfig$|\.(?:ya?ml|conf)$/,
    maxLength: 4_608,
    lifetime: 'static',
    lifetimeNote: 'a static bearer token, or a legacy service-account token, never expires; a JWT says so with `exp`',
    inspect: (secret, { text, path }) => {
      if (!isKubeconfig(path, text) || isReference(secret)) return undefined;
      const claims = secret.startsWith('eyJ') ? decodeJwt(secret) : undefined;
      if (claims) {
        const validity = { source: 'jwt' as const, ...(claims.issuedAt !== undefined ? { issuedAt: claims.issuedAt } : {}), ...(claims.expiresAt !== undefined ? { expiresAt: claims.expiresAt } : {}) };
        return { validity, lifetime: lifetimeFromValidity(validity) };
      }
      return looksRandom(secret, 16) ? {} : undefined;
    },
    samples: {
      true: [
        {
          text: 'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.0.0.1:6443\n  name: prod\nusers:\n- name: ci\n  user:\n    token: OrJgseMhzT5leJipjeJMkBLCwdQR4h1B\n',
          secret: 'OrJgseMhzT5leJipjeJMkBLCwdQR4h1B',
          path: 'deploy/prod.yaml',
        },
        // A bootstrap token (`[a-z0-9]{6}.[a-z0-9]{16}`) in a file named for kubectl.
        { text: 'users:\n- name: kubelet-bootstrap\n  user:\n    token: mdgr96.f1wbk0ck95g9evy3\n', secret: 'mdgr96.f1wbk0ck95g9evy3', path: 'home/ops/.kube/config' },
      ],
      false: [
        { text: 'kind: Config\nusers:\n- name: ci\n  user:\n    token: ${KUBE_TOKEN}\n', path: 'kubeconfig' },
        // Not a kubeconfig: a workflow input called `token`.
        { text: 'jobs:\n  build:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: OrJgseMhzT5leJipjeJMkBLCwdQR4h1B\n', path: '.github/workflows/ci.yml' },
        // An `exec` credential plugin: no stored token.
        { text: 'kind: Config\nusers:\n- name: eks\n  user:\n    exec:\n      command: aws\n      args: [eks, get-token, --cluster-name, prod]\n', path: 'kubeconfig' },
      ],
    },
  },
  {
    id: 'kubeconfig-client-key',
    provider: 'Kubernetes',
    name: 'Kubernetes client private key (kubeconfig)',
    keywords: ['client-key-data'],
    pattern: /client-key-data:[ \t]{0,10}["']?(?<secret>[A-Za-z0-9+/]{64,12000}={0,2})/dg,
    paths: /(?:^|\/)(?:\.kube\/config|kubeconfig)$|\.kubeconfig$|\.(?:ya?ml|conf)$/,
    maxLength: 12_288,
    lifetime: 'static',
    lifetimeNote: 'a private key has no expiry; the client certificate beside it does',
    inspect: (secret, { text, path }) => (isKubeconfig(path, text) && decodedText(secret)?.includes('PRIVATE KEY-----') ? {} : undefined),
    samples: {
      true: [
        {
          text: 'kind: Config\nusers:\n- name: admin\n  user:\n    client-certificate-data: (elided)\n    client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSU81Umo5TDB4V09aT09zMDU2TDkzcFdHcm9MOUJ5K0RZTmpZZ0JIMnpEa0RvQW9HQ0NxR1NNNDkKQXdFSG9VUURRZ0FFcFNkd2dKc3U4ME1CYS9pT1RJcUc2QnZySEJZZ0t3L0FBTUlISmtRcXBTL2QzL255ejlCZApDb09JTjBRTFU0NDR6QUwxN0ZEU3hoNDBJT1dhY2dFOU1nPT0KLS0tLS1FTkQgRUMgUFJJVkFURSBLRVktLS0tLQo=\n',
          secret:
            'LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSU81Umo5TDB4V09aT09zMDU2TDkzcFdHcm9MOUJ5K0RZTmpZZ0JIMnpEa0RvQW9HQ0NxR1NNNDkKQXdFSG9VUURRZ0FFcFNkd2dKc3U4ME1CYS9pT1RJcUc2QnZySEJZZ0t3L0FBTUlISmtRcXBTL2QzL255ejlCZApDb09JTjBRTFU0NDR6QUwxN0ZEU3hoNDBJT1dhY2dFOU1nPT0KLS0tLS1FTkQgRUMgUFJJVkFURSBLRVktLS0tLQo=',
          path: 'admin.kubeconfig',
        },
        {
          text: "users:\n- name: admin@prod\n  user:\n    client-certificate-data: (elided)\n    client-key-data: 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1DNENBUUF3QlFZREsyVndCQ0lFSUhCaFB6cmxvMklxUmFBT0x5Um1WWmJ1dldwQnpBN3h2Y3RMSi8rOVM3aTkKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo='\n",
          secret: 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1DNENBUUF3QlFZREsyVndCQ0lFSUhCaFB6cmxvMklxUmFBT0x5Um1WWmJ1dldwQnpBN3h2Y3RMSi8rOVM3aTkKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo=',
          path: '.kube/config',
        },
      ],
      false: [
        { text: 'kind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: REDACTED\n', path: 'kubeconfig' },
        // Base64 that is not a PEM private key.
        { text: 'kind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: cllUdXRtTXBjbVVHSXh5U0k4aGwgY2xsVWRYUnRUWEJqYlZWSFNYaDVVMGs0YUd3PQ==cllUdXRtTXBj\n', path: 'kubeconfig' },
      ],
    },
  },
  {
    id: 'kubernetes-secret-data',
    provider: 'Kubernetes',
    name: 'Kubernetes Secret value',
    // `data:` also finds `stringData:` and `metadata:`; the block a value sits in is checked.
    keywords: ['data:'],
    // One `key: value` line, indented under its block; a base64 `data` value or a literal
    // `stringData` one. Matches may start up to 16 kB after the block's key.
    pattern: /^(?<indent>[ ]{2,8})(?<key>[A-Za-z0-9_.-]{1,100}):[ \t]{1,10}(?<q>["']?)(?<secret>[^\s"'#]{8,8000})\k<q>[ \t]{0,20}$/dgm,
    window: { before: 0, after: 16_384 },
    maxLength: 8_192,
    paths: /\.ya?ml$/,
    lifetime: 'static',
    lifetimeNote: 'a Secret holds whatever was put in it, with no expiry; a legacy service-account token never expires',
    inspect: inspectSecretManifest,
    samples: {
      true: [
        {
          text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-db\n  namespace: payments\ntype: Opaque\ndata:\n  DB_PASSWORD: cllUdXRtTXBjbVVHSXh5U0k4aGw=\n  DB_USER: YmlsbGluZw==\n',
          secret: 'cllUdXRtTXBjbVVHSXh5U0k4aGw=',
          path: 'k8s/billing/secret.yaml',
        },
        {
          text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: webhook\nstringData:\n  signing-key: "9gWD5pDi4HbIZT3qTjHOWPzG"\n  endpoint: https://hooks.acme.io/in\n',
          secret: '9gWD5pDi4HbIZT3qTjHOWPzG',
          path: 'manifests/webhook.yml',
        },
        // A legacy service-account token Secret, after a ConfigMap in the same file.
        {
          text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ci\ndata:\n  LOG_LEVEL: debug\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: deployer-token\n  annotations:\n    kubernetes.io/service-account.name: deployer\ntype: kubernetes.io/service-account-token\ndata:\n  namespace: Y2k=\n  token: ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNklsUnBhVTVIUzNKWlZVZzJUa2cxYkVoQk5qTXlJbjAuZXlKcGMzTWlPaUpyZFdKbGNtNWxkR1Z6TDNObGNuWnBZMlZoWTJOdmRXNTBJaXdpYzNWaUlqb2ljM2x6ZEdWdE9uTmxjblpwWTJWaFkyTnZkVzUwT21OcE9tUmxjR3h2ZVdWeUluMC5RSUJQNjB2ZXFNR1VDS2tHM3hIeEszYUdhVW5zYmlXbE9zTTdqVW9tTGZJWFZqZlAxUFF6aTEtZTFsaWRrVzc1blFVWGdIZm16azF6QS1BZ2lhdTF3UQ==\n',
          secret:
            'ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNklsUnBhVTVIUzNKWlZVZzJUa2cxYkVoQk5qTXlJbjAuZXlKcGMzTWlPaUpyZFdKbGNtNWxkR1Z6TDNObGNuWnBZMlZoWTJOdmRXNTBJaXdpYzNWaUlqb2ljM2x6ZEdWdE9uTmxjblpwWTJWaFkyTnZkVzUwT21OcE9tUmxjR3h2ZVdWeUluMC5RSUJQNjB2ZXFNR1VDS2tHM3hIeEszYUdhVW5zYmlXbE9zTTdqVW9tTGZJWFZqZlAxUFF6aTEtZTFsaWRrVzc1blFVWGdIZm16azF6QS1BZ2lhdTF3UQ==',
          path: 'k8s/ci.yaml',
        },
      ],
      false: [
        // A ConfigMap's data is not secret.
        { text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  FEATURE_FLAGS: cllUdXRtTXBjbVVHSXh5U0k4aGw=\n', path: 'k8s/app.yaml' },
        // Helm templates, placeholders and public fields.
        { text: 'kind: Secret\nmetadata:\n  name: {{ .Release.Name }}-db\ndata:\n  password: {{ .Values.db.password | b64enc | quote }}\n', path: 'chart/templates/secret.yaml' },
        { text: 'kind: Secret\ndata:\n  password: Y2hhbmdlbWU=\n  api-key: eW91ci1hcGkta2V5LWhlcmU=\n  username: YmlsbGluZy1zZXJ2aWNl\n  apiUsername: YmlsbGluZy1zZXJ2aWNl\n  key: bXlwYXNzd29yZA==\n', path: 'secret.yaml' },
        // A certificate is public even in a Secret.
        { text: 'kind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJxRENDQVU2Z0F3SUJBZ0lVWA==\n', path: 'tls.yaml' },
        // Under `metadata:`, not `data:`.
        { text: 'kind: Secret\nmetadata:\n  name: cllUdXRtTXBjbVVHSXh5U0k4aGw\n', path: 'secret.yaml' },
      ],
    },
  },
];
