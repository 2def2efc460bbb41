import { get, isMap, isScalar, isSeq, stringValue, type MapEntry, type MapNode, type Node, type StructuredDocument } from '../model/document.js';
import type {
  CallSecrets,
  Container,
  ContextReference,
  Environment,
  LocatedString,
  NormalJob,
  PermissionLevel,
  Permissions,
  PermissionScope,
  ReusableCallJob,
  Step,
  StringListField,
  Trigger,
  TriggerFilters,
  Uses,
  Workflow,
  WorkflowJob,
} from '../model/workflow.js';
import { collectReferences, type ReferenceScope } from './expressions.js';
import { parseUses } from './uses.js';

/**
 * Where the reads found under each job and step go, and which scalars are `if:` conditions.
 * Filled while the structure is extracted, then handed to one walk over the whole document.
 */
export interface ReferenceRegistry {
  readonly scopes: Map<Node, ReferenceScope>;
  readonly conditions: Set<Node>;
}

export function newReferenceRegistry(): ReferenceRegistry {
  return { scopes: new Map(), conditions: new Set() };
}

/** A scalar as GitHub reads it where a string is wanted; null and collections are not strings. */
export function locatedString(node: Node | undefined): LocatedString | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  return { value: String(node.value), node };
}

/** One string or a list of them; items of other shapes are left out of `values`. */
export function stringList(node: Node | undefined): StringListField | undefined {
  if (node === undefined) return undefined;
  const values: LocatedString[] = [];
  if (isSeq(node)) {
    for (const item of node.items) {
      const value = locatedString(item);
      if (value) values.push(value);
    }
  } else {
    const value = locatedString(node);
    if (value) values.push(value);
  }
  return { node, values };
}

export function mapAt(node: Node | undefined, key: string): MapNode | undefined {
  const value = get(node, key);
  return isMap(value) ? value : undefined;
}

export function stringAt(node: Node | undefined, key: string): LocatedString | undefined {
  return locatedString(get(node, key));
}

/** Spreads `{ [key]: value }` only when there is a value, so absent fields stay absent. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function permissionLevel(node: Node): PermissionLevel {
  const value = stringValue(node);
  return value === 'read' || value === 'write' || value === 'none' ? value : 'unknown';
}

export function parsePermissions(node: Node | undefined): Permissions {
  if (node === undefined) return { kind: 'absent' };
  if (isScalar(node)) {
    if (node.value === 'read-all') return { kind: 'read-all', node };
    if (node.value === 'write-all') return { kind: 'write-all', node };
    return { kind: 'other', node };
  }
  if (!isMap(node)) return { kind: 'other', node };
  if (node.entries.length === 0) return { kind: 'none', node };
  const scopes = new Map<string, PermissionScope>();
  // In source order, so a repeated scope ends up with its last value, as lookups do.
  for (const entry of node.entries) {
    scopes.set(entry.key, { scope: entry.key, level: permissionLevel(entry.value), node: entry.value, keySpan: entry.keySpan });
  }
  return { kind: 'map', node, scopes };
}

function located(uses: Node | undefined): Uses | undefined {
  if (!isScalar(uses) || typeof uses.value !== 'string') return undefined;
  const target = parseUses(uses.value);
  return target === undefined ? undefined : { ...target, node: uses };
}

function addCondition(registry: ReferenceRegistry, node: Node | undefined): void {
  if (isScalar(node)) registry.conditions.add(node);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A step in one pass over its keys, later duplicates winning as lookups do. Workflows hold
 * thousands of steps in big repositories: one loop with plain assignments keeps extraction a
 * small fraction of parsing, where a lookup and a spread per field cost as much as the parse.
 */
