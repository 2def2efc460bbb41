import { agentJobs } from '../../src/agents/workflow.js';
import { defineRule, stringValue, type Node } from '../../src/rule.js';
import { stepInput, stepLabel } from '../../src/model/workflow.js';

/**
 * The tokens a workflow mints for itself are short-lived by default: an hour for an AWS role
 * session, a Google Cloud access token or a GitHub App installation token, and the App token is
 * revoked when the job ends. A workflow can stretch them: a 12-hour AWS session, a Google token
 * that outlives the job by hours, an App token left valid after the job. Whoever copies such a
 * token from a log, an artifact or an agent's context keeps it that long.
 */

/** `3600`, `3600s`: seconds. Anything else (an expression, `1h`) is not judged. */
function seconds(node: Node | undefined): number | undefined {
  const value = stringValue(node) ?? (node?.type === 'scalar' && typeof node.value === 'number' ? String(node.value) : undefined);
  const match = value === undefined ? null : /^\s*(\d{1,7})s?\s*$/.exec(value);
  return match ? Number(match[1]) : undefined;
}


function hours(value: number): string {
  const h = value / 3600;
  return Number.isInteger(h) ? `${h} hour${h === 1 ? '' : 's'}` : `${value} seconds`;
}

export default defineRule({
  meta: {
    id: 'workflow-token-lifetime',
    title: 'a workflow mints a cloud or GitHub App token that outlives the job',
    description:
      'A workflow stretches the lifetime of a token it mints: `role-duration-seconds` on `aws-actions/configure-aws-credentials` or `access_token_lifetime` on `google-github-actions/auth` above the limit (an hour by default), or `skip-token-revoke: true` on `actions/create-github-app-token`, which leaves the installation token valid for up to an hour after the job. A token copied out of a log, an artifact or an agent\'s context keeps working for that long.',
    remediation:
      'Leave the lifetime at its default (an hour or less) and split long jobs so each mints its own token; drop `skip-token-revoke` so the App token is revoked when the job ends.',
    category: 'missing-ttl',
    severity: 'medium',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      tooLong: 'job "{job}" step {step}: {action} {input} is {lifetime}, over the {limit} limit{agent}; {instead}',
      notRevoked: 'job "{job}" step {step}: actions/create-github-app-token skip-token-revoke is true, so the App token stays valid up to an hour after the job{agent}; remove skip-token-revoke',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '613' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
    options: {
      'max-session-seconds': { type: 'number', default: 3600, min: 60, description: 'longest an AWS role session or a Google Cloud access token minted by a workflow may live' },
    },
  },
  create: (context) => ({
    workflow(workflow) {
      const withAgents = agentJobs(workflow);
      const limit = context.options['max-session-seconds'];
      for (const job of workflow.jobs) {
        if (job.kind !== 'normal') continue;
        const agent = withAgents.has(job) ? ', in a job that runs an AI agent' : '';
        for (const step of job.steps) {
          const uses = step.uses;
          if (uses?.kind !== 'repository') continue;
          const action = `${uses.owner}/${uses.repo}`.toLowerCase();
          const stretched = (input: string, instead: string) => {
            const node = stepInput(step, input);
            const value = seconds(node);
            if (node === undefined || value === undefined || value <= limit) return;
            context.report({
              node,
              at: 'entry',
              messageId: 'tooLong',
              data: { job: job.id, step: stepLabel(step), action, input, lifetime: hours(value), limit: hours(limit), agent, instead },
            });
          };
          if (action === 'aws-actions/configure-aws-credentials') stretched('role-duration-seconds', `set role-duration-seconds to ${limit} or less`);
          else if (action === 'google-github-actions/auth') stretched('access_token_lifetime', `set access_token_lifetime to ${limit}s or less`);
          else if (action === 'actions/create-github-app-token') {
            const skip = stepInput(step, 'skip-token-revoke');
            const value = skip?.type === 'scalar' ? String(skip.value).toLowerCase() : undefined;
            if (skip && value === 'true') context.report({ node: skip, at: 'entry', messageId: 'notRevoked', data: { job: job.id, step: stepLabel(step), agent } });
          }
        }
      }
    },
  }),
});
