import { agentJobs } from '../../src/agents/workflow.js';
import { defineRule, isMap, stringValue, type NormalJob, type Node } from '../../src/rule.js';
import type { MapNode } from '../../src/model/document.js';
import { stepInput, stepLabel } from '../../src/model/workflow.js';

/**
 * A workflow that signs in to AWS, Google Cloud or Azure with a stored key holds a credential
 * that lives until someone rotates it, works from anywhere, and is one of many copies. All three
 * clouds trust GitHub's OIDC token instead: a role or service account assumed for the job alone,
 * for an hour, from this repository only. Where the login action is given a stored key, or the
 * key is put in the environment, the job keeps a static identity that OIDC would replace.
 */

/** Login actions and the inputs that take a stored key, with the keyless way to sign in. */
const LOGINS: readonly { readonly action: string; readonly inputs: readonly string[]; readonly cloud: string; readonly instead: string }[] = [
  {
    action: 'aws-actions/configure-aws-credentials',
    inputs: ['aws-secret-access-key', 'aws-access-key-id'],
    cloud: 'an AWS access key',
    instead: 'use role-to-assume with id-token: write (OIDC) and no access key',
  },
  {
    action: 'google-github-actions/auth',
    inputs: ['credentials_json'],
    cloud: 'a Google Cloud service-account key',
    instead: 'use workload_identity_provider (Workload Identity Federation) instead of a key',
  },
  {
    action: 'azure/login',
    inputs: ['creds'],
    cloud: 'an Azure client secret',
    instead: 'use client-id, tenant-id and subscription-id with id-token: write (OIDC) instead of creds',
  },
];

/** Environment variables that hand a job a static cloud key, with the keyless way. */
const STATIC_ENV: ReadonlyMap<string, { cloud: string; instead: string }> = new Map([
  ['AWS_SECRET_ACCESS_KEY', { cloud: 'an AWS access key', instead: 'assume a role with aws-actions/configure-aws-credentials and OIDC' }],
  ['AZURE_CLIENT_SECRET', { cloud: 'an Azure client secret', instead: 'sign in with azure/login and OIDC (a federated credential)' }],
  ['ARM_CLIENT_SECRET', { cloud: 'an Azure client secret', instead: 'set ARM_USE_OIDC=true with a federated credential' }],
  ['GOOGLE_CREDENTIALS', { cloud: 'a Google Cloud service-account key', instead: 'use google-github-actions/auth with Workload Identity Federation' }],
  ['GOOGLE_APPLICATION_CREDENTIALS_JSON', { cloud: 'a Google Cloud service-account key', instead: 'use google-github-actions/auth with Workload Identity Federation' }],
  ['GCP_SA_KEY', { cloud: 'a Google Cloud service-account key', instead: 'use google-github-actions/auth with Workload Identity Federation' }],
]);

/** A value read from the secrets store: a stored key (a literal is the committed-credential rule's). */
/**
 * Whether an AWS-style key is for another S3-compatible store (Cloudflare R2, Backblaze B2,
 * DigitalOcean Spaces, MinIO…): an endpoint URL beside it, or a secret named for the service.
 * Those stores have no OIDC federation with GitHub, so the key has no short-lived replacement.
 */
const S3_ELSEWHERE = new Set(['R2', 'CLOUDFLARE', 'B2', 'BACKBLAZE', 'SPACES', 'DIGITALOCEAN', 'DO', 'MINIO', 'WASABI', 'SCALEWAY', 'LINODE', 'HETZNER']);

function s3Elsewhere(entry: { value: Node }, envs: readonly (MapNode | undefined)[], run: string | undefined): boolean {
  if (envs.some((env) => isMap(env) && env.entries.some((other) => /^AWS_ENDPOINT_URL|^S3_ENDPOINT/i.test(other.key)))) return true;
  if (run !== undefined && /--endpoint-url\b/.test(run)) return true;
  const words = (stringValue(entry.value) ?? '').toUpperCase().split(/[^A-Z0-9]+/);
  return words.some((word) => S3_ELSEWHERE.has(word));
}

