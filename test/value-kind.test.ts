import { describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/model/file-kind.js';
import { valueKind, type ValueKind } from '../src/model/value-kind.js';

/** Each client's own syntax, its look-alikes from other clients, and literals that hold a `$`. */
const TABLE: readonly (readonly [client: AgentClient, text: string, expected: ValueKind, field?: string])[] = [
  // Claude Code: ${VAR} and ${VAR:-default}; a bare $VAR is not expanded
  ['claude-code', '${GITHUB_TOKEN}', 'env'],
  ['claude-code', '${GITHUB_TOKEN:-}', 'env'],
  ['claude-code', '${GITHUB_TOKEN:-ghp_fallback}', 'mixed'],
  ['claude-code', 'Bearer ${API_TOKEN}', 'env'],
  ['claude-code', 'https://mcp.example.com/${KEY}/sse', 'mixed'],
  ['claude-code', '$GITHUB_TOKEN', 'literal'],
  ['claude-code', '${env:GITHUB_TOKEN}', 'literal'],
  ['claude-code', 'Bearer abc123', 'literal'],
  ['claude-code', 'npx', 'literal'],
  // Claude Desktop substitutes nothing
  ['claude-desktop', '${GITHUB_TOKEN}', 'literal'],
  // Cursor: ${env:NAME} and the built-ins
  ['cursor', '${env:GITHUB_TOKEN}', 'env'],
  ['cursor', 'Bearer ${env:API_TOKEN}', 'env'],
  ['cursor', '${workspaceFolder}/.env', 'literal'],
  ['cursor', '${userHome}/${env:SUBDIR}', 'mixed'],
  ['cursor', '${GITHUB_TOKEN}', 'mixed'],
  ['cursor', 'ghp_literal', 'literal'],
  ['cursor', 'anything', 'file', 'envFile'],
  // VS Code: ${env:}, ${input:}, built-ins
  ['vscode', '${input:github-token}', 'input'],
  ['vscode', 'Bearer ${input:api-key}', 'input'],
  ['vscode', '${env:HOME}', 'env'],
  ['vscode', '${env:A}${input:b}', 'mixed'],
  ['vscode', '${workspaceFolder}', 'literal'],
  ['vscode', '${workspaceFolder}/.env', 'file', 'envFile'],
  ['vscode', '$GITHUB_TOKEN', 'literal'],
  // Gemini CLI: $VAR and ${VAR}
  ['gemini-cli', '$GITHUB_TOKEN', 'env'],
  ['gemini-cli', '${GITHUB_TOKEN}', 'env'],
  ['gemini-cli', 'Bearer $API_KEY', 'env'],
  ['gemini-cli', 'pa$$word', 'mixed'],
  ['gemini-cli', 'abc$def', 'mixed'],
  // Gemini takes any word characters as a name
  ['gemini-cli', 'costs $5', 'mixed'],
  ['gemini-cli', '${not a name}', 'env'],
  ['gemini-cli', 'pa55word', 'literal'],
  // Codex: no substitution; some keys name variables
  ['codex', '${GITHUB_TOKEN}', 'literal'],
  ['codex', 'GITHUB_TOKEN', 'env', 'bearer_token_env_var'],
  ['codex', 'GITHUB_TOKEN', 'env', 'env_vars'],
  ['codex', 'X_API_KEY', 'env', 'env_http_headers'],
  ['codex', 'GITHUB_TOKEN', 'literal', 'token'],
  // Copilot coding agent: only COPILOT_MCP_* names
  ['copilot', '$COPILOT_MCP_GITHUB_TOKEN', 'env'],
  ['copilot', '${COPILOT_MCP_GITHUB_TOKEN}', 'env'],
  ['copilot', 'Bearer $COPILOT_MCP_TOKEN', 'env'],
  ['copilot', '$GITHUB_TOKEN', 'literal'],
  // OpenCode: {env:VAR} and {file:path}
  ['opencode', '{env:GITHUB_TOKEN}', 'env'],
  ['opencode', 'Bearer {env:API_KEY}', 'env'],
  ['opencode', '{file:~/.secrets/token}', 'file'],
  ['opencode', 'https://mcp.exa.ai/mcp?exaApiKey={env:EXA_API_KEY}', 'mixed'],
  ['opencode', '${GITHUB_TOKEN}', 'literal'],
  // Zed substitutes nothing
  ['zed', '${GITHUB_TOKEN}', 'literal'],
  ['zed', '$GITHUB_TOKEN', 'literal'],
  // Continue: ${{ secrets.X }} and ${{ inputs.X }}
  ['continue', '${{ secrets.GITHUB_TOKEN }}', 'env'],
  ['continue', '${{ inputs.API_KEY }}', 'input'],
  ['continue', 'Bearer ${{ secrets.TOKEN }}', 'env'],
  ['continue', '${GITHUB_TOKEN}', 'literal'],
  ['continue', '${{secrets.acme/assistant/ANTHROPIC_API_KEY}}', 'env'],
  ['continue', '${{ secrets.organization:acme/ANTHROPIC_API_KEY }}', 'env'],
  ['continue', 'https://mcp.example.com/mcp?key=${{ secrets.KEY }}', 'mixed'],
  ['continue', '${{ secrets.KEY }', 'literal'],
  // Roo, Kilo, Windsurf: ${env:VAR}
  ['roo', '${env:GITHUB_TOKEN}', 'env'],
  ['kilocode', '${env:GITHUB_TOKEN}', 'env'],
  ['windsurf', '${env:GITHUB_TOKEN}', 'env'],
  ['windsurf', '${GITHUB_TOKEN}', 'literal'],
  // No known substitution
  ['amazonq', '${GITHUB_TOKEN}', 'literal'],
  ['kiro', '${GITHUB_TOKEN}', 'env'],
  ['kiro', '$GITHUB_TOKEN', 'literal'],
  ['aider', '$OPENAI_API_KEY', 'literal'],
  ['goose', '${GITHUB_TOKEN}', 'literal'],
  // Cline: ${env:VAR} (cline/cline#8079)
  ['cline', '${env:GITHUB_TOKEN}', 'env'],
  ['cline', '${GITHUB_TOKEN}', 'literal'],
];

describe('valueKind', () => {
  it.each(TABLE.map(([client, text, expected, field]) => ({ client, text, expected, field })))('$client $text', ({ client, text, expected, field }) => {
    expect(valueKind(client, text, field)).toBe(expected);
  });

  it('the table covers every client', () => {
    const clients: Record<AgentClient, true> = {
      'claude-code': true, 'claude-desktop': true, codex: true, cursor: true, vscode: true, roo: true, kilocode: true, amazonq: true,
      kiro: true, windsurf: true, 'gemini-cli': true, opencode: true, zed: true, continue: true, aider: true, cline: true, goose: true, copilot: true,
    };
    expect(new Set(TABLE.map(([client]) => client))).toEqual(new Set(Object.keys(clients)));
  });
});
