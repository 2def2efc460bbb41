import { agentSteps } from '../../src/agents/workflow.js';
import { AgentReach, localCallTarget } from '../../src/agents/calls.js';
import { agentHoldsJobToken } from '../../src/agents/job-token.js';
import { defineRule, stringValue, type NormalJob, type ReusableCallJob, type SourceFile, type Step, type Workflow } from '../../src/rule.js';
import type { Permissions } from '../../src/model/workflow.js';
import { stepInput, stepLabel } from '../../src/model/workflow.js';

/**
 * A workflow without a top-level `permissions:` leaves each job without its own block on the
 * repository's default GITHUB_TOKEN permissions, which are read-write on many repositories and
 * organisations. A job that calls a reusable workflow is no exception: the caller decides the
 * token the called workflow gets, and the called workflow can only narrow it. So callers are
 * judged once every workflow is known: a call into a workflow of this repository that narrows the
 * token itself is fine. A workflow that only runs when called gets its token from its callers,
 * which are judged instead. Of each workflow the rule keeps only what a call needs, not the
 * parsed file.
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
/**
 * Steps that use the job's OIDC token: the cloud logins given a role or a federation, and the agent
 * actions that exchange it themselves (claude-code-action for its GitHub App token; run-gemini-cli
 * for Workload Identity Federation to Vertex AI).
 */
function usesOidc(job: NormalJob): boolean {
  return job.steps.some((step) => {
    const uses = step.uses;
    if (uses?.kind !== 'repository') return step.run !== undefined && /ACTIONS_ID_TOKEN_REQUEST|id-token|getIDToken|oidc/i.test(stringValue(step.run) ?? '');
    const action = `${uses.owner}/${uses.repo}`.toLowerCase();
    if (action === 'aws-actions/configure-aws-credentials') return stepInput(step, 'role-to-assume') !== undefined;
    if (action === 'google-github-actions/auth') return stepInput(step, 'workload_identity_provider') !== undefined;
    if (action === 'azure/login') return stepInput(step, 'creds') === undefined;
    // Anything else that takes the token is trusted to need it: publishing, attestation, signing, agents that federate.
    return !['actions/checkout', 'actions/setup-node', 'actions/setup-python', 'actions/cache', 'actions/upload-artifact', 'actions/download-artifact'].includes(action);
  });
}

/**
 * Write scopes an agent's task does not call for. Agents push commits and write pull requests,
 * issues and discussions; with these they could instead poison caches and re-run workflows
 * (`actions`), fake a passing check (`checks`, `statuses`), publish (`packages`, `attestations`),
 * deploy (`deployments`, `pages`) or dismiss alerts (`security-events`).
 */
const BEYOND_AGENT_TASK = new Set(['actions', 'checks', 'statuses', 'packages', 'attestations', 'deployments', 'pages', 'security-events', 'repository-projects']);

/** Triggers that run a workflow with the base repository's token and secrets on an event an outsider can cause with code of their own. */
const HEAD_CODE_TRIGGERS = new Set(['pull_request_target', 'workflow_run']);

/** A checkout (or a `git` command) of the pull request's or triggering run's head: code the base repository did not review. */
function checksOutHead(job: NormalJob): Step | undefined {
  return job.steps.find((step) => {
    const uses = step.uses;
    const text =
      uses?.kind === 'repository' && `${uses.owner}/${uses.repo}`.toLowerCase() === 'actions/checkout'
        ? [stepInput(step, 'ref'), stepInput(step, 'repository')].map((node) => stringValue(node) ?? '').join(' ')
        : /\bgit\b[^\n]*\b(?:fetch|checkout|switch)\b/.test(stringValue(step.run) ?? '')
          ? (stringValue(step.run) ?? '')
          : '';
    return /github\.event\.pull_request\.head\.(?:sha|ref|repo)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch|repository)|refs\/pull\//.test(text);
  });
}

/** The write scopes a token block grants, `*` for all of them; the repository default counts as unknown, so `default`. */
function writeScopes(block: Permissions): string[] {
  if (block.kind === 'write-all') return ['*'];
  if (block.kind === 'absent') return ['default'];
  if (block.kind !== 'map') return [];
  return [...block.scopes.values()].filter((scope) => scope.level === 'write').map((scope) => scope.scope);
}

