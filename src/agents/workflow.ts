import type { AgentId } from '../model/project.js';
import type { Span } from '../model/document.js';
import type { NormalJob, Step, Workflow } from '../model/workflow.js';
import { commandsOf, programName, type ShellCommand } from './shell.js';

export type { AgentId };

/**
 * The one answer to "which steps of a workflow run an AI agent", shared by every rule and the
 * inventory: steps that use an agent's action, steps whose `run:` script launches an agent's CLI
 * (however it was installed or started: a global install, `npx`, `pipx`, `uvx`, a container), and
 * the job GitHub's Copilot coding agent runs its setup in.
 */

export interface AgentStep {
  readonly agent: AgentId;
  /** An agent's action (`uses:`), its CLI in `run:`, or the job the Copilot coding agent sets up in. */
  readonly via: 'action' | 'cli' | 'copilot-setup';
  readonly job: NormalJob;
  /** Absent for `copilot-setup`: the agent runs after the job's steps, in its environment. */
  readonly step?: Step;
  /** Where it shows: the `uses:` value, the `run:` script, or the job's id. */
  readonly span: Span;
  /**
   * For a CLI: the command's words after the program (its flags and arguments), as the shell
   * would split them. They may hold a secret (`--api-key …`): for judging, never for a message.
   */
  readonly args?: readonly string[];
}

/** Agent actions by `owner/repo` (lower case; a path inside the repository is ignored). */
const AGENT_ACTIONS: ReadonlyMap<string, AgentId> = new Map([
  ['anthropics/claude-code-action', 'claude-code'],
  ['anthropics/claude-code-base-action', 'claude-code'],
  ['openai/codex-action', 'codex'],
  ['google-github-actions/run-gemini-cli', 'gemini-cli'],
  ['google-gemini/gemini-cli-action', 'gemini-cli'],
  ['actions/ai-inference', 'github-models'],
  ['github/ai-inference', 'github-models'],
  ['sst/opencode', 'opencode'],
  ['anomalyco/opencode', 'opencode'],
  ['qodo-ai/pr-agent', 'pr-agent'],
  ['codium-ai/pr-agent', 'pr-agent'],
]);

/** Agent CLIs by the program name a shell runs. */
const AGENT_PROGRAMS: ReadonlyMap<string, AgentId> = new Map([
  ['claude', 'claude-code'],
  ['codex', 'codex'],
  ['gemini', 'gemini-cli'],
  ['copilot', 'copilot'],
  ['opencode', 'opencode'],
  ['aider', 'aider'],
  ['goose', 'goose'],
  ['cursor-agent', 'cursor-agent'],
  ['amp', 'amp'],
  ['qwen', 'qwen-code'],
]);

/** Agent CLIs by the package a runner (`npx`, `pipx run`, `uvx`…) or a container image names. */
const AGENT_PACKAGES: ReadonlyMap<string, AgentId> = new Map([
  ['@anthropic-ai/claude-code', 'claude-code'],
  ['@openai/codex', 'codex'],
  ['@google/gemini-cli', 'gemini-cli'],
  ['@github/copilot', 'copilot'],
  ['opencode-ai', 'opencode'],
  ['aider-chat', 'aider'],
  ['aider', 'aider'],
  ['@sourcegraph/amp', 'amp'],
  ['@qwen-code/qwen-code', 'qwen-code'],
  ['goose-ai', 'goose'],
]);

/** Words that only ask a CLI about itself: `claude --version` runs no agent. */
const SELF_QUERIES = new Set(['--version', '-v', '-V', 'version', '--help', '-h', 'help']);

/** The path and job GitHub's Copilot coding agent reads its setup steps from. */
const COPILOT_SETUP_PATH = '.github/workflows/copilot-setup-steps.yml';
const COPILOT_SETUP_JOB = 'copilot-setup-steps';

