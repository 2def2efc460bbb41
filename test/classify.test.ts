import { describe, expect, it } from 'vitest';
import { ADAPTERS, adapterFor, classify, TEXT_ADAPTER, type Classification } from '../src/engine/adapters.js';

type Expected = Omit<Classification, 'adapter'>;
import { FILE_KINDS } from '../src/model/file-kind.js';

/** Every kind, every syntax and every MCP dialect, by path: what a path is never depends on its content. */
const TABLE: readonly (readonly [path: string, expected: Expected])[] = [
  // MCP configs, one per client dialect, at the root and deeper
  ['.mcp.json', { kind: 'mcp-config', syntax: 'json', client: 'claude-code' }],
  ['packages/api/.mcp.json', { kind: 'mcp-config', syntax: 'json', client: 'claude-code' }],
  ['home/.claude.json', { kind: 'mcp-config', syntax: 'json', client: 'claude-code' }],
  ['.vscode/mcp.json', { kind: 'mcp-config', syntax: 'jsonc', client: 'vscode' }],
  ['.cursor/mcp.json', { kind: 'mcp-config', syntax: 'jsonc', client: 'cursor' }],
  ['.roo/mcp.json', { kind: 'mcp-config', syntax: 'json', client: 'roo' }],
  ['.kilocode/mcp.json', { kind: 'mcp-config', syntax: 'json', client: 'kilocode' }],
  ['.amazonq/mcp.json', { kind: 'mcp-config', syntax: 'json', client: 'amazonq' }],
  ['.kiro/settings/mcp.json', { kind: 'mcp-config', syntax: 'json', client: 'kiro' }],
  ['config/claude_desktop_config.json', { kind: 'mcp-config', syntax: 'json', client: 'claude-desktop' }],
  ['.codeium/windsurf/mcp_config.json', { kind: 'mcp-config', syntax: 'json', client: 'windsurf' }],
  ['.CURSOR/MCP.JSON', { kind: 'mcp-config', syntax: 'jsonc', client: 'cursor' }],
  ['.gemini/settings.json', { kind: 'mcp-config', syntax: 'jsonc', client: 'gemini-cli' }],
  ['opencode.json', { kind: 'mcp-config', syntax: 'jsonc', client: 'opencode' }],
  ['.opencode/opencode.jsonc', { kind: 'mcp-config', syntax: 'jsonc', client: 'opencode' }],
  ['.zed/settings.json', { kind: 'mcp-config', syntax: 'jsonc', client: 'zed' }],
  ['.continue/mcpServers/github.yaml', { kind: 'mcp-config', syntax: 'yaml', client: 'continue' }],
  ['.continue/mcpServers/db.yml', { kind: 'mcp-config', syntax: 'yaml', client: 'continue' }],
  ['.continue/mcpServers/from-cursor.json', { kind: 'mcp-config', syntax: 'json', client: 'continue' }],
  ['home/.continue/config.yaml', { kind: 'mcp-config', syntax: 'yaml', client: 'continue' }],
  ['.continue/rules/style.yaml', { kind: 'yaml', syntax: 'yaml' }],
  ['.amazonq/cli-agents/reviewer.json', { kind: 'mcp-config', syntax: 'json', client: 'amazonq' }],
  ['.amazonq/agents/default.json', { kind: 'mcp-config', syntax: 'json', client: 'amazonq' }],
  ['home/.aws/amazonq/cli-agents/ops.json', { kind: 'mcp-config', syntax: 'json', client: 'amazonq' }],
  // agent settings that declare no servers
  ['.cursor/permissions.json', { kind: 'agent-settings', syntax: 'json', client: 'cursor' }],
  ['.cursor/cli.json', { kind: 'agent-settings', syntax: 'json', client: 'cursor' }],
  ['home/.cursor/cli-config.json', { kind: 'agent-settings', syntax: 'json', client: 'cursor' }],
  ['.vscode/settings.json', { kind: 'agent-settings', syntax: 'jsonc', client: 'vscode' }],
  ['.vscode/tasks.json', { kind: 'vscode-tasks', syntax: 'jsonc', client: 'vscode' }],
  ['.cline/data/settings/cline_mcp_settings.json', { kind: 'mcp-config', syntax: 'json', client: 'cline' }],
  ['.config/goose/config.yaml', { kind: 'mcp-config', syntax: 'yaml', client: 'goose' }],
  ['.claude/agents/reviewer.md', { kind: 'mcp-config', syntax: 'frontmatter', client: 'claude-code' }],
  ['.claude/agents/team/deployer.md', { kind: 'mcp-config', syntax: 'frontmatter', client: 'claude-code' }],
  ['.github/agents/ops.agent.md', { kind: 'mcp-config', syntax: 'frontmatter', client: 'copilot' }],
  ['docs/agents/ops.md', { kind: 'text' }],
  ['.continue/models/claude.yaml', { kind: 'agent-settings', syntax: 'yaml', client: 'continue' }],
  ['.continue/agents/default.yaml', { kind: 'mcp-config', syntax: 'yaml', client: 'continue' }],
  ['.aider.conf.yml', { kind: 'agent-settings', syntax: 'yaml', client: 'aider' }],
  ['.gemini/other.json', { kind: 'json', syntax: 'json' }],
  ['.zed/tasks.json', { kind: 'json', syntax: 'json' }],
  // GitHub actions: composite, JavaScript or Docker, wherever they sit
  ['action.yml', { kind: 'github-action', syntax: 'yaml' }],
  ['.github/actions/setup/action.yaml', { kind: 'github-action', syntax: 'yaml' }],
  ['docs/my-action.yml', { kind: 'yaml', syntax: 'yaml' }],
  // Claude Code settings
  ['.claude/settings.json', { kind: 'claude-settings', syntax: 'json', client: 'claude-code' }],
  ['app/.claude/settings.local.json', { kind: 'claude-settings', syntax: 'json', client: 'claude-code' }],
  ['.claude/settings.other.json', { kind: 'json', syntax: 'json' }],
  // GitHub workflows, and YAML elsewhere
  ['.github/workflows/ci.yml', { kind: 'github-workflow', syntax: 'yaml' }],
  ['.github/workflows/release.yaml', { kind: 'github-workflow', syntax: 'yaml' }],
  ['.github/workflows/nested/ci.yml', { kind: 'yaml', syntax: 'yaml' }],
  ['.github/dependabot.yml', { kind: 'yaml', syntax: 'yaml' }],
  ['k8s/deploy.YAML', { kind: 'yaml', syntax: 'yaml' }],
  // JSON and JSONC
  ['package.json', { kind: 'package-manifest', syntax: 'json' }],
  ['.vscode/extensions.json', { kind: 'json', syntax: 'jsonc' }],
  ['tsconfig.jsonc', { kind: 'json', syntax: 'jsonc' }],
  // dev container definitions, where the spec and VS Code look for them
  ['.devcontainer/devcontainer.json', { kind: 'devcontainer', syntax: 'jsonc' }],
  ['.devcontainer/python/devcontainer.json', { kind: 'devcontainer', syntax: 'jsonc' }],
  ['.devcontainer.json', { kind: 'devcontainer', syntax: 'jsonc' }],
  ['.devcontainer/a/b/devcontainer.json', { kind: 'json', syntax: 'json' }],
  ['devcontainer.json', { kind: 'json', syntax: 'json' }],
  // ignore files the agents honour
  ['.cursorignore', { kind: 'agent-ignore', syntax: 'dotenv' }],
  ['packages/app/.geminiignore', { kind: 'agent-ignore', syntax: 'dotenv' }],
  ['.gitignore', { kind: 'agent-ignore', syntax: 'dotenv' }],
  ['.aiexclude', { kind: 'text' }],
  // Codex, and TOML elsewhere
  ['.codex/config.toml', { kind: 'codex-config', syntax: 'toml', client: 'codex' }],
  ['tools/.codex/config.toml', { kind: 'codex-config', syntax: 'toml', client: 'codex' }],
  ['.codex/work.config.toml', { kind: 'codex-config', syntax: 'toml', client: 'codex' }],
  ['docker/etc/codex/config.toml', { kind: 'codex-config', syntax: 'toml', client: 'codex' }],
  ['.Codex/Config.TOML', { kind: 'codex-config', syntax: 'toml', client: 'codex' }],
  ['codex/config.toml', { kind: 'toml', syntax: 'toml' }],
  ['.codex/requirements.toml', { kind: 'toml', syntax: 'toml' }],
  ['.codex/sub/config.toml', { kind: 'toml', syntax: 'toml' }],
  ['config.toml', { kind: 'toml', syntax: 'toml' }],
  ['pyproject.toml', { kind: 'package-manifest', syntax: 'toml' }],
  ['Cargo.toml', { kind: 'toml', syntax: 'toml' }],
  // dotenv: templates and samples included
  ['.env', { kind: 'dotenv', syntax: 'dotenv' }],
  ['api/.env.local', { kind: 'dotenv', syntax: 'dotenv' }],
  ['.env.production', { kind: 'dotenv', syntax: 'dotenv' }],
  ['.env.example', { kind: 'dotenv', syntax: 'dotenv' }],
  ['.env.sample', { kind: 'dotenv', syntax: 'dotenv' }],
  ['.env.template', { kind: 'dotenv', syntax: 'dotenv' }],
  ['deploy/prod.env', { kind: 'dotenv', syntax: 'dotenv' }],
  ['.ENV', { kind: 'dotenv', syntax: 'dotenv' }],
  // …but a structured extension wins, and look-alikes are text
  ['.env.json', { kind: 'json', syntax: 'json' }],
  ['.env.yml', { kind: 'yaml', syntax: 'yaml' }],
  ['.env.toml', { kind: 'toml', syntax: 'toml' }],
  ['.env.ts', { kind: 'source-ts', syntax: 'source' }],
  ['.env.d.ts', { kind: 'text' }],
  ['.envrc', { kind: 'text' }],
  ['.env/bin/activate', { kind: 'text' }],
  ['env', { kind: 'text' }],
  ['.environment', { kind: 'text' }],
  // TS/JS source, declarations excluded
  ['src/index.ts', { kind: 'source-ts', syntax: 'source' }],
  ['src/App.tsx', { kind: 'source-ts', syntax: 'source' }],
  ['lib/a.mts', { kind: 'source-ts', syntax: 'source' }],
  ['lib/a.cts', { kind: 'source-ts', syntax: 'source' }],
  ['index.js', { kind: 'source-ts', syntax: 'source' }],
  ['ui/Button.jsx', { kind: 'source-ts', syntax: 'source' }],
  ['esm.mjs', { kind: 'source-ts', syntax: 'source' }],
  ['cjs.cjs', { kind: 'source-ts', syntax: 'source' }],
  ['vendor/lib.min.js', { kind: 'source-ts', syntax: 'source' }],
  ['SRC/MAIN.TS', { kind: 'source-ts', syntax: 'source' }],
  ['types/index.d.ts', { kind: 'text' }],
  ['types/index.d.mts', { kind: 'text' }],
  ['types/index.d.cts', { kind: 'text' }],
  ['styles/app.d.css.ts', { kind: 'text' }],
  ['src/d.ts', { kind: 'source-ts', syntax: 'source' }],
  // everything else
  ['README.md', { kind: 'text' }],
  ['script.py', { kind: 'text' }],
  ['Makefile', { kind: 'text' }],
  ['main.tf', { kind: 'text' }],
  ['file.ts.bak', { kind: 'text' }],
];