function fromSecrets(node: Node | undefined): boolean {
  const value = stringValue(node);
  return value !== undefined && /\$\{\{[^}]*\bsecrets\s*[.[]/i.test(value);
}


export default defineRule({
  meta: {
    id: 'workflow-static-cloud-credentials',
    title: 'a workflow signs in to a cloud with a stored key where OIDC would do',
    description:
      'A workflow gives AWS, Google Cloud or Azure a stored, long-lived key (`aws-secret-access-key`, `credentials_json`, `azure/login` `creds`, or `AWS_SECRET_ACCESS_KEY` / `AZURE_CLIENT_SECRET` / `GOOGLE_CREDENTIALS` from secrets in `env:`). Such a key lives until someone rotates it, works from anywhere, and is readable by every step of the job, an AI agent included. Every one of these clouds accepts GitHub\'s OIDC token for a short-lived, repository-bound session instead.',
    remediation:
      'Federate the cloud with GitHub\'s OIDC provider and sign in without a key: `role-to-assume` for AWS, `workload_identity_provider` for Google Cloud, `client-id`/`tenant-id`/`subscription-id` for Azure, each with `permissions: id-token: write` on that job only. Then delete the stored key and revoke it in the cloud.',
    category: 'long-lived-credential',
    severity: 'medium',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      login: 'job "{job}" step {step}: {action} signs in with {cloud} from {input}, a long-lived key{agent}; {instead}',
      env: '{where}: env {name} hands {cloud} from secrets to {scope}, a long-lived key{agent}; {instead}',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'owasp-nhi-2025', id: 'NHI6' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '522' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
  },
  create: (context) => {
    /** The env entries that hand a job a static key; `others` are the env maps and script around them. */
    const staticEnv = (env: MapNode | undefined, around: readonly (MapNode | undefined)[] = [], run?: string) =>
      isMap(env)
        ? env.entries.filter(
            (entry) => STATIC_ENV.has(entry.key.toUpperCase()) && fromSecrets(entry.value) && !(entry.key.toUpperCase().startsWith('AWS_') && s3Elsewhere(entry, [env, ...around], run)),
          )
        : [];
    return {
      workflow(workflow) {
        const withAgents = agentJobs(workflow);
        const agentNote = (jobs: readonly NormalJob[]) =>
          jobs.some((job) => withAgents.has(job)) ? `, within reach of the AI agent ${jobs.length === 1 ? 'the' : 'a'} job runs` : '';
        const severity = (jobs: readonly NormalJob[]) => (jobs.some((job) => withAgents.has(job)) ? ({ severity: 'high' } as const) : {});
        const normalJobs = workflow.jobs.filter((job): job is NormalJob => job.kind === 'normal');

        for (const entry of staticEnv(workflow.env, [])) {
          const { cloud, instead } = STATIC_ENV.get(entry.key.toUpperCase())!;
          context.report({ node: entry.value, at: 'entry', messageId: 'env', data: { where: 'workflow', name: entry.key, cloud, scope: 'every job', instead, agent: agentNote(normalJobs) }, ...severity(normalJobs) });
        }
        for (const job of normalJobs) {
          for (const entry of staticEnv(job.env, [workflow.env])) {
            const { cloud, instead } = STATIC_ENV.get(entry.key.toUpperCase())!;
            context.report({ node: entry.value, at: 'entry', messageId: 'env', data: { where: `job "${job.id}"`, name: entry.key, cloud, scope: 'every step of the job', instead, agent: agentNote([job]) }, ...severity([job]) });
          }
          for (const step of job.steps) {
            for (const entry of staticEnv(step.env, [job.env, workflow.env], stringValue(step.run))) {
              const { cloud, instead } = STATIC_ENV.get(entry.key.toUpperCase())!;
              context.report({ node: entry.value, at: 'entry', messageId: 'env', data: { where: `job "${job.id}" step ${stepLabel(step)}`, name: entry.key, cloud, scope: 'the step', instead, agent: agentNote([job]) }, ...severity([job]) });
            }
            const uses = step.uses;
            if (uses?.kind !== 'repository') continue;
            const login = LOGINS.find((candidate) => candidate.action === `${uses.owner}/${uses.repo}`.toLowerCase());
            if (!login) continue;
            for (const input of login.inputs) {
              const node = stepInput(step, input);
              if (node === undefined || stringValue(node) === '') continue;
              context.report({
                node,
                at: 'entry',
                messageId: 'login',
                data: { job: job.id, step: stepLabel(step), action: login.action, cloud: login.cloud, input, instead: login.instead, agent: agentNote([job]) },
                ...severity([job]),
              });
              break; // one finding per login: the key pair is one credential
            }
          }
        }
      },
    };
  },
});