function extractStep(node: MapNode, index: number, registry: ReferenceRegistry, jobId: string | undefined, jobReferences: ContextReference[] | undefined): Step {
  const references: ContextReference[] = [];
  registry.scopes.set(node, {
    ...optional('jobId', jobId),
    stepIndex: index,
    into: jobReferences ? [references, jobReferences] : [references],
  });
  const step: Partial<Mutable<Step>> = { index, node };
  for (const { key, value } of node.entries) {
    switch (key) {
      case 'id': put(step, 'id', locatedString(value)); break;
      case 'name': put(step, 'name', locatedString(value)); break;
      case 'uses': step.usesNode = value; put(step, 'uses', located(value)); break;
      case 'with': put(step, 'with', isMap(value) ? value : undefined); break;
      case 'run': put(step, 'run', isScalar(value) && value.value !== null ? value : undefined); break;
      case 'shell': put(step, 'shell', locatedString(value)); break;
      case 'env': put(step, 'env', isMap(value) ? value : undefined); break;
      case 'if': put(step, 'if', value); break;
      case 'continue-on-error': put(step, 'continueOnError', value); break;
      case 'working-directory': put(step, 'workingDirectory', locatedString(value)); break;
      case 'timeout-minutes': put(step, 'timeoutMinutes', value); break;
    }
  }
  addCondition(registry, step.if);
  step.references = references;
  return step as Step;
}

/**
 * Sets a field only when there is a value, so an absent field is absent rather than present and
 * undefined; a later duplicate key without a usable value removes what an earlier one set.
 */
function put<T extends object, K extends keyof T>(record: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) record[key] = value;
  else if (key in record) delete record[key];
}

/**
 * The steps of a job or a composite action. Items that are not maps are skipped; each step's
 * index is its position in the sequence as written.
 */
export function extractSteps(
  stepsNode: Node | undefined,
  registry: ReferenceRegistry,
  jobId?: string,
  jobReferences?: ContextReference[],
): Step[] {
  if (!isSeq(stepsNode)) return [];
  const steps: Step[] = [];
  stepsNode.items.forEach((item, position) => {
    if (!isMap(item)) return;
    const last = item.path[item.path.length - 1];
    steps.push(extractStep(item, typeof last === 'number' ? last : position, registry, jobId, jobReferences));
  });
  return steps;
}

function environmentOf(node: Node | undefined): Environment | undefined {
  if (isMap(node)) return { node, ...optional('name', stringAt(node, 'name')), ...optional('url', get(node, 'url')) };
  const name = locatedString(node);
  return name ? { node: name.node, name } : undefined;
}

function containerOf(node: Node | undefined): Container | undefined {
  if (isMap(node)) {
    return {
      node,
      ...optional('image', stringAt(node, 'image')),
      ...optional('credentials', mapAt(node, 'credentials')),
      ...optional('env', mapAt(node, 'env')),
      ...optional('options', stringAt(node, 'options')),
    };
  }
  const image = locatedString(node);
  return image ? { node: image.node, image } : undefined;
}

function callSecretsOf(node: Node | undefined): CallSecrets | undefined {
  if (isScalar(node) && node.value === 'inherit') return { kind: 'inherit', node };
  if (isMap(node)) return { kind: 'map', node };
  return undefined;
}

/** Every field either kind of job may have, while its keys are read. */
type JobDraft = Partial<Mutable<Omit<NormalJob, 'kind'> & Omit<ReusableCallJob, 'kind'>>> & {
  kind?: WorkflowJob['kind'];
  permissionsNode?: Node;
  secretsNode?: Node;
};

