import { agentJobs } from '../../src/agents/workflow.js';
import { defineRule } from '../../src/rule.js';
import { stepInput, stepLabel } from '../../src/model/workflow.js';

/**
 * `actions/create-github-app-token` mints an installation token with, by default, every
 * permission the App was granted, on the current repository; with `owner:` and no
 * `repositories:`, on every repository of the installation. A workflow that names neither the
 * repositories nor the `permission-*` it needs hands its steps the App's whole reach.
 */
export default defineRule({
  meta: {
    id: 'workflow-app-token-scope',
    title: 'a GitHub App token minted with the App\'s whole reach',
    description:
      'A workflow mints a GitHub App installation token with `actions/create-github-app-token` without narrowing it: `owner:` with no `repositories:` reaches every repository the App is installed on, and no `permission-*` input gives the token every permission the App holds. Every later step, an AI agent included, holds that reach for up to an hour.',
    remediation:
      'Name the repositories the job needs (`repositories: docs`) and the permissions it uses (`permission-contents: write`, `permission-pull-requests: write`); everything else stays out of the token.',
    category: 'over-broad-scope',
    severity: 'medium',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      allRepositories: 'job "{job}" step {step}: the App token reaches every repository of the installation on "{owner}" (owner: without repositories:){agent}; name the repositories the job needs',
      allPermissions: 'job "{job}" step {step}: the App token gets every permission the App holds (no permission-* input){agent}; name the permissions the job uses',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '250' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => ({
    workflow(workflow) {
      const withAgents = agentJobs(workflow);
      for (const job of workflow.jobs) {
        if (job.kind !== 'normal') continue;
        const agent = withAgents.has(job) ? ', in a job that runs an AI agent' : '';
        for (const step of job.steps) {
          const uses = step.uses;
          if (uses?.kind !== 'repository' || `${uses.owner}/${uses.repo}`.toLowerCase() !== 'actions/create-github-app-token') continue;
          const owner = stepInput(step, 'owner');
          if (owner && stepInput(step, 'repositories') === undefined) {
            const name = owner.type === 'scalar' ? String(owner.value) : '';
            context.report({ node: owner, at: 'entry', messageId: 'allRepositories', data: { job: job.id, step: stepLabel(step), owner: name, agent } });
          }
          const permissions = (step.with?.entries ?? []).filter((entry) => /^permission-/i.test(entry.key));
          if (permissions.length === 0) {
            context.report({ node: uses.node, at: 'entry', messageId: 'allPermissions', data: { job: job.id, step: stepLabel(step), agent } });
          }
        }
      }
    },
  }),
});
