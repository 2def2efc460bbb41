import { commandsOf } from '../../src/agents/shell.js';
import type { AgentUse, IdentityType } from '../../src/model/project.js';
import { stepInput, stepLabel, type Step } from '../../src/model/workflow.js';
import { defineRule, type IdentityHandle, type ProjectFacts, type Severity, type SourceFile, type Span, type WorkflowJob } from '../../src/rule.js';

/**
 * One identity (a cloud role, a service account, a GitHub App, a secret) used by a job that runs
 * an AI agent and by a job that runs none. The agent then acts as the deploy or release job does:
 * whatever it is talked into doing, the cloud's or GitHub's audit log shows the same principal,
 * and the identity cannot be narrowed to the agent's task without breaking the other job.
 * On GitHub Actions the job is the unit that holds an identity: credentials a step obtains stay on
 * the runner for the later steps, the agent's included, and files the agent edits run in later
 * steps with theirs.
 */

/** How many other jobs a result lists as related locations; the message counts the rest. */
const MAX_RELATED = 5;

/** Every job's own token, distinct per run: not an identity jobs share. */
const OWN_TOKEN = 'secrets.GITHUB_TOKEN';

/**
 * Model providers' keys: what an agent job is expected to hold. Shared between agents they are
 * one budget, not one principal; a non-agent job holding one too is a weaker finding.
 */
const MODEL_KEY =
  /^(?:[A-Z0-9]+_)?(?:ANTHROPIC|CLAUDE|OPENAI|AZURE_OPENAI|GEMINI|GOOGLE_AI|GOOGLE_GENERATIVE_AI|VERTEX|MISTRAL|GROQ|DEEPSEEK|XAI|GROK|OPENROUTER|TOGETHER|FIREWORKS|PERPLEXITY|COHERE|CODEX|CURSOR|AMP|QWEN|DASHSCOPE|MOONSHOT|KIMI|ZHIPU|ZAI)(?:_[A-Z0-9_]*)?_(?:API_KEY|KEY|TOKEN|OAUTH_TOKEN)$|^GOOGLE_API_KEY$|^AWS_BEARER_TOKEN_BEDROCK$/;

/** What each handle type is, for a message, and what the agent should get instead. */
const KIND: { readonly [Type in IdentityType]: { readonly what: string; readonly own: string } } = {
  'secret-name': { what: 'the secret', own: 'secret' },
  'env-var': { what: 'the variable', own: 'credential' },
  'role-arn': { what: 'the AWS role', own: 'AWS role' },
  'service-account': { what: 'the Google service account', own: 'service account' },
  'workload-identity-provider': { what: 'the workload identity provider', own: 'workload identity (its own provider, or an attribute condition on its workflow)' },
  'client-id': { what: 'the Azure identity', own: 'Azure identity (app registration or managed identity)' },
  'github-app': { what: 'the GitHub App', own: 'GitHub App' },
  'cloud-profile': { what: 'the cloud profile', own: 'cloud profile' },
  'kube-context': { what: 'the Kubernetes context', own: 'Kubernetes service account' },
};

/** Actions whose job deploys or publishes, by `owner/repo` in lower case, with what they do. */
const RELEASE_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['pypa/gh-action-pypi-publish', 'publishes to PyPI'],
  ['js-devtools/npm-publish', 'publishes to npm'],
  ['rubygems/release-gem', 'publishes a gem'],
  ['changesets/action', 'publishes packages'],
  ['goreleaser/goreleaser-action', 'publishes a release'],
  ['softprops/action-gh-release', 'publishes a release'],
  ['ncipollo/release-action', 'publishes a release'],
  ['googleapis/release-please-action', 'publishes a release'],
  ['google-github-actions/release-please-action', 'publishes a release'],
  ['helm/chart-releaser-action', 'publishes charts'],
  ['docker/build-push-action', 'pushes an image'],
  ['actions/deploy-pages', 'deploys Pages'],
  ['peaceiris/actions-gh-pages', 'deploys Pages'],
  ['jamesives/github-pages-deploy-action', 'deploys Pages'],
  ['cloudflare/wrangler-action', 'deploys to Cloudflare'],
  ['cloudflare/pages-action', 'deploys to Cloudflare'],
  ['amondnet/vercel-action', 'deploys to Vercel'],
  ['aws-actions/amazon-ecs-deploy-task-definition', 'deploys to AWS'],
  ['aws-actions/aws-cloudformation-github-deploy', 'deploys to AWS'],
  ['google-github-actions/deploy-cloudrun', 'deploys to Google Cloud'],
  ['google-github-actions/deploy-appengine', 'deploys to Google Cloud'],
  ['google-github-actions/deploy-cloud-functions', 'deploys to Google Cloud'],
  ['azure/webapps-deploy', 'deploys to Azure'],
  ['azure/functions-action', 'deploys to Azure'],
  ['azure/k8s-deploy', 'deploys to Azure'],
  ['azure/arm-deploy', 'deploys to Azure'],
]);

