import { displayName } from '../../src/credentials/mask.js';
import { devcontainerEnv, devcontainerMounts, devcontainerVariables, homeRelative } from '../../src/model/devcontainer.js';
import { defineRule, get, isMap, isSeq, stringValue, type Node, type Severity, type SourceFile, type StructuredDocument } from '../../src/rule.js';

/**
 * A dev container is where an agent works: Claude Code or Codex in its terminal, Copilot, Cline or
 * Roo in the VS Code server inside it. Whatever of the host the definition hands in, the agent can
 * read and use: a host token passed through `${localEnv:…}`, and the host's credential folders
 * bind-mounted (`~/.ssh`, `~/.aws`, `~/.kube`, the whole home folder). The rule reports them where
 * an agent runs in that container (its own extensions, features, install commands, settings) or
 * is configured in the repository; a model key the agent itself signs in with is its own need and
 * passes.
 */

const MESSAGES = {
  hostEnv: "{field} passes the host's {variable} ({what}) into the dev container, within reach of {agent}; {advice}",
  hostMount: "{field} mounts the host's {path} ({what}) into the dev container, within reach of {agent}; {advice}",
} as const;

type MessageId = keyof typeof MESSAGES;

interface SecretClass {
  readonly what: string;
  readonly advice: string;
  readonly severity: Severity;
  /** The cloud an agent may reach its own model through (Claude Code on Bedrock or Vertex AI): then the credential is its own. */
  readonly cloud?: 'aws' | 'google';
}

const SCOPED_TOKEN = 'pass a token scoped to what the agent must do, or let it sign in inside the container';

/** Host credentials worth their own name, by the variable that holds them; the first match wins. */
const ENV_CLASSES: readonly (readonly [RegExp, SecretClass])[] = [
  [/^AWS_(?:SECRET_ACCESS_KEY|SESSION_TOKEN)$/, { what: 'AWS credentials', advice: 'pass a short-lived role session scoped to the task instead of the host\'s keys', severity: 'medium', cloud: 'aws' }],
  [/^(?:AZURE|ARM)_CLIENT_SECRET$/, { what: 'an Azure service principal secret', advice: SCOPED_TOKEN, severity: 'medium' }],
  [
    /^(?:GOOGLE_CREDENTIALS|GOOGLE_APPLICATION_CREDENTIALS_JSON|GCLOUD_SERVICE_KEY|GCP_(?:SA_KEY|CREDENTIALS|SERVICE_ACCOUNT_KEY))$/,
    { what: 'a Google Cloud service account key', advice: SCOPED_TOKEN, severity: 'medium', cloud: 'google' },
  ],
  [/(?:^|_)(?:GITHUB|GH)_(?:TOKEN|PAT|PERSONAL_ACCESS_TOKEN|ACCESS_TOKEN|ENTERPRISE_TOKEN)$|^CR_PAT$/, { what: 'a GitHub token', advice: 'pass a fine-grained token limited to this repository and what the agent must do, or none', severity: 'medium' }],
  [/(?:^|_)(?:GITLAB|GL)_(?:TOKEN|PAT|PRIVATE_TOKEN|ACCESS_TOKEN)$/, { what: 'a GitLab token', advice: SCOPED_TOKEN, severity: 'medium' }],
  [/^BITBUCKET_[A-Z0-9_]{0,60}(?:TOKEN|PASSWORD)$/, { what: 'a Bitbucket credential', advice: SCOPED_TOKEN, severity: 'medium' }],
  [
    /^(?:NPM_TOKEN|NODE_AUTH_TOKEN|PYPI_(?:API_)?TOKEN|TWINE_PASSWORD|CARGO_REGISTRY_TOKEN|GEM_HOST_API_KEY|NUGET_API_KEY|DOCKER(?:HUB)?_(?:PASSWORD|TOKEN|PAT)|REGISTRY_PASSWORD)$/,
    { what: 'a package registry token', advice: 'publish from CI with trusted publishing instead of handing the agent a publishing token', severity: 'medium' },
  ],
  [
    /^(?:DIGITALOCEAN_(?:ACCESS_)?TOKEN|CLOUDFLARE_API_(?:TOKEN|KEY)|HEROKU_API_KEY|VERCEL_TOKEN|NETLIFY_AUTH_TOKEN|FLY_API_TOKEN|HCLOUD_TOKEN|TFE_TOKEN|TF_API_TOKEN|TF_TOKEN_[A-Za-z0-9_]{1,100}|VAULT_TOKEN|DATABRICKS_TOKEN|SUPABASE_ACCESS_TOKEN)$/,
    { what: 'a cloud platform token', advice: SCOPED_TOKEN, severity: 'medium' },
  ],
];

