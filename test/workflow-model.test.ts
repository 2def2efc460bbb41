import { describe, expect, it } from 'vitest';
import { extractAction } from '../src/extract/action.js';
import { scalarReferences, templateExpressions } from '../src/extract/expressions.js';
import { parseUses } from '../src/extract/uses.js';
import { extractWorkflow } from '../src/extract/workflow.js';
import { getPath, isScalar, type Node, type SourceFile, type Span, type StructuredDocument } from '../src/model/document.js';
import {
  stepInput,
  workflowSteps,
  type ActionDefinition,
  type ContextReference,
  type NormalJob,
  type Permissions,
  type ReusableCallJob,
  type StringListField,
  type Workflow,
  type WorkflowJob,
} from '../src/model/workflow.js';
import { parseYaml } from '../src/parse/yaml.js';

// ---------------------------------------------------------------------------------------------
// helpers

function documentOf(text: string, path: string, kind: 'github-workflow' | 'github-action'): StructuredDocument {
  const result = parseYaml(text);
  if (!result.ok) throw new Error(`expected a parse, got ${result.code} at ${result.offset}`);
  // Only the fields the extractors read; the rest of SourceFile belongs to the engine.
  const file = { path, kind, syntax: 'yaml', adapter: 'test', text } as unknown as SourceFile;
  return { file, roots: result.roots };
}

function workflowOf(text: string): Workflow {
  const workflow = extractWorkflow(documentOf(text, '.github/workflows/ci.yml', 'github-workflow'));
  if (workflow === undefined) throw new Error('expected a workflow');
  return workflow;
}

function actionOf(text: string): ActionDefinition {
  const action = extractAction(documentOf(text, 'action.yml', 'github-action'));
  if (action === undefined) throw new Error('expected an action');
  return action;
}

/** The source text a span covers. */
function textAt(text: string, span: Span | undefined): string | undefined {
  return span === undefined ? undefined : text.slice(span.start, span.end);
}

function nodeText(text: string, node: Node | undefined): string | undefined {
  return textAt(text, node?.span);
}