/** Commands that publish or deploy: a program, and what its arguments say when it does. */
const RELEASE_COMMANDS: ReadonlyMap<string, RegExp> = new Map([
  ['npm', /^publish\b/],
  ['pnpm', /^publish\b/],
  ['yarn', /^(?:npm )?publish\b/],
  ['cargo', /^publish\b/],
  ['twine', /^upload\b/],
  ['uv', /^publish\b/],
  ['poetry', /^publish\b/],
  ['hatch', /^publish\b/],
  ['flit', /^publish\b/],
  ['gem', /^push\b/],
  ['docker', /^(?:push\b|(?:buildx )?build\b.* --push\b)/],
  ['gh', /^release (?:create|upload|edit)\b/],
  ['terraform', /^apply\b/],
  ['kubectl', /^(?:apply|rollout|set image)\b/],
  ['helm', /^(?:upgrade|install)\b/],
  ['wrangler', /^(?:deploy|publish|pages deploy)\b/],
  ['vercel', /(?:^deploy\b|--prod\b)/],
  ['firebase', /^deploy\b/],
  ['gcloud', /\bdeploy\b/],
  ['goreleaser', /^release\b/],
  ['semantic-release', /(?:)/],
]);

/**
 * Secrets that locate a service or name an account rather than prove who the caller is (an STS
 * URL, a project id, a region): sharing one shares no identity.
 */
const LOCATOR = /(?:^|_)(?:URL|URI|HOST|HOSTNAME|ENDPOINT|DOMAIN|REGION|ZONE|LOCATION|PORT|BUCKET|PROJECT|PROJECT_ID|PROJECT_NUMBER|ACCOUNT_ID|TENANT_ID|SUBSCRIPTION_ID|ORG|ORG_ID|ORGANIZATION|EMAIL|USER|USERNAME|NAME)$/;

/** The little the rule keeps of each job while files pass: enough to name it and judge it. */
interface JobFacts {
  readonly id: string;
  readonly idSpan: Span;
  /** A job that calls a workflow of this repository holds nothing itself: the called jobs do, and their uses are counted there. */
  readonly callsLocal: boolean;
  readonly normal: boolean;
  /** Each step's label, by its index in the job. */
  readonly steps: ReadonlyMap<number, string>;
  /** Why the job counts as deploying or publishing, when it does. */
  readonly releases?: string;
}

/** One job's use of a handle. */
interface JobUse {
  readonly handle: IdentityHandle;
  readonly key: string;
  readonly job: JobFacts;
  /** Where to point: the handle, or the job's id when the job gets it from the workflow's `env:`. */
  readonly span: Span;
  readonly viaWorkflow: boolean;
}

interface Finding {
  readonly use: JobUse;
  /** The most specific type any use gives the handle: a secret read as an App id is the App. */
  readonly type: IdentityType;
  /** How the message names the handle: `APP_KEY`, `vars.AWS_ROLE`, an ARN. */
  readonly name: string;
  readonly agent: AgentUse;
  readonly others: readonly JobUse[];
  readonly severity: Severity;
  /** The agent's job uses the handle only in steps after the agent's. */
  readonly afterAgent: boolean;
  readonly keys: string[];
}

/** A job that runs an agent: its first agent, and where its agents run. */
interface AgentJob {
  readonly first: AgentUse;
  readonly steps: Set<number>;
  /** The last agent step's index; past every step for the Copilot coding agent, which runs after them. */
  last: number;
}

/** The jobs that run an agent, by file path and job id. */
function agentJobsOf(agentUses: readonly AgentUse[]): Map<string, AgentJob> {
  const jobs = new Map<string, AgentJob>();
  for (const agent of agentUses) {
    const user = parseUser(agent.user);
    if (user === undefined || user === 'top level') continue;
    const key = `${agent.file.path}\n${user.job}`;
    const job = jobs.get(key) ?? { first: agent, steps: new Set<number>(), last: -1 };
    jobs.set(key, job);
    const step = user.step ?? Number.POSITIVE_INFINITY;
    if (user.step !== undefined) job.steps.add(user.step);
    job.last = Math.max(job.last, step);
  }
  return jobs;
}

