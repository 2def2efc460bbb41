import { scalarText, serverEnvironment, serverUrl, variablesRead } from '../../src/agents/mcp-environment.js';
import { serverLaunch, type ServerLaunch } from '../../src/agents/mcp-launch.js';
import { displayName } from '../../src/credentials/mask.js';
import { looksLikeFillIn, looksLikePlaceholder } from '../../src/credentials/placeholder.js';
import { matchCredential } from '../../src/credentials/value.js';
import { valueKind } from '../../src/model/value-kind.js';
import { clientStarts, defineRule, get, isMap, type AgentClient, type McpServer, type Node } from '../../src/rule.js';

/**
 * A broad cloud or repository credential handed to an MCP server that has no use for it: AWS keys
 * to the filesystem server, a GitHub token to a Slack server. The server's code, fetched from a
 * registry on each start, or the third party's host it is sent to, now holds a credential of an
 * account it was never meant to touch. The rule speaks only of servers it can name (a registry
 * package or image, or a remote host) whose purpose is clear and unrelated to the credential's
 * provider; a local script or an unknown package may need anything.
 */

const MESSAGES = {
  local:
    'MCP server "{server}" ({service}) is given {credential} ({names}), which it has no use for: any code in {what} can act with {them}; remove {them} from the entry',
  remote: 'MCP server "{server}" sends {credential} ({names}) to {host} ({service}), which has no use for {them}; remove {them} from the entry',
} as const;

type Provider = 'aws' | 'github' | 'gcp' | 'azure' | 'kubernetes' | 'npm' | 'database';

