import { localCallTarget } from '../../src/agents/calls.js';
import { overridesNeeds } from '../../src/agents/expression.js';
import { eventModel, keepsOutsidersOut, outsiderActions, UPSTREAM_UNTRUSTED, type EventModel } from '../../src/agents/outsiders.js';
import { agentHoldsJobToken, agentHoldsMintedToken } from '../../src/agents/job-token.js';
import { agentSteps, type AgentStep } from '../../src/agents/workflow.js';
import { defineRule, stringValue, type Node, type SourceFile, type Workflow } from '../../src/rule.js';
import { stepInput, stepLabel, type Permissions, type Step, type WorkflowJob } from '../../src/model/workflow.js';

/**
 * An agent in a workflow that outsiders can start (an issue, a comment, a fork's pull request)
 * takes its task from someone the repository never trusted, and does it with the job's token and
 * secrets. Unless something checks who triggered the run, a prompt injection needs nothing but a
 * GitHub account. The check may be the workflow's (an `if:` on the author's association or name,
 * a same-repository test, a label only maintainers can set, a permission lookup in an earlier
 * step or job) or the agent action's own: claude-code-action, codex-action and opencode's action
 * refuse actors without write access unless told otherwise; run-gemini-cli and CLIs in `run:`
 * check nobody.
 *
 * Conditions are not matched as text. Each `if:` on the way to the agent is evaluated once per
 * trigger, with the event's payload filled in as an outsider would leave it, and the agent counts
 * as guarded for that trigger only when the condition is false for every outsider. So a condition
 * that checks `author_association` on comments but lets every `issues` event through is guarded
 * for `issue_comment` and not for `issues`.
 */

// ---------------------------------------------------------------------------------------------
// Checks in steps: a lookup of the actor's permission before the agent runs

const PERMISSION_ACTIONS = new Set([
  'actions-cool/check-user-permission',
  'prince-chrismc/check-actor-permissions-action',
  'lannonbr/repo-permission-check-action',
  'sushichop/action-repository-permission',
  'skjnldsv/check-actor-permission',
  'tspascoal/get-user-teams-membership',
]);