function narrows(workflow: Workflow): boolean {
  if (workflow.permissions.kind !== 'absent') return true;
  return workflow.jobs.length > 0 && workflow.jobs.every((job) => job.permissions.kind !== 'absent');
}
export default defineRule({
  meta: {
    id: 'workflow-default-permissions',
    title: 'workflow job runs with a broader GITHUB_TOKEN than it needs',
    description:
      'A workflow with no top-level `permissions:` block gives every job that lacks its own block the repository default GITHUB_TOKEN permissions, which are read-write on many repositories; `write-all` grants every scope outright. Any step in such a job, including an AI agent or a compromised action, can push code, edit issues and releases, or approve its own changes. A job that runs an AI agent is reported as high, and so is a job calling a workflow of the repository whose agent job sets no permissions (the agent holds the token of the caller), and so is an agent job given `id-token: write` that no step of it uses: the agent could mint tokens for any cloud that trusts the repository. Write scopes an agent task does not call for (actions, checks, statuses, packages, deployments…) are reported on agent jobs, and a job that checks out a pull request head on pull_request_target or workflow_run with a write token is high.',
    remediation:
      'Add `permissions: {}` (or `contents: read`) at the top of the workflow, then grant each job only the scopes it uses in its own `permissions:` block.',
    category: 'over-broad-scope',
    severity: 'medium',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      inherits: 'job "{job}" has no permissions block and the workflow sets none: the repository default GITHUB_TOKEN permissions apply; add permissions: {} (or contents: read) at the top and grant each job what it uses',
      agentInherits:
        'job "{job}" runs an AI agent ({agent}) with no permissions block, and the workflow sets none: the agent holds the repository default GITHUB_TOKEN permissions; give the job only the scopes it uses (contents: read)',
      writeAll: '{where} sets permissions: write-all: every step gets a token that can write to every scope; grant each job the scopes it uses',
      idTokenUnused:
        'job "{job}" runs an AI agent ({agent}) with id-token: write, and no step of the job uses the OIDC token: the agent can mint tokens for any cloud that trusts this repository; drop id-token: write',
      callerInherits:
        'job "{job}" calls a reusable workflow with no permissions block and the workflow sets none: the called workflow gets the repository default GITHUB_TOKEN permissions',
      agentWriteScope:
        'job "{job}" runs an AI agent ({agent}) with {scope}: write, which its task does not call for; drop it or move the step that needs it to a job without the agent',
      untrustedCodeWrite:
        'job "{job}" runs code from the {source} (step {step} checks it out) on a {trigger} trigger, with a token that can write ({scopes}); run that code in a pull_request workflow, or give this job read scopes only',
      agentCallerInherits:
        'job "{job}" calls {target}, which runs an AI agent ({agent}) in job "{agentJob}" with no permissions block, and the workflow sets none: the agent holds the repository default GITHUB_TOKEN permissions; give the calling job only the scopes the called workflow uses (contents: read)',
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
  create: (context) => {
    /** What a call needs to know of each workflow: whether it sets its token itself, and where to point. */
    const called = new Map<string, { file: SourceFile; narrows: boolean; at: ReturnType<typeof calledAt> }>();
    const reach = new AgentReach();
    /** Callers without permissions, judged once every workflow is known. */
    const callers: { file: SourceFile; job: ReusableCallJob; target?: string }[] = [];
    return {
      workflow(workflow) {
        called.set(workflow.file.path, { file: workflow.file, narrows: narrows(workflow), at: calledAt(workflow) });
        reach.add(workflow);
        const agents = new Map<NormalJob, string>();
        /** Jobs whose agent holds the job token: only there do the token's scopes become the agent's. */
        const tokenHolders = new Map<NormalJob, string>();
        for (const found of agentSteps(workflow)) {
          if (!agents.has(found.job)) agents.set(found.job, found.agent);
          if (!tokenHolders.has(found.job) && agentHoldsJobToken(workflow, found)) tokenHolders.set(found.job, found.agent);
        }
        if (workflow.permissions.kind === 'write-all') context.report({ node: workflow.permissions.node, at: 'entry', messageId: 'writeAll', data: { where: 'the workflow' }, severity: 'high' });
        for (const job of workflow.jobs) {
          if (job.permissions.kind === 'write-all') context.report({ node: job.permissions.node, at: 'entry', messageId: 'writeAll', data: { where: `job "${job.id}"` }, severity: 'high' });
          const agent = job.kind === 'normal' ? agents.get(job) : undefined;
          if (job.kind !== 'normal' || agent === undefined) continue;
          // id-token: write where the job has it, from its own block or the workflow's.
          const block = job.permissions.kind !== 'absent' ? job.permissions : workflow.permissions;
          const idToken = block.kind === 'map' ? block.scopes.get('id-token') : undefined;
          if (idToken?.level === 'write' && !usesOidc(job)) {
            context.report({ node: idToken.node, at: 'entry', messageId: 'idTokenUnused', data: { job: job.id, agent } });
          }
          if (block.kind === 'map' && tokenHolders.has(job)) {
            for (const scope of block.scopes.values()) {
              if (scope.level !== 'write' || !BEYOND_AGENT_TASK.has(scope.scope)) continue;
              context.report({ node: scope.node, at: 'entry', messageId: 'agentWriteScope', data: { job: job.id, agent, scope: scope.scope } });
            }
          }
        }
        // Code the base repository did not review, run with a token that can write to it.
        const trigger = workflow.triggers.find((t) => HEAD_CODE_TRIGGERS.has(t.event));
        if (trigger) {
          for (const job of workflow.jobs) {
            if (job.kind !== 'normal') continue;
            const step = checksOutHead(job);
            // A deployment environment is the documented gate for such a job: its required reviewers approve each run.
            if (!step || job.environment) continue;
            const scopes = writeScopes(job.permissions.kind !== 'absent' ? job.permissions : workflow.permissions);
            if (scopes.length === 0) continue;
            context.report({
              node: job.node,
              at: 'key',
              messageId: 'untrustedCodeWrite',
              data: {
                job: job.id,
                source: trigger.event === 'workflow_run' ? "triggering run's head" : "pull request's head",
                step: stepLabel(step),
                trigger: trigger.event,
                scopes: scopes[0] === '*' ? 'every scope' : scopes[0] === 'default' ? 'the repository default permissions' : scopes.join(', '),
              },
              severity: 'high',
            });
          }
        }
        if (workflow.permissions.kind !== 'absent' || onlyCalled(workflow)) return;
        for (const job of workflow.jobs) {
          if (job.permissions.kind !== 'absent') continue;
          if (job.kind === 'normal') {
            const agent = tokenHolders.get(job);
            if (agent !== undefined) context.report({ node: job.node, at: 'key', messageId: 'agentInherits', data: { job: job.id, agent }, severity: 'high' });
            else context.report({ node: job.node, at: 'key', messageId: 'inherits', data: { job: job.id } });
            continue;
          }
          const target = localCallTarget(job);
          callers.push({ file: workflow.file, job, ...(target !== undefined ? { target } : {}) });
        }
      },
      project() {
        for (const { file, job, target } of callers) {
          const callee = target === undefined ? undefined : called.get(target);
          if (callee?.narrows) continue;
          // An agent the call reaches whose job sets no permissions of its own holds the caller's token.
          const agent = target === undefined ? undefined : reach.reachedFrom(target).find((reached) => !reached.narrowed);
          if (agent) {
            context.report({
              file,
              node: job.node,
              at: 'key',
              messageId: 'agentCallerInherits',
              data: { job: job.id, target: target!, agent: agent.agent, agentJob: agent.job },
              severity: 'high',
              related: [{ file: agent.file, span: agent.span, message: `the ${agent.agent} agent runs here, on the caller's token` }],
            });
            continue;
          }
          context.report({
            file,
            node: job.node,
            at: 'key',
            messageId: 'callerInherits',
            data: { job: job.id },
            ...(callee ? { related: [{ file: callee.file, ...callee.at, message: 'the called workflow sets no permissions of its own' }] } : {}),
          });
        }
      },
    };
  },
});