function job(workflow: Workflow, id: string): WorkflowJob {
  const found = workflow.jobs.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no job ${id}`);
  return found;
}

function normalJob(workflow: Workflow, id: string): NormalJob {
  const found = job(workflow, id);
  if (found.kind !== 'normal') throw new Error(`job ${id} is ${found.kind}`);
  return found;
}

function callJob(workflow: Workflow, id: string): ReusableCallJob {
  const found = job(workflow, id);
  if (found.kind !== 'reusable-call') throw new Error(`job ${id} is ${found.kind}`);
  return found;
}

function values(field: StringListField | undefined): string[] | undefined {
  return field?.values.map((value) => value.value);
}

/** A reference as one line: context, name, the text its span covers, and where it sits. */
function describeReference(text: string, reference: ContextReference): string {
  const where = [reference.jobId === undefined ? '' : ` job=${reference.jobId}`, reference.stepIndex === undefined ? '' : ` step=${reference.stepIndex}`].join('');
  return `${reference.context} ${reference.name} ${JSON.stringify(textAt(text, reference.span))}${where}`;
}

function referencesOf(text: string): string[] {
  const workflow = workflowOf(text);
  return workflow.references.map((reference) => describeReference(text, reference));
}

function permissionsSummary(text: string, permissions: Permissions): unknown {
  if (permissions.kind === 'absent') return 'absent';
  if (permissions.kind !== 'map') return `${permissions.kind} ${JSON.stringify(nodeText(text, permissions.node))}`;
  return [...permissions.scopes.values()].map((scope) => `${textAt(text, scope.keySpan)}=${scope.level} ${JSON.stringify(nodeText(text, scope.node))}`);
}

// ---------------------------------------------------------------------------------------------

describe('uses: strings', () => {
  it('owner/repo@ref', () => {
    expect(parseUses('actions/checkout@v4')).toEqual({ kind: 'repository', raw: 'actions/checkout@v4', owner: 'actions', repo: 'checkout', ref: 'v4' });
  });

  it('owner/repo/sub/path@sha, the form reusable workflows take', () => {
    expect(parseUses('octo/tools/.github/workflows/build.yml@0123456789abcdef0123456789abcdef01234567')).toEqual({
      kind: 'repository',
      raw: 'octo/tools/.github/workflows/build.yml@0123456789abcdef0123456789abcdef01234567',
      owner: 'octo',
      repo: 'tools',
      path: '.github/workflows/build.yml',
      ref: '0123456789abcdef0123456789abcdef01234567',
    });
  });

  it('./local paths keep the ./', () => {
    expect(parseUses('./.github/actions/setup')).toEqual({ kind: 'local', raw: './.github/actions/setup', path: './.github/actions/setup' });
    expect(parseUses('./.github/workflows/reusable.yml')).toEqual({ kind: 'local', raw: './.github/workflows/reusable.yml', path: './.github/workflows/reusable.yml' });
  });

  it('docker:// images split into tag and digest; a registry port is not a tag', () => {
    expect(parseUses('docker://alpine:3.19')).toEqual({ kind: 'docker', raw: 'docker://alpine:3.19', image: 'alpine:3.19', tag: '3.19' });
    expect(parseUses('docker://ghcr.io/o/i@sha256:abc')).toEqual({ kind: 'docker', raw: 'docker://ghcr.io/o/i@sha256:abc', image: 'ghcr.io/o/i@sha256:abc', digest: 'sha256:abc' });
    expect(parseUses('docker://localhost:5000/img')).toEqual({ kind: 'docker', raw: 'docker://localhost:5000/img', image: 'localhost:5000/img' });
  });

  it('strings the runner refuses: no ref keeps the rest, one segment or two @ is nothing', () => {
    expect(parseUses('actions/checkout')).toEqual({ kind: 'repository', raw: 'actions/checkout', owner: 'actions', repo: 'checkout' });
    expect(parseUses('checkout@v4')).toBeUndefined();
    expect(parseUses('a/b@v1@v2')).toBeUndefined();
    expect(parseUses('docker://')).toBeUndefined();
    expect(parseUses('')).toBeUndefined();
  });
});

describe('triggers', () => {
  it('on: as one string', () => {
    const text = 'on: push\njobs: {}\n';
    const workflow = workflowOf(text);
    expect(workflow.triggers.map((t) => [t.event, textAt(text, t.eventSpan), t.filters])).toEqual([['push', 'push', {}]]);
    expect(nodeText(text, workflow.on)).toBe('push');
  });

  it('on: as a list, items that are not names skipped', () => {
    const text = 'on: [push, "pull_request", {x: 1}]\n';
    const workflow = workflowOf(text);
    expect(workflow.triggers.map((t) => [t.event, textAt(text, t.eventSpan)])).toEqual([
      ['push', 'push'],
      ['pull_request', '"pull_request"'],
    ]);
  });

  it('on: as a map: branch, tag, path and type filters, each item located', () => {
    const text = [
      'on:',
      '  push:',
      '    branches: [main, "release/**"]',
      '    branches-ignore: wip',
      '    tags: [v*]',
      '    tags-ignore: [v0*]',
      '    paths: [src/**]',
      '    paths-ignore:',
      '      - docs/**',
      '  pull_request_target:',
      '    types: [opened, synchronize]',
      '  issue_comment:',
      '  workflow_run:',
      '    workflows: [CI]',
      '',
    ].join('\n');
    const [push, target, comment, run] = workflowOf(text).triggers;
    expect(push!.event).toBe('push');
    expect(textAt(text, push!.eventSpan)).toBe('push');
    expect(values(push!.filters.branches)).toEqual(['main', 'release/**']);
    expect(push!.filters.branches!.values.map((v) => nodeText(text, v.node))).toEqual(['main', '"release/**"']);
    expect(nodeText(text, push!.filters.branches!.node)).toBe('[main, "release/**"]');
    expect(values(push!.filters.branchesIgnore)).toEqual(['wip']);
    expect(values(push!.filters.tags)).toEqual(['v*']);
    expect(values(push!.filters.tagsIgnore)).toEqual(['v0*']);
    expect(values(push!.filters.paths)).toEqual(['src/**']);
    expect(values(push!.filters.pathsIgnore)).toEqual(['docs/**']);
    expect(push!.config).toBe(push!.node);
    expect([target!.event, values(target!.filters.types)]).toEqual(['pull_request_target', ['opened', 'synchronize']]);
    expect(textAt(text, target!.filters.types!.values[1]!.node.span)).toBe('synchronize');
    // `issue_comment:` with no settings: a null scalar, no config, no filters
    expect([comment!.event, comment!.config, comment!.filters]).toEqual(['issue_comment', undefined, {}]);
    expect(isScalar(comment!.node) && comment!.node.value).toBeNull();
    expect(values(run!.filters.workflows)).toEqual(['CI']);
  });

  it('workflow_call inputs, secrets and outputs, and workflow_dispatch inputs, as located maps', () => {
    const text = [
      'on:',
      '  workflow_call:',
      '    inputs:',
      '      target: {type: string}',
      '    secrets:',
      '      deploy-key: {required: true}',
      '    outputs:',
      '      url: {value: "${{ jobs.deploy.outputs.url }}"}',
      '  workflow_dispatch:',
      '    inputs:',
      '      dry-run: {type: boolean}',
      '',
    ].join('\n');
    const [call, dispatch] = workflowOf(text).triggers;
    expect(call!.filters.inputs!.entries.map((e) => e.key)).toEqual(['target']);
    expect(nodeText(text, call!.filters.inputs)).toBe('target: {type: string}\n');
    expect(call!.filters.secrets!.entries.map((e) => textAt(text, e.keySpan))).toEqual(['deploy-key']);
    expect(nodeText(text, getPath(call!.filters.outputs, ['url', 'value']))).toBe('"${{ jobs.deploy.outputs.url }}"');
    expect(dispatch!.event).toBe('workflow_dispatch');
    expect(dispatch!.filters.inputs!.entries.map((e) => e.key)).toEqual(['dry-run']);
  });

  it('a `true:` key stands in for `on:`, as YAML 1.1 tools write it', () => {
    const text = 'true:\n  push:\n    branches: [main]\n';
    const workflow = workflowOf(text);
    expect(workflow.triggers.map((t) => [t.event, values(t.filters.branches)])).toEqual([['push', ['main']]]);
  });

  it('odd shapes never throw: missing on, a number, filters of the wrong shape', () => {
    expect(workflowOf('jobs: {}\n').triggers).toEqual([]);
    expect(workflowOf('jobs: {}\n').on).toBeUndefined();
    expect(workflowOf('on: 3\n').triggers.map((t) => t.event)).toEqual(['3']);
    expect(workflowOf('on: ~\n').triggers).toEqual([]);
    const text = 'on:\n  push:\n    branches: {main: 1}\n    tags: [[v1], v2]\n    inputs: [x]\n  pull_request: [opened]\n';
    const [push, pr] = workflowOf(text).triggers;
    expect(push!.filters.branches!.values).toEqual([]);
    expect(nodeText(text, push!.filters.branches!.node)).toBe('{main: 1}');
    expect(values(push!.filters.tags)).toEqual(['v2']);
    expect(push!.filters.inputs).toBeUndefined();
    expect([pr!.config, pr!.filters, nodeText(text, pr!.node)]).toEqual([undefined, {}, '[opened]']);
  });
});

describe('permissions', () => {
  const at = (text: string, path: 'workflow' | string) => {
    const workflow = workflowOf(text);
    return permissionsSummary(text, path === 'workflow' ? workflow.permissions : job(workflow, path).permissions);
  };

  it('absent when the key is not there, at either level', () => {
    const text = 'on: push\njobs:\n  a: {runs-on: x}\n';
    expect(at(text, 'workflow')).toBe('absent');
    expect(at(text, 'a')).toBe('absent');
  });

  it('read-all, write-all and {} each with their node', () => {
    const text = 'permissions: read-all\njobs:\n  a: {permissions: write-all}\n  b:\n    permissions: {}\n';
    expect(at(text, 'workflow')).toBe('read-all "read-all"');
    expect(at(text, 'a')).toBe('write-all "write-all"');
    expect(at(text, 'b')).toBe('none "{}"');
  });

  it('a scope map: each level with its node and key span; the last of a repeated scope wins', () => {
    const text = 'permissions:\n  contents: read\n  id-token: write\n  issues: none\n  pull-requests: admin\n  checks: ${{ inputs.level }}\n  contents: write\n';
    expect(at(text, 'workflow')).toEqual([
      'contents=write "write"',
      'id-token=write "write"',
      'issues=none "none"',
      'pull-requests=unknown "admin"',
      'checks=unknown "${{ inputs.level }}"',
    ]);
    const permissions = workflowOf(text).permissions;
    expect(permissions.kind === 'map' && permissions.scopes.get('contents')?.keySpan).toEqual({ start: text.lastIndexOf('contents'), end: text.lastIndexOf('contents') + 8 });
  });

  it('anything else is other: an expression, a typo, a list, an empty value', () => {
    expect(at('permissions: ${{ inputs.p }}\n', 'workflow')).toBe('other "${{ inputs.p }}"');
    expect(at('permissions: read_all\n', 'workflow')).toBe('other "read_all"');
    expect(at('permissions: [contents]\n', 'workflow')).toBe('other "[contents]"');
    expect(at('permissions:\non: push\n', 'workflow')).toBe('other ""');
  });
});

describe('jobs', () => {
  const text = [
    'on: push',
    'jobs:',
    '  build:',
    '    name: Build ${{ matrix.os }}',
    '    needs: setup',
    '    if: github.ref == \'refs/heads/main\'',
    '    runs-on: ${{ matrix.os }}',
    '    environment: production',
    '    container: node:20',
    '    services:',
    '      redis: {image: redis}',
    '    env: {CI: "1"}',
    '    outputs:',
    '      version: ${{ steps.v.outputs.version }}',
    '    strategy: {matrix: {os: [ubuntu-latest]}}',
    '    timeout-minutes: 30',
    '    steps:',
    '      - run: make',
    '  deploy:',
    '    needs: [build, setup]',
    '    environment:',
    '      name: prod-${{ inputs.region }}',
    '      url: https://example.com',
    '    container:',
    '      image: ghcr.io/o/builder:1',
    '      credentials: {username: u, password: "${{ secrets.GHCR }}"}',
    '    runs-on: [self-hosted, linux]',
    '    steps: []',
    '',
  ].join('\n');
  const workflow = workflowOf(text);

  it('ids and id spans in file order, each a normal job with its node', () => {
    expect(workflow.jobs.map((j) => [j.kind, j.id, textAt(text, j.idSpan)])).toEqual([
      ['normal', 'build', 'build'],
      ['normal', 'deploy', 'deploy'],
    ]);
    expect(nodeText(text, workflow.jobs[0]!.node)?.startsWith('name: Build')).toBe(true);
    expect(nodeText(text, workflow.jobsNode)?.startsWith('build:')).toBe(true);
  });

  it('name, needs (one string or a list), if, runs-on, strategy, timeout-minutes', () => {
    const build = normalJob(workflow, 'build');
    expect(build.name?.value).toBe('Build ${{ matrix.os }}');
    expect(build.needs).toEqual(['setup']);
    expect(nodeText(text, build.needsNode)).toBe('setup');
    expect(normalJob(workflow, 'deploy').needs).toEqual(['build', 'setup']);
    expect(nodeText(text, build.if)).toBe("github.ref == 'refs/heads/main'");
    expect(nodeText(text, build.runsOn)).toBe('${{ matrix.os }}');
    expect(nodeText(text, normalJob(workflow, 'deploy').runsOn)).toBe('[self-hosted, linux]');
    expect(nodeText(text, build.strategy)).toBe('{matrix: {os: [ubuntu-latest]}}');
    expect(nodeText(text, build.timeoutMinutes)).toBe('30');
  });

  it('environment as a name or as {name, url}', () => {
    const build = normalJob(workflow, 'build');
    expect(build.environment?.name?.value).toBe('production');
    expect(nodeText(text, build.environment?.node)).toBe('production');
    const deploy = normalJob(workflow, 'deploy');
    expect(deploy.environment?.name?.value).toBe('prod-${{ inputs.region }}');
    expect(nodeText(text, deploy.environment?.name?.node)).toBe('prod-${{ inputs.region }}');
    expect(nodeText(text, deploy.environment?.url)).toBe('https://example.com');
    expect(deploy.environment?.node.type).toBe('map');
  });

  it('container as an image string or a map with credentials; services, env and outputs as maps', () => {
    const build = normalJob(workflow, 'build');
    expect(build.container?.image?.value).toBe('node:20');
    expect(nodeText(text, build.container?.node)).toBe('node:20');
    const deploy = normalJob(workflow, 'deploy');
    expect(deploy.container?.image?.value).toBe('ghcr.io/o/builder:1');
    expect(nodeText(text, deploy.container?.credentials)).toBe('{username: u, password: "${{ secrets.GHCR }}"}');
    expect(build.services?.entries.map((e) => e.key)).toEqual(['redis']);
    expect(nodeText(text, build.env)).toBe('{CI: "1"}');
    expect(nodeText(text, getPath(build.outputs, ['version']))).toBe('${{ steps.v.outputs.version }}');
  });

  it('reusable-workflow calls: local and remote uses, with, secrets inherit or a map', () => {
    const source = [
      'jobs:',
      '  local:',
      '    uses: ./.github/workflows/build.yml',
      '    with: {target: prod}',
      '    secrets: inherit',
      '  remote:',
      '    uses: octo/shared/.github/workflows/deploy.yml@v2',
      '    permissions: {contents: read}',
      '    secrets:',
      '      token: ${{ secrets.DEPLOY_TOKEN }}',
      '',
    ].join('\n');
    const calls = workflowOf(source);
    const local = callJob(calls, 'local');
    expect(local.uses).toEqual({ kind: 'local', raw: './.github/workflows/build.yml', path: './.github/workflows/build.yml', node: local.usesNode });
    expect(nodeText(source, local.with)).toBe('{target: prod}');
    expect(local.secrets?.kind).toBe('inherit');
    expect(nodeText(source, local.secrets?.node)).toBe('inherit');
    const remote = callJob(calls, 'remote');
    expect(remote.uses).toMatchObject({ kind: 'repository', owner: 'octo', repo: 'shared', path: '.github/workflows/deploy.yml', ref: 'v2' });
    expect(nodeText(source, remote.uses?.node)).toBe('octo/shared/.github/workflows/deploy.yml@v2');
    expect(remote.secrets?.kind).toBe('map');
    expect(remote.permissions.kind).toBe('map');
    expect(remote.references.map((r) => describeReference(source, r))).toEqual(['secrets DEPLOY_TOKEN "secrets.DEPLOY_TOKEN" job=remote']);
  });

  it('hostile shapes: a job that is a string, steps that is a map, a uses that is not a string', () => {
    const source = [
      'jobs:',
      '  text: just a string',
      '  list: [1, 2]',
      '  mapsteps:',
      '    steps: {run: echo}',
      '    needs: {a: 1}',
      '    environment: [x]',
      '    container: {image: [1]}',
      '    with: 1',
      '  numeric:',
      '    uses: 42',
      '    secrets: [a]',
      '    with: text',
      '  nulluses:',
      '    uses:',
      '',
    ].join('\n');
    const hostile = workflowOf(source);
    expect(hostile.jobs.map((j) => `${j.kind} ${j.id}`)).toEqual(['normal mapsteps', 'reusable-call numeric', 'reusable-call nulluses']);
    const mapSteps = normalJob(hostile, 'mapsteps');
    expect(mapSteps.steps).toEqual([]);
    expect(nodeText(source, mapSteps.stepsNode)).toBe('{run: echo}');
    expect(mapSteps.needs).toEqual([]);
    expect(mapSteps.environment).toBeUndefined();
    expect(mapSteps.container?.image).toBeUndefined();
    const numeric = callJob(hostile, 'numeric');
    expect([numeric.uses, numeric.secrets, numeric.with]).toEqual([undefined, undefined, undefined]);
    expect(nodeText(source, numeric.usesNode)).toBe('42');
    expect(callJob(hostile, 'nulluses').uses).toBeUndefined();
    expect(workflowOf('jobs: [a, b]\n').jobs).toEqual([]);
    expect(workflowOf('jobs: x\n').jobs).toEqual([]);
  });

  it('not a workflow: a document whose root is not a map, or no document at all', () => {
    expect(extractWorkflow(documentOf('- a\n- b\n', 'x.yml', 'github-workflow'))).toBeUndefined();
    expect(extractWorkflow(documentOf('just text\n', 'x.yml', 'github-workflow'))).toBeUndefined();
    expect(extractWorkflow(documentOf('', 'x.yml', 'github-workflow'))).toBeUndefined();
  });
});

describe('steps', () => {
  const text = [
    'jobs:',
    '  build:',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          persist-credentials: false',
    '          Token: ${{ secrets.PAT }}',
    '      - not a step',
    '      - id: test',
    '        name: Run tests',
    '        if: success()',
    '        run: |',
    '          npm ci',
    '          npm test',
    '        shell: bash',
    '        env: {NODE_ENV: test}',
    '        continue-on-error: true',
    '        working-directory: ./app',
    '        timeout-minutes: 5',
    '      - uses: docker://alpine:3.19',
    '      - uses: ./.github/actions/local',
    '      - uses: {not: a string}',
    '',
  ].join('\n');
  const workflow = workflowOf(text);
  const steps = normalJob(workflow, 'build').steps;

  it('only map items are steps; each keeps its index in the sequence', () => {
    expect(steps.map((s) => s.index)).toEqual([0, 2, 3, 4, 5]);
    expect(nodeText(text, steps[0]!.node)?.startsWith('uses: actions/checkout@v4')).toBe(true);
  });

  it('uses parsed with its node, for repository, docker and local actions', () => {
    expect(steps[0]!.uses).toMatchObject({ kind: 'repository', owner: 'actions', repo: 'checkout', ref: 'v4' });
    expect(nodeText(text, steps[0]!.uses?.node)).toBe('actions/checkout@v4');
    expect(steps[2]!.uses).toMatchObject({ kind: 'docker', image: 'alpine:3.19', tag: '3.19' });
    expect(steps[3]!.uses).toMatchObject({ kind: 'local', path: './.github/actions/local' });
    expect(steps[4]!.uses).toBeUndefined();
    expect(nodeText(text, steps[4]!.usesNode)).toBe('{not: a string}');
  });

  it('with as a map, and a located input by name, case-insensitive as GitHub matches inputs', () => {
    const checkout = steps[0]!;
    expect(checkout.with?.entries.map((e) => e.key)).toEqual(['persist-credentials', 'Token']);
    expect(nodeText(text, stepInput(checkout, 'token'))).toBe('${{ secrets.PAT }}');
    expect(nodeText(text, stepInput(checkout, 'persist-credentials'))).toBe('false');
    expect(stepInput(checkout, 'missing')).toBeUndefined();
    expect(stepInput(steps[1]!, 'anything')).toBeUndefined();
  });

  it('run as a scalar whose span covers the block; shell, env, if, id, name and the rest', () => {
    const test = steps[1]!;
    expect(test.run?.value).toBe('npm ci\nnpm test\n');
    expect(nodeText(text, test.run)).toBe('|\n          npm ci\n          npm test\n');
    expect([test.id?.value, test.name?.value, test.shell?.value, test.workingDirectory?.value]).toEqual(['test', 'Run tests', 'bash', './app']);
    expect(nodeText(text, test.id?.node)).toBe('test');
    expect(nodeText(text, test.if)).toBe('success()');
    expect(nodeText(text, test.env)).toBe('{NODE_ENV: test}');
    expect(nodeText(text, test.continueOnError)).toBe('true');
    expect(nodeText(text, test.timeoutMinutes)).toBe('5');
  });

  it('workflowSteps lists every step of every job with its job', () => {
    const source = 'jobs:\n  a:\n    steps: [{run: x}, {run: y}]\n  call: {uses: ./w.yml}\n  b:\n    steps: [{run: z}]\n';
    expect(workflowSteps(workflowOf(source)).map(({ job: j, step }) => `${j.id}[${step.index}] ${step.run?.value}`)).toEqual(['a[0] x', 'a[1] y', 'b[0] z']);
  });
});

describe('env at every level', () => {
  it('workflow, job and step env are located maps; other shapes are left out', () => {
    const text = 'env:\n  A: 1\njobs:\n  j:\n    env: {B: 2}\n    steps:\n      - env:\n          C: 3\n        run: x\n      - env: ${{ fromJSON(inputs.env) }}\n';
    const workflow = workflowOf(text);
    expect(nodeText(text, workflow.env)).toBe('A: 1\n');
    const j = normalJob(workflow, 'j');
    expect(nodeText(text, j.env)).toBe('{B: 2}');
    expect(nodeText(text, j.steps[0]!.env)).toBe('C: 3\n');
    expect(j.steps[1]!.env).toBeUndefined();
    expect(j.steps[1]!.references.map((r) => describeReference(text, r))).toEqual(['inputs env "inputs.env" job=j step=1']);
  });
});

describe('references: what counts', () => {
  it('secrets.X, vars.X, github.token, inputs.X, with the span covering the read only', () => {
    const text = 'env:\n  A: ${{ secrets.NPM_TOKEN }}\n  B: ${{ vars.REGION }}-${{ github.token }}\n  C: ${{ inputs.name }}\n';
    expect(referencesOf(text)).toEqual([
      'secrets NPM_TOKEN "secrets.NPM_TOKEN"',
      'vars REGION "vars.REGION"',
      'github token "github.token"',
      'inputs name "inputs.name"',
    ]);
  });

  it("secrets['X'] and secrets[\"X\"], with spaces, and secrets.GITHUB_TOKEN", () => {
    const text = `a: \${{ secrets['A-1'] }}\nb: \${{ secrets[ "B" ] }}\nc: \${{ secrets.GITHUB_TOKEN }}\nd: \${{ secrets['it''s'] }}\n`;
    expect(referencesOf(text)).toEqual([
      `secrets A-1 "secrets['A-1']"`,
      'secrets B "secrets[ \\"B\\" ]"',
      'secrets GITHUB_TOKEN "secrets.GITHUB_TOKEN"',
      `secrets it's "secrets['it''s']"`,
    ]);
  });

  it('github.event.* keeps the whole property path, through filters and indexes', () => {
    const text = [
      'run-name: ${{ github.event.issue.title }}',
      "x: ${{ github.event.pull_request.head.ref }} ${{ github.event['comment'].body }}",
      'y: ${{ join(github.event.commits.*.message) }} ${{ github.event.commits[0].author.email }}',
      '',
    ].join('\n');
    const workflow = workflowOf(text);
    expect(workflow.references.map((r) => [r.name, r.properties, textAt(text, r.span)])).toEqual([
      ['event.issue.title', ['event', 'issue', 'title'], 'github.event.issue.title'],
      ['event.pull_request.head.ref', ['event', 'pull_request', 'head', 'ref'], 'github.event.pull_request.head.ref'],
      ['event.comment.body', ['event', 'comment', 'body'], "github.event['comment'].body"],
      ['event.commits.*.message', ['event', 'commits', '*', 'message'], 'github.event.commits.*.message'],
      ['event.commits.0.author.email', ['event', 'commits', '0', 'author', 'email'], 'github.event.commits[0].author.email'],
    ]);
    expect(workflow.runName?.value).toBe('${{ github.event.issue.title }}');
  });

  it('a whole-context use is named *: toJSON(secrets), secrets.*, a computed index', () => {
    const text = 'a: ${{ toJSON(secrets) }}\nb: ${{ secrets.* }}\nc: ${{ secrets[format(\'{0}_KEY\', matrix.env)] }}\nd: ${{ toJSON(github) }}\n';
    expect(referencesOf(text)).toEqual(['secrets * "secrets"', 'secrets * "secrets.*"', 'secrets * "secrets"', 'github * "github"']);
  });

  it('a computed index still finds the reads inside it', () => {
    const text = 'a: ${{ secrets[inputs.secret-name] }}\n';
    expect(referencesOf(text)).toEqual(['secrets * "secrets"', 'inputs secret-name "inputs.secret-name"']);
  });

  it('contexts match case-insensitively; the name is kept as written', () => {
    const text = 'a: ${{ SECRETS.Npm_Token }} ${{ Vars.x }} ${{ GitHub.Event.Issue.Body }}\n';
    const references = workflowOf(text).references;
    expect(references.map((r) => [r.context, r.name, textAt(text, r.span)])).toEqual([
      ['secrets', 'Npm_Token', 'SECRETS.Npm_Token'],
      ['vars', 'x', 'Vars.x'],
      ['github', 'Event.Issue.Body', 'GitHub.Event.Issue.Body'],
    ]);
  });

  it('not references: properties of other contexts, string literals, longer words, plain text, keys', () => {
    const text = [
      'a: ${{ steps.secrets.outputs.x }} ${{ needs.github.result }} ${{ env.vars }}',
      "b: ${{ contains('secrets.X', 'github.token') }} ${{ mysecrets.X }} ${{ secrets_x.Y }}",
      'c: secrets.PLAIN_TEXT github.token outside any expression',
      'd:',
      '  ${{ secrets.IN_A_KEY }}: value',
      '',
    ].join('\n');
    expect(referencesOf(text)).toEqual([]);
  });

  it('several reads in one expression, each with the enclosing ${{ }} span', () => {
    const text = "a: x ${{ secrets.A || vars.B && format('{0}', inputs.C) }} y\n";
    const references = workflowOf(text).references;
    expect(references.map((r) => describeReference(text, r))).toEqual(['secrets A "secrets.A"', 'vars B "vars.B"', 'inputs C "inputs.C"']);
    for (const reference of references) {
      expect(textAt(text, reference.expressionSpan)).toBe("${{ secrets.A || vars.B && format('{0}', inputs.C) }}");
      expect(reference.bare).toBe(false);
    }
  });

  it('a `}}` inside a string does not end the expression', () => {
    const text = "a: ${{ format('}}', secrets.AFTER) }}\n";
    const [reference] = workflowOf(text).references;
    expect(textAt(text, reference!.span)).toBe('secrets.AFTER');
    expect(textAt(text, reference!.expressionSpan)).toBe("${{ format('}}', secrets.AFTER) }}");
  });

  it('an unclosed ${{ is literal text, and nothing after it is read', () => {
    expect(referencesOf('a: ${{ secrets.A }} ${{ secrets.B\nb: ${{ secrets.C }}\n')).toEqual(['secrets A "secrets.A"', 'secrets C "secrets.C"']);
  });

  it('templateExpressions lists each ${{ }} with its body', () => {
    const text = 'run: echo "${{ github.head_ref }}" && ${{inputs.x}}\n';
    const scalar = getPath(parseRoot(text), ['run']);
    if (!isScalar(scalar)) throw new Error('expected a scalar');
    expect(templateExpressions(text, scalar).map((t) => [textAt(text, t.span), textAt(text, t.bodySpan)])).toEqual([
      ['${{ github.head_ref }}', ' github.head_ref '],
      ['${{inputs.x}}', 'inputs.x'],
    ]);
  });
});

