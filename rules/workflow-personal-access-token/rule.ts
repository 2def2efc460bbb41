import { agentJobs } from '../../src/agents/workflow.js';
import { defineRule, type NormalJob, type Step, type Workflow } from '../../src/rule.js';
import type { ContextReference, WorkflowJob } from '../../src/model/workflow.js';
import { stepLabel } from '../../src/model/workflow.js';

/**
 * A personal access token in a workflow is a human's (or a bot account's) credential: it lives
 * until it expires or someone revokes it, often a year or never, and it reaches whatever that
 * account reaches. The job's own GITHUB_TOKEN, narrowed with `permissions:`, lives for the job;
 * a GitHub App token from actions/create-github-app-token lives for an hour and reaches only the
 * repositories and permissions it was minted for. Either does what a PAT is usually there for.
 */

/**
 * What a secret's name says it is. GitHub stores secret names in upper case and matches them
 * case-insensitively, so the words are compared upper-cased.
 */
type SecretKind =
  /** `GITHUB_TOKEN`: the job's own token, the thing to use. */
  | 'job-token'
  /** Names a GitHub token or PAT outright: `GH_PAT`, `GH_TOKEN`, `RELEASE_GITHUB_TOKEN`, `GHCR_PAT`. */
  | 'github-pat'
  /** A personal token of some service: `BOT_PAT`, `PAT_TOKEN`, `PERSONAL_ACCESS_TOKEN`. */
  | 'personal'
  /** Names another service (`VSCE_PAT`, `DOCKERHUB_PAT`): its PAT is not GitHub's to replace. */
  | 'foreign'
  | 'other';

const GITHUB_WORDS = new Set(['GH', 'GITHUB', 'GHCR', 'GHE', 'GHES']);
const TOKEN_WORDS = new Set(['TOKEN', 'PAT']);
/**
 * Services whose own personal tokens turn up in workflows under a `*_PAT` name. A name with one of
 * these words and no GitHub word is that service's token, whatever position it is passed in.
 */
const FOREIGN_WORDS = new Set([
  'ADO', 'AZDO', 'AZURE', 'DEVOPS', 'VSCE', 'VSCODE', 'OVSX', 'OPENVSX', 'MARKETPLACE',
  'GITLAB', 'GL', 'BITBUCKET', 'GITEA', 'FORGEJO', 'CODEBERG',
  'DOCKER', 'DOCKERHUB', 'QUAY', 'NPM', 'PYPI', 'TESTPYPI', 'CARGO', 'CRATES', 'RUBYGEMS', 'NUGET',
  'JFROG', 'ARTIFACTORY', 'SONATYPE', 'OSSRH', 'MAVEN', 'ANACONDA', 'CHOCO', 'CHOCOLATEY', 'SNAPCRAFT',
  'HF', 'HUGGINGFACE', 'JIRA', 'ATLASSIAN', 'CONFLUENCE', 'SONAR', 'SONARCLOUD', 'CODECOV', 'SLACK',
  'DISCORD', 'TELEGRAM', 'CLOUDFLARE', 'VERCEL', 'NETLIFY', 'SNYK', 'TERRAFORM', 'TFC', 'SENTRY',
  'DATADOG', 'NOTION', 'LINEAR', 'FIGMA', 'OPENAI', 'ANTHROPIC', 'EXPO', 'FIREBASE', 'HEROKU',
]);

function secretKind(name: string): SecretKind {
  const upper = name.toUpperCase();
  if (upper === 'GITHUB_TOKEN') return 'job-token';
  if (/^(?:GH|GITHUB)(?:PAT|TOKEN)$/.test(upper)) return 'github-pat';
  const words = upper.split(/[^A-Z0-9]+/).filter((word) => word !== '');
  const has = (set: ReadonlySet<string>) => words.some((word) => set.has(word));
  if (has(GITHUB_WORDS) && has(TOKEN_WORDS)) return 'github-pat';
  if (has(FOREIGN_WORDS)) return 'foreign';
  if (words.includes('PAT') || (words.includes('PERSONAL') && (words.includes('TOKEN') || words.includes('ACCESS')))) return 'personal';
  return 'other';
}