/** Any other variable whose name says it holds a secret; a password of a local service is left out. */
const SECRET_NAME = /(?:TOKEN|SECRET|API_?KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)$/;
const PUBLIC_NAME = /_(?:ID|URL|URI|HOST|PATH|FILE|DIR|TYPE|MODE|REGION|USER|USERNAME|NAME|ENDPOINT)$/;
const OTHER_SECRET: SecretClass = { what: 'a secret', advice: 'pass it only if the agent needs it', severity: 'low' };

/**
 * The keys an agent signs in to its own model with: its need, not beyond it. Bedrock's API key
 * reaches Bedrock only.
 */
const AGENT_OWN =
  /^(?:ANTHROPIC|CLAUDE|CLAUDE_CODE|OPENAI|AZURE_OPENAI|GEMINI|GOOGLE_GENAI|GOOGLE_AI|OPENROUTER|GROQ|MISTRAL|DEEPSEEK|XAI|ZHIPU|ZAI|MOONSHOT|DASHSCOPE|QWEN|CEREBRAS|TOGETHER|FIREWORKS|PERPLEXITY|COHERE|OPENCODE|AMP|CURSOR|CODEX|COPILOT|AIDER|LITELLM)_[A-Z0-9_]{0,60}(?:API_KEY|KEY|TOKEN|SECRET)$|^AWS_BEARER_TOKEN_BEDROCK$/;

/** A host variable named for the container or the agent is a credential made for it: its reach was chosen. */
const DEDICATED = /(?:^|_)(?:DEVCONTAINER|DEV_CONTAINER|CONTAINER|SANDBOX|AGENT|CLAUDE|CODEX|COPILOT|GEMINI|CURSOR)(?:_|$)/;

function classifyName(name: string): SecretClass | undefined {
  const upper = name.toUpperCase();
  for (const [pattern, secret] of ENV_CLASSES) if (pattern.test(upper)) return secret;
  return SECRET_NAME.test(upper) && !PUBLIC_NAME.test(upper) ? OTHER_SECRET : undefined;
}

/** Credential folders and files of a home folder, relative to it; the first match wins. */
const HOME_CREDENTIALS: readonly (readonly [RegExp, string, string])[] = [
  [/^$/, 'the whole home folder, every credential in it', 'mount only the folders the container needs'],
  [/^\.ssh(?:\/(?!known_hosts$|config$|authorized_keys$)[^/]{1,200})?$/, 'SSH private keys', "drop the mount: Dev Containers forwards the host's SSH agent, so git over SSH works without the keys"],
  [/^\.aws(?:\/(?:credentials|sso|sso\/cache|cli|cli\/cache))?$/, 'AWS credentials', "pass a short-lived role session scoped to the task instead of the host's ~/.aws"],
  [/^\.azure$/, 'Azure CLI credentials', 'sign in inside the container with a credential scoped to the task'],
  [/^\.config\/gcloud(?:\/[^/]{1,200})?$/, 'Google Cloud credentials', 'sign in inside the container with a credential scoped to the task'],
  [/^\.kube(?:\/config)?$/, 'Kubernetes credentials', 'mount a kubeconfig for a namespace-scoped service account, or none'],
  [/^\.config\/gh(?:\/hosts\.yml)?$/, 'the GitHub CLI token', 'sign in to gh inside the container with a fine-grained token, or none'],
  [/^\.docker(?:\/config\.json)?$/, 'container registry credentials', 'log in inside the container with a token scoped to the task'],
  [/^\.npmrc$/, 'npm registry tokens', 'publish from CI with trusted publishing instead'],
  [/^\.pypirc$/, 'PyPI credentials', 'publish from CI with trusted publishing instead'],
  [/^(?:\.netrc|_netrc)$/, 'netrc passwords', 'drop the mount'],
  [/^\.git-credentials$/, 'stored Git credentials', "drop the mount: Dev Containers shares the host's Git credential helper"],
  [/^\.gnupg(?:\/private-keys-v1\.d)?$/, 'GPG private keys', "drop the mount: Dev Containers can forward the host's GPG agent for signing"],
  [/^\.terraform\.d(?:\/credentials\.tfrc\.json)?$/, 'Terraform Cloud credentials', 'sign in inside the container with a token scoped to the task'],
  [/^\.vault-token$/, 'a Vault token', 'sign in inside the container with a token scoped to the task'],
];

// ---------------------------------------------------------------------------------------------
// Which agent runs in the container

