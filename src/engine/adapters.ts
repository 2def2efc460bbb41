import type { StructuredDocument } from '../model/document.js';
import type { AgentClient, FileKind, Syntax } from '../model/file-kind.js';
import type { ViewName, ViewTypes } from '../model/views.js';
import { extractAction } from '../extract/action.js';
import { extractAgentSettings } from '../extract/agent-settings.js';
import { extractMcpServers, type McpLayout } from '../extract/mcp.js';
import { extractWorkflow } from '../extract/workflow.js';

export { VIEW_NAMES, type ViewName, type ViewTypes } from '../model/views.js';

export type Extractor = {
  readonly [View in ViewName]: { readonly view: View; extract(doc: StructuredDocument): readonly ViewTypes[View][] };
}[ViewName];

/**
 * How nhiscan reads one kind of file: which paths, in which syntax, for which client, and the
 * views it feeds. One file may feed several views (Codex's `config.toml`: servers and agent
 * settings). Adding a client is adding an adapter here.
 */
export interface FileAdapter {
  /** Stable name, shown in notifications and the inventory. */
  readonly id: string;
  readonly kind: FileKind;
  readonly syntax?: Syntax;
  readonly client?: AgentClient;
  /**
   * The extensions (with the dot, lower-case) of every path `matches` can accept; absent when
   * any can. Most files of a repository are source that no client adapter can match, so the
   * lookup asks only the adapters for the file's extension.
   */
  readonly extensions?: readonly string[];
  /** Whether the adapter reads this path, given lower-cased. */
  matches(lowerPath: string): boolean;
  /** The paths it reads, as the README's client table shows them (`npm run docs`). */
  readonly files?: readonly string[];
  readonly extractors: readonly Extractor[];
  /**
   * A client builds or loads files of this adapter although they feed no view (a dev container
   * the IDE or Codespaces builds): such a file the scan could not see whole is a finding too.
   */
  readonly loaded?: boolean;
}

function endsWithSegment(path: string, suffix: string): boolean {
  return path === suffix || path.endsWith(`/${suffix}`);
}

const mcpServers = (layout: McpLayout): Extractor => ({ view: 'mcpServer', extract: (doc) => extractMcpServers(doc, layout) });
const agentSettings = (client: AgentClient): Extractor => ({ view: 'agentSettings', extract: (doc) => extractAgentSettings(doc, client) });

/** A project-level MCP file: one client, a path suffix, the `mcpServers` map at the root unless said otherwise. */
function mcpFile(id: string, suffix: string, client: AgentClient, syntax: Syntax, containers: McpLayout['containers'] = [['mcpServers']], userFolder?: RegExp): FileAdapter {
  return {
    id,
    kind: 'mcp-config',
    syntax,
    client,
    extensions: [suffix.slice(suffix.lastIndexOf('.'))],
    matches: (path) => endsWithSegment(path, suffix),
    files: [suffix],
    extractors: [mcpServers({ client, containers, ...(userFolder ? { userFolder } : {}) })],
  };
}

const NO_VIEWS: readonly Extractor[] = [];
/** Continue keeps a remote server's headers under `requestOptions` (packages/config-yaml, the MCP block schema). */
const CONTINUE_HEADERS = ['requestOptions', 'headers'];
const YAML = ['.yml', '.yaml'];
const SOURCE = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx'];

