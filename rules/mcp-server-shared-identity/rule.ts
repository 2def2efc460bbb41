import { envFileOf, flagSetting, headerSetting, scalarText, serverEnvironment, serverUrl, switchedOn, variablesRead, type ServerVariable } from '../../src/agents/mcp-environment.js';
import { optionValue, serverLaunch, type LaunchWord, type ServerLaunch } from '../../src/agents/mcp-launch.js';
import { displayName } from '../../src/credentials/mask.js';
import { looksLikeFillIn } from '../../src/credentials/placeholder.js';
import { valueKind, valueReferences } from '../../src/model/value-kind.js';
import { clientStarts, defineRule, get, isMap, type AgentClient, type McpServer, type Node, type Severity, type SourceFile } from '../../src/rule.js';

/**
 * An MCP server handed a person's own identity: their GitHub token, their AWS profile, their
 * gcloud login, their kube contexts. Whatever the agent is talked into doing through the server,
 * GitHub's, the cloud's or the cluster's audit log shows that person, and the identity cannot be
 * narrowed to the agent's task without narrowing the person. The rule reads the normalised entry
 * (`env`, `headers`, `args`, Codex's `env_vars`, `bearer_token_env_var` and `env_http_headers`),
 * gathers every use while files pass, and reports once per identity after the last file, with the
 * other servers it is given to as related locations.
 */

/** How many other uses a finding lists as related locations; the message counts every server. */
const MAX_RELATED = 10;

const MESSAGES = {
  github:
    'MCP server "{server}" acts on GitHub as a person: it is given {source}{others}{writes}; give the agent its own identity (a GitHub App, or a fine-grained token of an account made for it) limited to the repositories it needs',
  cloud: 'MCP server "{server}" acts in {cloud} as the user: it is given {source}{others}{writes}; {fix}',
  cluster:
    'MCP server "{server}" acts on Kubernetes as the user: it is given {source}{others}{writes}; give the agent a kubeconfig of its own, for a service account limited to the namespaces and verbs it needs',
} as const;

type MessageId = keyof typeof MESSAGES;
type Platform = 'github' | 'aws' | 'gcp' | 'azure' | 'kubernetes';

const PLATFORM: { readonly [P in Platform]: { readonly messageId: MessageId; readonly cloud: string; readonly fix: string } } = {
  github: { messageId: 'github', cloud: 'GitHub', fix: '' },
  aws: { messageId: 'cloud', cloud: 'AWS', fix: 'give the agent a profile of its own that assumes a role limited to its task' },
  gcp: { messageId: 'cloud', cloud: 'Google Cloud', fix: 'give the agent a service account of its own (impersonated, not a key file) limited to its task' },
  azure: { messageId: 'cloud', cloud: 'Azure', fix: 'give the agent an identity of its own (a managed identity or an app registration) limited to its task' },
  kubernetes: { messageId: 'cluster', cloud: 'Kubernetes', fix: '' },
};

/** One identity handed to one server. */
interface Use {
  /** What the identity is across files: the same key is the same identity. */
  readonly key: string;
  /** The key as the fingerprint sees it: no path of the scanned repository in it. */
  readonly anchor: string;
  readonly platform: Platform;
  /** How the server gets it, for the message: `GITHUB_PERSONAL_ACCESS_TOKEN from the environment`. */
  readonly source: string;
  readonly server: string;
  readonly file: SourceFile;
  readonly node: Node;
  /** The server changes things on the identity's platform with it: no read-only mode is set. */
  readonly writes: boolean;
  /** A token written out in the file: its value, for the digest and the masking only. */
}

