import { isDocumentation } from '../../src/credentials/places.js';
import { defineRule, type CredentialUse, type ProjectFacts } from '../../src/rule.js';

/** How many other uses a result lists as related locations; the message counts the files. */
const MAX_RELATED = 10;

/**
 * One credential value used in several places. The value is compared by a digest keyed with a
 * random key of this run: equal secrets match, and nothing kept or written can confirm a guess.
 */
export default defineRule({
  meta: {
    id: 'shared-credential',
    title: 'one credential value used in several places',
    description:
      'The same secret value appears in two or more places of the repository: several agent configs, workflows, services or environments act as one identity. Its owner cannot tell their actions apart in audit logs, cannot narrow one use without breaking the others, and a leak from any one place is a leak of all of them.',
    remediation:
      'Give each agent, tool or workflow its own credential, scoped to what that one use needs, so each can be audited, narrowed and revoked alone. Rotate the shared one: it is also committed. Where the uses really are one service, keep one reference to a secret store instead of copies of the value.',
    category: 'shared-identity',
    severity: 'high',
    confidence: 'high',
    kinds: [],
    messages: {
      shared: 'the same {kind} is used in {count} files: one identity for all of them',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI9' },
      { framework: 'csa-maestro', id: 'L7' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '798' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
  },
  create: (context) => ({
    project({ credentialUses }: ProjectFacts) {
      const byValue = new Map<string, CredentialUse[]>();
      for (const use of credentialUses) {
        // A credential that lives for hours is not an identity anyone keeps sharing, and a guide
        // that quotes a config is no second user of it.
        // A binary holding a key its source also holds (`x.pyc` beside `x.py`) is a build of the
        // same use, not another.
        if (use.lifetime.class === 'short' || isDocumentation(use.file.path) || use.file.piece?.binary) continue;
        const uses = byValue.get(use.digest);
        if (uses) uses.push(use);
        else byValue.set(use.digest, [use]);
      }
      for (const uses of byValue.values()) {
        // One file is one place: a README repeating an example token, a config naming it twice.
        const files = new Set(uses.map((use) => use.file.path));
        if (files.size < 2) continue;
        for (const use of uses) {
          const others = uses.filter((other) => other.file.path !== use.file.path);
          context.report({
            file: use.file,
            span: use.span,
            messageId: 'shared',
            data: { kind: use.kind, count: String(files.size) },
            severity: use.lifetime.class === 'static' ? 'high' : 'medium',
            anchor: `${use.anchor}:${use.fingerprint}`,
            lifetime: use.lifetime,
            related: others.slice(0, MAX_RELATED).map((other) => ({ file: other.file, span: other.span, message: `the same ${other.kind}` })),
          });
        }
      }
    },
  }),
});