/** First match wins: client files before the generic syntaxes. */
export const ADAPTERS: readonly FileAdapter[] = [
  mcpFile('vscode-mcp', '.vscode/mcp.json', 'vscode', 'jsonc', [['servers'], ['mcpServers']]),
  mcpFile('cursor-mcp', '.cursor/mcp.json', 'cursor', 'jsonc'),
  mcpFile('roo-mcp', '.roo/mcp.json', 'roo', 'json'),
  mcpFile('kilocode-mcp', '.kilocode/mcp.json', 'kilocode', 'json'),
  // Amazon Q's workspace file, and its global one in `~/.aws/amazonq`.
  {
    ...mcpFile('amazonq-mcp', '.amazonq/mcp.json', 'amazonq', 'json'),
    files: ['.amazonq/mcp.json', '.aws/amazonq/mcp.json'],
    matches: (path) => /(?:^|\/)(?:\.amazonq|\.aws\/amazonq)\/mcp\.json$/.test(path),
  },
  mcpFile('kiro-mcp', '.kiro/settings/mcp.json', 'kiro', 'json'),
  // Claude Desktop, Windsurf and Cline read their server files from a user folder only (see
  // home.ts): a copy elsewhere in a repository is a how-to sample, its servers started by nobody.
  mcpFile('claude-desktop-config', 'claude_desktop_config.json', 'claude-desktop', 'json', undefined, /(?:^|\/)claude\/claude_desktop_config\.json$/),
  // Windsurf's file; remote servers say `serverUrl`.
  mcpFile('windsurf-mcp', 'mcp_config.json', 'windsurf', 'json', undefined, /(?:^|\/)\.codeium\/windsurf[^/]*\/mcp_config\.json$/),
  mcpFile('claude-code-mcp', '.mcp.json', 'claude-code', 'json'),
  {
    // VS Code's user `mcp.json`, in its user folder (`~/.config/Code/User/`, `%APPDATA%\Code\User\`,
    // `~/Library/Application Support/Code/User/`; Insiders in `Code - Insiders`).
    ...mcpFile('vscode-user-mcp', 'code/user/mcp.json', 'vscode', 'jsonc', [['servers'], ['mcpServers']]),
    files: ['Code/User/mcp.json'],
    matches: (path) => /(?:^|\/)code(?: - insiders)?\/user\/mcp\.json$/.test(path),
  },
  // Cline's MCP settings: the extension's (VS Code global storage,
  // `saoudrizwan.claude-dev/settings/`) and the Cline CLI's (`~/.cline/data/settings/`).
  mcpFile('cline-mcp', 'cline_mcp_settings.json', 'cline', 'json', undefined, /(?:^|\/)(?:saoudrizwan\.claude-dev|\.cline\/data)\/settings\/cline_mcp_settings\.json$/),
  // Roo Code's global MCP settings, in VS Code global storage.
  mcpFile('roo-global-mcp', 'rooveterinaryinc.roo-cline/settings/mcp_settings.json', 'roo', 'json'),
  // Claude Code's user file, sometimes committed from a home directory: user servers at the top,
  // and each project's own under `projects.<path>.mcpServers`.
  mcpFile('claude-code-user', '.claude.json', 'claude-code', 'json', [['mcpServers'], ['projects', '*', 'mcpServers']]),
  {
    // Gemini CLI's settings: servers under `mcpServers` (`httpUrl` streamable HTTP, `url` SSE),
    // and the file is its settings. Gemini strips comments before parsing, so JSONC.
    id: 'gemini-settings',
    files: ['.gemini/settings.json'],
    kind: 'mcp-config',
    syntax: 'jsonc',
    client: 'gemini-cli',
    extensions: ['.json'],
    matches: (path) => endsWithSegment(path, '.gemini/settings.json'),
    extractors: [
      mcpServers({ client: 'gemini-cli', containers: [['mcpServers']], urlKeys: [['httpUrl', 'http'], ['url', 'sse']] }),
      agentSettings('gemini-cli'),
    ],
  },
  {
    // OpenCode's config, at the project root, under `.opencode/`, or in `~/.config/opencode/`:
    // servers under `mcp`, their environment under `environment`, `command` the whole argv.
    id: 'opencode-config',
    files: ['opencode.json', 'opencode.jsonc'],
    kind: 'mcp-config',
    syntax: 'jsonc',
    client: 'opencode',
    extensions: ['.json', '.jsonc'],
    matches: (path) => /(?:^|\/)opencode\.jsonc?$/.test(path),
    extractors: [mcpServers({ client: 'opencode', containers: [['mcp']], envKey: 'environment' }), agentSettings('opencode')],
  },
  {
    // Zed's project settings and its user settings, `~/.config/zed/` (`%APPDATA%\Zed\` on
    // Windows), JSONC: servers under `context_servers`.
    id: 'zed-settings',
    files: ['.zed/settings.json', '.config/zed/settings.json', 'AppData/Roaming/Zed/settings.json'],
    kind: 'mcp-config',
    syntax: 'jsonc',
    client: 'zed',
    extensions: ['.json'],
    matches: (path) => /(?:^|\/)(?:\.zed|\.config\/zed|appdata\/roaming\/zed)\/settings\.json$/.test(path),
    extractors: [mcpServers({ client: 'zed', containers: [['context_servers']] }), agentSettings('zed')],
  },
  {
    // Continue's server blocks, one file each: `mcpServers` is a list of entries named by `name`;
    // a JSON file copied from Claude or Cursor holds the usual map.
    id: 'continue-mcp',
    files: ['.continue/mcpServers/*.yaml'],
    kind: 'mcp-config',
    syntax: 'yaml',
    client: 'continue',
    extensions: YAML,
    matches: (path) => /(?:^|\/)\.continue\/mcpservers\/[^/]+\.ya?ml$/.test(path),
    extractors: [mcpServers({ client: 'continue', containers: [['mcpServers']], headersKey: CONTINUE_HEADERS })],
  },
  {
    // Continue's configs: `config.yaml` (in a committed `~/.continue`) and the local profiles
    // Continue loads from a workspace's `.continue/assistants/`, `agents/` and `configs/` (any
    // depth): servers, and the settings beside them (`models`, `data`, `context`).
    id: 'continue-config',
    files: ['.continue/config.yaml', '.continue/assistants/*.yaml', '.continue/agents/*.yaml', '.continue/configs/*.yaml'],
    kind: 'mcp-config',
    syntax: 'yaml',
    client: 'continue',
    extensions: YAML,
    matches: (path) => /(?:^|\/)\.continue\/(?:config|(?:assistants|agents|configs)\/.+)\.ya?ml$/.test(path),
    extractors: [mcpServers({ client: 'continue', containers: [['mcpServers']], headersKey: CONTINUE_HEADERS }), agentSettings('continue')],
  },
  {
    // Continue's model blocks, which it adds to every local config in the workspace.
    id: 'continue-models',
    files: ['.continue/models/*.yaml'],
    kind: 'agent-settings',
    syntax: 'yaml',
    client: 'continue',
    extensions: YAML,
    matches: (path) => /(?:^|\/)\.continue\/models\/.+\.ya?ml$/.test(path),
    extractors: [agentSettings('continue')],
  },
  {
    id: 'continue-mcp-json',
    files: ['.continue/mcpServers/*.json'],
    kind: 'mcp-config',
    syntax: 'json',
    client: 'continue',
    extensions: ['.json'],
    matches: (path) => /(?:^|\/)\.continue\/mcpservers\/[^/]+\.json$/.test(path),
    extractors: [mcpServers({ client: 'continue', containers: [['mcpServers']] })],
  },
  {
    // Goose's config: each entry of `extensions` starts `cmd` with `args` and `envs` (stdio) or
    // speaks to `uri` (`streamable_http`, older `sse`); `builtin` and `platform` ones run inside
    // Goose (block.github.io/goose/docs/guides/config-files, "Extensions Configuration").
    id: 'goose-config',
    files: ['.config/goose/config.yaml'],
    kind: 'mcp-config',
    syntax: 'yaml',
    client: 'goose',
    extensions: YAML,
    matches: (path) => /(?:^|\/)(?:\.config\/goose|block\/goose\/config)\/config\.ya?ml$/.test(path),
    extractors: [mcpServers({ client: 'goose', containers: [['extensions']], commandKey: 'cmd', envKey: 'envs', urlKeys: [['uri', 'http']] })],
  },
  {
    // Amazon Q agent files, in a project or a committed `~/.aws/amazonq`: servers and tool trust.
    id: 'amazonq-agent',
    files: ['.amazonq/cli-agents/*.json', '.amazonq/agents/*.json'],
    kind: 'mcp-config',
    syntax: 'json',
    client: 'amazonq',
    extensions: ['.json'],
    matches: (path) => /(?:^|\/)(?:\.amazonq|\.aws\/amazonq)\/(?:cli-)?agents\/[^/]+\.json$/.test(path),
    extractors: [mcpServers({ client: 'amazonq', containers: [['mcpServers']] }), agentSettings('amazonq')],
  },
  {
    // Cursor's permissions (`mcpAllowlist`, `terminalAllowlist`) and its CLI's (`permissions`,
    // `approvalMode`): `cli.json` in a project, `cli-config.json` in a committed `~/.cursor`.
    id: 'cursor-settings',
    files: ['.cursor/permissions.json', '.cursor/cli.json', '.cursor/cli-config.json'],
    kind: 'agent-settings',
    syntax: 'json',
    client: 'cursor',
    extensions: ['.json'],
    matches: (path) => /(?:^|\/)\.cursor\/(?:permissions|cli|cli-config)\.json$/.test(path),
    extractors: [agentSettings('cursor')],
  },
  {
    // Workspace settings: the chat auto-approve keys. Before the generic `jsonc` adapter, which
    // would otherwise take every `.vscode/*.json`.
    id: 'vscode-settings',
    files: ['.vscode/settings.json'],
    kind: 'agent-settings',
    syntax: 'jsonc',
    client: 'vscode',
    extensions: ['.json'],
    matches: (path) => endsWithSegment(path, '.vscode/settings.json'),
    extractors: [agentSettings('vscode')],
  },
  {
    // VS Code's user settings: the chat auto-approve keys, and the `mcp` block user settings held
    // before `mcp.json`.
    id: 'vscode-user-settings',
    files: ['Code/User/settings.json'],
    kind: 'agent-settings',
    syntax: 'jsonc',
    client: 'vscode',
    extensions: ['.json'],
    matches: (path) => /(?:^|\/)code(?: - insiders)?\/user\/settings\.json$/.test(path),
    extractors: [mcpServers({ client: 'vscode', containers: [['mcp', 'servers']] }), agentSettings('vscode')],
  },
  {
    // Workspace tasks: `runOptions.runOn: "folderOpen"` runs a task when the folder opens, in VS
    // Code and in the forks that read `.vscode/`, so the scan fails closed on one it cannot read
    // whole. Before the generic `jsonc` adapter.
    id: 'vscode-tasks',
    files: ['.vscode/tasks.json'],
    kind: 'vscode-tasks',
    syntax: 'jsonc',
    client: 'vscode',
    extensions: ['.json'],
    matches: (path) => endsWithSegment(path, '.vscode/tasks.json'),
    extractors: NO_VIEWS,
    loaded: true,
  },
  {
    // Aider's config (`yes-always`, API keys), at the git root or in a committed home directory.
    id: 'aider-config',
    files: ['.aider.conf.yml'],
    kind: 'agent-settings',
    syntax: 'yaml',
    client: 'aider',
    extensions: YAML,
    matches: (path) => /(?:^|\/)\.aider\.conf\.ya?ml$/.test(path),
    extractors: [agentSettings('aider')],
  },
  {
    // Claude Code subagents: Markdown whose front matter sets the subagent's tools, its
    // `permissionMode`, and MCP servers of its own (`mcpServers`: names, or `- name: {command …}`).
    id: 'claude-code-agent',
    files: ['.claude/agents/*.md'],
    kind: 'mcp-config',
    syntax: 'frontmatter',
    client: 'claude-code',
    extensions: ['.md'],
    matches: (path) => path.endsWith('.md') && (path.startsWith('.claude/agents/') || path.includes('/.claude/agents/')),
    extractors: [mcpServers({ client: 'claude-code', containers: [['mcpServers']] }), agentSettings('claude-code')],
  },
  {
    // GitHub Copilot custom agents: front matter with `tools` and (organisation profiles)
    // `mcp-servers`; the coding agent, VS Code and Copilot CLI read them from `.github/agents/`.
    id: 'copilot-agent',
    files: ['.github/agents/*.md'],
    kind: 'mcp-config',
    syntax: 'frontmatter',
    client: 'copilot',
    extensions: ['.md'],
    matches: (path) => /(?:^|\/)\.github\/agents\/[^/]+\.md$/.test(path),
    extractors: [mcpServers({ client: 'copilot', containers: [['mcp-servers']] }), agentSettings('copilot')],
  },
  {
    id: 'claude-code-settings',
    files: ['.claude/settings.json', '.claude/settings.local.json'],
    kind: 'claude-settings',
    syntax: 'json',
    client: 'claude-code',
    extensions: ['.json'],
    matches: (path) => /(?:^|\/)\.claude\/settings(?:\.local)?\.json$/.test(path),
    extractors: [agentSettings('claude-code')],
  },
  {
    id: 'github-workflow',
    kind: 'github-workflow',
    syntax: 'yaml',
    extensions: YAML,
    matches: (path) => /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path),
    extractors: [{ view: 'workflow', extract: (doc) => optional(extractWorkflow(doc)) }],
  },
  {
    id: 'github-action',
    kind: 'github-action',
    syntax: 'yaml',
    extensions: YAML,
    matches: (path) => /(?:^|\/)action\.ya?ml$/.test(path),
    extractors: [{ view: 'action', extract: (doc) => optional(extractAction(doc)) }],
  },
  { id: 'yaml', kind: 'yaml', syntax: 'yaml', extensions: YAML, matches: (path) => /\.ya?ml$/.test(path), extractors: NO_VIEWS },
  {
    // A dev container definition, JSONC by definition, in the places the spec and VS Code look:
    // `.devcontainer/devcontainer.json`, `.devcontainer/<name>/devcontainer.json` and a root
    // `.devcontainer.json` (containers.dev/implementors/json_reference). VS Code and Codespaces
    // build it around the workspace, so the scan fails closed on one it cannot read whole.
    id: 'devcontainer',
    files: ['.devcontainer/devcontainer.json', '.devcontainer/<name>/devcontainer.json', '.devcontainer.json'],
    kind: 'devcontainer',
    syntax: 'jsonc',
    extensions: ['.json'],
    matches: (path) => /(?:^|\/)\.devcontainer(?:\/[^/]+)?\/devcontainer\.json$|(?:^|\/)\.devcontainer\.json$/.test(path),
    extractors: NO_VIEWS,
    loaded: true,
  },
  {
    // VS Code JSON is JSONC by definition; other .json is strict.
    id: 'jsonc',
    kind: 'json',
    syntax: 'jsonc',
    extensions: ['.json', '.jsonc'],
    matches: (path) => /(?:^|\/)\.vscode\/[^/]+\.json$/.test(path) || path.endsWith('.jsonc'),
    extractors: NO_VIEWS,
  },
  // Read for the name the repository publishes: an MCP launch of its own package is not a third party's.
  { id: 'npm-manifest', kind: 'package-manifest', syntax: 'json', extensions: ['.json'], matches: (path) => endsWithSegment(path, 'package.json'), extractors: NO_VIEWS },
  { id: 'json', kind: 'json', syntax: 'json', extensions: ['.json'], matches: (path) => path.endsWith('.json'), extractors: NO_VIEWS },
  {
    // Codex reads `.codex/config.toml` (project, or `$CODEX_HOME` committed from a home
    // directory), profile files `<name>.config.toml` beside it, and `/etc/codex/config.toml`.
    id: 'codex-config',
    files: ['.codex/config.toml', '.codex/<profile>.config.toml'],
    kind: 'codex-config',
    syntax: 'toml',
    client: 'codex',
    extensions: ['.toml'],
    matches: (path) => /(?:^|\/)\.codex\/(?:[^/]+\.)?config\.toml$/.test(path) || /(?:^|\/)etc\/codex\/config\.toml$/.test(path),
    extractors: [mcpServers({ client: 'codex', containers: [['mcp_servers']], headersKey: 'http_headers' }), agentSettings('codex')],
  },
  { id: 'python-manifest', kind: 'package-manifest', syntax: 'toml', extensions: ['.toml'], matches: (path) => endsWithSegment(path, 'pyproject.toml'), extractors: NO_VIEWS },
  { id: 'toml', kind: 'toml', syntax: 'toml', extensions: ['.toml'], matches: (path) => path.endsWith('.toml'), extractors: NO_VIEWS },
  // Declaration files hold types, not values an identity could hide in; they stay text, which
  // the credential rules still read.
  { id: 'ts-declaration', kind: 'text', extensions: SOURCE, matches: (path) => /\.d(?:\.[^./]+)?\.[cm]?ts$/.test(path), extractors: NO_VIEWS },
  { id: 'source', kind: 'source-ts', syntax: 'source', extensions: SOURCE, matches: (path) => /\.(?:[cm]?[jt]s|[jt]sx)$/.test(path), extractors: NO_VIEWS },
  {
    // Ignore files that keep workspace files out of an agent's context: Cursor's `.cursorignore`
    // (cursor.com/docs/context/ignore-files), Gemini CLI's `.geminiignore`
    // (geminicli.com/docs/cli/gemini-ignore), and `.gitignore`, which both honour as well. All use
    // gitignore syntax; the forgiving dotenv reader never fails on them and keeps `#` comments
    // (and so inline suppressions) as comments, while rules read the patterns from the text.
    id: 'agent-ignore',
    files: ['.cursorignore', '.geminiignore', '.gitignore'],
    kind: 'agent-ignore',
    syntax: 'dotenv',
    extensions: ['.cursorignore', '.geminiignore', '.gitignore'],
    matches: (path) => /(?:^|\/)\.(?:cursorignore|geminiignore|gitignore)$/.test(path),
    extractors: NO_VIEWS,
  },
  {
    // `.env`, `.env.local`, `.env.example`, `prod.env`: templates and samples are dotenv too (a
    // "sample" often holds a real value); rules decide what a sample path means.
    id: 'dotenv',
    kind: 'dotenv',
    syntax: 'dotenv',
    matches: (path) => {
      const name = path.slice(path.lastIndexOf('/') + 1);
      return name === '.env' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > '.env'.length);
    },
    extractors: NO_VIEWS,
  },
];

