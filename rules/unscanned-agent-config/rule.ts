import { defineRule, type UnscannedFile } from '../../src/rule.js';

/**
 * A scanner that skips what it cannot read turns an attacker's padding into a green check: an
 * MCP config with a token, grown past the size limit or wrapped in nesting the scan refuses but
 * the client's parser accepts, is still loaded by the agent. So a file a client would load and
 * the scan could not see whole is a finding, high by default, which the CI gate sees. A file its
 * own client would reject too (a syntax error) stays a notification.
 */
export default defineRule({
  meta: {
    id: 'unscanned-agent-config',
    title: 'agent config or workflow its client would load was not scanned',
    description:
      'An MCP config, agent settings file or GitHub workflow that its client would load could not be scanned whole: it was unreadable, larger than the scan allows, or nested deeper than the scan parses. Whatever credentials or settings it holds are unknown, and a file made that way on purpose hides them from every check.',
    remediation:
      'Make the file readable and ordinary: remove the padding or the deep nesting, or raise `max-file-size` in `.nhiscan.yml` for a file that really is that large, so the scan sees what the agent sees. If the file is not meant to be loaded, delete it.',
    category: 'governance',
    severity: 'high',
    confidence: 'high',
    kinds: ['mcp-config', 'claude-settings', 'codex-config', 'agent-settings', 'devcontainer', 'vscode-tasks', 'github-workflow', 'github-action'],
    messages: {
      unreadable: '{client} file could not be read ({detail}): it was not scanned, though its client would load it',
      oversized: '{client} file is larger than the scan reads ({detail}): it was not scanned, though its client would load it',
      tooDeep: '{client} file is nested deeper than the scan parses: part of it was not scanned, though its client would load it',
      tooManyNodes: '{client} file has more values than the scan examines: part of it was not scanned, though its client would load it',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI04' },
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'csa-maestro', id: 'L6' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'nist-ai-rmf-1.0', id: 'GOVERN-1.6' },
      { framework: 'cwe', id: '693' },
    ],
  },
  create: (context) => ({
    unscanned({ file, reason, detail }: UnscannedFile) {
      const messageId = reason === 'too-deep' ? 'tooDeep' : reason === 'too-many-nodes' ? 'tooManyNodes' : reason;
      context.report({
        span: { start: 0, end: 0 },
        anchor: `unscanned.${reason}`,
        messageId,
        data: { client: CLIENT_NAMES[file.kind] ?? file.kind, detail: detail ?? '' },
      });
    },
  }),
});

const CLIENT_NAMES: Readonly<Record<string, string>> = {
  'mcp-config': 'MCP config',
  'claude-settings': 'Claude Code settings',
  'codex-config': 'Codex config',
  'agent-settings': 'agent settings',
  'vscode-tasks': 'VS Code tasks',
  devcontainer: 'dev container config',
  'github-workflow': 'GitHub workflow',
  'github-action': 'GitHub action',
};