describe('classify', () => {
  it.each(TABLE)('%s', (path, expected) => {
    const { adapter, ...classification } = classify(path);
    expect(classification).toEqual(expected);
    expect(adapter).toMatch(/^[a-z-]+$/);
  });

  it('the table covers every file kind', () => {
    const covered = new Set(TABLE.map(([, expected]) => expected.kind));
    expect([...FILE_KINDS].filter((kind) => !covered.has(kind))).toEqual([]);
  });

  it('the table covers every syntax and every client', () => {
    expect(new Set(TABLE.map(([, expected]) => expected.syntax).filter((syntax) => syntax !== undefined))).toEqual(
      new Set(['yaml', 'json', 'jsonc', 'toml', 'dotenv', 'source', 'frontmatter']),
    );
    expect(new Set(TABLE.map(([, expected]) => expected.client).filter((client) => client !== undefined)).size).toBe(18);
  });

  it('finds through the extension index exactly the adapter a scan of every adapter would', () => {
    const variants = TABLE.flatMap(([path]) => [path, path.toUpperCase(), `deep/er/${path}`, `${path}.bak`, path.replace(/\.[^./]+$/, '')]);
    for (const path of variants) {
      const linear = ADAPTERS.find((adapter) => adapter.matches(path.toLowerCase())) ?? TEXT_ADAPTER;
      expect(adapterFor(path).id, path).toBe(linear.id);
    }
  });
});
