import { agentSteps, type AgentId, type AgentStep } from '../../src/agents/workflow.js';
import { argumentWords } from '../../src/agents/shell.js';
import { defineRule, stringValue, type Node } from '../../src/rule.js';
import { stepInput, stepLabel } from '../../src/model/workflow.js';

/**
 * An agent in CI that runs every tool without asking, or outside its sandbox, does whatever the
 * text it reads says: an issue, a pull request, a dependency's README. In CI nobody is there to
 * be asked, so an agent's own approval and sandbox settings are what stands between a prompt
 * injection and the job's token, secrets and network. This rule reads the settings that turn
 * them off: CLI flags in `run:` and the agent actions' inputs.
 */

/** One unsafe setting: the words that turn it on, what it does, and what to use instead. */
interface UnsafeSetting {
  /** A flag alone (`--yolo`), or a flag and the value that makes it unsafe (`--sandbox danger-full-access`). */
  readonly flag: string;
  readonly value?: RegExp;
  readonly effect: string;
}

/** Each agent CLI's flags that drop approvals or the sandbox. */
const CLI_SETTINGS: Partial<Record<AgentId, readonly UnsafeSetting[]>> = {
  'claude-code': [
    { flag: '--dangerously-skip-permissions', effect: 'runs every tool and command without asking' },
    { flag: '--permission-mode', value: /^bypassPermissions$/, effect: 'runs every tool and command without asking' },
  ],
  codex: [
    { flag: '--dangerously-bypass-approvals-and-sandbox', effect: 'runs every command without approval and outside the sandbox' },
    { flag: '--yolo', effect: 'runs every command without approval and outside the sandbox' },
    { flag: '--sandbox', value: /^danger-full-access$/, effect: 'runs commands outside the sandbox, with full disk and network access' },
    { flag: '-s', value: /^danger-full-access$/, effect: 'runs commands outside the sandbox, with full disk and network access' },
    { flag: '-c', value: /^sandbox_mode\s*=\s*["']?danger-full-access/, effect: 'runs commands outside the sandbox, with full disk and network access' },
    { flag: '--config', value: /^sandbox_mode\s*=\s*["']?danger-full-access/, effect: 'runs commands outside the sandbox, with full disk and network access' },
  ],
  'gemini-cli': [
    { flag: '--yolo', effect: 'accepts every tool call without asking' },
    { flag: '-y', effect: 'accepts every tool call without asking' },
    { flag: '--approval-mode', value: /^yolo$/, effect: 'accepts every tool call without asking' },
  ],
  'qwen-code': [
    { flag: '--yolo', effect: 'accepts every tool call without asking' },
    { flag: '-y', effect: 'accepts every tool call without asking' },
    { flag: '--approval-mode', value: /^yolo$/, effect: 'accepts every tool call without asking' },
  ],
  copilot: [
    { flag: '--allow-all-tools', effect: 'runs every tool, shell commands included, without asking' },
    { flag: '--allow-all', effect: 'runs every tool, on every path and URL, without asking' },
    { flag: '--yolo', effect: 'runs every tool, on every path and URL, without asking' },
  ],
  aider: [{ flag: '--yes-always', effect: 'says yes to every confirmation, running shell commands included' }],
  amp: [{ flag: '--dangerously-allow-all', effect: 'runs every tool without asking' }],
};

const INSTEAD: Partial<Record<AgentId, string>> = {
  'claude-code': 'allow the few tools the task needs with --allowedTools and keep the default permission mode',
  codex: 'keep the workspace-write or read-only sandbox',
  'gemini-cli': 'keep the default approval mode and limit tools in settings (coreTools / excludeTools)',
  'qwen-code': 'keep the default approval mode and limit the tools it may use',
  copilot: 'allow the few tools the task needs with --allow-tool',
  aider: 'leave confirmations on, or run it where it can reach no credential',
  amp: 'allow the few tools the task needs',
};

/** The unsafe settings among a command's words after the program, each named once. */
function unsafeInArgs(agent: AgentId, args: readonly string[]): { said: string[]; effect: string } | undefined {
  const settings = CLI_SETTINGS[agent];
  if (!settings) return undefined;
  const said: string[] = [];
  let effect = '';
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const equals = word.indexOf('=');
    const flag = word.startsWith('--') && equals !== -1 ? word.slice(0, equals) : word;
    const inline = word.startsWith('--') && equals !== -1 ? word.slice(equals + 1) : undefined;
    for (const setting of settings) {
      if (setting.flag !== flag) continue;
      if (setting.value) {
        const value = inline ?? args[i + 1];
        if (value === undefined || !setting.value.test(value)) continue;
        said.push(`${flag} ${value}`);
      } else if (inline === undefined) said.push(flag);
      else continue;
      effect ||= setting.effect;
    }
  }
  return said.length > 0 ? { said: [...new Set(said)], effect } : undefined;
}


/** Gemini settings JSON given to the action: `"sandbox": false`, at the top or under `tools`. */
function geminiSandboxOff(node: Node | undefined): boolean {
  const value = stringValue(node);
  if (value === undefined || !value.includes('sandbox')) return false;
  try {
    const settings = JSON.parse(value) as { sandbox?: unknown; tools?: { sandbox?: unknown } };
    return settings.sandbox === false || settings.tools?.sandbox === false;
  } catch {
    return false;
  }
}

/** What a step is called in a message: its id or name, else its position. */

export default defineRule({
  meta: {
    id: 'workflow-agent-unsafe-setting',
    title: 'an AI agent in CI runs without approvals or outside its sandbox',
    description:
      'A workflow step runs an AI coding agent with its approvals or its sandbox turned off (`--dangerously-skip-permissions`, `--yolo`, `--allow-all-tools`, `sandbox: danger-full-access`, `safety-strategy: unsafe`, Gemini `"sandbox": false`). In CI nobody is there to approve anything, so these settings leave the agent doing whatever the text it reads says: an issue, a pull request or a dependency can steer it to the job token, the secrets and the network.',
    remediation:
      'Keep the agent\'s sandbox and approval mode, and allow only the tools the task needs (`--allowedTools`, `--allow-tool`, Gemini `coreTools`). Give the job the least token it can work with and no secrets it does not use. Where an agent must run unattended, run it in a disposable environment that holds no credential worth stealing.',
    category: 'unsafe-agent-setting',
    severity: 'high',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      cli: 'job "{job}" step {step}: {agent} runs with {setting}, so it {effect}; {instead}',
      input: 'job "{job}" step {step}: {agent} action input {setting}, so it {effect}; {instead}',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-asi-2026', id: 'ASI05' },
      { framework: 'owasp-asi-2026', id: 'ASI09' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'nist-ai-rmf-1.0', id: 'GOVERN-3.2' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-3.5' },
      { framework: 'cwe', id: '862' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => {
    const report = (found: AgentStep, messageId: 'cli' | 'input', node: Node, setting: string, effect: string) =>
      context.report({
        node,
        at: 'entry',
        messageId,
        data: { job: found.job.id, step: stepLabel(found.step!), agent: found.agent, setting, effect, instead: INSTEAD[found.agent] ?? 'keep its approvals and sandbox on' },
      });
    return {
      workflow(workflow) {
        for (const found of agentSteps(workflow)) {
          const step = found.step;
          if (!step) continue;
          if (found.via === 'cli' && step.run) {
            const unsafe = unsafeInArgs(found.agent, found.args ?? []);
            if (unsafe) report(found, 'cli', step.run, unsafe.said.join(', '), unsafe.effect);
            continue;
          }
          if (found.via !== 'action') continue;
          if (found.agent === 'claude-code') {
            const args = stepInput(step, 'claude_args');
            const unsafe = unsafeInArgs('claude-code', argumentWords(stringValue(args) ?? ''));
            if (args && unsafe) report(found, 'input', args, `claude_args ${unsafe.said.join(', ')}`, unsafe.effect);
          } else if (found.agent === 'codex') {
            const sandbox = stepInput(step, 'sandbox');
            if (stringValue(sandbox) === 'danger-full-access') report(found, 'input', sandbox!, 'sandbox: danger-full-access', 'runs commands outside the sandbox, with full disk and network access');
            const strategy = stepInput(step, 'safety-strategy');
            if (stringValue(strategy) === 'unsafe') report(found, 'input', strategy!, 'safety-strategy: unsafe', 'runs with the privileges of the job, its token and secrets within reach');
            const args = stepInput(step, 'codex-args');
            const unsafe = unsafeInArgs('codex', argumentWords(stringValue(args) ?? ''));
            if (args && unsafe) report(found, 'input', args, `codex-args ${unsafe.said.join(', ')}`, unsafe.effect);
          } else if (found.agent === 'gemini-cli') {
            const settings = stepInput(step, 'settings');
            if (geminiSandboxOff(settings)) report(found, 'input', settings!, 'settings "sandbox": false', 'runs its tools outside any sandbox');
          }
        }
      },
    };
  },
});
