/**
 * What a file is, by its path. A file has one structured kind at most plus `text`:
 * every file is text, so credential rules can see the whole repository.
 */
export const FILE_KINDS = [
  'github-workflow',
  'mcp-config',
  'claude-settings',
  'codex-config',
  'yaml',
  'json',
  'toml',
  'dotenv',
  'source-ts',
  'text',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** The client whose MCP file shape a path follows; each spells the server container and references differently. */
export type McpDialect = 'claude' | 'cursor' | 'vscode' | 'roo' | 'kilocode' | 'amazonq' | 'kiro' | 'claude-desktop' | 'windsurf';

/**
 * Syntax of a structured file, chosen by path: strict JSON is not JSONC. `source` is TypeScript or
 * JavaScript (with JSX by extension), parsed into an ESTree program rather than located nodes.
 */
export type Syntax = 'yaml' | 'json' | 'jsonc' | 'toml' | 'dotenv' | 'source';