/** Every agent step of a workflow, job by job, in file order. */
export function agentSteps(workflow: Workflow): AgentStep[] {
  const found: AgentStep[] = [];
  for (const job of workflow.jobs) {
    if (job.kind !== 'normal') continue;
    if (isCopilotSetup(workflow, job)) found.push({ agent: 'copilot', via: 'copilot-setup', job, span: job.idSpan });
    for (const step of job.steps) found.push(...agentsOfStep(job, step));
  }
  return found;
}

/** The jobs of a workflow that run an agent. */
export function agentJobs(workflow: Workflow): Set<NormalJob> {
  return new Set(agentSteps(workflow).map((found) => found.job));
}

function isCopilotSetup(workflow: Workflow, job: NormalJob): boolean {
  return (workflow.file.path === COPILOT_SETUP_PATH || workflow.file.path.endsWith(`/${COPILOT_SETUP_PATH}`)) && job.id === COPILOT_SETUP_JOB;
}

/** The agents one step runs: its action, or each agent command of its script. */
export function agentsOfStep(job: NormalJob, step: Step): AgentStep[] {
  const uses = step.uses;
  if (uses?.kind === 'repository') {
    const agent = AGENT_ACTIONS.get(`${uses.owner}/${uses.repo}`.toLowerCase());
    return agent ? [{ agent, via: 'action', job, step, span: uses.node.span }] : [];
  }
  if (uses?.kind === 'docker') {
    const agent = agentOfImage(uses.image);
    return agent ? [{ agent, via: 'action', job, step, span: uses.node.span }] : [];
  }
  const run = step.run;
  if (!run || typeof run.value !== 'string') return [];
  const found: AgentStep[] = [];
  for (const command of commandsOf(run.value)) {
    const launch = agentOfCommand(command);
    if (launch) found.push({ agent: launch.agent, via: 'cli', job, step, span: run.span, args: launch.args });
  }
  return found;
}

/**
 * The agent a shell command launches, and the arguments it gets, looking through the wrappers
 * that start programs (`sudo`, `env`, `timeout`, `npx`, `pnpm dlx`, `pipx run`, `uvx`,
 * `docker run IMAGE`…). An install (`npm install -g @openai/codex`) launches nothing.
 */
export function agentOfCommand(command: ShellCommand): { agent: AgentId; args: string[] } | undefined {
  let words = command.words;
  for (let guard = 0; guard < 8 && words.length > 0; guard++) {
    const [program, ...rest] = words;
    const name = programName(program!);
    const direct = AGENT_PROGRAMS.get(name);
    if (direct) {
      if (rest.length === 1 && SELF_QUERIES.has(rest[0]!)) return undefined;
      if (name === 'amp' && rest.length === 0) return undefined;
      return { agent: direct, args: rest };
    }
    const unwrapped = unwrap(name, rest);
    if (unwrapped === undefined) return undefined;
    if ('agent' in unwrapped) return unwrapped;
    words = unwrapped.words;
  }
  return undefined;
}

const FLAGS_WITH_VALUE: Readonly<Record<string, ReadonlySet<string>>> = {
  npx: new Set(['-p', '--package', '-c', '--call', '--cache', '--registry']),
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U']),
  timeout: new Set(['-k', '--kill-after', '-s', '--signal']),
  docker: new Set(['-e', '--env', '-v', '--volume', '-w', '--workdir', '--name', '--network', '--user', '-u', '--entrypoint', '--env-file', '--mount', '-p', '--publish', '--platform']),
};

/**
 * What a wrapper runs: the rest of its words, or the agent its package names. Undefined when the
 * program is neither a wrapper nor an agent.
 */