/** VS Code extensions that run an agent, by id (lower-case). */
const AGENT_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['anthropic.claude-code', 'Claude Code'],
  ['github.copilot', 'GitHub Copilot'],
  ['github.copilot-chat', 'GitHub Copilot'],
  ['openai.chatgpt', 'Codex'],
  ['google.geminicodeassist', 'Gemini Code Assist'],
  ['saoudrizwan.claude-dev', 'Cline'],
  ['rooveterinaryinc.roo-cline', 'Roo Code'],
  ['kilocode.kilo-code', 'Kilo Code'],
  ['continue.continue', 'Continue'],
  ['amazonwebservices.amazon-q-vscode', 'Amazon Q'],
  ['codeium.codeium', 'Windsurf'],
  ['sourcegraph.cody-ai', 'Cody'],
  ['augment.vscode-augment', 'Augment'],
]);

/** An agent's CLI in a feature id or an install command. */
const AGENT_INSTALLS: readonly (readonly [RegExp, string])[] = [
  [/@anthropic-ai\/claude-code|claude\.ai\/install|\/claude-code(?::|$)/, 'Claude Code'],
  [/@openai\/codex|\/codex(?::|$)/, 'Codex'],
  [/@google\/gemini-cli|\/gemini-cli(?::|$)/, 'Gemini CLI'],
  [/@github\/copilot(?:@|\s|$)|\/copilot-cli(?::|$)/, 'GitHub Copilot CLI'],
  [/\baider-(?:chat|install)\b|\/aider(?::|$)/, 'Aider'],
  [/\bopencode-ai\b|\/opencode(?::|$)/, 'OpenCode'],
];

const LIFECYCLE = ['onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand'];

/** Every string in a command property: a string, an array of words, or an object of named commands. */
function commandTexts(node: Node | undefined): string[] {
  const text = stringValue(node);
  if (text !== undefined) return [text];
  if (isSeq(node)) return [node.items.map((item) => stringValue(item) ?? '').join(' ')];
  if (isMap(node)) return node.entries.flatMap((entry) => commandTexts(entry.value));
  return [];
}

/** The agents the definition itself puts in the container, by name, each once, in the order it names them. */
function containerAgents(root: Node): string[] {
  const agents = new Set<string>();
  const extensions = get(get(get(root, 'customizations'), 'vscode'), 'extensions');
  if (isSeq(extensions)) {
    for (const item of extensions.items) {
      const agent = AGENT_EXTENSIONS.get((stringValue(item) ?? '').toLowerCase());
      if (agent) agents.add(agent);
    }
  }
  const features = get(root, 'features');
  const texts = [...(isMap(features) ? features.entries.map((entry) => entry.key.toLowerCase()) : []), ...LIFECYCLE.flatMap((key) => commandTexts(get(root, key)))];
  for (const text of texts) for (const [pattern, agent] of AGENT_INSTALLS) if (pattern.test(text)) agents.add(agent);
  for (const env of devcontainerEnv(root)) if (/^CLAUDE_(?:CONFIG_DIR|CODE_[A-Z0-9_]{1,60})$/.test(env.key)) agents.add('Claude Code');
  for (const mount of devcontainerMounts(root)) {
    const target = mount.target ?? '';
    if (/\/\.claude(?:\/|$)/.test(target)) agents.add('Claude Code');
    if (/\/\.codex(?:\/|$)/.test(target)) agents.add('Codex');
    if (/\/\.gemini(?:\/|$)/.test(target)) agents.add('Gemini CLI');
  }
  return [...agents];
}

/** `A`, `A and B`, `A, B and C`, and past three `A, B, C and others`. */
function agentList(agents: readonly string[]): string {
  const shown = agents.length > 3 ? [...agents.slice(0, 3), 'others'] : agents;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
}

/** Display names of the clients whose repository configs show an agent is used here. */
const CLIENT_NAMES: Readonly<Record<string, string>> = {
  'claude-code': 'Claude Code',
  codex: 'Codex',
  cursor: 'Cursor',
  vscode: 'GitHub Copilot',
  roo: 'Roo Code',
  kilocode: 'Kilo Code',
  cline: 'Cline',
  amazonq: 'Amazon Q',
  'gemini-cli': 'Gemini CLI',
  opencode: 'OpenCode',
  continue: 'Continue',
  aider: 'Aider',
  goose: 'Goose',
  windsurf: 'Windsurf',
};

/** Settings files any editor keeps whether or not an agent is used. */
const EDITOR_SETTINGS = new Set(['vscode-settings', 'vscode-user-settings']);

/** Whether the agent reaches its own model through this cloud, as the container's environment says. */
function agentUsesCloud(root: Node, cloud: 'aws' | 'google'): boolean {
  const on = (key: string) => devcontainerEnv(root).some((env) => env.key === key && !/^(?:|0|false|no|off)$/i.test(env.value.trim()));
  return cloud === 'aws' ? on('CLAUDE_CODE_USE_BEDROCK') : on('CLAUDE_CODE_USE_VERTEX');
}