function parseRoot(text: string): Node {
  const result = parseYaml(text);
  if (!result.ok || result.roots[0] === undefined) throw new Error('expected a parse');
  return result.roots[0];
}

describe('references: exact spans in every scalar style', () => {
  it('block scalars (run: |, folded >-): spans point into the right line', () => {
    const text = [
      'jobs:',
      '  j:',
      '    steps:',
      '      - run: |',
      '          echo "${{ github.event.issue.title }}"',
      '          curl -H "Authorization: ${{ secrets.API_KEY }}"',
      '      - run: >-',
      '          deploy',
      '          ${{ secrets.DEPLOY }}',
      '',
    ].join('\n');
    const references = workflowOf(text).references;
    expect(references.map((r) => describeReference(text, r))).toEqual([
      'github event.issue.title "github.event.issue.title" job=j step=0',
      'secrets API_KEY "secrets.API_KEY" job=j step=0',
      'secrets DEPLOY "secrets.DEPLOY" job=j step=1',
    ]);
    expect(references[1]!.span.start).toBe(text.indexOf('secrets.API_KEY'));
  });

  it('a comment on a block scalar header is not content', () => {
    expect(referencesOf('run: | # uses ${{ secrets.IN_COMMENT }}\n  echo ${{ secrets.IN_BODY }}\n')).toEqual(['secrets IN_BODY "secrets.IN_BODY"']);
  });

  it('double-quoted scalars, escapes included, and single-quoted ones with doubled quotes', () => {
    const text = [
      'a: "say \\"${{ secrets.D }}\\" ${{ secrets[\\"E\\"] }}"',
      "b: 'x ${{ format(''{0}'', secrets.S) }} ${{ secrets[''Q''] }} ${{ contains(''secrets.NOT'', x) }}'",
      '',
    ].join('\n');
    expect(referencesOf(text)).toEqual([
      'secrets D "secrets.D"',
      'secrets E "secrets[\\\\\\"E\\\\\\"]"',
      'secrets S "secrets.S"',
      `secrets Q "secrets[''Q'']"`,
    ]);
  });

  it('a plain scalar over several lines', () => {
    const text = 'a: first line\n  ${{ secrets.WRAPPED }} second\n';
    const [reference] = workflowOf(text).references;
    expect(reference!.span).toEqual({ start: text.indexOf('secrets.WRAPPED'), end: text.indexOf('secrets.WRAPPED') + 15 });
  });

  it('values in flow collections, and in lists', () => {
    const text = 'a: {k: "${{ vars.A }}", l: [x, "${{ vars.B }}"]}\n';
    expect(referencesOf(text)).toEqual(['vars A "vars.A"', 'vars B "vars.B"']);
    expect(workflowOf(text).references.map((r) => r.path)).toEqual([
      ['a', 'k'],
      ['a', 'l', 1],
    ]);
  });

  it('non-string scalars have no expressions', () => {
    const root = parseRoot('a: 12\n');
    const scalar = getPath(root, ['a']);
    if (!isScalar(scalar)) throw new Error('expected a scalar');
    expect(scalarReferences('a: 12\n', scalar)).toEqual([]);
  });
});

