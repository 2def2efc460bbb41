import { agentSteps } from '../../src/agents/workflow.js';
import { stepLabel } from '../../src/model/workflow.js';
import { defineRule } from '../../src/rule.js';

/**
 * Text anyone can write (an issue title, a comment, a branch name) pasted into an agent's prompt
 * becomes instructions the agent may follow: a prompt injection with the job's token behind it.
 * Unlike a `run:` script injection it needs no shell metacharacter, so quoting does not help;
 * the agent should read such text as data (through an environment variable or a file it is told
 * is untrusted), and the job should hold nothing that matters. Numbers and ids are not free text.
 */

/** `github.event` paths whose value whoever opens an issue, comments or pushes a branch writes ('*' is any index or key). */
const FREE_TEXT: readonly (readonly string[])[] = [
  ['issue', 'title'],
  ['issue', 'body'],
  ['pull_request', 'title'],
  ['pull_request', 'body'],
  ['pull_request', 'head', 'ref'],
  ['pull_request', 'head', 'label'],
  ['pull_request', 'head', 'repo', 'default_branch'],
  ['comment', 'body'],
  ['review', 'body'],
  ['review_comment', 'body'],
  ['discussion', 'title'],
  ['discussion', 'body'],
  ['head_commit', 'message'],
  ['head_commit', 'author', 'name'],
  ['head_commit', 'author', 'email'],
  ['commits', '*', 'message'],
  ['commits', '*', 'author', 'name'],
  ['commits', '*', 'author', 'email'],
  ['pages', '*', 'page_name'],
  ['workflow_run', 'head_branch'],
  ['workflow_run', 'head_commit', 'message'],
  ['workflow_run', 'display_title'],
];

/** Whether a `github.*` read is free text an outsider controls: `github.head_ref`, or one of FREE_TEXT under `event`. */
function isFreeText(properties: readonly string[]): boolean {
  const lower = properties.map((property) => property.toLowerCase());
  if (lower.length === 1 && lower[0] === 'head_ref') return true;
  if (lower[0] !== 'event') return false;
  const rest = lower.slice(1);
  return FREE_TEXT.some((path) => path.length === rest.length && path.every((part, i) => part === '*' || part === rest[i] || (rest[i] === '*' && part === '*')));
}

/** The agent actions' inputs that become the agent's prompt or instructions. */
const PROMPT_INPUTS = new Set(['prompt', 'direct_prompt', 'override_prompt', 'custom_instructions', 'system_prompt', 'append_system_prompt', 'prompt-file', 'system-prompt']);


export default defineRule({
  meta: {
    id: 'agent-prompt-injection',
    title: 'text anyone can write is pasted into an AI agent\'s prompt',
    description:
      'A workflow pastes attacker-controlled free text, such as an issue title or body, a comment, a pull request title or a branch name (`${{ github.event.issue.body }}`, `${{ github.head_ref }}`), into the prompt or instructions of an AI agent step. Whoever writes that text can give the agent instructions, which it may follow with the job\'s token, secrets and tools.',
    remediation:
      'Do not interpolate event text into a prompt. Tell the agent where to read it (the issue number, a file) and that it is untrusted data; pass it through an environment variable if it must be passed. Keep the job\'s token read-only and its secrets out of the agent\'s reach, and limit the agent\'s tools.',
    category: 'unsafe-agent-setting',
    severity: 'low',
    confidence: 'medium',
    kinds: ['github-workflow'],
    messages: {
      input: 'job "{job}" step {step}: github.{read} (free text anyone can write) is pasted into the {agent} prompt input "{input}"; let the agent read it as untrusted data instead',
      cli: 'job "{job}" step {step}: github.{read} (free text anyone can write) is pasted into a script that runs {agent}; pass it through an environment variable and tell the agent it is untrusted data',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI01' },
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '1427' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => ({
    workflow(workflow) {
      for (const found of agentSteps(workflow)) {
        const step = found.step;
        if (!step || (found.via !== 'action' && found.via !== 'cli')) continue;
        for (const reference of step.references) {
          if (reference.context !== 'github' || reference.bare || !isFreeText(reference.properties)) continue;
          const data = { job: found.job.id, step: stepLabel(step), read: reference.name, agent: found.agent };
          if (found.via === 'action') {
            // `jobs.<id>.steps.<n>.with.<input>`: the input the expression is written in.
            const at = reference.path.indexOf('with');
            const input = at !== -1 ? reference.path[at + 1] : undefined;
            if (typeof input !== 'string' || !PROMPT_INPUTS.has(input.toLowerCase())) continue;
            context.report({ span: reference.expressionSpan, anchor: `${reference.path.join('.')}/${reference.name}`, messageId: 'input', data: { ...data, input } });
          } else if (step.run && reference.node === step.run) {
            context.report({ span: reference.expressionSpan, anchor: `${reference.path.join('.')}/${reference.name}`, messageId: 'cli', data });
          }
        }
      }
    },
  }),
});