interface Pending {
  readonly file: SourceFile;
  readonly node: Node;
  readonly messageId: MessageId;
  readonly data: Record<string, string>;
  readonly severity: Severity;
  readonly anchor: string;
}

export default defineRule({
  meta: {
    id: 'devcontainer-secret-exposure',
    title: "a dev container hands the host's credentials to the agent running in it",
    description:
      "A dev container definition passes a host credential into the container where an AI agent works: a cloud, GitHub or registry token through `${localEnv:…}` in `containerEnv`, `remoteEnv` or a `runArgs` `--env`, or a bind mount of the host's `~/.ssh`, `~/.aws`, `~/.kube`, `~/.config/gh`, `~/.docker`, `~/.npmrc` or whole home folder. The agent, and anything that steers it, can read and use them with everything they reach.",
    remediation:
      "Hand the container only what the agent needs: drop the mount of `~/.ssh` (Dev Containers forwards the host's SSH agent) and of other credential folders, and pass a token scoped to the task, or none, instead of the host's own. The model key the agent signs in with is its own and needs no change.",
    category: 'secret-exposure',
    severity: 'medium',
    confidence: 'medium',
    kinds: ['devcontainer', 'mcp-config', 'claude-settings', 'codex-config', 'agent-settings'],
    clients: [],
    messages: MESSAGES,
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '522' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => {
    /** Findings of definitions that name no agent themselves: they stand if the repository configures one. */
    const waiting: Pending[] = [];
    let repositoryAgent: string | undefined;

    const report = (pending: Pending, agent: string) =>
      context.report({
        node: pending.node,
        file: pending.file,
        messageId: pending.messageId,
        data: { ...pending.data, agent },
        severity: pending.severity,
        anchor: pending.anchor,
      });

    return {
      document(doc: StructuredDocument) {
        const { file } = doc;
        if (file.kind !== 'devcontainer') {
          if (repositoryAgent === undefined && file.client && CLIENT_NAMES[file.client] && !EDITOR_SETTINGS.has(file.adapter)) {
            repositoryAgent = `any agent run there, such as ${CLIENT_NAMES[file.client]!} (configured in ${displayName(file.path)})`;
          }
          return;
        }
        const root = doc.roots[0];
        if (!isMap(root)) return;
        const found: Pending[] = [];

        for (const env of devcontainerEnv(root)) {
          // A build argument reaches the image build, not the running container the agent works in.
          if (env.field.startsWith('build.')) continue;
          for (const variable of devcontainerVariables(env.value)) {
            if (variable.source !== 'localEnv') continue;
            if (AGENT_OWN.test(env.key.toUpperCase())) continue;
            // The variable set names what the container gets; failing that, the host's own name does.
            const secret = classifyName(env.key) ?? (AGENT_OWN.test(variable.name.toUpperCase()) ? undefined : classifyName(variable.name));
            if (!secret) continue;
            if (secret.cloud && agentUsesCloud(root, secret.cloud)) continue;
            const dedicated = DEDICATED.test(variable.name.toUpperCase()) && variable.name !== env.key;
            found.push({
              file,
              node: env.node,
              messageId: 'hostEnv',
              data: { field: displayName(env.field), variable: displayName(variable.name), what: secret.what, advice: secret.advice },
              severity: dedicated ? 'low' : secret.severity,
              anchor: `${env.field.replace(/\[\d+\]$/, '')}.${variable.name}`,
            });
            break;
          }
        }

        for (const mount of devcontainerMounts(root)) {
          if (mount.source === undefined || (mount.type !== undefined && mount.type !== 'bind')) continue;
          const relative = homeRelative(mount.source);
          // A public key is no secret.
          if (relative === undefined || relative.endsWith('.pub')) continue;
          const match = HOME_CREDENTIALS.find(([pattern]) => pattern.test(relative));
          if (!match) continue;
          const [, what, advice] = match;
          found.push({
            file,
            node: mount.node,
            messageId: 'hostMount',
            data: { field: mount.field, path: displayName(relative === '' ? '~' : `~/${relative}`), what, advice },
            severity: relative === '' ? 'high' : 'medium',
            anchor: `mounts.${relative === '' ? '~' : relative}`,
          });
        }

        const agents = containerAgents(root);
        if (agents.length > 0) for (const pending of found) report(pending, agentList(agents));
        else waiting.push(...found);
      },
      project() {
        if (repositoryAgent === undefined) return;
        for (const pending of waiting) report(pending, repositoryAgent);
      },
    };
  },
});