export default defineRule({
  meta: {
    id: 'mcp-server-shared-identity',
    title: "an MCP server acts with a person's own identity",
    description:
      "An MCP server entry hands the server a person's own identity instead of one issued to the agent: a GitHub personal access token (or the user's GITHUB_TOKEN), the user's AWS profile or credentials file, their gcloud login or account, their kubeconfig or kube context, their Azure CLI login. Whatever the agent is talked into doing with the server, it does as that person: audit logs cannot tell the two apart, and the identity cannot be narrowed to the agent's task.",
    remediation:
      'Give the agent an identity of its own, scoped to its task: a GitHub App (or the remote GitHub server with OAuth sign-in, or a fine-grained token of an account made for the agent); an AWS profile that assumes a role made for the agent; an impersonated Google service account; a kubeconfig for a service account bound to the namespaces and verbs it needs. Name that identity in the entry instead of the personal one.',
    category: 'shared-identity',
    severity: 'medium',
    confidence: 'medium',
    kinds: ['mcp-config', 'codex-config'],
    messages: MESSAGES,
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI9' },
      { framework: 'csa-maestro', id: 'L7' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.8' },
      { framework: 'cwe', id: '653' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
  },
  create: (context) => {
    const uses: Use[] = [];
    return {
      mcpServer(server: McpServer) {
        if (!clientStarts(server)) return;
        uses.push(...identityUses(server));
      },
      project() {
        const groups = new Map<string, Use[]>();
        for (const use of uses) {
          const group = groups.get(use.key);
          if (group) group.push(use);
          else groups.set(use.key, [use]);
        }
        for (const group of groups.values()) report(group);
      },
    };

    function report(group: readonly Use[]): void {
      const [first, ...others] = dedupe(group);
      if (!first) return;
      const platform = PLATFORM[first.platform];
      const writes = group.some((use) => use.writes);
      const severity: Severity = writes ? 'high' : 'medium';
      const servers = new Set(others.map((use) => `${use.file.path}\n${use.server}`));
      context.report({
        file: first.file,
        node: first.node,
        messageId: platform.messageId,
        // The identity, not the place: the finding stays the same when the first file moves.
        anchor: `mcp-identity:${first.anchor}`,
        severity,
        data: {
          server: first.server,
          source: first.source,
          others: servers.size === 0 ? '' : servers.size === 1 ? ', as is one other MCP server' : `, as are ${servers.size} other MCP servers`,
          writes: writes ? `, and ${writesWith(first, group)} can change things there with it (no read-only mode is set)` : '',
          cloud: platform.cloud,
          fix: platform.fix,
        },
        related: others.slice(0, MAX_RELATED).map((use) => ({ file: use.file, node: use.node, message: `MCP server "${use.server}" is given it too${use.writes ? ', with write tools' : ''}` })),
      });
    }
  },
});

/** One use per place: a server that gets the identity twice (env and args) is one server. */
function dedupe(group: readonly Use[]): Use[] {
  const seen = new Set<string>();
  return group.filter((use) => {
    const key = `${use.file.path}\n${use.node.span.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Which server writes with the identity: the first one, another named with its file, or how many. */
function writesWith(first: Use, group: readonly Use[]): string {
  const writers = [...new Map(group.filter((use) => use.writes).map((use) => [`${use.file.path}\n${use.server}`, use] as const)).values()];
  if (writers.length > 1) return `${writers.length} of these servers`;
  const [writer] = writers;
  return writer!.file === first.file ? `"${writer!.server}"` : `"${writer!.server}" in ${writer!.file.path}`;
}

// ---------------------------------------------------------------------------------------------
// How the client reads a value

/** How the client reads a value, and the environment variables it names. */
interface Reading {
  readonly kind: 'literal' | 'env' | 'input' | 'file' | 'mixed';
  readonly refs: readonly string[];
  readonly input?: string;
  readonly path?: string;
}

/** A variable without a value in the file is the client's own variable of that name. */
function read(client: AgentClient, setting: ServerVariable): Reading {
  if (setting.value === undefined) return { kind: 'env', refs: [setting.name] };
  return readValue(client, setting.value);
}

function readValue(client: AgentClient, value: string, field?: string): Reading {
  const kind = valueKind(client, value, field);
  if (field !== undefined && kind === 'env') return { kind, refs: [value.trim()] };
  if (kind === 'input') return { kind, refs: [], input: valueReferences(client, value).find((reference) => reference.kind === 'input')?.name ?? value };
  if (kind === 'file') return { kind, refs: [], path: valueReferences(client, value).find((reference) => reference.kind === 'file')?.name ?? value };
  if (kind === 'literal') return { kind, refs: [] };
  return { kind, refs: variablesRead(client, value) };
}

/** Words a template's value holds for the reader to replace, anywhere in a name: `my-example-profile`, `<account>@corp.com`. */
const PLACEHOLDER_WORD = /your|example|placeholder|changeme|replace|[<>]/i;

/** A name (a profile, an account, a context) left for the reader to fill in; short real names (`prod`, `dev`) are names. */
function isPlaceholder(value: string): boolean {
  return looksLikeFillIn(value) || PLACEHOLDER_WORD.test(value);
}

// ---------------------------------------------------------------------------------------------
// GitHub

/** The conventional names of a personal access token. */
const PAT_NAMES = new Set(['GITHUB_PERSONAL_ACCESS_TOKEN', 'GITHUB_PAT', 'GH_PAT']);
/** What `gh` and most tools read; in a person's environment, their token. */
const USER_TOKEN_NAMES = new Set(['GITHUB_TOKEN', 'GH_TOKEN']);
/**
 * `GITHUB_APP_TOKEN`, `INSTALLATION_TOKEN`, `BOT_PAT`, `MACHINE_USER_TOKEN`, `GITHUB_MCP_TOKEN`,
 * `AGENT_GITHUB_TOKEN`: a token issued to an App or a machine account, or made for the agent
 * (narrowed to what it does), not the person's own.
 */
/**
 * The name a Copilot variable stands for: the coding agent substitutes only `COPILOT_MCP_*`, so
 * `COPILOT_MCP_GITHUB_PAT` is the person's `GITHUB_PAT` under the prefix Copilot demands.
 */
function withoutCopilotPrefix(name: string): string {
  return name.replace(/^COPILOT_MCP_/i, '');
}

const AGENT_TOKEN = /(?:^|_)(?:APP|INSTALLATION|BOT|MACHINE|MCP|AGENTS?|CLAUDE|CURSOR|CODEX)(?:_|$)/;

/**
 * Whether a variable name is a person's GitHub token. `GITHUB_TOKEN` is the job's own token in
 * CI: only the Copilot coding agent's MCP configuration, which CI fills, reads it so.
 */
function personalName(client: AgentClient, name: string): boolean {
  const upper = withoutCopilotPrefix(name).toUpperCase();
  // Copilot fills a `COPILOT_MCP_*` name from a stored secret, never with the job's own token.
  const stored = upper !== name.toUpperCase();
  return PAT_NAMES.has(upper) || (USER_TOKEN_NAMES.has(upper) && (client !== 'copilot' || stored));
}

interface Found {
  readonly key: string;
  /** When the key holds the file's path (an input prompt is the file's own), the key without it. */
  readonly anchor?: string;
  readonly source: string;
}

/** A person's GitHub token in one value: by the name it sits under, or the variable it reads. */
function githubToken(client: AgentClient, name: string, reading: Reading, githubHost: boolean, file: SourceFile): Found | undefined {
  // A literal token is `mcp-inline-secret`'s finding, which names what the token is: one finding
  // for the line, and once it becomes a reference this rule asks whose it is.
  if (reading.kind === 'literal') return undefined;
  const named = personalName(client, name) || githubHost;
  if (reading.kind === 'input') {
    return named ? { key: `github:input:${file.path}:${reading.input}`, anchor: `github:input:${reading.input}`, source: `the token typed at the input prompt "${displayName(reading.input ?? '')}"` } : undefined;
  }
  if (reading.kind === 'file') {
    return named ? { key: `github:file:${reading.path}`, source: `the token read from ${displayName(reading.path ?? '')}` } : undefined;
  }
  const ref = reading.refs.find((candidate) => personalName(client, candidate)) ?? (named ? reading.refs[0] ?? name : undefined);
  // A variable named for an App's, a machine account's or the agent's token is the agent's own, whatever the server calls it.
  if (ref === undefined || AGENT_TOKEN.test(withoutCopilotPrefix(ref).toUpperCase())) return undefined;
  const what = PAT_NAMES.has(ref.toUpperCase()) || PAT_NAMES.has(name.toUpperCase()) || githubHost ? 'a personal access token' : 'the GitHub token';
  return { key: `github:env:${ref}`, source: `${what} from ${displayName(ref)} in the environment` };
}

/** The remote GitHub MCP server: api.githubcopilot.com or a ghe.com tenant's copilot-api host. */
function isGitHubRemote(server: McpServer): boolean {
  const url = serverUrl(server);
  if (!url) return false;
  const host = url.hostname.toLowerCase();
  return (host === 'api.githubcopilot.com' || /^copilot-api\.[a-z0-9-]+\.ghe\.com$/.test(host)) && url.pathname.toLowerCase().split('/').includes('mcp');
}

// ---------------------------------------------------------------------------------------------
// Cloud and cluster

/** Profile names that say the profile was made for an agent: a deliberate identity, not the user's own. */
const DEDICATED = /(?:^|[^a-z0-9])(?:mcp|agents?|bots?|ai|llm|claude|copilot|cursor|codex|gemini|readonly|read-only|ro)(?:[^a-z0-9]|$)/i;

/** `~`, `$HOME`, `${HOME}`, `${env:HOME}`, `${userHome}`, `%USERPROFILE%`, `/Users/x`, `/home/x`, `C:\Users\x`, `/root` at the start of a path. */
const HOME_PATH = /^(?:~|\$HOME\b|\$\{HOME\}|\$\{env:HOME\}|\{env:HOME\}|\{env:USERPROFILE\}|\$\{userHome\}|\$\{env:USERPROFILE\}|%USERPROFILE%|%APPDATA%|\$\{env:APPDATA\}|\/Users\/[^/]+|\/home\/[^/]+|\/root\b|[A-Za-z]:[\\/]Users[\\/][^\\/]+)/i;

/** A path in a user's home, under one of the folders given (`.kube`, `.aws`, `.config/gcloud`). */
function inHome(path: string, folders: RegExp): boolean {
  const text = path.trim();
  return HOME_PATH.test(text) && folders.test(text.replace(/\\/g, '/'));
}

interface CloudSetting {
  readonly platform: Platform;
  readonly judge: (reading: Reading, value: string | undefined, name: string) => Found | undefined;
}

function fromEnvironment(reading: Reading, name: string, key: string, what: string): Found | undefined {
  if (reading.kind !== 'env') return undefined;
  const ref = reading.refs[0] ?? name;
  return { key: `${key}:env:${ref}`, source: `${what} named by ${displayName(ref)} in the environment` };
}

function profile(platform: Platform, key: string, what: string): CloudSetting {
  return {
    platform,
    judge: (reading, value, name) => {
      if (reading.kind === 'literal' && value !== undefined) {
        if (isPlaceholder(value) || DEDICATED.test(value)) return undefined;
        return { key: `${key}:${value}`, source: `${what} "${displayName(value)}"` };
      }
      return fromEnvironment(reading, name, key, what);
    },
  };
}

function homeFile(platform: Platform, key: string, what: string, folders: RegExp): CloudSetting {
  return {
    platform,
    judge: (reading, value, name) => {
      if (value !== undefined && (reading.kind === 'literal' || reading.kind === 'mixed') && pathList(value).some((part) => inHome(part, folders))) {
        return { key: `${key}:${homeRelative(value)}`, source: `${what} (${displayName(value)})` };
      }
      return fromEnvironment(reading, name, key, what);
    },
  };
}

/** A home path written from `~`, so `${HOME}/.kube/config` and `~/.kube/config` are one file. */
function homeRelative(path: string): string {
  return path.trim().replace(/\\/g, '/').replace(HOME_PATH, '~');
}

/** The paths of a `KUBECONFIG`-style list (`a:b` or `a;b`); a reference or a drive letter is not a separator. */
function pathList(value: string): string[] {
  return value.includes('{') ? [value] : value.split(/[;:](?![\\/])/);
}

const KUBE_FOLDER = /\/\.kube(?:\/|$)/;

/** The environment variables that hand a server the user's own cloud or cluster login. */
const CLOUD_SETTINGS: ReadonlyMap<string, CloudSetting> = new Map([
  ['AWS_PROFILE', profile('aws', 'aws-profile', 'the AWS profile')],
  ['AWS_DEFAULT_PROFILE', profile('aws', 'aws-profile', 'the AWS profile')],
  // The AWS API MCP server's own name for it (awslabs/mcp, src/aws-api-mcp-server/README.md).
  ['AWS_API_MCP_PROFILE_NAME', profile('aws', 'aws-profile', 'the AWS profile')],
  ['AWS_SHARED_CREDENTIALS_FILE', homeFile('aws', 'aws-credentials', 'the AWS credentials file', /\/\.aws(?:\/|$)/)],
  [
    'GOOGLE_APPLICATION_CREDENTIALS',
    {
      platform: 'gcp',
      // The file `gcloud auth application-default login` writes is the user's login; any other path is a key file.
      judge: (reading, value) =>
        value !== undefined && reading.kind !== 'input' && /(?:^|[\\/])application_default_credentials\.json$/.test(value.trim())
          ? { key: `gcloud-adc:${value}`, source: `the gcloud application-default login (${displayName(value)})` }
          : undefined,
    },
  ],
  ['CLOUDSDK_CONFIG', homeFile('gcp', 'gcloud-config', 'the gcloud configuration folder, with its logins', /\/(?:\.config\/)?gcloud(?:\/|$)/)],
  ['CLOUDSDK_ACTIVE_CONFIG_NAME', profile('gcp', 'gcloud-configuration', 'the gcloud configuration')],
  [
    'CLOUDSDK_CORE_ACCOUNT',
    {
      platform: 'gcp',
      // A person's account, not a service account.
      judge: (reading, value) =>
        reading.kind === 'literal' && value !== undefined && /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value.trim()) && !/\.gserviceaccount\.com$/i.test(value.trim()) && !isPlaceholder(value)
          ? { key: `gcloud-account:${value.trim().toLowerCase()}`, source: `the Google account ${displayName(value.trim())}` }
          : undefined,
    },
  ],
  ['AZURE_CONFIG_DIR', homeFile('azure', 'azure-cli', 'the Azure CLI folder, with its login', /\/\.azure(?:\/|$)/)],
  ['KUBECONFIG', homeFile('kubernetes', 'kubeconfig', 'the kubeconfig', KUBE_FOLDER)],
]);

/** A server that talks to clusters or AWS, by its package, image or program: only its flags are read as theirs. */
const KUBERNETES_SERVER = /kube|k8s|helm|openshift/;
const AWS_SERVER = /(?:^|[^a-z])(?:aws|awslabs|amazon)(?:[^a-z]|$)/;

/** `--kubeconfig`, `--context` and `--profile` on a Kubernetes or AWS server's command line. */
function flagUses(client: AgentClient, launch: ServerLaunch, environment: readonly ServerVariable[]): { platform: Platform; found: Found; node: Node }[] {
  const found: { platform: Platform; found: Found; node: Node }[] = [];
  const args = launch.args;
  const flag = (...names: string[]): LaunchWord | undefined => optionValue(args, names);
  if (KUBERNETES_SERVER.test(launch.target)) {
    const kubeconfig = flag('--kubeconfig');
    const kubeconfigEnv = environment.find((setting) => setting.name === 'KUBECONFIG');
    const judged = kubeconfig ? CLOUD_SETTINGS.get('KUBECONFIG')!.judge(readValue(client, kubeconfig.text), kubeconfig.text, 'KUBECONFIG') : undefined;
    if (kubeconfig && judged) found.push({ platform: 'kubernetes', found: judged, node: kubeconfig.node });
    // A context of a kubeconfig the project ships is the project's; one of the default file, or the user's, is the user's.
    const ownFile = kubeconfig ? judged === undefined : kubeconfigEnv !== undefined && CLOUD_SETTINGS.get('KUBECONFIG')!.judge(read(client, kubeconfigEnv), kubeconfigEnv.value, 'KUBECONFIG') === undefined;
    const kubeContext = flag('--context', '--kube-context');
    if (kubeContext && !ownFile && !kubeContext.text.startsWith('-')) {
      const reading = readValue(client, kubeContext.text);
      const context = reading.kind === 'literal' ? (isPlaceholder(kubeContext.text) ? undefined : kubeContext.text) : undefined;
      if (context !== undefined) found.push({ platform: 'kubernetes', found: { key: `kube-context:${context}`, source: `the context "${displayName(context)}" of the user's kubeconfig` }, node: kubeContext.node });
      else if (reading.kind === 'env') found.push({ platform: 'kubernetes', found: fromEnvironment(reading, 'KUBE_CONTEXT', 'kube-context', 'the kube context')!, node: kubeContext.node });
    }
  }
  if (AWS_SERVER.test(launch.target)) {
    const profileFlag = flag('--profile', '--aws-profile');
    if (profileFlag && !profileFlag.text.startsWith('-')) {
      const judged = CLOUD_SETTINGS.get('AWS_PROFILE')!.judge(readValue(client, profileFlag.text), profileFlag.text, 'AWS_PROFILE');
      if (judged) found.push({ platform: 'aws', found: judged, node: profileFlag.node });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Whether the server writes with the identity

/**
 * The platform a server changes things on with the identity it gets, when it has write tools and
 * no read-only mode is set: the GitHub server without read-only, the archived one (it has none),
 * the AWS API server without `READ_OPERATIONS_ONLY`, an AWS Labs server started with
 * `--allow-write`, the Kubernetes servers without their read-only switches. Undefined when the
 * rule does not know, or when an env file might set the switch.
 */
function writesOn(server: McpServer, launch: ServerLaunch | undefined, environment: readonly ServerVariable[]): Platform | undefined {
  const env = (name: string) => environment.findLast((setting) => setting.name === name);
  if (isGitHubRemote(server)) {
    const path = serverUrl(server)!.pathname.toLowerCase().split('/');
    const header = headerSetting(server, 'x-mcp-readonly');
    const readOnly = path.includes('readonly') || (header !== undefined && !['', 'false', '0', 'no', 'off'].includes(header.value?.trim().toLowerCase() ?? ''));
    return readOnly ? undefined : 'github';
  }
  if (!launch) return undefined;
  if (envFileOf(launch)) return undefined;
  const target = launch.target;
  const last = target.slice(target.lastIndexOf('/') + 1);
  if (target === '@modelcontextprotocol/server-github' || target === 'mcp/github') return 'github';
  if (last === 'github-mcp-server') return switchedOn(flagSetting(launch.args, ['--read-only', '--read_only'])) || switchedOn(env('GITHUB_READ_ONLY')) ? undefined : 'github';
  if (last === 'awslabs.aws-api-mcp-server' || last === 'aws-api-mcp-server') return switchedOn(env('READ_OPERATIONS_ONLY')) ? undefined : 'aws';
  // AWS Labs servers are read-only unless `--allow-write` opens them; they act with the AWS identity, on EKS clusters too.
  if (/^awslabs[./]/.test(target) || last.startsWith('awslabs.')) return switchedOn(flagSetting(launch.args, ['--allow-write', '--enable-aws-resource-write'])) ? 'aws' : undefined;
  if (last === 'kubernetes-mcp-server' || last === 'kubernetes_mcp_server') {
    return switchedOn(flagSetting(launch.args, ['--read-only'])) || optionValue(launch.args, ['--config', '--config-dir']) ? undefined : 'kubernetes';
  }
  if (last === 'mcp-server-kubernetes') {
    // This server reads its switches as the exact string "true".
    return switchedOn(env('ALLOW_ONLY_READONLY_TOOLS'), true) || env('ALLOWED_TOOLS') ? undefined : 'kubernetes';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Every identity one server gets

function identityUses(server: McpServer): Use[] {
  const launch = serverLaunch(server);
  const environment = serverEnvironment(server, launch);
  const writer = writesOn(server, launch, environment);
  const name = displayName(server.name);
  const client = server.client;
  const githubRemote = isGitHubRemote(server);
  const found: Use[] = [];
  const add = (platform: Platform, what: Found, node: Node) =>
    found.push({ key: what.key, anchor: what.anchor ?? what.key, platform, source: what.source, server: name, file: server.file, node, writes: writer === platform });

  for (const setting of environment) {
    const reading = read(client, setting);
    const github = githubToken(client, setting.name, reading, false, server.file);
    if (github) add('github', github, setting.node);
    const cloud = CLOUD_SETTINGS.get(setting.name.toUpperCase());
    const judged = cloud?.judge(reading, setting.value, setting.name);
    if (cloud && judged) add(cloud.platform, judged, setting.node);
  }

  // Headers to a remote server: a personal token by its variable, or any token the remote GitHub server is sent.
  for (const entry of server.headers?.entries ?? []) {
    const value = scalarText(entry.value);
    if (value === undefined) continue;
    const authorization = entry.key.toLowerCase() === 'authorization';
    const github = githubToken(client, authorization ? '' : entry.key, readValue(client, value), githubRemote && authorization, server.file);
    if (github) add('github', github, entry.value);
  }
  // Codex names the variables a remote server's token and headers are read from.
  const bearer = get(server.node, 'bearer_token_env_var');
  const bearerName = client === 'codex' ? scalarText(bearer) : undefined;
  if (bearer && bearerName !== undefined) {
    const github = githubToken(client, '', readValue(client, bearerName, 'bearer_token_env_var'), githubRemote, server.file);
    if (github) add('github', github, bearer);
  }
  const envHeaders = get(server.node, 'env_http_headers');
  if (client === 'codex' && isMap(envHeaders)) {
    for (const entry of envHeaders.entries) {
      const variable = scalarText(entry.value);
      if (variable === undefined) continue;
      const github = githubToken(client, '', readValue(client, variable, 'env_http_headers'), githubRemote && entry.key.toLowerCase() === 'authorization', server.file);
      if (github) add('github', github, entry.value);
    }
  }

  if (launch) {
    // A token read from the environment on the command line (`--header "Authorization: Bearer ${GITHUB_PAT}"`).
    const optionNodes = new Set(environment.map((setting) => setting.node));
    for (const word of launch.args) {
      if (optionNodes.has(word.node)) continue;
      const reading = readValue(client, word.text);
      if (reading.kind !== 'env' && reading.kind !== 'mixed') continue;
      const github = githubToken(client, '', reading, false, server.file);
      if (github) add('github', github, word.node);
    }
    for (const use of flagUses(client, launch, environment)) add(use.platform, use.found, use.node);
  }
  return oneEach(found);
}

/** The more specific handle first: a kube context over a whole kubeconfig, a profile over a credentials file. */
const RANK = ['github:', 'kube-context:', 'kubeconfig:', 'aws-profile:', 'aws-credentials:', 'gcloud-account:', 'gcloud-configuration:', 'gcloud-adc:', 'gcloud-config:', 'azure-cli:'];

/**
 * One identity per platform for one server: a server given the user's kubeconfig and a context
 * of it, or a profile and the credentials file, acts as one person, reported once.
 */
function oneEach(found: readonly Use[]): Use[] {
  const rank = (use: Use) => RANK.findIndex((prefix) => use.key.startsWith(prefix));
  const best = new Map<Platform, Use>();
  for (const use of found) {
    const kept = best.get(use.platform);
    if (!kept || rank(use) < rank(kept)) best.set(use.platform, use);
  }
  return found.filter((use) => best.get(use.platform) === use);
}