/**
 * Whether the agent holds what a use of its job gives: the workflow's or the job's `env:`, its own
 * step, or a step before it, whose logins, exported variables and written config stay on the
 * runner. A step after the agent's runs with the handle once the agent is done.
 */
function reachesAgent(use: JobUse, agents: AgentJob): boolean {
  const user = parseUser(use.handle.user);
  if (use.viaWorkflow || user === undefined || user === 'top level' || user.step === undefined) return true;
  return agents.steps.has(user.step) || user.step < agents.last;
}

/** The job and step a handle's user names: `jobs.deploy.steps[2]`, `jobs.deploy`, or the top level. */
function parseUser(user: string): { job: string; step?: number } | 'top level' | undefined {
  if (user === 'top level') return user;
  const match = /^jobs\.([^.]+)(?:\.steps\[(\d+)\])?$/.exec(user);
  if (!match) return undefined;
  return match[2] === undefined ? { job: match[1]! } : { job: match[1]!, step: Number(match[2]) };
}

/**
 * What a handle stands for across the repository. A secret is the same identity whatever input
 * or `env:` reads it, so `secrets.APP_ID` as an App id and as a plain secret match; a literal
 * (an ARN, an e-mail) matches the same literal of the same type.
 */
function identityKey(handle: IdentityHandle): string {
  if (handle.type === 'secret-name') return `secrets.${handle.name.toUpperCase()}`;
  return /^(?:secrets|vars)\.[A-Z0-9_]+$/.test(handle.name) ? handle.name : `${handle.type}:${handle.name}`;
}

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function releasingStep(step: Step): string | undefined {
  const uses = step.uses;
  if (uses?.kind === 'repository') {
    const action = `${uses.owner}/${uses.repo}`.toLowerCase();
    const does = RELEASE_ACTIONS.get(action);
    if (does === undefined) return undefined;
    // An image built and kept on the runner is no release.
    if (action === 'docker/build-push-action') {
      const push = stepInput(step, 'push');
      if (push?.type !== 'scalar' || push.value === false || push.value === 'false') return undefined;
    }
    return `${does} with ${action}`;
  }
  if (typeof step.run?.value !== 'string') return undefined;
  for (const { words } of commandsOf(step.run.value)) {
    const program = words[0]?.slice(words[0].lastIndexOf('/') + 1);
    const releases = program === undefined ? undefined : RELEASE_COMMANDS.get(program);
    const args = words.slice(1);
    // A dry run publishes nothing.
    if (!releases?.test(args.join(' ')) || args.includes('--dry-run')) continue;
    // The subcommand names what it does; an option may carry a token, so none is quoted.
    const subcommand = args[0] !== undefined && /^[a-z][a-z-]*$/.test(args[0]) ? ` ${args[0]}` : '';
    return `runs ${program}${subcommand}`;
  }
  return undefined;
}

/**
 * Why a job counts as deploying or publishing: a deployment environment, or a release action or
 * command. A job's name is no evidence: "publish" names archive and report jobs as often as releases.
 */
function releaseReason(job: WorkflowJob): string | undefined {
  if (job.environment) return job.environment.name ? `environment "${job.environment.name.value}"` : 'a deployment environment';
  if (job.kind === 'normal') {
    for (const step of job.steps) {
      const reason = releasingStep(step);
      if (reason) return reason;
    }
  }
  return undefined;
}

/** Where in its job an agent runs: its step, or after the steps for the Copilot coding agent's setup job. */
function agentPlace(agent: AgentUse, job: JobFacts): string {
  const user = parseUser(agent.user);
  const step = user !== undefined && user !== 'top level' && user.step !== undefined ? job.steps.get(user.step) : undefined;
  return step !== undefined ? `step ${step}` : 'after its setup steps';
}

function jobFacts(job: WorkflowJob): JobFacts {
  const releases = releaseReason(job);
  return {
    id: job.id,
    idSpan: job.idSpan,
    callsLocal: job.kind === 'reusable-call' && job.uses?.kind === 'local',
    normal: job.kind === 'normal',
    steps: new Map(job.kind === 'normal' ? job.steps.map((step) => [step.index, stepLabel(step)] as const) : []),
    ...(releases ? { releases } : {}),
  };
}

