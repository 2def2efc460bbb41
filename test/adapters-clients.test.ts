import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { adapterFor, loadedByClient } from '../src/engine/adapters.js';
import { RuleRunner } from '../src/engine/rule-runner.js';
import { formatKeyPath, isScalar, type Node } from '../src/model/document.js';
import type { McpServer } from '../src/model/mcp.js';

/** What the inventory gathers from files: every server and every settings map. */
function facts(files: Record<string, string>) {
  const runner = new RuleRunner([], { collectProject: true });
  for (const [path, text] of Object.entries(files)) runner.addFile(path, text);
  const { notifications } = runner.finish();
  expect(notifications).toEqual([]);
  return runner.projectFacts();
}

const text = (node: Node | undefined) => (isScalar(node) ? String(node.value) : undefined);

/** A server as one line: client, name, transport, command and args, env keys, url, header keys. */
function describeServer(server: McpServer): string {
  const parts = [`${server.client} ${server.name} ${server.transport}`];
  if (server.command) parts.push(`cmd=${[text(server.command), ...server.args.map(text)].join(' ')}`);
  if (server.env) parts.push(`env=${server.env.entries.map((e) => e.key).join(',')}`);
  if (server.url) parts.push(`url=${text(server.url)}`);
  if (server.headers) parts.push(`headers=${server.headers.entries.map((e) => e.key).join(',')}`);
  parts.push(`at=${formatKeyPath(server.node.path)}`);
  if (server.sample) parts.push('sample');
  return parts.join(' ');
}

const settingsOf = (files: Record<string, string>) => facts(files).agentSettings.map((s) => `${s.client} ${s.file.path} ${s.node.entries.map((e) => e.key).join(',')}`);

describe('Gemini CLI .gemini/settings.json', () => {
  const file = `{
  // Gemini strips comments
  "general": { "defaultApprovalMode": "auto_edit" },
  "security": { "folderTrust": { "enabled": false } },
  "mcp": { "allowed": ["github", "docs"] },
  "mcpServers": {
    "github": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-github"],
      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "$GITHUB_TOKEN" },
      "cwd": "./tools",
      "trust": true,
      "includeTools": ["get_issue"],
      "excludeTools": ["delete_repo"]
    },
    "events": { "url": "https://mcp.example.com/sse", "headers": { "Authorization": "Bearer \${EVENTS_TOKEN}" } },
    "docs": { "httpUrl": "https://docs.example.com/mcp", "headers": { "X-Api-Key": "$DOCS_KEY" }, "timeout": 5000 }
  }
}`;

  it('gives its servers: url is SSE, httpUrl streamable HTTP', () => {
    expect(facts({ '.gemini/settings.json': file }).mcpServers.map(describeServer)).toEqual([
      'gemini-cli github stdio cmd=npx -y @modelcontextprotocol/server-github env=GITHUB_PERSONAL_ACCESS_TOKEN at=mcpServers.github',
      'gemini-cli events sse url=https://mcp.example.com/sse headers=Authorization at=mcpServers.events',
      'gemini-cli docs http url=https://docs.example.com/mcp headers=X-Api-Key at=mcpServers.docs',
    ]);
  });

  it('is its settings', () => {
    expect(settingsOf({ '.gemini/settings.json': file })).toEqual(['gemini-cli .gemini/settings.json general,security,mcp,mcpServers']);
  });
});

describe('OpenCode opencode.json / opencode.jsonc', () => {
  const file = `{
  "$schema": "https://opencode.ai/config.json",
  "permission": { "edit": "allow", "bash": { "*": "ask", "git status": "allow" } },
  "mcp": {
    "github": {
      "type": "local",
      "command": ["npx", "-y", "@modelcontextprotocol/server-github"],
      "environment": { "GITHUB_PERSONAL_ACCESS_TOKEN": "{env:GITHUB_TOKEN}" },
      "enabled": true,
    },
    "context7": { "type": "remote", "url": "https://mcp.context7.com/mcp", "headers": { "CONTEXT7_API_KEY": "{file:~/.secrets/context7}" } },
    "off": { "type": "local", "command": ["./server"], "enabled": false }
  }
}`;

  it('gives its servers: the command array is program and arguments, environment the env', () => {
    expect(facts({ 'opencode.jsonc': file }).mcpServers.map(describeServer)).toEqual([
      'opencode github stdio cmd=npx -y @modelcontextprotocol/server-github env=GITHUB_PERSONAL_ACCESS_TOKEN at=mcp.github',
      'opencode context7 http url=https://mcp.context7.com/mcp headers=CONTEXT7_API_KEY at=mcp.context7',
      'opencode off stdio cmd=./server at=mcp.off',
    ]);
  });

  it('is its settings, under .opencode/ too', () => {
    expect(settingsOf({ '.opencode/opencode.json': file })).toEqual(['opencode .opencode/opencode.json $schema,permission,mcp']);
  });
});