/**
 * How sure a place is that it takes a GitHub token: `github` only ever takes one (checkout's
 * `token`, `github-token`, `GH_TOKEN`, a github.com URL); `token` is an action's `token` input,
 * which is GitHub's for some actions and a third party's for others; `other` is anywhere else.
 */
type PositionKind = 'github' | 'token' | 'other';

interface Position {
  readonly kind: PositionKind;
  /** For the message: `actions/checkout input token`, `env GH_TOKEN`. */
  readonly label: string;
}

/** An input or variable named for a GitHub token: `github-token`, `gh_token`, `GITHUB_PAT`, `github-release-token`. */
function namesGitHubToken(key: string): boolean {
  const words = key.toLowerCase().split(/[-_]+/).filter((word) => word !== '');
  if (words.length === 0) return false;
  const last = words[words.length - 1]!;
  if (last !== 'token' && last !== 'pat') return false;
  if (words[0] === 'github' || words[0] === 'gh' || words[0] === 'ghe') return true;
  if (words.length === 2 && words[0] === 'repo') return true; // repo-token: actions/labeler, actions/stale…
  return words.includes('personal'); // personal_token: peaceiris/actions-gh-pages
}

/** Owners whose actions' `token` input is always a GitHub token. */
const GITHUB_TOKEN_OWNERS = new Set(['actions', 'github', 'peter-evans']);
/** Other widely used actions whose `token` input is a GitHub token. */
const GITHUB_TOKEN_ACTIONS = new Set([
  'softprops/action-gh-release',
  'ncipollo/release-action',
  'googleapis/release-please-action',
  'google-github-actions/release-please-action',
  'jamesives/github-pages-deploy-action',
  'repo-sync/pull-request',
  'stefanzweifel/git-auto-commit-action',
]);

function actionTakesGitHubToken(step: Step): boolean {
  const uses = step.uses;
  if (uses?.kind !== 'repository') return false;
  const owner = uses.owner.toLowerCase();
  return GITHUB_TOKEN_OWNERS.has(owner) || GITHUB_TOKEN_ACTIONS.has(`${owner}/${uses.repo.toLowerCase()}`);
}

function actionName(step: Step): string {
  const uses = step.uses;
  if (uses === undefined) return 'the action';
  if (uses.kind === 'repository') return `${uses.owner}/${uses.repo}${uses.path ? `/${uses.path}` : ''}`;
  if (uses.kind === 'local') return uses.path;
  return `docker://${uses.image}`;
}

function inputPosition(step: Step, key: string): Position {
  const label = `input ${key} of ${actionName(step)}`;
  if (namesGitHubToken(key)) return { kind: 'github', label };
  if (key.toLowerCase() === 'token') return { kind: actionTakesGitHubToken(step) ? 'github' : 'token', label };
  return { kind: 'other', label };
}

/**
 * An env entry is a GitHub-token place when it is named for one, or when a script that sees it
 * writes it into a github.com URL (`git clone https://${DOCS_PAT}@github.com/…`).
 */
function envPosition(key: string, scripts: readonly string[]): Position {
  if (namesGitHubToken(key)) return { kind: 'github', label: `env ${key}` };
  if (scripts.some((script) => variableInGitHubUrl(script, key))) return { kind: 'github', label: `env ${key}, written into a github.com URL,` };
  return { kind: 'other', label: `env ${key}` };
}

/** The `run:` scripts that see an env entry at this key path: the step's, the job's steps', or every step's. */
function scriptsSeeing(workflow: Workflow, job: WorkflowJob | undefined, step: Step | undefined): string[] {
  const steps = step !== undefined ? [step] : job !== undefined ? (job.kind === 'normal' ? job.steps : []) : workflow.jobs.flatMap((each) => (each.kind === 'normal' ? each.steps : []));
  return steps.flatMap((each) => (typeof each.run?.value === 'string' ? [each.run.value] : []));
}

