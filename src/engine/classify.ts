import type { FileKind, McpDialect, Syntax } from '../model/file-kind.js';

export interface Classification {
  readonly kind: FileKind;
  readonly syntax?: Syntax;
  readonly dialect?: McpDialect;
}

/** Project-level MCP files, by the path suffix each client reads. */
const MCP_FILES: readonly { readonly suffix: string; readonly dialect: McpDialect; readonly syntax: Syntax }[] = [
  { suffix: '.vscode/mcp.json', dialect: 'vscode', syntax: 'jsonc' },
  { suffix: '.cursor/mcp.json', dialect: 'cursor', syntax: 'jsonc' },
  { suffix: '.roo/mcp.json', dialect: 'roo', syntax: 'json' },
  { suffix: '.kilocode/mcp.json', dialect: 'kilocode', syntax: 'json' },
  { suffix: '.amazonq/mcp.json', dialect: 'amazonq', syntax: 'json' },
  { suffix: '.kiro/settings/mcp.json', dialect: 'kiro', syntax: 'json' },
  { suffix: 'claude_desktop_config.json', dialect: 'claude-desktop', syntax: 'json' },
  // Windsurf's file; remote servers say `serverUrl`.
  { suffix: 'mcp_config.json', dialect: 'windsurf', syntax: 'json' },
  { suffix: '.mcp.json', dialect: 'claude', syntax: 'json' },
  // Claude Code's user file, sometimes committed from a home directory: same `mcpServers` shape.
  { suffix: '.claude.json', dialect: 'claude', syntax: 'json' },
];

function endsWithSegment(path: string, suffix: string): boolean {
  return path === suffix || path.endsWith(`/${suffix}`);
}

/** What a path is. Pure: the same path always gets the same kind, whatever the content. */
export function classify(path: string): Classification {
  const lower = path.toLowerCase();
  for (const mcp of MCP_FILES) {
    if (endsWithSegment(lower, mcp.suffix)) return { kind: 'mcp-config', syntax: mcp.syntax, dialect: mcp.dialect };
  }
  if (/(?:^|\/)\.claude\/settings(?:\.local)?\.json$/.test(lower)) return { kind: 'claude-settings', syntax: 'json' };
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(lower)) return { kind: 'github-workflow', syntax: 'yaml' };
  if (/\.ya?ml$/.test(lower)) return { kind: 'yaml', syntax: 'yaml' };
  // VS Code and devcontainer JSON is JSONC by definition; other .json is strict.
  if (/(?:^|\/)\.vscode\/[^/]+\.json$/.test(lower) || /\.jsonc$/.test(lower) || /(?:^|\/)\.devcontainer(?:\/[^/]+)?\/devcontainer\.json$|(?:^|\/)\.devcontainer\.json$/.test(lower)) {
    return { kind: 'json', syntax: 'jsonc' };
  }
  if (/\.json$/.test(lower)) return { kind: 'json', syntax: 'json' };
  // Codex reads `.codex/config.toml` (project, or `$CODEX_HOME` committed from a home directory),
  // profile files `<name>.config.toml` beside it, and `/etc/codex/config.toml`.
  if (/(?:^|\/)\.codex\/(?:[^/]+\.)?config\.toml$/.test(lower) || /(?:^|\/)etc\/codex\/config\.toml$/.test(lower)) {
    return { kind: 'codex-config', syntax: 'toml' };
  }
  if (/\.toml$/.test(lower)) return { kind: 'toml', syntax: 'toml' };
  if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(lower)) {
    // Declaration files hold types, not values an identity could hide in; they stay text, which
    // the credential rules still read.
    if (/\.d(?:\.[^./]+)?\.[cm]?ts$/.test(lower)) return { kind: 'text' };
    return { kind: 'source-ts', syntax: 'source' };
  }
  // `.env`, `.env.local`, `.env.example`, `prod.env`: templates and samples are dotenv too (a
  // "sample" often holds a real value); rules decide what a sample path means.
  const name = lower.slice(lower.lastIndexOf('/') + 1);
  if (name === '.env' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > '.env'.length)) {
    return { kind: 'dotenv', syntax: 'dotenv' };
  }
  return { kind: 'text' };
}
