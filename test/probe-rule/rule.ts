import { defineRule, type IdentityHandle } from '../../src/rule.js';

const MARKER = 'probe-secret-';
const TOKEN_CHAR = /[A-Za-z0-9]/;

/**
 * A rule that exists only to prove the platform: its `text` hook reads raw text (any file, parsed
 * or not) gated by a keyword, and its `project` hook correlates identity handles across files and
 * reports every other use as a related location. It never ships: only tests list it.
 */
export default defineRule({
  meta: {
    id: 'platform-probe',
    title: 'platform probe: planted probe secrets and secret names shared across files',
    description:
      'Reports `probe-secret-` tokens in any file and secret names that several files read. It exists to test the rule platform.',
    remediation: 'Nothing to fix: this rule only runs in nhiscan\'s own tests.',
    category: 'shared-identity',
    severity: 'high',
    confidence: 'high',
    kinds: ['github-workflow', 'github-action'],
    keywords: ['probe-secret-'],
    messages: {
      planted: 'probe secret in a {kind} file ({secret})',
      shared: 'secret {name} is read by {count} files',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI9' },
      { framework: 'csa-maestro', id: 'L6' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '798' },
    ],
    options: {
      'min-files': { type: 'number', default: 2, min: 2, description: 'how many files must read one secret name' },
    },
  },
  create: (context) => ({
    text(file) {
      const lower = file.text.toLowerCase();
      for (let at = lower.indexOf(MARKER); at !== -1; at = lower.indexOf(MARKER, at + 1)) {
        let end = at + MARKER.length;
        while (end < file.text.length && TOKEN_CHAR.test(file.text[end]!)) end++;
        if (end - at < MARKER.length + 8) continue;
        const secret = file.text.slice(at, end);
        context.report({
          span: { start: at, end },
          anchor: 'probe-secret',
          messageId: 'planted',
          data: { kind: file.kind, secret: `${secret.slice(0, MARKER.length)}…(${secret.length} chars)` },
          secret,
        });
      }
    },
    project(project) {
      const byName = new Map<string, IdentityHandle[]>();
      for (const handle of project.identities) {
        if (handle.type !== 'secret-name') continue;
        const uses = byName.get(handle.name) ?? [];
        uses.push(handle);
        byName.set(handle.name, uses);
      }
      for (const [name, uses] of byName) {
        const files = new Set(uses.map((use) => use.file.path));
        if (files.size < context.options['min-files']) continue;
        const [first, ...others] = uses;
        context.report({
          file: first!.file,
          span: first!.span,
          anchor: `secrets.${name}`,
          messageId: 'shared',
          data: { name, count: files.size },
          related: others.map((use) => ({ file: use.file, span: use.span, message: `${name} read by ${use.user}` })),
        });
      }
    },
  }),
});