const PROVIDERS: { readonly [P in Provider]: { readonly credential: string; readonly words: readonly string[] } } = {
  aws: {
    credential: 'AWS credentials',
    // S3-compatible stores (MinIO, R2, LocalStack) read the same variable names.
    words: ['aws', 'awslabs', 'amazon', 'bedrock', 's3', 'dynamodb', 'lambda', 'cloudwatch', 'cloudformation', 'cdk', 'sagemaker', 'ecs', 'eks', 'ec2', 'iam', 'athena', 'redshift', 'terraform', 'pulumi', 'localstack', 'minio', 'r2', 'cloudflare', 'boto', 'boto3', 'sst', 'serverless'],
  },
  github: { credential: 'a GitHub token', words: ['github', 'gh', 'git', 'octokit', 'copilot', 'gist', 'ghes'] },
  gcp: { credential: 'Google Cloud credentials', words: ['google', 'gcp', 'gcloud', 'firebase', 'bigquery', 'vertex', 'gemini', 'gcs', 'gke', 'gdrive', 'gmail', 'drive', 'sheets'] },
  azure: { credential: 'an Azure client secret', words: ['azure', 'microsoft', 'ms', 'msft', 'entra', 'msgraph', 'fabric', 'aks', 'devops', 'ado', 'powerbi', 'sharepoint', 'teams', 'outlook', 'office'] },
  kubernetes: { credential: 'a kubeconfig', words: ['kubernetes', 'k8s', 'kube', 'kubectl', 'helm', 'openshift', 'argocd', 'argo', 'flux', 'eks', 'gke', 'aks', 'rancher', 'k3s', 'minikube', 'istio'] },
  npm: { credential: 'an npm token', words: ['npm', 'node', 'nodejs', 'package', 'packages', 'registry', 'pnpm', 'yarn', 'verdaccio', 'jsr'] },
  database: {
    credential: 'a database URL',
    words: ['db', 'database', 'sql', 'postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'sqlite', 'mongo', 'mongodb', 'redis', 'prisma', 'supabase', 'neon', 'drizzle', 'planetscale', 'turso', 'libsql', 'cockroach', 'cockroachdb', 'timescale', 'clickhouse', 'duckdb', 'snowflake', 'bigquery', 'dynamodb'],
  },
};

/** The variables that hold each provider's credential, by their conventional names. */
const CREDENTIAL_NAMES: ReadonlyMap<string, Provider> = new Map([
  ['AWS_ACCESS_KEY_ID', 'aws'],
  ['AWS_SECRET_ACCESS_KEY', 'aws'],
  ['AWS_SESSION_TOKEN', 'aws'],
  ['GITHUB_TOKEN', 'github'],
  ['GH_TOKEN', 'github'],
  ['GITHUB_PERSONAL_ACCESS_TOKEN', 'github'],
  ['GITHUB_PAT', 'github'],
  ['GH_PAT', 'github'],
  ['GOOGLE_APPLICATION_CREDENTIALS', 'gcp'],
  ['AZURE_CLIENT_SECRET', 'azure'],
  ['KUBECONFIG', 'kubernetes'],
  ['NPM_TOKEN', 'npm'],
  ['NODE_AUTH_TOKEN', 'npm'],
  ['DATABASE_URL', 'database'],
]);

interface Service {
  /** For the message: `the filesystem server`. */
  readonly name: string;
  /** The providers whose credentials it may legitimately use. */
  readonly uses: readonly Provider[];
}

function servers(ids: readonly string[], name: string, uses: readonly Provider[]): [string, Service][] {
  return ids.map((id) => [id, { name, uses }]);
}

/**
 * Servers known by their exact package, image or program, whose purpose is plain: the reference
 * servers and a few official ones. Their generic names (`memory`, `fetch`, `time`) would say too
 * little as words.
 */
const KNOWN_SERVERS: ReadonlyMap<string, Service> = new Map([
  ...servers(['@modelcontextprotocol/server-filesystem', 'mcp/filesystem'], 'the filesystem server', []),
  ...servers(['@modelcontextprotocol/server-memory', 'mcp/memory'], 'the memory server', []),
  ...servers(['@modelcontextprotocol/server-sequential-thinking', 'mcp/sequentialthinking'], 'the sequential-thinking server', []),
  ...servers(['@modelcontextprotocol/server-everything', 'mcp/everything'], 'the MCP test server', []),
  ...servers(['mcp-server-fetch', 'mcp/fetch', '@modelcontextprotocol/server-fetch'], 'the fetch server', []),
  ...servers(['mcp-server-time', 'mcp/time'], 'the time server', []),
  // It runs git on local repositories; a push may use a GitHub token.
  ...servers(['mcp-server-git', 'mcp/git'], 'the git server', ['github']),
  ...servers(['@modelcontextprotocol/server-postgres', 'mcp/postgres'], 'the PostgreSQL server', ['database']),
  ...servers(['mcp-server-sqlite', 'mcp/sqlite'], 'the SQLite server', ['database']),
  ...servers(['@modelcontextprotocol/server-redis', 'mcp/redis'], 'the Redis server', ['database']),
  ...servers(['@modelcontextprotocol/server-github', 'mcp/github', 'ghcr.io/github/github-mcp-server', 'github-mcp-server'], 'the GitHub server', ['github']),
  ...servers(['@modelcontextprotocol/server-gitlab', 'mcp/gitlab'], 'the GitLab server', []),
  ...servers(['@modelcontextprotocol/server-gdrive', 'mcp/gdrive', '@modelcontextprotocol/server-google-maps', 'mcp/google-maps'], 'a Google server', ['gcp']),
]);

/**
 * Products whose servers use their own key and nothing of ours, by a word of the package, image
 * or host. A name that also names a provider (`slack-github-bridge`) is that provider's too.
 */
const PRODUCTS: ReadonlyMap<string, string> = new Map([
  ['slack', 'Slack'],
  ['notion', 'Notion'],
  ['notionhq', 'Notion'],
  ['linear', 'Linear'],
  ['jira', 'Jira'],
  ['confluence', 'Confluence'],
  ['atlassian', 'Atlassian'],
  ['sentry', 'Sentry'],
  ['stripe', 'Stripe'],
  ['figma', 'Figma'],
  ['discord', 'Discord'],
  ['telegram', 'Telegram'],
  ['brave', 'Brave Search'],
  ['tavily', 'Tavily'],
  ['perplexity', 'Perplexity'],
  ['firecrawl', 'Firecrawl'],
  ['context7', 'Context7'],
  ['playwright', 'Playwright'],
  ['puppeteer', 'Puppeteer'],
  ['todoist', 'Todoist'],
  ['obsidian', 'Obsidian'],
  ['spotify', 'Spotify'],
  ['youtube', 'YouTube'],
  ['hubspot', 'HubSpot'],
  ['zendesk', 'Zendesk'],
  ['airtable', 'Airtable'],
  ['asana', 'Asana'],
  ['trello', 'Trello'],
  ['clickup', 'ClickUp'],
  ['twilio', 'Twilio'],
  ['sendgrid', 'SendGrid'],
  ['resend', 'Resend'],
  ['elevenlabs', 'ElevenLabs'],
]);

/** Programs that relay to another server: what they relay to decides, and the rule does not follow them. */
const PROXIES = /^(?:mcp-remote|supergateway|mcp-proxy|@modelcontextprotocol\/inspector|mcp-gateway)$/;

/** The words of a package, image or host: `@notionhq/notion-mcp-server` → notionhq, notion, mcp, server. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== '');
}

interface Identified {
  readonly service: Service;
  readonly words: readonly string[];
  readonly host?: string;
}

/** What the server is, when the rule can tell and its purpose is plain. */
function identify(server: McpServer, launch: ServerLaunch | undefined): Identified | undefined {
  if (scalarText(server.url) !== undefined) {
    // A URL that does not parse names no host the rule could judge.
    const host = serverUrl(server)?.hostname.toLowerCase();
    if (host === undefined) return undefined;
    // A server on this machine or a private address is the user's own.
    if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || !host.includes('.') || /^(?:10|127|192\.168|172\.(?:1[6-9]|2\d|3[01]))\./.test(host)) return undefined;
    const words = wordsOf(host);
    if (host === 'api.githubcopilot.com' || /^copilot-api\.[a-z0-9-]+\.ghe\.com$/.test(host)) return { service: { name: 'the GitHub server', uses: ['github'] }, words, host };
    const product = byProduct(words);
    return product ? { service: product, words, host } : undefined;
  }
  if (!launch) return undefined;
  const last = launch.target.slice(launch.target.lastIndexOf('/') + 1);
  const known = KNOWN_SERVERS.get(launch.target) ?? (last === 'github-mcp-server' ? KNOWN_SERVERS.get(last) : undefined);
  // A program run as installed (or by `go run` from its module) counts only when the rule knows it by name; a script may need anything.
  if (launch.ecosystem === undefined) return known && (launch.launcher === launch.target || launch.launcher === 'go run') ? { service: known, words: wordsOf(launch.target) } : undefined;
  if (PROXIES.test(launch.target)) return undefined;
  const words = wordsOf(launch.target);
  if (known) return { service: known, words };
  const product = byProduct(words);
  return product ? { service: product, words } : undefined;
}

