import { agentSteps, type AgentStep } from '../../src/agents/workflow.js';
import { argumentWords } from '../../src/agents/shell.js';
import { defineRule, stringValue, type Node } from '../../src/rule.js';
import { startedOnlyByWriters } from '../../src/agents/triggers.js';
import { stepInput, stepLabel } from '../../src/model/workflow.js';

/**
 * An agent in CI is as safe as what it may do and who may drive it. An allow-list that admits
 * every shell command (`Bash`, `Bash(*)`, Copilot's `shell`, Gemini's `run_shell_command`) hands
 * the agent the job's whole environment; a user allow-list of `*` lets anyone who can comment
 * drive it. Both are written in plain sight: the tool flags of agent CLIs and the agent actions'
 * inputs.
 */

/** Tool entries that allow every shell command, by the agent that reads them. */
const UNRESTRICTED_SHELL: Readonly<Record<string, ReadonlySet<string>>> = {
  'claude-code': new Set(['bash', 'bash(*)', 'bash(:*)', 'bash(*:*)', '*']),
  copilot: new Set(['shell', 'shell(*)', '*']),
  'gemini-cli': new Set(['run_shell_command', 'shelltool', '*']),
};

/** The flags that list the tools an agent may use without asking. */
const TOOL_FLAGS: Readonly<Record<string, ReadonlySet<string>>> = {
  'claude-code': new Set(['--allowedTools', '--allowed-tools']),
  copilot: new Set(['--allow-tool']),
  'gemini-cli': new Set(['--allowed-tools']),
};

/** The tool entries among a command's arguments that allow every shell command. */
function unrestrictedTools(agent: string, args: readonly string[]): string[] {
  const flags = TOOL_FLAGS[agent];
  const shells = UNRESTRICTED_SHELL[agent];
  if (!flags || !shells) return [];
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const equals = word.indexOf('=');
    const flag = equals === -1 ? word : word.slice(0, equals);
    if (!flags.has(flag)) continue;
    // Values run to the next flag: `--allowedTools Read Bash`, `--allowedTools "Read,Bash"`.
    const values = equals === -1 ? [] : [word.slice(equals + 1)];
    if (equals === -1) for (let j = i + 1; j < args.length && !args[j]!.startsWith('-'); j++) values.push(args[j]!);
    for (const value of values) for (const entry of splitTools(value)) if (shells.has(entry.toLowerCase())) found.push(entry);
  }
  return [...new Set(found)];
}

/** `Read,Bash(git:*) Edit` → its entries; a comma inside parentheses stays in its entry. */
function splitTools(value: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of value) {
    if (char === '(') depth++;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === ',' || char === ' ')) {
      if (current.trim()) entries.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim()) entries.push(current.trim());
  return entries;
}



/** Inputs of agent actions that admit callers, and what `*` there lets in. */
const CALLER_INPUTS: Readonly<Record<string, readonly string[]>> = {
  'claude-code': ['allowed_non_write_users', 'allowed_bots'],
  codex: ['allow-users', 'allow-bots'],
};

export default defineRule({
  meta: {
    id: 'workflow-agent-broad-access',
    title: 'an AI agent in CI may run any shell command, or anyone may drive it',
    description:
      'A workflow lets an AI agent run every shell command without asking (`--allowedTools Bash` or `Bash(*)`, Copilot `--allow-tool shell`, Gemini `--allowed-tools run_shell_command`), or lets anyone drive it (`allowed_non_write_users: "*"`, `allowed_bots: "*"`, Codex `allow-users: "*"`). An agent that may run any command holds everything the job holds; an agent anyone may trigger takes instructions from anyone.',
    remediation:
      'List the commands the task needs (`Bash(npm test)`, `Bash(git diff:*)`, `shell(git:*)`) instead of the whole shell, and leave the user and bot allow-lists empty or name the accounts that may trigger the agent.',
    category: 'over-broad-scope',
    severity: 'medium',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      shell: 'job "{job}" step {step}: {agent} may run any shell command without asking ({tools}); list the commands the task needs instead',
      callers: 'job "{job}" step {step}: {agent} action input {input} is "*", so anyone who can trigger the workflow can drive the agent; name the accounts instead',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '250' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => {
    const shell = (found: AgentStep, node: Node, tools: readonly string[]) =>
      context.report({ node, at: 'entry', messageId: 'shell', data: { job: found.job.id, step: stepLabel(found.step!), agent: found.agent, tools: tools.join(', ') } });
    return {
      workflow(workflow) {
        for (const found of agentSteps(workflow)) {
          const step = found.step;
          if (!step) continue;
          if (found.via === 'cli') {
            const tools = unrestrictedTools(found.agent, found.args ?? []);
            if (tools.length > 0 && step.run) shell(found, step.run, tools);
            continue;
          }
          if (found.via !== 'action') continue;
          if (found.agent === 'claude-code') {
            for (const input of ['claude_args', 'allowed_tools']) {
              const node = stepInput(step, input);
              const words = input === 'allowed_tools' ? ['--allowedTools', ...splitTools(stringValue(node) ?? '')] : argumentWords(stringValue(node) ?? '');
              const tools = unrestrictedTools('claude-code', words);
              if (node && tools.length > 0) shell(found, node, tools);
            }
          }
          // Where only writers can start the workflow, "anyone who can trigger it" is a writer already.
          if (startedOnlyByWriters(workflow)) continue;
          for (const input of CALLER_INPUTS[found.agent] ?? []) {
            const node = stepInput(step, input);
            if (node && stringValue(node)?.trim() === '*') {
              context.report({ node, at: 'entry', messageId: 'callers', data: { job: found.job.id, step: stepLabel(step), agent: found.agent, input } });
            }
          }
        }
      },
    };
  },
});
