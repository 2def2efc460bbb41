import { defineRule, get, isMap, stringValue, type Node } from '../../src/rule.js';

/**
 * A registry password written into a workflow's `container.credentials` or
 * `services.<id>.credentials` is committed: everyone who can read the repository, and every fork,
 * has it, and it lives until someone rotates it. The registry login belongs in a secret, or better
 * in the registry's own short-lived token (`${{ secrets.GITHUB_TOKEN }}` for GHCR).
 */

/** A value nhiscan cannot see: an expression the runner fills in, or nothing at all. */
function isLiteral(node: Node | undefined): node is Node {
  const value = stringValue(node);
  return value !== undefined && value.trim() !== '' && !value.includes('${{');
}

export default defineRule({
  meta: {
    id: 'workflow-container-password',
    title: 'a container registry password written into a workflow',
    description:
      'A job\'s `container.credentials.password` or a service\'s `services.<id>.credentials.password` holds a literal value instead of an expression. The password is committed with the workflow: anyone who can read the repository or a fork can log in to the registry as that account until the password is rotated.',
    remediation:
      'Store the password as a secret and write `password: ${{ secrets.REGISTRY_PASSWORD }}`; for GitHub Container Registry use `${{ secrets.GITHUB_TOKEN }}` with `packages: read`. Rotate the committed password.',
    category: 'long-lived-credential',
    severity: 'high',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      password: 'job "{job}": the {where} registry password is written into the workflow; read it from a secret (or use GITHUB_TOKEN for GHCR) and rotate it',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '798' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
  },
  create: (context) => ({
    workflow(workflow) {
      for (const job of workflow.jobs) {
        if (job.kind !== 'normal') continue;
        const containerPassword = get(job.container?.credentials, 'password');
        if (isLiteral(containerPassword)) {
          context.report({ node: containerPassword, at: 'entry', messageId: 'password', data: { job: job.id, where: 'container' }, secret: stringValue(containerPassword)! });
        }
        if (!isMap(job.services)) continue;
        for (const service of job.services.entries) {
          const password = get(get(service.value, 'credentials'), 'password');
          if (isLiteral(password)) {
            context.report({ node: password, at: 'entry', messageId: 'password', data: { job: job.id, where: `service "${service.key}"` }, secret: stringValue(password)! });
          }
        }
      }
    },
  }),
});