function extractJob(entry: MapEntry, registry: ReferenceRegistry): WorkflowJob | undefined {
  const node = entry.value;
  if (!isMap(node)) return undefined;
  const id = entry.key;
  const references: ContextReference[] = [];
  registry.scopes.set(node, { jobId: id, into: [references] });
  // One pass over the keys, as for steps; the fields of both job kinds are gathered, then the
  // kind decides which stay.
  const job: JobDraft = { id, idSpan: entry.keySpan, node };
  for (const { key, value } of node.entries) {
    switch (key) {
      case 'name': put(job, 'name', locatedString(value)); break;
      case 'needs': put(job, 'needsNode', value); break;
      case 'if': put(job, 'if', value); break;
      case 'environment': put(job, 'environment', environmentOf(value)); break;
      case 'runs-on': put(job, 'runsOn', value); break;
      case 'container': put(job, 'container', containerOf(value)); break;
      case 'services': put(job, 'services', isMap(value) ? value : undefined); break;
      case 'env': put(job, 'env', isMap(value) ? value : undefined); break;
      case 'permissions': put(job, 'permissionsNode', value); break;
      case 'outputs': put(job, 'outputs', isMap(value) ? value : undefined); break;
      case 'strategy': put(job, 'strategy', value); break;
      case 'timeout-minutes': put(job, 'timeoutMinutes', value); break;
      case 'continue-on-error': put(job, 'continueOnError', value); break;
      case 'concurrency': put(job, 'concurrency', value); break;
      case 'defaults': put(job, 'defaults', isMap(value) ? value : undefined); break;
      case 'uses': put(job, 'usesNode', value); break;
      case 'with': put(job, 'with', isMap(value) ? value : undefined); break;
      case 'secrets': put(job, 'secretsNode', value); break;
      case 'steps': put(job, 'stepsNode', value); break;
    }
  }
  addCondition(registry, job.if);
  job.needs = stringList(job.needsNode)?.values.map((need) => need.value) ?? [];
  job.permissions = parsePermissions(job.permissionsNode);
  job.references = references;
  const { permissionsNode, secretsNode, ...fields } = job;
  if (fields.usesNode !== undefined) {
    if ('stepsNode' in fields) delete fields.stepsNode;
    fields.kind = 'reusable-call';
    put(fields, 'uses', located(fields.usesNode));
    put(fields, 'secrets', callSecretsOf(secretsNode));
    return fields as ReusableCallJob;
  }
  if ('with' in fields) delete fields.with;
  fields.kind = 'normal';
  fields.steps = extractSteps(fields.stepsNode, registry, id, references);
  return fields as NormalJob;
}

function filtersOf(config: MapNode | undefined): TriggerFilters {
  if (config === undefined) return {};
  return {
    ...optional('branches', stringList(get(config, 'branches'))),
    ...optional('branchesIgnore', stringList(get(config, 'branches-ignore'))),
    ...optional('tags', stringList(get(config, 'tags'))),
    ...optional('tagsIgnore', stringList(get(config, 'tags-ignore'))),
    ...optional('paths', stringList(get(config, 'paths'))),
    ...optional('pathsIgnore', stringList(get(config, 'paths-ignore'))),
    ...optional('types', stringList(get(config, 'types'))),
    ...optional('workflows', stringList(get(config, 'workflows'))),
    ...optional('inputs', mapAt(config, 'inputs')),
    ...optional('secrets', mapAt(config, 'secrets')),
    ...optional('outputs', mapAt(config, 'outputs')),
  };
}

function namedTrigger(node: Node): Trigger | undefined {
  const event = locatedString(node);
  return event ? { event: event.value, eventSpan: event.node.span, node: event.node, filters: {} } : undefined;
}

/** `on:` as one event name, a list of names, or a map from name to settings. */
export function extractTriggers(on: Node | undefined): Trigger[] {
  if (on === undefined) return [];
  if (isMap(on)) {
    return on.entries.map((entry) => {
      const config = isMap(entry.value) ? entry.value : undefined;
      return { event: entry.key, eventSpan: entry.keySpan, node: entry.value, ...optional('config', config), filters: filtersOf(config) };
    });
  }
  const named = isSeq(on) ? on.items.map(namedTrigger) : [namedTrigger(on)];
  return named.filter((trigger): trigger is Trigger => trigger !== undefined);
}

export function extractWorkflow(doc: StructuredDocument): Workflow | undefined {
  const root = doc.roots[0];
  if (!isMap(root)) return undefined;
  const registry = newReferenceRegistry();
  // A file written by a YAML 1.1 tool can carry `on` as the boolean key `true`.
  const on = get(root, 'on') ?? get(root, 'true');
  const jobsNode = get(root, 'jobs');
  const jobs: WorkflowJob[] = [];
  if (isMap(jobsNode)) {
    for (const entry of jobsNode.entries) {
      const job = extractJob(entry, registry);
      if (job) jobs.push(job);
    }
  }
  const references = collectReferences(doc.file.text, root, registry.scopes, registry.conditions);
  return {
    file: doc.file,
    root,
    ...optional('name', stringAt(root, 'name')),
    ...optional('runName', stringAt(root, 'run-name')),
    ...optional('on', on),
    triggers: extractTriggers(on),
    permissions: parsePermissions(get(root, 'permissions')),
    ...optional('env', mapAt(root, 'env')),
    ...optional('defaults', mapAt(root, 'defaults')),
    ...optional('concurrency', get(root, 'concurrency')),
    ...optional('jobsNode', jobsNode),
    jobs,
    references,
  };
}