export default defineRule({
  meta: {
    id: 'workflow-agent-shared-identity',
    title: 'an AI agent\'s job shares an identity with a job that runs no agent',
    description:
      'A job that runs an AI agent uses the same identity (an AWS role, a Google service account or workload identity, an Azure client id, a GitHub App, or a secret) as another job, in the same or another workflow, that runs no agent, such as a deploy or release job. Whatever the agent is talked into doing, it does as that job: audit logs cannot tell them apart, and the identity cannot be narrowed to the agent\'s task without breaking the other job.',
    remediation:
      'Give the agent its own identity, scoped to what its task needs: its own GitHub App with only the permissions the agent uses, its own AWS role or Google service account whose trust policy names the agent\'s workflow, its own secret. Keep the deploy and release identities in jobs that run no agent, behind a protected environment.',
    category: 'shared-identity',
    severity: 'medium',
    confidence: 'medium',
    kinds: ['github-workflow'],
    messages: {
      shared:
        '{handle}{key} is used by job "{job}", which runs an AI agent ({agent}, {where}){after}, and by {others}{more}, which run{s} no agent: one identity for both; give the agent its own {own} with only what its task needs',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI9' },
      { framework: 'csa-maestro', id: 'L7' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '653' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => {
    /** Each workflow's jobs by id, by file path. */
    const workflows = new Map<string, { file: SourceFile; jobs: Map<string, JobFacts> }>();

    /**
     * Every job's use of every handle that counts. A secret read inside an identity input (the
     * account id in a role's ARN) is that identity's use, not a handle of its own.
     */
    function jobUses({ identities }: ProjectFacts): JobUse[] {
      const typed = identities.filter((handle) => handle.type !== 'secret-name');
      // With a service account named, the account is who the job acts as; the provider only lets it in.
      const impersonating = new Set(typed.filter((h) => h.type === 'service-account').map((h) => `${h.file.path}\n${h.user}`));
      const uses: JobUse[] = [];
      for (const handle of identities) {
        const workflow = workflows.get(handle.file.path);
        if (workflow === undefined) continue;
        const key = identityKey(handle);
        if (key === OWN_TOKEN) continue;
        if (handle.type === 'secret-name' && LOCATOR.test(handle.name.toUpperCase())) continue;
        if (handle.type === 'secret-name' && typed.some((other) => other.file === handle.file && contains(other.span, handle.span))) continue;
        if (handle.type === 'workload-identity-provider' && impersonating.has(`${handle.file.path}\n${handle.user}`)) continue;
        const user = parseUser(handle.user);
        if (user === undefined) continue;
        if (user === 'top level') {
          // The workflow's `env:` reaches every job that runs steps, and no called workflow.
          for (const job of workflow.jobs.values()) if (job.normal) uses.push({ handle, key, job, span: job.idSpan, viaWorkflow: true });
          continue;
        }
        const job = workflow.jobs.get(user.job);
        if (job === undefined || job.callsLocal) continue;
        uses.push({ handle, key, job, span: handle.span, viaWorkflow: false });
      }
      return uses;
    }

    function findingsOf(facts: ProjectFacts): Finding[] {
      const agentJobs = agentJobsOf(facts.agentUses);
      const agentsOf = (use: JobUse): AgentJob | undefined => agentJobs.get(`${use.handle.file.path}\n${use.job.id}`);
      const agentOf = (use: JobUse): AgentUse | undefined => agentsOf(use)?.first;

      const byKey = new Map<string, JobUse[]>();
      for (const use of jobUses(facts)) {
        const group = byKey.get(use.key);
        if (group) group.push(use);
        else byKey.set(use.key, [use]);
      }
      const findings: Finding[] = [];
      for (const [key, uses] of byKey) {
        const atAgents = uses.filter((use) => agentOf(use) !== undefined);
        const held = atAgents.filter((use) => reachesAgent(use, agentsOf(use)!));
        const first = held.find((use) => !use.viaWorkflow) ?? held[0] ?? atAgents[0];
        if (first === undefined) continue;
        const seen = new Set<string>();
        const others = uses.filter((use) => {
          const job = `${use.handle.file.path}\n${use.job.id}`;
          if (agentOf(use) !== undefined || seen.has(job)) return false;
          seen.add(job);
          return true;
        });
        if (others.length === 0) continue;
        const typed = uses.find((use) => use.handle.type !== 'secret-name')?.handle;
        findings.push({
          use: first,
          type: typed?.type ?? 'secret-name',
          name: typed?.name ?? first.handle.name,
          agent: agentOf(first)!,
          others,
          severity: severityOf(uses, others, held.length > 0),
          afterAgent: held.length === 0,
          keys: [key],
        });
      }
      return foldCredentials(findings);
    }

    /**
     * A secret the agent job passes to the step that obtains a typed identity (an App's private
     * key, a service account's key) is that identity's credential: one finding names both,
     * when the secret is shared with no job the identity is not.
     */
    function foldCredentials(findings: Finding[]): Finding[] {
      const kept: Finding[] = [];
      for (const finding of findings) {
        const { handle } = finding.use;
        const host =
          handle.type === 'secret-name'
            ? findings.find(
                (other) =>
                  other.type !== 'secret-name' &&
                  other.use.handle.file === handle.file &&
                  other.use.handle.user === handle.user &&
                  finding.others.every((mine) => other.others.some((theirs) => theirs.handle.file === mine.handle.file && theirs.job.id === mine.job.id)),
              )
            : undefined;
        if (host && finding.type === 'secret-name') host.keys.push(finding.keys[0]!);
        else kept.push(finding);
      }
      return kept;
    }

    /** A handle the agent's job uses only once the agent is done is one step less serious: the agent can only shape what runs with it. */
    function severityOf(uses: readonly JobUse[], others: readonly JobUse[], held: boolean): Severity {
      const typed = uses.some((use) => use.handle.type !== 'secret-name');
      if (!typed && MODEL_KEY.test(uses[0]!.handle.name.toUpperCase())) return 'low';
      const releases = others.some((use) => use.job.releases !== undefined);
      if (held) return releases ? 'high' : 'medium';
      return releases ? 'medium' : 'low';
    }

    /** The other jobs, file by file: `"deploy" (environment "production"), "smoke" in .github/workflows/cd.yml`. */
    function describeJobs(uses: readonly JobUse[], from: SourceFile): string {
      const byFile = new Map<string, string[]>();
      for (const use of uses) {
        const names = byFile.get(use.handle.file.path) ?? [];
        names.push(`"${use.job.id}"${use.job.releases ? ` (${use.job.releases})` : ''}`);
        byFile.set(use.handle.file.path, names);
      }
      return [...byFile].map(([path, names]) => `${names.join(', ')}${path === from.path ? '' : ` in ${path}`}`).join('; ');
    }

    function report(finding: Finding): void {
      const { use, agent, others } = finding;
      const { handle } = use;
      const kind = finding.type === 'secret-name' && MODEL_KEY.test(finding.name.toUpperCase()) ? { what: 'the model API key', own: 'API key' } : KIND[finding.type];
      const shown = others.slice(0, MAX_RELATED);
      const related = shown.map((other) => ({
        file: other.handle.file,
        span: other.span,
        message: other.viaWorkflow ? `job "${other.job.id}" gets it from the workflow's env, and runs no agent` : `job "${other.job.id}" uses it, and runs no agent`,
      }));
      if (use.viaWorkflow || handle.user !== agent.user) related.unshift({ file: agent.file, span: agent.span, message: `the ${agent.agent} agent runs here` });
      const folded = finding.keys.slice(1);
      context.report({
        file: handle.file,
        // A secret in the workflow's `env:` is shown where it is written, for the agent's job.
        span: handle.span,
        messageId: 'shared',
        anchor: `jobs.${use.job.id}:${finding.keys.join('+')}`,
        severity: finding.severity,
        data: {
          handle: `${kind.what} ${finding.name}`,
          key: folded.length > 0 ? ` (with ${folded.join(', ')})` : '',
          job: use.job.id,
          agent: agent.agent,
          where: agentPlace(agent, use.job),
          after: finding.afterAgent ? ' and uses it only after the agent has run' : '',
          others: `${others.length === 1 ? 'job' : 'jobs'} ${describeJobs(shown, handle.file)}`,
          more: others.length > shown.length ? ` and ${others.length - shown.length} more` : '',
          s: others.length === 1 ? 's' : '',
          own: kind.own,
        },
        related,
      });
    }

    return {
      workflow(workflow) {
        workflows.set(workflow.file.path, { file: workflow.file, jobs: new Map(workflow.jobs.map((job) => [job.id, jobFacts(job)])) });
      },
      project(facts) {
        for (const finding of findingsOf(facts)) report(finding);
      },
    };
  },
});
