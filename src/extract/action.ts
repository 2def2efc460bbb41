import { get, isMap, isScalar, isSeq, type MapNode, type Node, type StructuredDocument } from '../model/document.js';
import type { ActionDefinition, ActionInput, ActionOutput, ActionRuns, DockerImage } from '../model/workflow.js';
import { collectReferences } from './expressions.js';
import { parseImageReference } from './uses.js';
import { extractSteps, mapAt, newReferenceRegistry, optional, stringAt, type ReferenceRegistry } from './workflow.js';

const DOCKER_PREFIX = 'docker://';

/** `required: true` or `required: 'true'`; the runner reads either. */
function isTrue(node: Node | undefined): boolean {
  if (!isScalar(node)) return false;
  return node.value === true || (typeof node.value === 'string' && node.value.trim().toLowerCase() === 'true');
}

function inputsOf(node: Node | undefined): ActionInput[] {
  if (!isMap(node)) return [];
  return node.entries.map((entry) => {
    const required = get(entry.value, 'required');
    return {
      id: entry.key,
      idSpan: entry.keySpan,
      node: entry.value,
      ...optional('description', stringAt(entry.value, 'description')),
      required: isTrue(required),
      ...optional('requiredNode', required),
      ...optional('default', get(entry.value, 'default')),
      ...optional('deprecationMessage', stringAt(entry.value, 'deprecationMessage')),
    };
  });
}

function outputsOf(node: Node | undefined): ActionOutput[] {
  if (!isMap(node)) return [];
  return node.entries.map((entry) => ({
    id: entry.key,
    idSpan: entry.keySpan,
    node: entry.value,
    ...optional('description', stringAt(entry.value, 'description')),
    ...optional('value', get(entry.value, 'value')),
  }));
}

/** The runner pulls `docker://` images and builds anything else as a Dockerfile path. */
function dockerImageOf(node: Node | undefined): DockerImage | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') return undefined;
  const raw = node.value;
  if (raw.startsWith(DOCKER_PREFIX)) return { kind: 'registry', raw, ...parseImageReference(raw.slice(DOCKER_PREFIX.length)), node };
  return { kind: 'dockerfile', raw, path: raw, node };
}

function conditionAt(registry: ReferenceRegistry, node: MapNode, key: string): Node | undefined {
  const condition = get(node, key);
  if (isScalar(condition)) registry.conditions.add(condition);
  return condition;
}

function runsOf(node: Node | undefined, registry: ReferenceRegistry): ActionRuns | undefined {
  if (node === undefined) return undefined;
  if (!isMap(node)) return { kind: 'other', node };
  const using = stringAt(node, 'using');
  if (using === undefined) return { kind: 'other', node };
  // The runner compares `using` without regard to case.
  const runtime = using.value.trim().toLowerCase();
  if (runtime === 'composite') {
    const stepsNode = get(node, 'steps');
    return { kind: 'composite', node, using, steps: extractSteps(stepsNode, registry), ...optional('stepsNode', stepsNode) };
  }
  if (/^node\d+$/.test(runtime)) {
    return {
      kind: 'javascript',
      node,
      using,
      ...optional('main', stringAt(node, 'main')),
      ...optional('pre', stringAt(node, 'pre')),
      ...optional('post', stringAt(node, 'post')),
      ...optional('preIf', conditionAt(registry, node, 'pre-if')),
      ...optional('postIf', conditionAt(registry, node, 'post-if')),
    };
  }
  if (runtime === 'docker') {
    const imageNode = get(node, 'image');
    const args = get(node, 'args');
    return {
      kind: 'docker',
      node,
      using,
      ...optional('image', dockerImageOf(imageNode)),
      ...optional('imageNode', imageNode),
      ...optional('env', mapAt(node, 'env')),
      ...optional('args', isSeq(args) ? args : undefined),
      ...optional('entrypoint', stringAt(node, 'entrypoint')),
      ...optional('preEntrypoint', stringAt(node, 'pre-entrypoint')),
      ...optional('postEntrypoint', stringAt(node, 'post-entrypoint')),
      ...optional('preIf', conditionAt(registry, node, 'pre-if')),
      ...optional('postIf', conditionAt(registry, node, 'post-if')),
    };
  }
  return { kind: 'other', node, using };
}

/** An `action.yml`: its interface, how it runs, and every context it reads. */
export function extractAction(doc: StructuredDocument): ActionDefinition | undefined {
  const root = doc.roots[0];
  if (!isMap(root)) return undefined;
  const registry = newReferenceRegistry();
  const inputsNode = get(root, 'inputs');
  const outputsNode = get(root, 'outputs');
  const runs = runsOf(get(root, 'runs'), registry);
  return {
    file: doc.file,
    root,
    ...optional('name', stringAt(root, 'name')),
    ...optional('description', stringAt(root, 'description')),
    inputs: inputsOf(inputsNode),
    ...optional('inputsNode', inputsNode),
    outputs: outputsOf(outputsNode),
    ...optional('outputsNode', outputsNode),
    ...optional('runs', runs),
    references: collectReferences(doc.file.text, root, registry.scopes, registry.conditions),
  };
}
