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
}

function endsWithSegment(path: string, suffix: string): boolean {
  return path === suffix || path.endsWith(`/${suffix}`);
}

const mcpServers = (layout: McpLayout): Extractor => ({ view: 'mcpServer', extract: (doc) => extractMcpServers(doc, layout) });
const agentSettings = (client: AgentClient): Extractor => ({ view: 'agentSettings', extract: (doc) => extractAgentSettings(doc, client) });

/** A project-level MCP file: one client, a path suffix, the `mcpServers` map at the root unless said otherwise. */
function mcpFile(id: string, suffix: string, client: AgentClient, syntax: Syntax, containers: McpLayout['containers'] = [['mcpServers']]): FileAdapter {
  return {
    id,
    kind: 'mcp-config',
    syntax,
    client,
    extensions: [suffix.slice(suffix.lastIndexOf('.'))],
    matches: (path) => endsWithSegment(path, suffix),
    files: [suffix],
    extractors: [mcpServers({ client, containers })],
  };
}

const NO_VIEWS: readonly Extractor[] = [];
const YAML = ['.yml', '.yaml'];
const SOURCE = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.jsx', '.tsx'];

/** First match wins: client files before the generic syntaxes. */
export const ADAPTERS: readonly FileAdapter[] = [
  mcpFile('vscode-mcp', '.vscode/mcp.json', 'vscode', 'jsonc', [['servers'], ['mcpServers']]),
  mcpFile('cursor-mcp', '.cursor/mcp.json', 'cursor', 'jsonc'),
  mcpFile('roo-mcp', '.roo/mcp.json', 'roo', 'json'),
  mcpFile('kilocode-mcp', '.kilocode/mcp.json', 'kilocode', 'json'),
  mcpFile('amazonq-mcp', '.amazonq/mcp.json', 'amazonq', 'json'),
  mcpFile('kiro-mcp', '.kiro/settings/mcp.json', 'kiro', 'json'),
  mcpFile('claude-desktop-config', 'claude_desktop_config.json', 'claude-desktop', 'json'),
  // Windsurf's file; remote servers say `serverUrl`.
  mcpFile('windsurf-mcp', 'mcp_config.json', 'windsurf', 'json'),
  mcpFile('claude-code-mcp', '.mcp.json', 'claude-code', 'json'),
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
    // Zed's project settings (JSONC): servers under `context_servers`.
    id: 'zed-settings',
    files: ['.zed/settings.json'],
    kind: 'mcp-config',
    syntax: 'jsonc',
    client: 'zed',
    extensions: ['.json'],
    matches: (path) => endsWithSegment(path, '.zed/settings.json'),
    extractors: [mcpServers({ client: 'zed', containers: [['context_servers']] }), agentSettings('zed')],
  },
  {
    // Continue's server blocks, one file each, and its config: `mcpServers` is a list of entries
    // named by `name`; a JSON file copied from Claude or Cursor holds the usual map.
    id: 'continue-mcp',
    files: ['.continue/mcpServers/*.yaml', '.continue/config.yaml'],
    kind: 'mcp-config',
    syntax: 'yaml',
    client: 'continue',
    extensions: YAML,
    matches: (path) => /(?:^|\/)\.continue\/(?:mcpservers\/[^/]+|config)\.ya?ml$/.test(path),
    extractors: [mcpServers({ client: 'continue', containers: [['mcpServers']] })],
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
    // VS Code and devcontainer JSON is JSONC by definition; other .json is strict.
    id: 'jsonc',
    kind: 'json',
    syntax: 'jsonc',
    extensions: ['.json', '.jsonc'],
    matches: (path) =>
      /(?:^|\/)\.vscode\/[^/]+\.json$/.test(path) || path.endsWith('.jsonc') || /(?:^|\/)\.devcontainer(?:\/[^/]+)?\/devcontainer\.json$|(?:^|\/)\.devcontainer\.json$/.test(path),
    extractors: NO_VIEWS,
  },
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
  { id: 'toml', kind: 'toml', syntax: 'toml', extensions: ['.toml'], matches: (path) => path.endsWith('.toml'), extractors: NO_VIEWS },
  // Declaration files hold types, not values an identity could hide in; they stay text, which
  // the credential rules still read.
  { id: 'ts-declaration', kind: 'text', extensions: SOURCE, matches: (path) => /\.d(?:\.[^./]+)?\.[cm]?ts$/.test(path), extractors: NO_VIEWS },
  { id: 'source', kind: 'source-ts', syntax: 'source', extensions: SOURCE, matches: (path) => /\.(?:[cm]?[jt]s|[jt]sx)$/.test(path), extractors: NO_VIEWS },
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
 * the adapters that feed a view. Such a file the scan could not see whole is a finding, not a note.
 */
export function loadedByClient(adapter: FileAdapter): boolean {
  return adapter.extractors.length > 0;
}

/** The file kinds a client loads: what an `unscanned` hook can receive. */
export function clientKinds(): ReadonlySet<FileKind> {
  return new Set(ADAPTERS.filter(loadedByClient).map((adapter) => adapter.kind));
}

/** The file kinds whose adapters feed a view: the kinds a rule with that hook receives. */
export function kindsFeeding(view: ViewName): ReadonlySet<FileKind> {
  return new Set(ADAPTERS.filter((adapter) => adapter.extractors.some((extractor) => extractor.view === view)).map((adapter) => adapter.kind));
}
