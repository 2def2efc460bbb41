import { agentSteps } from '../../src/agents/workflow.js';
import { defineRule, isMap, isScalar, stringValue, type NormalJob, type Step } from '../../src/rule.js';
import { stepInput, stepLabel } from '../../src/model/workflow.js';

/**
 * Secrets a step can read but does not need are secrets a compromised action or a steered agent
 * can take. Three ways a workflow hands them out: the whole `secrets` context at once
 * (`toJSON(secrets)`), a secret in the workflow's own `env:` (every step of every job gets it),
 * and the job token `actions/checkout` leaves in `.git/config` for every later step, an AI agent
 * included, unless told not to.
 */

const GITHUB_TOKEN = /^github_token$/i;


/** `persist-credentials: false` (or `'false'`) on a checkout. */
function keepsNoCredentials(step: Step): boolean {
  const node = stepInput(step, 'persist-credentials');
  return isScalar(node) && String(node.value).trim().toLowerCase() === 'false';
}

export default defineRule({
  meta: {
    id: 'workflow-secret-exposure',
    title: 'a workflow hands out secrets its steps do not need',
    description:
      'A workflow exposes secrets beyond the step that uses them: the whole `secrets` context (`toJSON(secrets)`, `secrets[...]` with a computed name), a secret in the workflow-level `env:` that every step of every job receives, or the job token that `actions/checkout` leaves in `.git/config` for every later step of a job that runs an AI agent. Any action in those steps, or an agent steered by what it reads, can take them.',
    remediation:
      'Pass each secret only to the step that uses it, through that step\'s `env:` or `with:`; name the secrets a reusable workflow needs instead of passing them all; give `actions/checkout` `persist-credentials: false` in any job that later runs an agent or third-party code.',
    category: 'secret-exposure',
    severity: 'medium',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      wholeContext: '{place} reads the whole secrets context: every secret of the repository is exposed to it; name the secrets it needs instead',
      workflowEnv: 'workflow-level env {name} holds a secret: every step of every job receives it; move it to the env of the step that uses it',
      checkoutToken: 'job "{job}" step {step}: actions/checkout leaves the job token in .git/config, readable by the {agent} agent the job runs later (step {agentStep}); set persist-credentials: false',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '522' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => ({
    workflow(workflow) {
      // The whole context, once per expression.
      const seen = new Set<number>();
      for (const reference of workflow.references) {
        if (reference.context !== 'secrets' || reference.name !== '*' || seen.has(reference.expressionSpan.start)) continue;
        seen.add(reference.expressionSpan.start);
        const place =
          reference.jobId === undefined
            ? 'the workflow'
            : reference.stepIndex !== undefined
              ? `job "${reference.jobId}" step #${reference.stepIndex + 1}`
              : `job "${reference.jobId}"`;
        context.report({ span: reference.expressionSpan, anchor: `${reference.path.join('.')}/secrets.*`, messageId: 'wholeContext', data: { place } });
      }
      // Secrets in the workflow's own env.
      if (isMap(workflow.env)) {
        for (const entry of workflow.env.entries) {
          const value = stringValue(entry.value);
          if (value === undefined) continue;
          const secrets = [...value.matchAll(/\bsecrets\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*)/gi)].map((match) => match[1]!);
          if (secrets.length === 0 || secrets.every((name) => GITHUB_TOKEN.test(name))) continue;
          context.report({ node: entry.value, at: 'entry', messageId: 'workflowEnv', data: { name: entry.key } });
        }
      }
      // A checkout that keeps the token, before an agent in the same job.
      const agents = agentSteps(workflow).filter((found) => found.step !== undefined);
      for (const job of workflow.jobs) {
        if (job.kind !== 'normal') continue;
        const jobAgents = agents.filter((found) => found.job === (job as NormalJob));
        if (jobAgents.length === 0) continue;
        for (const step of job.steps) {
          const uses = step.uses;
          if (uses?.kind !== 'repository' || `${uses.owner}/${uses.repo}`.toLowerCase() !== 'actions/checkout' || keepsNoCredentials(step)) continue;
          const later = jobAgents.find((found) => found.step!.index > step.index);
          if (!later) continue;
          context.report({
            node: uses.node,
            at: 'entry',
            messageId: 'checkoutToken',
            data: { job: job.id, step: stepLabel(step), agent: later.agent, agentStep: stepLabel(later.step!) },
            // An agent action is handed a token of its own anyway: worth knowing, rarely worth a gate.
            ...(later.via === 'cli' ? {} : { severity: 'info' as const }),
          });
        }
      }
    },
  }),
});
