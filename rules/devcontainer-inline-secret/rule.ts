import { describeSecret, displayName } from '../../src/credentials/mask.js';
import { matchCredential, type CredentialMatch, MIN_SECRET_LENGTH_OPTION } from '../../src/credentials/value.js';
import { devcontainerEnv, devcontainerVariables, literalPart } from '../../src/model/devcontainer.js';
import { defineRule, type StructuredDocument } from '../../src/rule.js';

/**
 * A dev container's environment is committed with the repository: a credential written into
 * `containerEnv`, `remoteEnv`, `build.args` or a `runArgs` `--env` is a static secret in every
 * clone, where `${localEnv:VAR}` would have taken it from the host of whoever builds the container.
 */
export default defineRule({
  meta: {
    id: 'devcontainer-inline-secret',
    title: 'literal credential in a dev container config',
    description:
      "A dev container definition sets a credential as a literal in `containerEnv`, `remoteEnv`, `build.args` or a `runArgs` `--env`, or as the fallback of a `${localEnv:VAR:fallback}`. The secret is in the repository and every clone, in the container's environment for every process and agent in it, and in the image's history when it is a build argument; it lives until someone rotates it by hand.",
    remediation:
      "Remove the value, rotate the credential, and take it from the host instead: `\"${localEnv:VAR}\"` in `containerEnv` or `remoteEnv` (Codespaces fills it from the user's or repository's codespace secrets), with no literal fallback. Pass a build secret with a BuildKit secret mount rather than a build argument.",
    category: 'long-lived-credential',
    severity: 'high',
    confidence: 'medium',
    kinds: ['devcontainer'],
    // The same credential in the same characters: this rule names the field it is set in.
    supersedes: ['committed-credential'],
    messages: {
      literal: '{kind} set as a literal in {field} of the dev container config ({secret})',
      fallback: '{kind} written as the fallback of ${localEnv:{variable}} in {field} of the dev container config: the container gets it whenever the host variable is unset ({secret})',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '798' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
    options: { 'min-secret-length': MIN_SECRET_LENGTH_OPTION },
  },
  create: (context) => ({
    document(doc: StructuredDocument) {
      const minLength = context.options['min-secret-length'];
      // A password of a local service (`POSTGRES_PASSWORD: postgres`) is how dev containers wire
      // their own databases: only a random-looking one, or a known format, counts.
      const counts = (match: CredentialMatch | undefined): match is CredentialMatch => match !== undefined && match.kind !== 'password' && match.lifetime.class !== 'short';
      for (const env of devcontainerEnv(doc.roots[0])) {
        const field = displayName(env.field);
        const variables = devcontainerVariables(env.value);
        if (variables.length === 0 || literalPart(env.value) === env.value) {
          const match = matchCredential(env.value, env.key, minLength);
          if (!counts(match)) continue;
          const secret = env.value.slice(match.start, match.end);
          context.report({
            node: env.node,
            messageId: 'literal',
            data: { kind: match.kind, field, secret: describeSecret(secret) },
            secret,
            lifetime: match.lifetime,
          });
          continue;
        }
        for (const variable of variables) {
          if (variable.source !== 'localEnv' || variable.fallback === undefined) continue;
          const match = matchCredential(variable.fallback, env.key, minLength);
          if (!counts(match)) continue;
          const secret = variable.fallback.slice(match.start, match.end);
          context.report({
            node: env.node,
            messageId: 'fallback',
            data: { kind: match.kind, variable: displayName(variable.name), field, secret: describeSecret(secret) },
            secret,
            lifetime: match.lifetime,
          });
        }
      }
    },
  }),
});