function unwrap(name: string, rest: readonly string[]): { words: readonly string[] } | { agent: AgentId; args: string[] } | undefined {
  switch (name) {
    case 'sudo':
    case 'env':
    case 'nohup':
    case 'time':
    case 'exec':
    case 'command':
      return { words: skipOptions(rest, FLAGS_WITH_VALUE.sudo!, name === 'env') };
    case 'timeout': {
      const after = skipOptions(rest, FLAGS_WITH_VALUE.timeout!, false);
      return { words: after.slice(1) }; // the duration
    }
    case 'npx':
    case 'bunx':
    case 'pnpx':
      return packageRun(skipOptions(rest, FLAGS_WITH_VALUE.npx!, false), rest);
    case 'pnpm':
    case 'yarn':
    case 'bun':
    case 'npm':
      // `pnpm dlx pkg`, `yarn dlx pkg`, `bun x pkg`, `npm exec pkg`; `npm install` launches nothing.
      if (rest[0] === 'dlx' || rest[0] === 'x' || rest[0] === 'exec') return packageRun(skipOptions(rest.slice(1), FLAGS_WITH_VALUE.npx!, false), rest.slice(1));
      return undefined;
    case 'pipx':
      return rest[0] === 'run' ? packageRun(skipOptions(rest.slice(1), new Set(['--spec', '--python']), false), rest.slice(1)) : undefined;
    case 'uvx':
      return packageRun(skipOptions(rest, new Set(['--from', '--with', '--python', '-p']), false), rest);
    case 'uv':
      return rest[0] === 'tool' && rest[1] === 'run' ? packageRun(skipOptions(rest.slice(2), new Set(['--from', '--with', '--python', '-p']), false), rest.slice(2)) : undefined;
    case 'docker':
    case 'podman': {
      if (rest[0] !== 'run') return undefined;
      const [image, ...args] = skipOptions(rest.slice(1), FLAGS_WITH_VALUE.docker!, false);
      const agent = image === undefined ? undefined : agentOfImage(image);
      return agent ? { agent, args } : undefined;
    }
    default:
      return undefined;
  }
}

/** A runner's package word: the agent it names (version or tag stripped), with the arguments after it. */
function packageRun(words: readonly string[], all: readonly string[]): { agent: AgentId; args: string[] } | { words: readonly string[] } | undefined {
  // `npx -p @openai/codex codex exec`: the package is an option's value, the program follows.
  const packageOption = all.findIndex((word) => word === '-p' || word === '--package' || word === '--from' || word === '--spec');
  if (packageOption !== -1) {
    const agent = AGENT_PACKAGES.get(packageName(all[packageOption + 1] ?? ''));
    if (agent) return { agent, args: words.slice(1) };
  }
  const [first, ...args] = words;
  if (first === undefined) return undefined;
  const agent = AGENT_PACKAGES.get(packageName(first)) ?? AGENT_PROGRAMS.get(packageName(first));
  return agent ? { agent, args } : { words };
}

/** `@openai/codex@0.5.1` → `@openai/codex`; `aider-chat==0.86` → `aider-chat`. */
function packageName(word: string): string {
  const at = word.indexOf('@', 1);
  const base = at === -1 ? word : word.slice(0, at);
  return base.split(/[=<>~!]/)[0]!.toLowerCase();
}

/** The agent a container image runs, by its last path segment: `ghcr.io/acme/claude-code:1` → claude-code. */
function agentOfImage(image: string): AgentId | undefined {
  const name = image.split('@')[0]!.split(':')[0]!.toLowerCase();
  const last = name.slice(name.lastIndexOf('/') + 1);
  if (last === 'claude-code') return 'claude-code';
  if (last === 'codex' || last === 'codex-cli') return 'codex';
  if (last === 'gemini-cli') return 'gemini-cli';
  if (last === 'aider' || last === 'aider-full') return 'aider';
  if (last === 'opencode') return 'opencode';
  return undefined;
}

/** The words after a program's own options (`-x`, `--flag`, `--flag=value`, and those that take the next word). */
function skipOptions(words: readonly string[], takesValue: ReadonlySet<string>, assignments: boolean): readonly string[] {
  let at = 0;
  while (at < words.length) {
    const word = words[at]!;
    if (word === '--') return words.slice(at + 1);
    if (assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      at++;
      continue;
    }
    if (!word.startsWith('-') || word === '-') break;
    at += takesValue.has(word) ? 2 : 1;
  }
  return words.slice(at);
}
