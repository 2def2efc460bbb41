import type { IdentityHandle, IdentityType } from '../model/project.js';
import type { ContextReference, Workflow } from '../model/workflow.js';
import { stepInput, workflowSteps } from '../model/workflow.js';
import type { ViewName, ViewTypes } from '../model/views.js';

/** Who a reference is made for: the job (and step) it sits in, or the workflow's top level. */
function userOf(reference: ContextReference): string {
  if (reference.jobId === undefined) return 'top level';
  return reference.stepIndex === undefined ? `jobs.${reference.jobId}` : `jobs.${reference.jobId}.steps[${reference.stepIndex}]`;
}

/**
 * The inputs through which a step says who the job acts as, by action (`owner/repo`, lower case):
 * the cloud role, service account, federated identity or GitHub App whose credentials the step
 * obtains for the rest of the job.
 */
const IDENTITY_INPUTS: ReadonlyMap<string, readonly (readonly [input: string, type: IdentityType])[]> = new Map([
  ['aws-actions/configure-aws-credentials', [['role-to-assume', 'role-arn']]],
  ['google-github-actions/auth', [['service_account', 'service-account'], ['workload_identity_provider', 'workload-identity-provider']]],
  // The Gemini CLI action authenticates to Google Cloud itself, with the same two handles.
  ['google-github-actions/run-gemini-cli', [['gcp_service_account', 'service-account'], ['gcp_workload_identity_provider', 'workload-identity-provider']]],
  ['azure/login', [['client-id', 'client-id']]],
  ['actions/create-github-app-token', [['app-id', 'github-app'], ['client-id', 'github-app']]],
  ['tibdex/github-app-token', [['app_id', 'github-app']]],
]);

/** `secrets.NAME`, `vars.NAME` or `secrets['NAME']` and nothing else inside `${{ }}`. */
const NAMED_READ = /^\s*(secrets|vars)\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*\])\s*$/i;
const TEMPLATE = /\$\{\{([\s\S]*?)\}\}/g;
/** Longer than any ARN, e-mail or provider path; a value that long is not a handle. */
const MAX_HANDLE = 300;

/** `vars.AWS_ROLE`: GitHub matches secret and variable names case-insensitively and stores them upper case. */
function namedRead(body: string): string | undefined {
  const match = NAMED_READ.exec(body);
  if (!match) return undefined;
  return `${match[1]!.toLowerCase()}.${(match[2] ?? match[3]!).toUpperCase()}`;
}

/**
 * The name a handle goes by, from the input's value: a literal as written; `vars.X` or
 * `secrets.X` when the value is that one read, so every use of the same variable matches and
 * nothing but its name is kept; a literal around such reads with each written `${{ vars.X }}`.
 * Undefined when the value depends on anything else (inputs, a matrix, a step's output): which
 * identity it names is only known at run time.
 */
export function handleName(value: string): string | undefined {
  const text = value.trim();
  const literal = text.replace(TEMPLATE, '');
  if (text === '' || text.length > MAX_HANDLE || /\s/.test(literal) || literal.includes('${{')) return undefined;
  const whole = /^\$\{\{([\s\S]*?)\}\}$/.exec(text);
  if (whole && !whole[1]!.includes('}}')) return namedRead(whole[1]!);
  let unresolved = false;
  const name = text.replace(TEMPLATE, (_, body: string) => {
    const read = namedRead(body);
    if (read === undefined) unresolved = true;
    return `\${{ ${read} }}`;
  });
  return unresolved ? undefined : name;
}

/** The role, service account, federated identity or App each step of a workflow obtains credentials as. */
function stepIdentities(workflow: Workflow): IdentityHandle[] {
  const handles: IdentityHandle[] = [];
  for (const { job, step } of workflowSteps(workflow)) {
    const uses = step.uses;
    if (uses?.kind !== 'repository') continue;
    const inputs = IDENTITY_INPUTS.get(`${uses.owner}/${uses.repo}`.toLowerCase());
    for (const [input, type] of inputs ?? []) {
      const value = stepInput(step, input);
      if (value?.type !== 'scalar' || typeof value.value !== 'string') continue;
      const name = handleName(value.value);
      if (name === undefined) continue;
      handles.push({ type, name, file: workflow.file, span: value.span, user: `jobs.${job.id}.steps[${step.index}]` });
    }
  }
  return handles;
}

/**
 * The identity handles a view names. For a workflow: every repository or organisation secret it
 * reads by name (a whole-context read, `toJSON(secrets)`, names no one secret), and the AWS role,
 * Google service account or workload identity provider, Azure client id and GitHub App its steps
 * obtain credentials as. Handles are names, never values.
 */
export function identitiesOf<View extends ViewName>(view: View, item: ViewTypes[View]): IdentityHandle[] {
  if (view !== 'workflow') return [];
  const workflow = item as ViewTypes['workflow'];
  const { file, references } = workflow;
  const secrets: IdentityHandle[] = references
    .filter((reference) => reference.context === 'secrets' && reference.name !== '*')
    .map((reference) => ({ type: 'secret-name', name: reference.name, file, span: reference.span, user: userOf(reference) }));
  return [...secrets, ...stepIdentities(workflow)].sort((a, b) => a.span.start - b.span.start);
}