/** A secret written as the credentials of a github.com git URL: `https://x-access-token:${{ … }}@github.com/…`. */
function inGitHubUrl(workflow: Workflow, reference: ContextReference): boolean {
  const after = workflow.file.text.slice(reference.expressionSpan.end, reference.expressionSpan.end + 64);
  return after.startsWith('@') && GITHUB_HOST.test(after.slice(1));
}

/** A host that is github.com or one of its subdomains, at the start of the text. */
const GITHUB_HOST = /^(?:[\w.-]*\.)?github\.com\b/i;

/** Whether a script writes `$KEY` or `${KEY}` as the credentials of a github.com URL. */
function variableInGitHubUrl(script: string, key: string): boolean {
  for (const written of [`$${key}@`, `\${${key}}@`]) {
    for (let at = script.indexOf(written); at !== -1; at = script.indexOf(written, at + 1)) {
      if (GITHUB_HOST.test(script.slice(at + written.length, at + written.length + 64))) return true;
    }
  }
  return false;
}

/** Where in the workflow a reference sits, read from its key path; undefined where it hands nothing to anything (`if:`, `name:`). */
function positionOf(workflow: Workflow, reference: ContextReference, job: WorkflowJob | undefined, step: Step | undefined): Position | undefined {
  const path = reference.path;
  const key = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof key !== 'string') return undefined;
  if (parent === 'env') return envPosition(key, scriptsSeeing(workflow, job, step));
  if (step !== undefined) {
    if (parent === 'with' && path.length === 6) return inputPosition(step, key);
    if (key === 'run' && path.length === 5) {
      return inGitHubUrl(workflow, reference) ? { kind: 'github', label: 'a github.com URL in run:' } : { kind: 'other', label: 'the run: script' };
    }
    return undefined;
  }
  if (job?.kind === 'reusable-call' && path.length === 4 && (parent === 'with' || parent === 'secrets')) {
    const what = parent === 'with' ? 'input' : 'secret';
    const kind: PositionKind = namesGitHubToken(key) ? 'github' : key.toLowerCase() === 'token' ? 'token' : 'other';
    return { kind, label: `${what} ${key} of the reusable workflow ${job.uses?.raw ?? ''}`.trimEnd() };
  }
  if (job !== undefined && key === 'password' && parent === 'credentials') return { kind: 'other', label: 'registry credentials' };
  return undefined;
}

/** Whether a name's kind and a place's kind together say a PAT is passed where GitHub's own tokens would do. */
function reportable(kind: SecretKind, position: PositionKind, declaredByCaller: boolean): 'pat' | 'stored' | undefined {
  switch (kind) {
    case 'github-pat':
      return 'pat';
    case 'personal':
      return position === 'other' ? undefined : 'pat';
    case 'other':
      // Only a GitHub token fits here, and the job's own cannot be stored as a secret, unless a
      // caller hands it to this reusable workflow under another name.
      return position === 'github' && !declaredByCaller ? 'stored' : undefined;
    default:
      return undefined;
  }
}

/** Secret names a reusable workflow declares under `on.workflow_call.secrets`, upper-cased. */
function callerSecrets(workflow: Workflow): Set<string> {
  const names = new Set<string>();
  for (const trigger of workflow.triggers) {
    if (trigger.event !== 'workflow_call') continue;
    for (const entry of trigger.filters.secrets?.entries ?? []) names.add(entry.key.toUpperCase());
  }
  return names;
}