function byProduct(words: readonly string[]): Service | undefined {
  const product = words.map((word) => PRODUCTS.get(word)).find((name) => name !== undefined);
  return product === undefined ? undefined : { name: `a ${product} server`, uses: [] };
}

// ---------------------------------------------------------------------------------------------
// What the server is given

/** One credential handed over: the variable, where, and the value when the file holds it. */
interface Given {
  readonly provider: Provider;
  /** The variable the server reads it from, or the header it is sent in. */
  readonly name: string;
  readonly node: Node;
  readonly secret?: string;
}

function providerOf(name: string): Provider | undefined {
  // Copilot substitutes only `COPILOT_MCP_*`: the prefix is Copilot's, the rest names the credential.
  return CREDENTIAL_NAMES.get(name.toUpperCase().replace(/^COPILOT_MCP_/, ''));
}

/**
 * Whether a value hands over a credential at all: a reference or a prompt does (someone fills
 * it), a placeholder or an empty string does not, and a database URL without a password is only
 * an address. The secret, when the file holds one, is returned for the digest and the masking.
 */
function handsOver(client: AgentClient, provider: Provider, name: string, value: string | undefined, container: boolean): { secret?: string } | undefined {
  if (value === undefined) return {};
  const kind = valueKind(client, value);
  if (kind !== 'literal') return {};
  const text = value.trim();
  if (looksLikeFillIn(text) || looksLikePlaceholder(text)) return undefined;
  // A key file's or kubeconfig's path inside a container names a file the container has only if something mounts it.
  if (container && (provider === 'gcp' || provider === 'kubernetes')) return undefined;
  if (provider === 'database') return /^[a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:[^/@\s]+@/i.test(text) ? {} : undefined;
  const match = matchCredential(text, name);
  return match ? { secret: text.slice(match.start, match.end) } : {};
}

/** Credentials a local server process gets through its environment. */
function localCredentials(server: McpServer, launch: ServerLaunch | undefined): Given[] {
  const given: Given[] = [];
  for (const { name, value, node } of serverEnvironment(server, launch)) {
    const provider = providerOf(name) ?? (value === undefined ? undefined : variablesRead(server.client, value).map(providerOf).find((found) => found !== undefined));
    if (provider === undefined) continue;
    const handed = handsOver(server.client, provider, name, value, launch?.container !== undefined);
    if (handed) given.push({ provider, name, node, ...handed });
  }
  return given;
}

/** Credentials sent to a remote server: headers that read a credential variable, and Codex's header variables. */
function remoteCredentials(server: McpServer): Given[] {
  const given: Given[] = [];
  for (const entry of server.headers?.entries ?? []) {
    const value = scalarText(entry.value);
    if (value === undefined) continue;
    const variable = variablesRead(server.client, value).find((name) => providerOf(name) !== undefined);
    if (variable !== undefined) given.push({ provider: providerOf(variable)!, name: variable, node: entry.value });
  }
  if (server.client !== 'codex') return given;
  const bearer = get(server.node, 'bearer_token_env_var');
  const bearerName = scalarText(bearer);
  if (bearer && bearerName !== undefined && providerOf(bearerName)) given.push({ provider: providerOf(bearerName)!, name: bearerName, node: bearer });
  const envHeaders = get(server.node, 'env_http_headers');
  for (const entry of isMap(envHeaders) ? envHeaders.entries : []) {
    const variable = scalarText(entry.value);
    if (variable !== undefined && providerOf(variable)) given.push({ provider: providerOf(variable)!, name: variable, node: entry.value });
  }
  return given;
}

export default defineRule({
  meta: {
    id: 'mcp-server-excess-credentials',
    title: 'MCP server given credentials it has no use for',
    description:
      "An MCP server entry hands a server a broad cloud or repository credential (AWS keys, a GitHub token, Google or Azure credentials, a kubeconfig, an npm token, a database URL) that the server, by what it is, never uses: AWS keys to the filesystem server, a GitHub token to a Slack server. The package's code, fetched from a registry on each start, or the third party's host the header goes to, now holds a credential for an account it was never meant to touch.",
    remediation:
      'Remove the credential from the entry. Give each server only the variables its documentation asks for; if the variable is there for another server, move it to that server\'s entry.',
    category: 'secret-exposure',
    severity: 'medium',
    confidence: 'medium',
    kinds: ['mcp-config', 'codex-config'],
    messages: MESSAGES,
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-asi-2026', id: 'ASI04' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'owasp-nhi-2025', id: 'NHI3' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'csa-maestro', id: 'L7' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '522' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => ({
    mcpServer(server: McpServer) {
      if (!clientStarts(server)) return;
      const launch = serverLaunch(server);
      const identified = identify(server, launch);
      if (!identified) return;
      const given = identified.host !== undefined ? remoteCredentials(server) : localCredentials(server, launch);
      const byProvider = new Map<Provider, Given[]>();
      for (const credential of given) {
        const { provider } = credential;
        if (identified.service.uses.includes(provider) || PROVIDERS[provider].words.some((word) => identified.words.includes(word))) continue;
        byProvider.set(provider, [...(byProvider.get(provider) ?? []), credential]);
      }
      for (const [provider, credentials] of byProvider) {
        const [first] = credentials;
        const names = [...new Set(credentials.map((credential) => displayName(credential.name)))];
        const them = names.length === 1 ? 'it' : 'them';
        context.report({
          node: first!.node,
          messageId: identified.host !== undefined ? 'remote' : 'local',
          anchor: `${server.node.path.join('.')}:excess:${provider}`,
          ...(first!.secret !== undefined ? { secret: first!.secret } : {}),
          data: {
            server: displayName(server.name),
            service: identified.service.name,
            credential: PROVIDERS[provider].credential,
            names: names.join(', '),
            them,
            what: launch?.container ? 'the image' : 'the package',
            host: identified.host ?? '',
          },
          related: credentials.slice(1).map((credential) => ({ node: credential.node, message: `${displayName(credential.name)} is given too` })),
        });
      }
    },
  }),
});