describe('Zed .zed/settings.json', () => {
  const file = `// Zed settings
{
  "agent": { "always_allow_tool_actions": true },
  "context_servers": {
    "github": {
      "source": "custom",
      "command": "github-mcp-server",
      "args": ["stdio"],
      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_placeholder" }
    },
    // the older form: command is an object
    "postgres": {
      "command": { "path": "/usr/local/bin/pg-mcp", "args": ["--read-only"], "env": { "PGPASSWORD": "x" } },
      "settings": { "database_url": "postgresql://localhost/db" }
    },
    "remote": { "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer t" } },
    "extension-only": { "source": "extension", "settings": { "github_personal_access_token": "t" } },
  },
}`;

  it('gives its servers, whichever form the command takes', () => {
    expect(facts({ '.zed/settings.json': file }).mcpServers.map(describeServer)).toEqual([
      'zed github stdio cmd=github-mcp-server stdio env=GITHUB_PERSONAL_ACCESS_TOKEN at=context_servers.github',
      'zed postgres stdio cmd=/usr/local/bin/pg-mcp --read-only env=PGPASSWORD at=context_servers.postgres',
      'zed remote http url=https://mcp.example.com/mcp headers=Authorization at=context_servers.remote',
      'zed extension-only unknown at=context_servers.extension-only',
    ]);
  });

  it('is its settings', () => {
    expect(settingsOf({ '.zed/settings.json': file })).toEqual(['zed .zed/settings.json agent,context_servers']);
  });
});