/** Every file is text at least. */
export const TEXT_ADAPTER: FileAdapter = { id: 'text', kind: 'text', matches: () => true, extractors: NO_VIEWS };

function optional<T>(value: T | undefined): readonly T[] {
  return value === undefined ? [] : [value];
}

/** The adapters that can match a path with this extension, in registry order; built on first use. */
const candidatesByExtension = new Map<string, readonly FileAdapter[]>();

function candidates(extension: string): readonly FileAdapter[] {
  let list = candidatesByExtension.get(extension);
  if (!list) candidatesByExtension.set(extension, (list = ADAPTERS.filter((adapter) => !adapter.extensions || adapter.extensions.includes(extension))));
  return list;
}

/** The adapter for a path. Pure: the same path always gets the same adapter, whatever the content. */
export function adapterFor(path: string): FileAdapter {
  const lower = path.toLowerCase();
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const extension = dot === -1 ? '' : name.slice(dot);
  for (const adapter of candidates(extension)) if (adapter.matches(lower)) return adapter;
  return TEXT_ADAPTER;
}

/** What a path is, as a source file records it. */
export interface Classification {
  readonly adapter: string;
  readonly kind: FileKind;
  readonly syntax?: Syntax;
  readonly client?: AgentClient;
}

const classifications = new WeakMap<FileAdapter, Classification>();

