import { isScalar, stringValue } from '../model/document.js';
import { stepInput, type NormalJob, type Step, type Workflow } from '../model/workflow.js';
import type { AgentStep } from './workflow.js';

/**
 * Whether an agent step holds the job's GITHUB_TOKEN. GitHub does not put the token in a step's
 * environment: a step gets it only when handed it (`github.token` or `secrets.GITHUB_TOKEN` in its
 * `with:`, its `env:`, the job's or the workflow's `env:`, or its script), when an earlier checkout
 * left it in `.git/config`, or when the agent's action takes it by default. An agent that holds
 * none of these cannot use the job's write scopes, however broad, though the job's other steps can.
 */

/** Agent actions that use the job token when none is given (claude-code-action falls back to it; the others take it as a default input). */
const TAKES_JOB_TOKEN = new Set(['anthropics/claude-code-action', 'actions/ai-inference', 'github/ai-inference', 'qodo-ai/pr-agent', 'codium-ai/pr-agent', 'sst/opencode', 'anomalyco/opencode']);

function handsJobToken(text: string): boolean {
  return /\bgithub\s*\.\s*token\b|\bsecrets\s*\.\s*GITHUB_TOKEN\b|\bsecrets\s*\[\s*'GITHUB_TOKEN'\s*\]/i.test(text);
}

/** The text of a step's `with:`, `env:` and script, where a token would be handed to it. */
function stepText(step: Step): string {
  const entries = [...(step.with?.entries ?? []), ...(step.env?.entries ?? [])];
  return [...entries.map((entry) => stringValue(entry.value) ?? ''), stringValue(step.run) ?? ''].join('\n');
}

/** `persist-credentials: false` on a checkout; anything else leaves the token in `.git/config`. */
function persistsToken(step: Step): boolean {
  const uses = step.uses;
  if (uses?.kind !== 'repository' || `${uses.owner}/${uses.repo}`.toLowerCase() !== 'actions/checkout') return false;
  // `false` is a YAML boolean; `'false'` a string: GitHub reads both the same.
  const node = stepInput(step, 'persist-credentials');
  return !(isScalar(node) && String(node.value).trim().toLowerCase() === 'false');
}

function envHandsToken(env: NormalJob['env'] | Workflow['env']): boolean {
  return (env?.entries ?? []).some((entry) => handsJobToken(stringValue(entry.value) ?? ''));
}

export function agentHoldsJobToken(workflow: Workflow, found: AgentStep): boolean {
  const { job, step } = found;
  // The Copilot coding agent runs after the setup steps with a token of its own.
  if (!step) return false;
  const uses = step.uses;
  if (uses?.kind === 'repository' && TAKES_JOB_TOKEN.has(`${uses.owner}/${uses.repo}`.toLowerCase())) return true;
  if (handsJobToken(stepText(step)) || envHandsToken(job.env) || envHandsToken(workflow.env)) return true;
  return job.steps.some((earlier) => earlier.index < step.index && persistsToken(earlier));
}

/** Whether the agent step is handed a token a step minted earlier (`steps.app.outputs.token`). */
export function agentHoldsMintedToken(found: AgentStep): boolean {
  return found.step !== undefined && /\bsteps\s*\.\s*[\w-]+\s*\.\s*outputs\s*\.\s*[\w-]*token\b/i.test(stepText(found.step));
}
