import { defineRule, getPath, stringValue } from '../../src/rule.js';

/**
 * `bypassPermissions` makes Claude Code run every tool, shell command and file edit without
 * asking. Committed to a project's settings it is a decision made for everyone who opens the
 * repository, and for every agent run in CI.
 */
export default defineRule({
  meta: {
    id: 'claude-bypass-permissions',
    title: 'Claude Code settings turn off every permission prompt',
    description:
      'The Claude Code settings file sets `permissions.defaultMode` to `bypassPermissions`: the agent runs shell commands, edits files and calls MCP tools without asking anyone. Whatever the agent reads, including a prompt injection in an issue or a dependency, can act with the full rights of the user or CI job running it.',
    remediation:
      'Remove `defaultMode` or set it to `default` (or `plan` / `acceptEdits` for narrower autonomy), and allow the specific commands the task needs in `permissions.allow`. Run fully unattended agents only in a disposable sandbox with no credentials worth stealing.',
    category: 'unsafe-agent-setting',
    severity: 'high',
    confidence: 'high',
    kinds: ['claude-settings'],
    messages: {
      bypass: 'permissions.defaultMode is "bypassPermissions": Claude Code runs every tool and command without asking',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI09' },
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-asi-2026', id: 'ASI05' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'nist-ai-rmf-1.0', id: 'GOVERN-3.2' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-3.5' },
      { framework: 'cwe', id: '862' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => ({
    agentSettings(settings) {
      if (settings.client !== 'claude-code') return;
      const mode = getPath(settings.node, ['permissions', 'defaultMode']);
      if (mode && stringValue(mode) === 'bypassPermissions') context.report({ node: mode, at: 'entry', messageId: 'bypass' });
    },
  }),
});