describe('Continue', () => {
  it('reads a block file: mcpServers is a list of entries named by name', () => {
    const block = `name: GitHub MCP
version: 0.0.1
schema: v1
mcpServers:
  - name: github
    type: stdio
    command: npx
    args: ["-y", "@modelcontextprotocol/server-github"]
    env:
      GITHUB_PERSONAL_ACCESS_TOKEN: \${{ secrets.GITHUB_TOKEN }}
  - name: search
    type: streamable-http
    url: https://search.example.com/mcp
  - type: sse
    url: https://legacy.example.com/sse
`;
    expect(facts({ '.continue/mcpServers/github.yaml': block }).mcpServers.map(describeServer)).toEqual([
      'continue github stdio cmd=npx -y @modelcontextprotocol/server-github env=GITHUB_PERSONAL_ACCESS_TOKEN at=mcpServers[0]',
      'continue search http url=https://search.example.com/mcp at=mcpServers[1]',
      'continue [2] sse url=https://legacy.example.com/sse at=mcpServers[2]',
    ]);
  });

  it('reads the config file and a Claude-style JSON copied into mcpServers/', () => {
    const config = 'name: Local\nversion: 1.0.0\nmodels: []\nmcpServers:\n  - name: db\n    command: uvx\n    args: [mcp-server-sqlite]\n';
    const json = JSON.stringify({ mcpServers: { fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'] } } });
    expect(facts({ '.continue/config.yaml': config, '.continue/mcpServers/claude.json': json }).mcpServers.map(describeServer)).toEqual([
      'continue db stdio cmd=uvx mcp-server-sqlite at=mcpServers[0]',
      'continue fs stdio cmd=npx -y @modelcontextprotocol/server-filesystem . at=mcpServers.fs',
    ]);
  });
});

describe('Amazon Q agent files', () => {
  const agent = JSON.stringify(
    {
      name: 'reviewer',
      mcpServers: { aws: { command: 'uvx', args: ['awslabs.aws-api-mcp-server@latest'], env: { AWS_PROFILE: 'admin' }, timeout: 120000 } },
      tools: ['*'],
      allowedTools: ['@aws'],
      useLegacyMcpJson: true,
    },
    null,
    2,
  );

  it('gives their servers and are their settings, CLI and IDE alike', () => {
    const got = facts({ '.amazonq/cli-agents/reviewer.json': agent, '.amazonq/agents/default.json': agent });
    expect(got.mcpServers.map(describeServer)).toEqual([
      'amazonq aws stdio cmd=uvx awslabs.aws-api-mcp-server@latest env=AWS_PROFILE at=mcpServers.aws',
      'amazonq aws stdio cmd=uvx awslabs.aws-api-mcp-server@latest env=AWS_PROFILE at=mcpServers.aws',
    ]);
    expect(got.agentSettings.map((s) => `${s.client} ${s.file.path}`)).toEqual(['amazonq .amazonq/cli-agents/reviewer.json', 'amazonq .amazonq/agents/default.json']);
  });
});

describe('settings files without servers', () => {
  it('Cursor permissions and CLI config, VS Code workspace settings, Aider config', () => {
    const files = {
      '.cursor/permissions.json': JSON.stringify({ mcpAllowlist: ['github:*'], terminalAllowlist: ['npm test'], autoRun: true }),
      '.cursor/cli.json': JSON.stringify({ permissions: { allow: ['Shell(ls)'], deny: ['Shell(rm)'] }, approvalMode: 'unrestricted' }),
      '.vscode/settings.json': '{\n  // workspace\n  "chat.tools.global.autoApprove": true,\n  "chat.tools.terminal.autoApprove": { "rm": false },\n}\n',
      '.aider.conf.yml': 'model: sonnet\nyes-always: true\nopenai-api-key: sk-placeholder\n',
    };
    const got = facts(files);
    expect(got.mcpServers).toEqual([]);
    expect(got.agentSettings.map((s) => `${s.client} ${s.file.path} ${s.file.kind} ${s.node.entries.map((e) => e.key).join(',')}`)).toEqual([
      'cursor .cursor/permissions.json agent-settings mcpAllowlist,terminalAllowlist,autoRun',
      'cursor .cursor/cli.json agent-settings permissions,approvalMode',
      'vscode .vscode/settings.json agent-settings chat.tools.global.autoApprove,chat.tools.terminal.autoApprove',
      'aider .aider.conf.yml agent-settings model,yes-always,openai-api-key',
    ]);
  });
});

describe('the clients already read keep their servers', () => {
  it('Claude Code, VS Code and Codex still give what they gave', () => {
    const got = facts({
      '.mcp.json': JSON.stringify({ mcpServers: { a: { command: 'x', args: ['1'] }, b: { type: 'sse', url: 'https://b' }, c: { url: 'https://c' } } }),
      '.vscode/mcp.json': JSON.stringify({ servers: { d: { type: 'http', url: 'https://d', headers: { A: 'b' } } } }),
      'mcp_config.json': JSON.stringify({ mcpServers: { e: { serverUrl: 'https://e' } } }),
    });
    expect(got.mcpServers.map(describeServer)).toEqual([
      'claude-code a stdio cmd=x 1 at=mcpServers.a',
      'claude-code b sse url=https://b at=mcpServers.b',
      'claude-code c http url=https://c at=mcpServers.c',
      'vscode d http url=https://d headers=A at=servers.d',
      'windsurf e http url=https://e at=mcpServers.e sample',
    ]);
  });
});

describe('user-level files copied into a repository', () => {
  const entry = JSON.stringify({ mcpServers: { s: { command: 'npx', args: ['-y', 'pkg'] } } });
  it('are live where a committed home folder would hold them, samples anywhere else', () => {
    const got = facts({
      'docs/claude_desktop_config.json': entry,
      'Library/Application Support/Claude/claude_desktop_config.json': entry,
      'dotfiles/.config/Claude/claude_desktop_config.json': entry,
      'mcp_config.json': entry,
      '.codeium/windsurf/mcp_config.json': entry,
      'cline_mcp_settings.json': entry,
      '.cline/data/settings/cline_mcp_settings.json': entry,
      'Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json': entry,
    });
    expect(got.mcpServers.map((server) => `${server.file.path} ${server.sample ? 'sample' : 'live'}`)).toEqual([
      'docs/claude_desktop_config.json sample',
      'Library/Application Support/Claude/claude_desktop_config.json live',
      'dotfiles/.config/Claude/claude_desktop_config.json live',
      'mcp_config.json sample',
      '.codeium/windsurf/mcp_config.json live',
      'cline_mcp_settings.json sample',
      '.cline/data/settings/cline_mcp_settings.json live',
      'Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json live',
    ]);
  });
});

describe('fail-closed: a new client file the scan cannot see whole', () => {
  const unscanned = RULES.filter((rule) => rule.meta.id === 'unscanned-agent-config');

  it('is loaded by its client, for every new adapter', () => {
    const paths = ['.gemini/settings.json', 'opencode.json', '.zed/settings.json', '.continue/mcpServers/a.yaml', '.continue/mcpServers/a.json', '.amazonq/cli-agents/a.json', '.cursor/permissions.json', '.vscode/settings.json', '.aider.conf.yml'];
    expect(paths.filter((path) => !loadedByClient(adapterFor(path)))).toEqual([]);
  });

  it('is reported by unscanned-agent-config when oversized, unreadable or nested too deep', () => {
    const runner = new RuleRunner(unscanned);
    runner.addUnscanned('.gemini/settings.json', 'oversized', '6000000 bytes');
    runner.addUnscanned('.continue/mcpServers/github.yaml', 'unreadable', 'EACCES');
    runner.addFile('opencode.json', `{"mcp": {"a": {"type": "local", "command": ["x"]}}, "pad": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const { findings } = runner.finish();
    expect(findings.map((f) => `${f.path} ${f.ruleId} ${f.message}`)).toEqual([
      '.continue/mcpServers/github.yaml unscanned-agent-config MCP config file could not be read (EACCES): it was not scanned, though its client would load it',
      '.gemini/settings.json unscanned-agent-config MCP config file is larger than the scan reads (6000000 bytes): it was not scanned, though its client would load it',
      'opencode.json unscanned-agent-config MCP config file is nested deeper than the scan parses: part of it was not scanned, though its client would load it',
    ]);
  });
});
