import { agentSteps, type AgentStep } from '../../src/agents/workflow.js';
import { defineRule, isMap, isScalar, stringValue, type NormalJob, type Step } from '../../src/rule.js';
import { stepInput, stepLabel } from '../../src/model/workflow.js';

/**
 * Secrets a step can read but does not need are secrets a compromised action or a steered agent
 * can take. Three ways a workflow hands them out: the whole `secrets` context at once
 * (`toJSON(secrets)`), a secret in the workflow's own `env:` (every step of every job gets it),
 * and the job token `actions/checkout` leaves in `.git/config` for every later step, an AI agent
 * included, unless told not to. In a job that runs an agent, three more: secrets in the job's
 * `env:` (every step gets them, the agent too), secrets an earlier step writes to `$GITHUB_ENV`,
 * and the session a cloud or registry login leaves in the environment or on disk. An agent reads
 * its environment and home folder as a matter of course, and a steered one hands them on.
 */

const GITHUB_TOKEN = /^github_token$/i;


/**
 * Login actions that leave a credential behind for later steps of the job, what they leave, and
 * the input that stops it where there is one.
 */
const LOGINS: ReadonlyMap<string, { leaves: string; off?: string; cloud?: 'aws' | 'google' | 'azure' }> = new Map([
  ['aws-actions/configure-aws-credentials', { leaves: 'AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SESSION_TOKEN)', off: 'output-env-credentials', cloud: 'aws' }],
  ['google-github-actions/auth', { leaves: 'a Google Cloud credentials file (GOOGLE_APPLICATION_CREDENTIALS)', off: 'create_credentials_file', cloud: 'google' }],
  ['azure/login', { leaves: 'an Azure CLI session in ~/.azure', cloud: 'azure' }],
  ['docker/login-action', { leaves: 'registry credentials in ~/.docker/config.json' }],
  ['aws-actions/amazon-ecr-login', { leaves: 'ECR registry credentials in ~/.docker/config.json', cloud: 'aws' }],
]);

/**
 * Whether the agent itself reaches its model through the cloud a login opened (Claude on Bedrock
 * or Vertex AI, Gemini on Vertex AI or with Google credentials): then the login is its own.
 */
function agentUsesCloud(found: AgentStep, cloud: 'aws' | 'google' | 'azure'): boolean {
  const step = found.step!;
  const settings = [...(step.with?.entries ?? []), ...(step.env?.entries ?? [])].map((entry) => `${entry.key}=${stringValue(entry.value) ?? ''}`).join('\n');
  const text = `${settings}\n${stringValue(step.run) ?? ''}`;
  if (cloud === 'aws') return /bedrock/i.test(text);
  if (cloud === 'google') return found.agent === 'gemini-cli' || /vertex/i.test(text);
  return /azure|foundry/i.test(text);
}

/** The secret names an expression text reads: `secrets.NPM_TOKEN`, `secrets['NPM_TOKEN']`. */
function secretNames(text: string): string[] {
  return [...text.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'([^']+)'\s*\])/gi)].map((match) => match[1] ?? match[2]!);
}

/**
 * The secrets a step's script writes to `$GITHUB_ENV`: read on the writing line itself, or through
 * a variable of the step's `env:` that holds one.
 */
function secretsWrittenToEnv(step: Step): string[] {
  const run = stringValue(step.run);
  if (run === undefined || !run.includes('GITHUB_ENV')) return [];
  const viaVariable = new Map<string, string[]>();
  for (const entry of step.env?.entries ?? []) viaVariable.set(entry.key, secretNames(stringValue(entry.value) ?? ''));
  const names = new Set<string>();
  for (const line of run.split('\n')) {
    if (!line.includes('GITHUB_ENV')) continue;
    for (const name of secretNames(line)) names.add(name);
    for (const match of line.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) for (const name of viaVariable.get(match[1]!) ?? []) names.add(name);
  }
  return [...names].filter((name) => !GITHUB_TOKEN.test(name));
}

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
      'A workflow exposes secrets beyond the step that uses them: the whole `secrets` context (`toJSON(secrets)`, `secrets[...]` with a computed name), a secret in the workflow-level `env:` that every step of every job receives, or, in a job that runs an AI agent, secrets in the job\'s `env:`, secrets written to `$GITHUB_ENV`, the session a cloud or registry login leaves behind, and the job token that `actions/checkout` leaves in `.git/config`. Any action in those steps, or an agent steered by what it reads, can take them.',
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
      jobEnv: 'job "{job}" env holds {names}, which the {agent} agent (step {agentStep}) can read and does not use; move them to the env of the steps that use them',
      githubEnv: 'job "{job}" step {step} writes {names} to $GITHUB_ENV: every later step reads them, the {agent} agent (step {agentStep}) included; pass them to the step that uses them',
      loginLeft: 'job "{job}" step {step}: {action} leaves {leaves} for every later step, the {agent} agent (step {agentStep}) included; run the agent in a job of its own, without the login',
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
      // In an agent's job: what its environment and home folder hold that it does not use.
      for (const job of workflow.jobs) {
        if (job.kind !== 'normal') continue;
        const jobAgents = agentSteps(workflow).filter((found) => found.job === job && found.step !== undefined);
        const first = jobAgents[0];
        if (!first) continue;
        const agentStep = stepLabel(first.step!);
        const usedByAgent = new Set(jobAgents.flatMap((found) => found.step!.references.filter((r) => r.context === 'secrets').map((r) => r.name.toLowerCase())));
        if (isMap(job.env)) {
          const names = [...new Set(job.env.entries.flatMap((entry) => secretNames(stringValue(entry.value) ?? '')))].filter(
            (name) => !GITHUB_TOKEN.test(name) && !usedByAgent.has(name.toLowerCase()),
          );
          if (names.length > 0) {
            const envKey = job.node.entries.find((entry) => entry.key === 'env')!;
            context.report({ node: envKey.value, at: 'key', messageId: 'jobEnv', data: { job: job.id, names: names.join(', '), agent: first.agent, agentStep } });
          }
        }
        for (const step of job.steps) {
          if (step.index >= first.step!.index) break;
          const written = secretsWrittenToEnv(step).filter((name) => !usedByAgent.has(name.toLowerCase()));
          if (written.length > 0 && step.run) {
            context.report({ node: step.run, at: 'entry', messageId: 'githubEnv', data: { job: job.id, step: stepLabel(step), names: written.join(', '), agent: first.agent, agentStep } });
          }
          const uses = step.uses;
          if (uses?.kind !== 'repository') continue;
          const action = `${uses.owner}/${uses.repo}`.toLowerCase();
          const login = LOGINS.get(action);
          if (!login) continue;
          const off = login.off === undefined ? undefined : stepInput(step, login.off);
          if (isScalar(off) && String(off.value).trim().toLowerCase() === 'false') continue;
          if (login.cloud && jobAgents.every((found) => found.step!.index < step.index || agentUsesCloud(found, login.cloud!))) continue;
          // A registry login with the job's own token leaves what checkout leaves: info beside an agent action, which holds a token anyway.
          const jobToken = /\bgithub\s*\.\s*token\b|\bsecrets\s*\.\s*GITHUB_TOKEN\b/i.test(stringValue(stepInput(step, 'password')) ?? '');
          context.report({
            node: uses.node,
            at: 'entry',
            messageId: 'loginLeft',
            data: { job: job.id, step: stepLabel(step), action, leaves: login.leaves, agent: first.agent, agentStep },
            ...(jobToken && first.via !== 'cli' ? { severity: 'info' as const } : {}),
          });
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