describe('references: bare if conditions', () => {
  it('job and step if: without ${{ }} are expressions; the expression span is the condition', () => {
    const text = [
      'jobs:',
      '  j:',
      "    if: github.event.pull_request.head.repo.full_name == 'o/r'",
      '    steps:',
      '      - if: secrets.TOKEN != \'\'',
      '        run: x',
      '      - if: "${{ vars.ENABLED }}"',
      '        run: y',
      '',
    ].join('\n');
    const references = workflowOf(text).references;
    expect(references.map((r) => [describeReference(text, r), r.bare, textAt(text, r.expressionSpan)])).toEqual([
      ['github event.pull_request.head.repo.full_name "github.event.pull_request.head.repo.full_name" job=j', true, "github.event.pull_request.head.repo.full_name == 'o/r'"],
      ['secrets TOKEN "secrets.TOKEN" job=j step=0', true, "secrets.TOKEN != ''"],
      ['vars ENABLED "vars.ENABLED" job=j step=1', false, '${{ vars.ENABLED }}'],
    ]);
  });

  it('an if: elsewhere (an input named if, a with: value) is plain text', () => {
    const text = 'jobs:\n  j:\n    steps:\n      - uses: a/b@v1\n        with:\n          if: secrets.NOT_AN_EXPRESSION\n';
    expect(referencesOf(text)).toEqual([]);
  });

  it('a quoted bare condition reads the text inside the quotes', () => {
    const text = "jobs:\n  j:\n    if: 'inputs.go == ''yes'''\n    runs-on: x\n";
    const [reference] = workflowOf(text).references;
    expect([describeReference(text, reference!), textAt(text, reference!.expressionSpan)]).toEqual(['inputs go "inputs.go" job=j', "inputs.go == ''yes''"]);
  });
});