const PERMISSION_CALL = /getCollaboratorPermissionLevel|checkCollaborator|collaborators\/[^\s'"]*\/permission|checkMembershipForUser|getMembershipForUserInOrg/;

function checksPermission(step: Step): boolean {
  const uses = step.uses;
  if (uses?.kind === 'repository' && PERMISSION_ACTIONS.has(`${uses.owner}/${uses.repo}`.toLowerCase())) return true;
  const script = [stringValue(step.run), stringValue(stepInput(step, 'script'))].filter((text): text is string => text !== undefined);
  return script.some((text) => PERMISSION_CALL.test(text));
}

// ---------------------------------------------------------------------------------------------
// The agent actions' own checks

type OwnCheck = { readonly kind: 'checks' } | { readonly kind: 'none' } | { readonly kind: 'widened'; readonly input: string; readonly node: Node; readonly value: string };

/** A list input that lets everyone in: `*`, or an expression whose value the workflow does not show. */
function admitsEveryone(node: Node | undefined): string | undefined {
  const value = stringValue(node)?.trim();
  return value !== undefined && (value === '*' || value.includes('${{')) ? value : undefined;
}

function ownCheck(found: AgentStep): OwnCheck {
  const step = found.step!;
  const uses = step.uses;
  if (found.via !== 'action' || uses?.kind !== 'repository') return { kind: 'none' };
  const action = `${uses.owner}/${uses.repo}`.toLowerCase();
  const path = (uses.path ?? '').toLowerCase();
  if (action === 'anthropics/claude-code-action' && !path.startsWith('base-action')) {
    // allowed_non_write_users bypasses the write-access check only when github_token is given.
    const users = stepInput(step, 'allowed_non_write_users');
    const usersValue = admitsEveryone(users);
    if (usersValue !== undefined && stepInput(step, 'github_token') !== undefined) return { kind: 'widened', input: 'allowed_non_write_users', node: users!, value: usersValue };
    const bots = stepInput(step, 'allowed_bots');
    const botsValue = admitsEveryone(bots);
    if (botsValue !== undefined) return { kind: 'widened', input: 'allowed_bots', node: bots!, value: botsValue };
    return { kind: 'checks' };
  }
  if (action === 'openai/codex-action') {
    const users = stepInput(step, 'allow-users');
    const value = admitsEveryone(users);
    return value !== undefined ? { kind: 'widened', input: 'allow-users', node: users!, value } : { kind: 'checks' };
  }
  // opencode's GitHub action refuses actors without write access before it runs the agent.
  if ((action === 'sst/opencode' || action === 'anomalyco/opencode') && path.startsWith('github')) return { kind: 'checks' };
  return { kind: 'none' };
}

// ---------------------------------------------------------------------------------------------
// The job's token

/** Scopes whose write lets an agent change code, pull requests, issues, runs or releases. */
const WRITES_THAT_MATTER = new Set(['actions', 'attestations', 'contents', 'deployments', 'discussions', 'issues', 'packages', 'pages', 'pull-requests']);

/**
 * Of those, the ones that reach past the conversation: code, runs, packages and deployments. An
 * outsider-driven agent that can only write issues, pull request comments or discussions (a
 * triage bot) is medium; one that can push, re-run workflows or publish is high.
 */
const WRITES_PAST_CONVERSATION = new Set(['actions', 'attestations', 'contents', 'deployments', 'packages', 'pages']);

const APP_TOKEN_ACTIONS = new Set(['actions/create-github-app-token', 'tibdex/github-app-token']);

/**
 * What the job's credentials can write, in words, and whether that reaches past the conversation;
 * undefined when they are read-only.
 */
function writeReach(workflow: Workflow, found: AgentStep): { words: string; strong: boolean } | undefined {
  const job = found.job;
  const minted = agentHoldsMintedToken(found) && job.steps.some((step) => step.uses?.kind === 'repository' && APP_TOKEN_ACTIONS.has(`${step.uses.owner}/${step.uses.repo}`.toLowerCase()));
  // The job token's scopes are the agent's only when it holds the token (src/agents/job-token.ts).
  if (!agentHoldsJobToken(workflow, found)) return minted ? { words: 'the agent is handed a GitHub App token', strong: true } : { words: 'the agent is not handed the job token', strong: false };
  const permissions: Permissions = job.permissions.kind !== 'absent' ? job.permissions : workflow.permissions;
  const appToken = minted ? ' and it mints a GitHub App token' : '';
  switch (permissions.kind) {
    case 'absent':
      return { words: `the job token has the repository's default permissions${appToken}`, strong: true };
    case 'write-all':
      return { words: `the job token has write-all${appToken}`, strong: true };
    case 'other':
      return { words: `the job token's permissions are set by an expression${appToken}`, strong: true };
    case 'map': {
      const writes = [...permissions.scopes.values()].filter((scope) => scope.level === 'write' && WRITES_THAT_MATTER.has(scope.scope)).map((scope) => scope.scope);
      if (writes.length > 0) return { words: `the job token can write ${writes.join(', ')}${appToken}`, strong: minted || writes.some((scope) => WRITES_PAST_CONVERSATION.has(scope)) };
      break;
    }
    default:
      break;
  }
  return minted ? { words: 'the job mints a GitHub App token', strong: true } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Where an outsider reaches the agent

/** Whether a job never runs (or fails before the agent) for this event when an outsider caused it. */
function blocked(job: WorkflowJob, event: EventModel, jobs: ReadonlyMap<string, WorkflowJob>, seen: Set<string>): boolean {
  if (seen.has(job.id)) return false;
  seen.add(job.id);
  if (keepsOutsidersOut(job.if, event)) return true;
  if (job.kind === 'normal' && job.steps.some(checksPermission)) return true;
  return needsBlock(job, event, jobs, seen);
}

/** A job that needs a blocked job is skipped with it, unless its `if:` asks to run anyway. */
function needsBlock(job: WorkflowJob, event: EventModel, jobs: ReadonlyMap<string, WorkflowJob>, seen: Set<string>): boolean {
  if (overridesNeeds(job.if)) return false;
  return job.needs.some((id) => {
    const needed = jobs.get(id);
    return needed !== undefined && blocked(needed, event, jobs, seen);
  });
}

function guarded(found: AgentStep, event: EventModel, jobs: ReadonlyMap<string, WorkflowJob>): boolean {
  const { job } = found;
  const step = found.step!;
  if (keepsOutsidersOut(job.if, event) || keepsOutsidersOut(step.if, event)) return true;
  if (needsBlock(job, event, jobs, new Set([job.id]))) return true;
  const earlier = job.steps.slice(0, step.index);
  return !overridesNeeds(step.if) && earlier.some(checksPermission);
}

/** What a workflow's triggers let outsiders cause: each event and its actions. */
function untrustedEvents(workflow: Workflow, upstream: readonly string[]): EventModel[] {
  const models: EventModel[] = [];
  for (const trigger of workflow.triggers) {
    if (trigger.event === 'workflow_run' && upstream.length === 0) continue;
    const actions = outsiderActions(trigger);
    if (actions.length > 0 && !models.some((model) => model.name === trigger.event)) models.push(eventModel(trigger.event, actions, upstream));
  }
  return models;
}

/** The name GitHub gives a workflow in `workflow_run.workflows`: its `name:`, else its path. */
function workflowName(workflow: Workflow): string {
  return workflow.name?.value ?? workflow.file.path;
}

/**
 * The untrusted events of the workflows a `workflow_run` trigger follows. A workflow the scan did
 * not see may run on anything, fork pull requests included.
 */
function upstreamRuns(workflow: Workflow, triggersByName: ReadonlyMap<string, readonly string[]>): { events: string[]; names: string[] } {
  const trigger = workflow.triggers.find((candidate) => candidate.event === 'workflow_run');
  const events = new Set<string>();
  const names: string[] = [];
  for (const name of trigger?.filters.workflows?.values.map((value) => value.value) ?? []) {
    const untrusted = (triggersByName.get(name) ?? [...UPSTREAM_UNTRUSTED]).filter((event) => UPSTREAM_UNTRUSTED.has(event));
    if (untrusted.length > 0) names.push(name);
    for (const event of untrusted) events.add(event);
  }
  return { events: [...events].sort(), names };
}

function runnerName(found: AgentStep): string {
  const uses = found.step?.uses;
  if (found.via === 'action' && uses?.kind === 'repository') return `${uses.owner}/${uses.repo}${uses.path ? `/${uses.path}` : ''}`;
  if (found.via === 'action') return `the ${found.agent} image`;
  return `the ${found.agent} CLI`;
}

export default defineRule({
  meta: {
    id: 'workflow-agent-untrusted-trigger',
    title: 'an AI agent in CI runs for anyone who opens an issue, comments or sends a pull request',
    description:
      'A workflow that outside users can trigger (`pull_request_target`, `issues`, `issue_comment`, pull request reviews and review comments, discussions, or a `workflow_run` after one of these) runs an AI agent, and nothing checks who triggered it: no `if:` on the author\'s association, name or fork, no permission lookup, and an agent that checks nobody (run-gemini-cli, a CLI in `run:`) or whose own write-access check is turned off (`allowed_non_write_users: "*"`, `allow-users: "*"`). Anyone with a GitHub account can then hand the agent instructions that it carries out with the job\'s token and secrets.',
    remediation:
      'Gate the agent\'s job on the author: `contains(fromJSON(\'["OWNER","MEMBER","COLLABORATOR"]\'), github.event.comment.author_association)` (or the issue\'s, pull request\'s or review\'s), a maintainer-only label, or a lookup of the actor\'s repository permission in an earlier job it `needs`. Prefer agent actions that check write access themselves (claude-code-action, codex-action) and leave their allow-lists empty. Where an agent must read outsiders\' text, give its job a read-only token and no secrets it does not need.',
    category: 'unsafe-agent-setting',
    severity: 'high',
    confidence: 'medium',
    kinds: ['github-workflow'],
    messages: {
      unchecked:
        'job "{job}" step {step}: {runner} runs on {triggers}, which outside users can trigger, and neither the workflow nor the agent checks who did ({token}); gate the job on the author\'s association (OWNER, MEMBER, COLLABORATOR), a same-repository head or the actor\'s repository permission',
      calledUnchecked:
        'job "{job}" calls {target}, whose job "{agentJob}" step {step} runs {runner}, on {triggers}, which outside users can trigger, and neither workflow checks who did ({token}); gate the calling job on the author\'s association (OWNER, MEMBER, COLLABORATOR) or the actor\'s repository permission',
      widened:
        'job "{job}" step {step}: {runner} runs on {triggers}, which outside users can trigger, and {input}: "{value}" turns off the action\'s write-access check ({token}); leave {input} empty or name the accounts, or gate the job on the author\'s association',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI01' },
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'nist-ai-rmf-1.0', id: 'GOVERN-3.2' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '862' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => {
    /** Workflows with agent steps and a trigger outsiders may cause, kept until `workflow_run` upstreams are known. */
    const candidates: Workflow[] = [];
    /** Workflows of the repository that run an agent, by path, for calls from a workflow outsiders can start. */
    const withAgents = new Map<string, Workflow>();
    /** Workflows outsiders can start that call a workflow of the repository. */
    const callers: Workflow[] = [];
    const triggersByName = new Map<string, string[]>();

    const check = (workflow: Workflow, file: SourceFile): void => {
      const upstream = upstreamRuns(workflow, triggersByName);
      const events = untrustedEvents(workflow, upstream.events);
      const triggerLabel = (event: string): string => (event === 'workflow_run' ? `workflow_run after ${upstream.names.map((name) => `"${name}"`).join(', ')}` : event);
      if (events.length === 0) return;
      const jobs = new Map(workflow.jobs.map((job) => [job.id, job] as const));
      const done = new Set<Step>();
      for (const found of agentSteps(workflow)) {
        const step = found.step;
        if (!step || done.has(step)) continue;
        done.add(step);
        const own = ownCheck(found);
        if (own.kind === 'checks') continue;
        const open = events.filter((event) => !guarded(found, event, jobs)).map((event) => triggerLabel(event.name));
        if (open.length === 0) continue;
        const reach = writeReach(workflow, found);
        const data = {
          job: found.job.id,
          step: stepLabel(step),
          runner: runnerName(found),
          triggers: open.join(', '),
          token: reach?.words ?? 'the job token is read-only',
        };
        const severity = reach?.strong ? 'high' : 'medium';
        if (own.kind === 'widened') {
          // A literal "*" is workflow-agent-broad-access's finding on the same input; an expression is this rule's.
          if (own.value === '*') continue;
          context.report({ file, node: own.node, at: 'entry', messageId: 'widened', severity, data: { ...data, input: own.input, value: own.value } });
        } else {
          const node = found.via === 'cli' && step.run ? step.run : (step.usesNode ?? step.node);
          context.report({ file, node, at: 'entry', messageId: 'unchecked', severity, data });
        }
      }
    };

    /**
     * A job that calls a workflow of the repository runs its agents on the caller's event: the
     * called workflow sees the caller's `github.event`, so its own `if:` conditions and the agent
     * action's checks are judged on that event too. Calls are followed one level down.
     */
    const checkCalls = (workflow: Workflow): void => {
      const upstream = upstreamRuns(workflow, triggersByName);
      const events = untrustedEvents(workflow, upstream.events);
      if (events.length === 0) return;
      const jobs = new Map(workflow.jobs.map((job) => [job.id, job] as const));
      for (const job of workflow.jobs) {
        if (job.kind !== 'reusable-call') continue;
        const target = localCallTarget(job);
        const called = target === undefined ? undefined : withAgents.get(target);
        if (!called) continue;
        // A call routed by an earlier job's output (`needs.dispatch.outputs.command == 'review'`) is the
        // router's decision, made by a script nhiscan does not run: left alone rather than guessed.
        if (/\bneeds\s*\.\s*[\w-]+\s*\.\s*outputs\b/.test(stringValue(job.if) ?? '')) continue;
        const reachable = events.filter((event) => !blocked(job, event, jobs, new Set()));
        if (reachable.length === 0) continue;
        const calledJobs = new Map(called.jobs.map((each) => [each.id, each] as const));
        for (const found of agentSteps(called)) {
          if (!found.step || ownCheck(found).kind !== 'none') continue;
          const open = reachable.filter((event) => !guarded(found, event, calledJobs)).map((event) => event.name);
          if (open.length === 0) continue;
          const reach = writeReach(called, found);
          context.report({
            file: workflow.file,
            node: job.usesNode,
            at: 'entry',
            messageId: 'calledUnchecked',
            severity: reach?.strong ? 'high' : 'medium',
            data: { job: job.id, target: target!, agentJob: found.job.id, step: stepLabel(found.step), runner: runnerName(found), triggers: open.join(', '), token: reach?.words ?? 'the job token is read-only' },
            related: [{ file: called.file, node: found.step.usesNode ?? found.step.node, at: 'entry', message: `the ${found.agent} agent runs here` }],
          });
          break;
        }
      }
    };

    return {
      workflow(workflow) {
        triggersByName.set(workflowName(workflow), workflow.triggers.map((trigger) => trigger.event));
        const outsiderTriggers = workflow.triggers.some((trigger) => outsiderActions(trigger).length > 0);
        const agentHere = agentSteps(workflow).some((found) => found.step !== undefined);
        if (agentHere) withAgents.set(workflow.file.path, workflow);
        if (outsiderTriggers && agentHere) candidates.push(workflow);
        if (outsiderTriggers && workflow.jobs.some((job) => job.kind === 'reusable-call' && localCallTarget(job) !== undefined)) callers.push(workflow);
      },
      project() {
        for (const workflow of candidates) check(workflow, workflow.file);
        for (const workflow of callers) checkCalls(workflow);
      },
    };
  },
});