export default defineRule({
  meta: {
    id: 'workflow-personal-access-token',
    title: 'a workflow passes a personal access token where GITHUB_TOKEN or an App token would do',
    description:
      'A workflow hands a stored personal access token (a secret named like `GH_PAT`, `GH_TOKEN`, `*_GITHUB_TOKEN`, `BOT_PAT`, or any stored secret given to `actions/checkout` `token`, a `github-token` input or `GH_TOKEN`) to a step. A PAT lives until it expires or is revoked, often a year or never, and acts as its owner on every repository and organization that account reaches; in a job that runs an AI agent, the agent holds it too. The job\'s GITHUB_TOKEN or a GitHub App installation token does the same work for an hour at most, within the permissions the workflow names.',
    remediation:
      'Use the job\'s `GITHUB_TOKEN` with a `permissions:` block naming the scopes the job needs. Where it cannot do the work (another repository, a push that must trigger workflows, an organization API), mint a short-lived App token with `actions/create-github-app-token`, narrowed with `repositories:` and `permission-*` inputs. Then delete the PAT secret and revoke the token.',
    category: 'long-lived-credential',
    severity: 'medium',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      pat: '{where}: {position} gets {secret}, a personal access token{agent}{more}; it lives until revoked and acts as its owner wherever that account reaches; use the job\'s GITHUB_TOKEN with a permissions: block, or an App token from actions/create-github-app-token',
      stored: '{where}: {position} gets {secret}, a stored GitHub token (the job\'s own token cannot be stored, so this is a personal access or OAuth token){agent}{more}; use the job\'s GITHUB_TOKEN with a permissions: block, or an App token from actions/create-github-app-token',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '522' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
  },
  create: (context) => ({
    workflow(workflow) {
      const withAgents = agentJobs(workflow);
      const anyAgent = withAgents.size > 0;
      const declared = callerSecrets(workflow);
      const jobs = new Map(workflow.jobs.map((job) => [job.id, job]));
      /** Every use of each secret, by its upper-cased name: one finding per secret and workflow, the fix being one. */
      const uses = new Map<string, { reference: ContextReference; messageId: 'pat' | 'stored'; where: string; position: string; agent: string; agentHere: boolean }[]>();

      for (const reference of workflow.references) {
        if (reference.context !== 'secrets' || reference.name === '*') continue;
        const kind = secretKind(reference.name);
        if (kind === 'job-token' || kind === 'foreign') continue;
        const job = reference.jobId !== undefined ? jobs.get(reference.jobId) : undefined;
        if (reference.jobId !== undefined && job === undefined) continue;
        const step = job?.kind === 'normal' && reference.stepIndex !== undefined ? job.steps[reference.stepIndex] : undefined;
        const position = positionOf(workflow, reference, job, step);
        if (position === undefined) continue;
        const messageId = reportable(kind, position.kind, declared.has(reference.name.toUpperCase()));
        if (messageId === undefined) continue;

        const agentHere = job === undefined ? anyAgent : job.kind === 'normal' && withAgents.has(job as NormalJob);
        const agent = !agentHere ? '' : job === undefined ? ', handed to every job, one of which runs an AI agent' : ', in a job that runs an AI agent';
        const where = job === undefined ? 'workflow' : step !== undefined ? `job "${job.id}" step ${stepLabel(step)}` : `job "${job.id}"`;
        const name = reference.name.toUpperCase();
        const list = uses.get(name) ?? [];
        list.push({ reference, messageId, where, position: position.label, agent, agentHere });
        uses.set(name, list);
      }

      for (const [name, list] of uses) {
        // The use in an agent's job leads: it is the one that makes the finding high.
        const lead = list.find((use) => use.agentHere) ?? list[0]!;
        const others = list.filter((use) => use !== lead);
        context.report({
          span: lead.reference.span,
          anchor: `secrets.${name}`,
          messageId: lead.messageId,
          data: {
            where: lead.where,
            position: lead.position,
            secret: lead.reference.name,
            agent: lead.agent,
            more: others.length === 0 ? '' : ` (and ${others.length} more ${others.length === 1 ? 'use' : 'uses'} in this workflow)`,
          },
          lifetime: { class: 'long', source: 'kind:github-personal-access-token' },
          related: others.map((use) => ({ span: use.reference.span, message: `${use.where}: ${use.position} gets it too${use.agent}` })),
          ...(lead.agentHere ? { severity: 'high' as const } : {}),
        });
      }
    },
  }),
});
