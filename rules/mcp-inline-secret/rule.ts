import { matchCredential } from '../../src/credentials/heuristic.js';
import { describeSecret, displayName } from '../../src/credentials/mask.js';
import { defineRule, isScalar, type McpServer } from '../../src/rule.js';

/**
 * A literal credential in an MCP server's `env` or `headers` is a static secret committed where
 * every client variable syntax (`${VAR}`, `${env:VAR}`, `${input:id}`) would have kept it out.
 */
export default defineRule({
  meta: {
    id: 'mcp-inline-secret',
    title: 'literal credential in an MCP server config',
    description:
      'An MCP server entry gives its process or its remote endpoint a credential written out as a literal in `env` or `headers`. The secret is now in the repository and in every clone, shared by every agent that loads the file, and lives until someone rotates it by hand.',
    remediation:
      'Remove the value, rotate the credential, and reference it instead: `${VAR}` (Claude Code), `${env:VAR}` (Cursor) or an `${input:id}` prompt (VS Code), fed from a secret store or a short-lived token.',
    category: 'long-lived-credential',
    severity: 'high',
    confidence: 'medium',
    kinds: ['mcp-config', 'codex-config'],
    messages: {
      literal: '{kind} given to MCP server "{server}" as a literal in {field} ({secret})',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-asi-2026', id: 'ASI04' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '798' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
    options: {
      'min-secret-length': {
        type: 'number',
        default: 16,
        min: 8,
        description: 'shortest value without a known prefix that can count as a random-looking secret',
      },
    },
  },
  create: (context) => ({
    mcpServer(server: McpServer) {
      const minLength = context.options['min-secret-length'];
      for (const [field, container] of [['env', server.env], ['headers', server.headers]] as const) {
        for (const entry of container?.entries ?? []) {
          const value = entry.value;
          if (!isScalar(value) || typeof value.value !== 'string') continue;
          const match = matchCredential(value.value, entry.key, minLength);
          if (!match) continue;
          const secret = value.value.slice(match.start, match.end);
          context.report({
            node: value,
            messageId: 'literal',
            // A server name or key can itself be a pasted token: names are shown as any scanned value is.
            data: { kind: match.kind, server: displayName(server.name), field: `${field}.${displayName(entry.key)}`, secret: describeSecret(secret) },
            secret,
            lifetime: { class: 'static' },
          });
        }
      }
    },
  }),
});
