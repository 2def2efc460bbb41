import { defineRule, type Workflow } from '../../src/rule.js';

/**
 * A workflow without a top-level `permissions:` leaves each job without its own block on the
 * repository's default GITHUB_TOKEN permissions, which are read-write on many repositories and
 * organisations. A job that calls a reusable workflow is no exception: the caller decides the
 * token the called workflow gets, and the called workflow can only narrow it. So the rule reads
 * the whole project: a call into a workflow of this repository that narrows the token itself is
 * fine, and a workflow that only runs when called gets its token from its callers, which are
 * judged instead.
 */

/** A workflow whose every trigger is `workflow_call` runs only with a caller's token. */
function onlyCalled(workflow: Workflow): boolean {
  return workflow.triggers.length > 0 && workflow.triggers.every((trigger) => trigger.event === 'workflow_call');
}

/** Where to point at a called workflow: its `on:` key, else its first line. */
function calledAt(workflow: Workflow) {
  return workflow.on ? ({ node: workflow.on, at: 'key' } as const) : { span: { start: 0, end: 0 } };
}

/** Whether a workflow sets its token itself: at the top, or in every job. */
function narrows(workflow: Workflow): boolean {
  if (workflow.permissions.kind !== 'absent') return true;
  return workflow.jobs.length > 0 && workflow.jobs.every((job) => job.permissions.kind !== 'absent');
}
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
    project({ workflows }) {
      const byPath = new Map(workflows.map((workflow) => [workflow.file.path, workflow]));
      for (const workflow of workflows) {
        if (workflow.permissions.kind !== 'absent' || onlyCalled(workflow)) continue;
        for (const job of workflow.jobs) {
          if (job.permissions.kind !== 'absent') continue;
          const report = { file: workflow.file, node: job.node, at: 'key', data: { job: job.id } } as const;
          if (job.kind === 'normal') {
            context.report({ ...report, messageId: 'inherits' });
            continue;
          }
          // `./.github/workflows/x.yml` is a path from the repository root, which is the scan root.
          const called = job.uses?.kind === 'local' ? byPath.get(job.uses.path.replace(/^\.\//, '')) : undefined;
          if (called && narrows(called)) continue;
          context.report({
            ...report,
            messageId: 'callerInherits',
            ...(called ? { related: [{ file: called.file, ...calledAt(called), message: 'the called workflow sets no permissions of its own' }] } : {}),
          });
        }
      }
    },
  }),
});

