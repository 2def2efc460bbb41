import { describeSecret } from '../../src/credentials/mask.js';
import { isDocumentation, placeOf } from '../../src/credentials/places.js';
import { defineRule, type FoundCredential, type Lifetime, type Severity, type SourceFile } from '../../src/rule.js';

const DAY = 86_400;

/** The catalogue's last resort: a random value under a secret-named key, with no known format. */
const GENERIC_TYPE = 'generic-secret-assignment';

function lifetimeText(lifetime: Lifetime): string {
  const days = lifetime.ttlSeconds !== undefined ? Math.round(lifetime.ttlSeconds / DAY) : undefined;
  switch (lifetime.class) {
    case 'static':
      return 'it never expires';
    case 'long':
      return days !== undefined ? `it is valid for ${days} days` : 'it lives for months or more';
    case 'medium':
      return days !== undefined ? `it is valid for ${Math.max(1, days)} days` : 'it lives for up to 30 days';
    case 'config':
      return 'its lifetime is set where it was issued';
    case 'short':
      return 'it lives for hours';
  }
}

/**
 * Severity by how long the credential lives, then by where it sits: prose that quotes a real
 * token is a leak, but one a reader is less likely to have loaded into a tool (test paths are
 * lowered by the engine for every rule).
 */
function severityOf(lifetime: Lifetime, file: SourceFile): Severity | undefined {
  const base: Severity | undefined = { static: 'high', long: 'medium', config: 'medium', medium: 'low', short: undefined }[lifetime.class] as Severity | undefined;
  if (base === undefined) return undefined;
  if (!isDocumentation(file.path)) return base;
  return base === 'high' ? 'medium' : 'low';
}

/**
 * A credential from the catalogue written into a committed file. Short-lived ones (an `ASIA` key,
 * an installation token, a JWT that expires within hours) are no long-lived finding: by the time
 * anyone reads the file they are dead.
 */
export default defineRule({
  meta: {
    id: 'committed-credential',
    title: 'long-lived credential committed to the repository',
    description:
      'A credential of a known format (a provider token, a cloud key, a private key, a password in a URL or a credential file) is written into a file of the repository. It is in every clone and in git history, shared by every person and agent that reads the file, and lives until someone rotates it by hand: the message says how long each format lives.',
    remediation:
      'Rotate the credential now: it has been published to everyone with read access. Then take it out of the file and reference it from a secret store, and prefer a short-lived or federated credential (OIDC to the cloud, a GitHub App installation token, an expiring key) over a static one.',
    category: 'long-lived-credential',
    severity: 'high',
    confidence: 'high',
    kinds: [],
    messages: {
      committed: '{name} {where}: {lifetime} ({secret})',
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
  },
  create: (context) => ({
    credential({ file, hit }: FoundCredential) {
      // In MCP configs a value is judged by its key with the server's own rule and options
      // (mcp-inline-secret); known formats are still matched here and named there as alsoMatched.
      if (hit.type.id === GENERIC_TYPE && (file.kind === 'mcp-config' || file.kind === 'codex-config')) return;
      const severity = severityOf(hit.lifetime, file);
      if (severity === undefined) return;
      context.report({
        span: { start: hit.start, end: hit.end },
        messageId: 'committed',
        data: { name: hit.name, where: whereKept(file), lifetime: lifetimeText(hit.lifetime), secret: describeSecret(hit.secret) },
        severity,
        // The fingerprint stays with the credential when the file moves or its lines shift.
        anchor: hit.type.id,
        secret: hit.secret,
        lifetime: hit.lifetime,
      });
    },
  }),
});

/** A `--include-home` file is not committed: it is stored on this machine, open to every local process. */
function whereKept(file: SourceFile): string {
  const place = placeOf(file);
  return file.userLevel ? `stored in ${place} in your home folder, where every agent and tool running as you can read it` : `committed in ${place}`;
}