/** What every file an adapter reads records of it: built once per adapter, not once per file. */
export function classificationOf(adapter: FileAdapter): Classification {
  let classification = classifications.get(adapter);
  if (!classification) {
    const { id, kind, syntax, client } = adapter;
    classification = { adapter: id, kind, ...(syntax ? { syntax } : {}), ...(client ? { client } : {}) };
    classifications.set(adapter, classification);
  }
  return classification;
}

export function classify(path: string): Classification {
  return classificationOf(adapterFor(path));
}

/**
 * Whether a client (an agent, an IDE, the Actions runner) loads files of this adapter: those are
 * the adapters that feed a view, and those marked `loaded`. Such a file the scan could not see
 * whole is a finding, not a note.
 */
export function loadedByClient(adapter: FileAdapter): boolean {
  return adapter.loaded === true || adapter.extractors.length > 0;
}

/** The file kinds a client loads: what an `unscanned` hook can receive. */
export function clientKinds(): ReadonlySet<FileKind> {
  return new Set(ADAPTERS.filter(loadedByClient).map((adapter) => adapter.kind));
}

/** The file kinds whose adapters feed a view: the kinds a rule with that hook receives. */
export function kindsFeeding(view: ViewName): ReadonlySet<FileKind> {
  return new Set(ADAPTERS.filter((adapter) => adapter.extractors.some((extractor) => extractor.view === view)).map((adapter) => adapter.kind));
}