describe('references: where they sit', () => {
  const text = [
    'env:',
    '  TOP: ${{ secrets.TOP }}',
    'jobs:',
    '  first:',
    '    env: {J: "${{ vars.J }}"}',
    '    steps:',
    '      - run: echo ${{ secrets.S0 }}',
    '      - uses: a/b@v1',
    '        with: {token: "${{ github.token }}"}',
    '  second:',
    '    uses: ./.github/workflows/x.yml',
    '    with: {a: "${{ inputs.A }}"}',
    '',
  ].join('\n');
  const workflow = workflowOf(text);

  it('the workflow lists all reads in file order, each with its key path, job and step', () => {
    expect(workflow.references.map((r) => describeReference(text, r))).toEqual([
      'secrets TOP "secrets.TOP"',
      'vars J "vars.J" job=first',
      'secrets S0 "secrets.S0" job=first step=0',
      'github token "github.token" job=first step=1',
      'inputs A "inputs.A" job=second',
    ]);
    expect(workflow.references.map((r) => r.path)).toEqual([
      ['env', 'TOP'],
      ['jobs', 'first', 'env', 'J'],
      ['jobs', 'first', 'steps', 0, 'run'],
      ['jobs', 'first', 'steps', 1, 'with', 'token'],
      ['jobs', 'second', 'with', 'a'],
    ]);
    expect(nodeText(text, workflow.references[2]!.node)).toBe('echo ${{ secrets.S0 }}');
  });

  it('each job and each step lists the reads inside it', () => {
    const first = normalJob(workflow, 'first');
    expect(first.references.map((r) => r.name)).toEqual(['J', 'S0', 'token']);
    expect(first.steps.map((s) => s.references.map((r) => r.name))).toEqual([['S0'], ['token']]);
    expect(callJob(workflow, 'second').references.map((r) => r.name)).toEqual(['A']);
  });

  it('alias content is listed at each place that uses it, in the anchor text', () => {
    const source = 'x-common: &token "${{ secrets.SHARED }}"\njobs:\n  a:\n    env: {T: *token}\n    steps: [{run: x}]\n';
    const workflow2 = workflowOf(source);
    expect(workflow2.references.map((r) => [describeReference(source, r), r.path])).toEqual([
      ['secrets SHARED "secrets.SHARED"', ['x-common']],
      ['secrets SHARED "secrets.SHARED" job=a', ['jobs', 'a', 'env', 'T']],
    ]);
    expect(normalJob(workflow2, 'a').references).toHaveLength(1);
  });
});

