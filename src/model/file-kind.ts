/**
 * What a file is, by its path. A file has one structured kind at most, and every file is text as
 * well: text hooks and the credential rules see the whole repository, parsed or not.
 */
export const FILE_KINDS = [
  'github-workflow',
  'github-action',
  'mcp-config',
  'claude-settings',
  'codex-config',
  // A client's settings file that declares no MCP servers: Cursor's permissions, VS Code's
  // workspace settings, Aider's config.
  'agent-settings',
  // A dev container definition (`.devcontainer/devcontainer.json`): what the IDE or Codespaces
  // builds around the workspace, and what of the host it hands to the agents running inside.
  'devcontainer',
  // An ignore file an AI client honours (`.cursorignore`, `.geminiignore`) or reads beside
  // `.gitignore`: which workspace files stay out of an agent's context.
  'agent-ignore',
  // VS Code's workspace tasks (`.vscode/tasks.json`): a task can run when the folder opens, in VS
  // Code and in the forks that read `.vscode/`.
  'vscode-tasks',
  // A package manifest (`package.json`, `pyproject.toml`): the name the repository publishes under.
  'package-manifest',
  'yaml',
  'json',
  'toml',
  'dotenv',
  'source-ts',
  'text',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/**
 * The AI client whose file a path is. Each spells MCP server containers, references and agent
 * settings its own way; the adapters normalise them so one rule covers every client.
 */
export type AgentClient =
  | 'claude-code'
  | 'claude-desktop'
  | 'codex'
  | 'cursor'
  | 'vscode'
  | 'roo'
  | 'kilocode'
  | 'amazonq'
  | 'kiro'
  | 'windsurf'
  | 'gemini-cli'
  | 'opencode'
  | 'zed'
  | 'continue'
  | 'aider'
  // Cline's MCP settings (VS Code global storage, or its CLI's `~/.cline`).
  | 'cline'
  // Goose's `config.yaml`: its `extensions` are MCP servers.
  | 'goose'
  // The Copilot coding agent: its MCP config lives in repository settings, not a file, but its
  // reference syntax (`$COPILOT_MCP_*`) is one a rule may need to read.
  | 'copilot';

/**
 * Syntax of a structured file, chosen by path: strict JSON is not JSONC. `source` is TypeScript or
 * JavaScript (with JSX by extension), parsed into an ESTree program rather than located nodes.
 * `frontmatter` is a Markdown file whose YAML front matter is the document (agent definitions).
 */
export type Syntax = 'yaml' | 'json' | 'jsonc' | 'toml' | 'dotenv' | 'source' | 'frontmatter';
