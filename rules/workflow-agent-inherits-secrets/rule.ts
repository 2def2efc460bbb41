import { AgentReach, localCallTarget } from '../../src/agents/calls.js';
import { defineRule, type Node, type SourceFile } from '../../src/rule.js';

/**
 * `secrets: inherit` hands a called workflow every secret the caller can read. When the called
 * workflow runs an AI agent, the agent's job shares the identity of every other job of the
 * repository: its deploy keys, registry tokens and cloud credentials, whether it uses them or
 * not. The rule follows calls into workflows of the same repository, whose steps it can see, and
 * the calls those make in turn: `secrets: inherit` passes on down the chain.
 */

interface Call {
  readonly file: SourceFile;
  readonly job: string;
  readonly node: Node;
  readonly target: string;
}

export default defineRule({
  meta: {
    id: 'workflow-agent-inherits-secrets',
    title: 'every secret is passed to a workflow that runs an AI agent',
    description:
      'A job calls a reusable workflow of the same repository with `secrets: inherit`, and that workflow runs an AI agent. The agent\'s job then holds every secret of the repository (and the organisation secrets it may read): deploy keys, registry tokens and cloud credentials it does not use become part of its identity, shared with every other workflow.',
    remediation:
      'Pass the called workflow only the secrets it declares (`secrets: { ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }} }`, with `on.workflow_call.secrets` in the called workflow), and keep the agent\'s job free of any secret it does not need.',
    category: 'shared-identity',
    severity: 'medium',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      inherit: 'job "{job}" passes every secret (secrets: inherit) to {target}, which runs an AI agent ({agent}){through}; pass only the secrets it declares',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI9' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L7' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '522' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => {
    const reach = new AgentReach();
    const calls: Call[] = [];
    return {
      workflow(workflow) {
        reach.add(workflow);
        for (const job of workflow.jobs) {
          if (job.kind !== 'reusable-call' || job.secrets?.kind !== 'inherit') continue;
          const target = localCallTarget(job);
          if (target !== undefined) calls.push({ file: workflow.file, job: job.id, node: job.secrets.node, target });
        }
      },
      project() {
        for (const call of calls) {
          const callee = reach.reachedFrom(call.target)[0];
          if (!callee) continue;
          context.report({
            file: call.file,
            node: call.node,
            at: 'entry',
            messageId: 'inherit',
            data: { job: call.job, target: call.target, agent: callee.agent, through: callee.through.length > 1 ? ` through ${callee.through.slice(1).join(' > ')}` : '' },
            related: [{ file: callee.file, span: callee.span, message: `the ${callee.agent} agent runs here` }],
          });
        }
      },
    };
  },
});
