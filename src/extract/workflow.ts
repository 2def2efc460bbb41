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

function extractStep(node: MapNode, index: number, registry: ReferenceRegistry, jobId: string | undefined, jobReferences: ContextReference[] | undefined): Step {
  const references: ContextReference[] = [];
  registry.scopes.set(node, {
    ...optional('jobId', jobId),
    stepIndex: index,
    into: jobReferences ? [references, jobReferences] : [references],
  });
  const usesNode = get(node, 'uses');
  const run = get(node, 'run');
  const condition = get(node, 'if');
  addCondition(registry, condition);
  return {
    index,
    node,
    ...optional('id', stringAt(node, 'id')),
    ...optional('name', stringAt(node, 'name')),
    ...optional('uses', located(usesNode)),
    ...optional('usesNode', usesNode),
    ...optional('with', mapAt(node, 'with')),
    ...optional('run', isScalar(run) && run.value !== null ? run : undefined),
    ...optional('shell', stringAt(node, 'shell')),
    ...optional('env', mapAt(node, 'env')),
    ...optional('if', condition),
    ...optional('continueOnError', get(node, 'continue-on-error')),
    ...optional('workingDirectory', stringAt(node, 'working-directory')),
    ...optional('timeoutMinutes', get(node, 'timeout-minutes')),
    references,
  };
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

function extractJob(entry: MapEntry, registry: ReferenceRegistry): WorkflowJob | undefined {
  const node = entry.value;
  if (!isMap(node)) return undefined;
  const id = entry.key;
  const references: ContextReference[] = [];
  registry.scopes.set(node, { jobId: id, into: [references] });
  const condition = get(node, 'if');
  addCondition(registry, condition);
  const needsNode = get(node, 'needs');
  const base = {
    id,
    idSpan: entry.keySpan,
    node,
    ...optional('name', stringAt(node, 'name')),
    needs: stringList(needsNode)?.values.map((need) => need.value) ?? [],
    ...optional('needsNode', needsNode),
    ...optional('if', condition),
    ...optional('environment', environmentOf(get(node, 'environment'))),
    ...optional('runsOn', get(node, 'runs-on')),
    ...optional('container', containerOf(get(node, 'container'))),
    ...optional('services', mapAt(node, 'services')),
    ...optional('env', mapAt(node, 'env')),
    permissions: parsePermissions(get(node, 'permissions')),
    ...optional('outputs', mapAt(node, 'outputs')),
    ...optional('strategy', get(node, 'strategy')),
    ...optional('timeoutMinutes', get(node, 'timeout-minutes')),
    ...optional('continueOnError', get(node, 'continue-on-error')),
    ...optional('concurrency', get(node, 'concurrency')),
    ...optional('defaults', mapAt(node, 'defaults')),
    references,
  };
  const usesNode = get(node, 'uses');
  if (usesNode !== undefined) {
    const job: ReusableCallJob = {
      ...base,
      kind: 'reusable-call',
      usesNode,
      ...optional('uses', located(usesNode)),
      ...optional('with', mapAt(node, 'with')),
      ...optional('secrets', callSecretsOf(get(node, 'secrets'))),
    };
    return job;
  }
  const stepsNode = get(node, 'steps');
  const job: NormalJob = { ...base, kind: 'normal', steps: extractSteps(stepsNode, registry, id, references), ...optional('stepsNode', stepsNode) };
  return job;
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
