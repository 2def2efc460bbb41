import { defineRule } from '../../src/rule.js';

/**
 * A workflow without a top-level `permissions:` leaves each job without its own block on the
 * repository's default GITHUB_TOKEN permissions, which are read-write on many repositories and
 * organisations. A job that calls a reusable workflow is no exception: the caller decides the
 * token the called workflow gets, and the called workflow can only narrow it.
 */
export default defineRule({
  meta: {
    id: 'workflow-default-permissions',
    title: 'workflow job runs with the default GITHUB_TOKEN permissions',
    description:
      'A workflow with no top-level `permissions:` block gives every job that lacks its own block the repository default GITHUB_TOKEN permissions, which are read-write on many repositories. Any step in such a job, including an AI agent or a compromised action, can push code, edit issues and releases, or approve its own changes.',
    remediation:
      'Add `permissions: {}` (or `contents: read`) at the top of the workflow, then grant each job only the scopes it uses in its own `permissions:` block.',
    category: 'over-broad-scope',
    severity: 'medium',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      inherits: 'job "{job}" has no permissions block and the workflow sets none: it runs with the repository default GITHUB_TOKEN permissions',
      callerInherits:
        'job "{job}" calls a reusable workflow with no permissions block and the workflow sets none: the called workflow gets the repository default GITHUB_TOKEN permissions',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '250' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => ({
    workflow(workflow) {
      if (workflow.permissions.kind !== 'absent') return;
      for (const job of workflow.jobs) {
        if (job.permissions.kind !== 'absent') continue;
        const messageId = job.kind === 'reusable-call' ? 'callerInherits' : 'inherits';
        context.report({ node: job.node, at: 'key', messageId, data: { job: job.id } });
      }
    },
  }),
});