describe('references: bounded work', () => {
  it('hostile expression text is read in linear time', () => {
    const unclosed = `a: "${'${{ secrets['.repeat(20_000)}"\n`;
    const open = `b: "${'${{ '.repeat(20_000)}"\n`;
    const quotes = `c: "\${{ ${"'".repeat(40_001)} }}"\n`;
    const chains = `d: "\${{ ${'secrets.a.b.c['.repeat(10_000)} }}"\n`;
    const many = `e: "${'${{secrets}}'.repeat(20_000)}"\n`;
    const started = performance.now();
    for (const text of [unclosed, open, quotes, chains]) workflowOf(text);
    expect(workflowOf(many).references).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('action definitions', () => {
  it('a composite action: name, description, inputs, outputs, steps and their reads', () => {
    const text = [
      'name: Setup',
      'description: Sets things up',
      'inputs:',
      '  token:',
      '    description: A token',
      '    required: true',
      '    default: ${{ github.token }}',
      '  level:',
      "    required: 'false'",
      '  bare:',
      'outputs:',
      '  path:',
      '    description: Where',
      '    value: ${{ steps.s.outputs.path }}',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - id: s',
      '      if: inputs.level != \'\'',
      '      run: echo ${{ inputs.token }}',
      '      shell: bash',
      '    - uses: actions/cache@v4',
      '',
    ].join('\n');
    const action = actionOf(text);
    expect([action.name?.value, action.description?.value]).toEqual(['Setup', 'Sets things up']);
    expect(action.inputs.map((i) => [i.id, textAt(text, i.idSpan), i.required, nodeText(text, i.requiredNode), nodeText(text, i.default), i.description?.value])).toEqual([
      ['token', 'token', true, 'true', '${{ github.token }}', 'A token'],
      ['level', 'level', false, "'false'", undefined, undefined],
      ['bare', 'bare', false, undefined, undefined, undefined],
    ]);
    expect(action.outputs.map((o) => [o.id, o.description?.value, nodeText(text, o.value)])).toEqual([['path', 'Where', '${{ steps.s.outputs.path }}']]);
    const runs = action.runs;
    if (runs?.kind !== 'composite') throw new Error(`expected composite, got ${runs?.kind}`);
    expect(runs.using.value).toBe('composite');
    expect(runs.steps.map((s) => [s.index, s.id?.value, s.shell?.value, s.uses?.raw])).toEqual([
      [0, 's', 'bash', undefined],
      [1, undefined, undefined, 'actions/cache@v4'],
    ]);
    expect(action.references.map((r) => [describeReference(text, r), r.bare])).toEqual([
      ['github token "github.token"', false],
      ['inputs level "inputs.level" step=0', true],
      ['inputs token "inputs.token" step=0', false],
    ]);
    expect(runs.steps[0]!.references.map((r) => r.name)).toEqual(['level', 'token']);
  });

  it('a JavaScript action: main, pre, post and their conditions, which are expressions', () => {
    const text = 'runs:\n  using: Node20\n  main: dist/index.js\n  pre: dist/pre.js\n  pre-if: runner.os == \'Linux\' && inputs.cache\n  post: dist/post.js\n  post-if: success()\n';
    const action = actionOf(text);
    const runs = action.runs;
    if (runs?.kind !== 'javascript') throw new Error(`expected javascript, got ${runs?.kind}`);
    expect([runs.using.value, runs.main?.value, runs.pre?.value, runs.post?.value]).toEqual(['Node20', 'dist/index.js', 'dist/pre.js', 'dist/post.js']);
    expect([nodeText(text, runs.preIf), nodeText(text, runs.postIf)]).toEqual(["runner.os == 'Linux' && inputs.cache", 'success()']);
    expect(action.references.map((r) => [describeReference(text, r), r.bare])).toEqual([['inputs cache "inputs.cache"', true]]);
    for (const using of ['node12', 'node16', 'node24']) expect(actionOf(`runs: {using: ${using}, main: a.js}`).runs?.kind).toBe('javascript');
  });

  it('a docker action: a Dockerfile or a docker:// image, env, args, entrypoints', () => {
    const text = [
      'runs:',
      '  using: docker',
      '  image: Dockerfile',
      '  env: {TOKEN: "${{ inputs.token }}"}',
      '  args: [--flag, "${{ secrets.NOT_ALLOWED_BUT_READ }}"]',
      '  entrypoint: /entry.sh',
      '  pre-entrypoint: /pre.sh',
      '  post-entrypoint: /post.sh',
      '',
    ].join('\n');
    const action = actionOf(text);
    const runs = action.runs;
    if (runs?.kind !== 'docker') throw new Error(`expected docker, got ${runs?.kind}`);
    expect(runs.image).toEqual({ kind: 'dockerfile', raw: 'Dockerfile', path: 'Dockerfile', node: runs.imageNode });
    expect(nodeText(text, runs.env)).toBe('{TOKEN: "${{ inputs.token }}"}');
    expect(runs.args?.items.map((item) => nodeText(text, item))).toEqual(['--flag', '"${{ secrets.NOT_ALLOWED_BUT_READ }}"']);
    expect([runs.entrypoint?.value, runs.preEntrypoint?.value, runs.postEntrypoint?.value]).toEqual(['/entry.sh', '/pre.sh', '/post.sh']);
    expect(action.references.map((r) => describeReference(text, r))).toEqual(['inputs token "inputs.token"', 'secrets NOT_ALLOWED_BUT_READ "secrets.NOT_ALLOWED_BUT_READ"']);
    const registry = actionOf('runs:\n  using: docker\n  image: docker://ghcr.io/o/i:1.2@sha256:ff\n').runs;
    expect(registry?.kind === 'docker' && registry.image).toMatchObject({ kind: 'registry', image: 'ghcr.io/o/i:1.2@sha256:ff', tag: '1.2', digest: 'sha256:ff' });
  });

  it('other runs: an unknown runtime, no using, runs that is not a map; no runs at all', () => {
    const unknown = actionOf('runs: {using: wasm, main: x}\n').runs;
    expect([unknown?.kind, unknown?.kind === 'other' && unknown.using?.value]).toEqual(['other', 'wasm']);
    expect(actionOf('runs: {main: x}\n').runs).toMatchObject({ kind: 'other' });
    expect(actionOf('runs: node20\n').runs).toMatchObject({ kind: 'other' });
    expect(actionOf('name: x\n').runs).toBeUndefined();
    expect(extractAction(documentOf('[1]\n', 'action.yml', 'github-action'))).toBeUndefined();
  });

  it('hostile shapes: inputs as a list, steps as a map, args as a string', () => {
    const text = 'inputs: [a, b]\noutputs: x\nruns:\n  using: composite\n  steps: {run: x}\n';
    const action = actionOf(text);
    expect([action.inputs, action.outputs]).toEqual([[], []]);
    expect(nodeText(text, action.inputsNode)).toBe('[a, b]');
    expect(action.runs?.kind === 'composite' && action.runs.steps).toEqual([]);
    const docker = actionOf('runs: {using: docker, image: [x], args: "--a"}\n').runs;
    expect(docker?.kind === 'docker' && [docker.image, docker.args]).toEqual([undefined, undefined]);
  });
});
