import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/config.js';
import { prepareParsers } from '../src/engine/documents.js';
import { ProjectStore } from '../src/engine/project-store.js';
import { RuleRunner } from '../src/engine/rule-runner.js';
import { scanTarget } from '../src/engine/run.js';
import { formatJson } from '../src/output/json.js';
import { toSarif } from '../src/output/sarif.js';
import { formatText } from '../src/output/text.js';
import { defineRule, type Rule, type RuleHooks, type SourceFile } from '../src/rule.js';
import { caseProblems, formatOutcome, loadCases, runCase, updateMode, writeOutcome, type RuleCase } from './support/cases.js';
import { makeTempDir, removeTempDirs } from './support/fixtures.js';
import { describeIssues, validateSarifText } from './support/validator.js';
import probe from './probe-rule/rule.js';

afterAll(removeTempDirs);

const PROBE_CASES = path.resolve(import.meta.dirname, 'probe-rule', 'cases');
const FRAMEWORKS = probe.meta.frameworks;

/** A throwaway rule with the given hooks and meta overrides. */
function testRule(id: string, hooks: (report: (d: Parameters<Parameters<Rule['create']>[0]['report']>[0]) => void) => RuleHooks, meta: Partial<Rule['meta']> = {}): Rule {
  return defineRule({
    meta: {
      id,
      title: id,
      description: 'A rule for a test.',
      remediation: 'None.',
      category: 'long-lived-credential',
      severity: 'high',
      confidence: 'medium',
      kinds: [],
      messages: { found: 'found {what}' },
      frameworks: FRAMEWORKS,
      ...meta,
    } as Rule['meta'],
    create: (context) => hooks((descriptor) => context.report(descriptor)),
  }) as Rule;
}

function run(rules: readonly Rule[], files: Record<string, string>, settings: ConstructorParameters<typeof RuleRunner>[1] = {}) {
  const runner = new RuleRunner(rules, settings);
  for (const [filePath, text] of Object.entries(files)) runner.addFile(filePath, text);
  return runner.finish();
}

describe('the platform probe rule, through its cases', () => {
  const { cases, problems } = loadCases(PROBE_CASES, 'platform-probe');

  it('has well-formed cases', () => {
    expect(problems).toEqual([]);
    expect(cases.map((c) => c.name)).toEqual(['fail-broken-workflow', 'fail-plain-text', 'fail-shared-secret', 'pass-below-threshold', 'pass-no-marker']);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, ruleCase) => {
    const result = await runCase(ruleCase, [probe]);
    if (updateMode() && ruleCase.expectedFile) writeOutcome(ruleCase, result);
    expect(caseProblems(ruleCase, result)).toEqual([]);
  });

  it('its folder case, scanned from disk, gives SARIF the validator accepts, with related locations and their messages', async () => {
    const root = path.join(PROBE_CASES, 'fail-shared-secret');
    const config = parseConfig('.nhiscan.yml', (await import('node:fs')).readFileSync(path.join(root, '.nhiscan.yml'), 'utf8'), [probe]);
    const scan = await scanTarget({ root, entries: [{ absolute: root, isDirectory: true }] }, { rules: [probe], knownRuleIds: new Set(['platform-probe']), config });
    const sarif = toSarif(scan);
    const results = sarif.runs[0]!.results!;
    expect(results).toHaveLength(1);
    expect(results[0]!.relatedLocations).toEqual([
      {
        id: 0,
        physicalLocation: { artifactLocation: { uri: '.github/workflows/nightly.yml', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 13, endLine: 7, endColumn: 31 } },
        message: { text: 'DEPLOY_KEY read by jobs.deploy' },
      },
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: '.github/workflows/release.yml', uriBaseId: '%SRCROOT%' }, region: { startLine: 9, startColumn: 32, endLine: 9, endColumn: 50 } },
        message: { text: 'DEPLOY_KEY read by jobs.publish.steps[0]' },
      },
    ]);
    const validation = await validateSarifText(JSON.stringify(sarif, null, 2));
    expect(validation.errors, describeIssues(validation.errors)).toEqual([]);
  });
});

describe('the case harness', () => {
  const probeCase = (name: string): RuleCase => loadCases(PROBE_CASES, 'platform-probe').cases.find((c) => c.name === name)!;

  async function casesDir(files: Record<string, string>): Promise<string> {
    const dir = await makeTempDir('nhiscan-cases-');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  it('fails a fail- case whose .out is empty and that yields no finding of its rule', async () => {
    const dir = await casesDir({ 'fail-nothing@notes.txt': 'no marker here\n', 'fail-nothing.out': '' });
    const [ruleCase] = loadCases(dir, 'platform-probe').cases;
    const result = await runCase(ruleCase!, [probe]);
    expect(caseProblems(ruleCase!, result)).toEqual(['fail case has no finding of platform-probe']);
  });

  it('fails a fail- case whose outcome differs from its .out', async () => {
    const ruleCase = probeCase('fail-plain-text');
    const result = await runCase(ruleCase, [probe]);
    const altered = { ...ruleCase, expectedFile: path.join(await casesDir({ 'x.out': formatOutcome(result).replace('high', 'low') }), 'x.out') };
    expect(caseProblems(altered, result)).toEqual(['outcome differs from x.out']);
  });

  it('fails a pass- case that reports its rule', async () => {
    const passing = { ...probeCase('fail-plain-text'), polarity: 'pass' as const };
    const result = await runCase(passing, [probe]);
    expect(caseProblems(passing, result)).toEqual(['pass case reports docs/deploy-notes.txt:3:20-3:45 platform-probe/planted']);
  });

  it('rejects a stray file, a duplicate case, a fail case without .out and a .out without a case', async () => {
    const dir = await casesDir({
      'notes.md': 'a stray file: it would never run',
      'fail-twice@a.json': '{}',
      'fail-twice@b.json': '{}',
      'fail-twice.out': '',
      'pass-folder/a.txt': 'x',
      'pass-folder@a.txt': 'x',
      'fail-no-sidecar@c.txt': 'x',
      'fail-orphan.out': '',
      'Pass-Capital@x.txt': 'x',
    });
    expect(loadCases(dir, 'r').problems).toEqual([
      'Pass-Capital@x.txt: not a case (<pass|fail>-<name>@<virtual path>) nor a fail case\'s .out',
      'fail-twice@b.json: a second case named fail-twice',
      'notes.md: not a case (<pass|fail>-<name>@<virtual path>) nor a fail case\'s .out',
      'pass-folder@a.txt: a second case named pass-folder',
      'fail-no-sidecar: a fail case needs fail-no-sidecar.out',
      'fail-orphan.out: no case of that name',
    ]);
  });

  it('refuses update mode in CI', () => {
    const saved = { update: process.env.NHISCAN_UPDATE_CASES, ci: process.env.CI };
    try {
      process.env.NHISCAN_UPDATE_CASES = '1';
      process.env.CI = 'true';
      expect(() => updateMode()).toThrow(/refused in CI/);
    } finally {
      if (saved.update === undefined) delete process.env.NHISCAN_UPDATE_CASES;
      else process.env.NHISCAN_UPDATE_CASES = saved.update;
      if (saved.ci === undefined) delete process.env.CI;
      else process.env.CI = saved.ci;
    }
  });
});

describe('the text hook', () => {
  const seen = (rule: Rule, files: Record<string, string>) => {
    const paths: string[] = [];
    const probeRule = testRule('seer', () => ({ text: (file: SourceFile) => void paths.push(`${file.path} ${file.kind}`) }), rule.meta);
    run([probeRule], files);
    return paths;
  };

  it('sees every decoded file when the rule declares no keyword: unstructured, structured and broken alike', async () => {
    await prepareParsers(['source-ts']);
    const files = { 'deploy.sh': 'echo hi\n', 'README.md': '# x\n', '.mcp.json': '{ broken', '.github/workflows/ci.yml': 'on: push\n', 'src/a.ts': 'let x = 1;\n' };
    expect(seen(testRule('x', () => ({})), files)).toEqual(['deploy.sh text', 'README.md text', '.mcp.json mcp-config', '.github/workflows/ci.yml github-workflow', 'src/a.ts source-ts']);
  });

  it('sees only files holding one of its keywords, in any case, once per file', () => {
    const files = { 'a.txt': 'nothing', 'b.txt': 'an AKIA key and ghp_ too', 'c.txt': 'GHP_ upper', 'd.txt': 'xoxb- slack' };
    expect(seen(testRule('x', () => ({}), { keywords: ['akia', 'ghp_'] }), files)).toEqual(['b.txt text', 'c.txt text']);
  });

  it('runs on a file whose parse failed, beside the parse-error notification', () => {
    const paths: string[] = [];
    const texter = testRule('texter', () => ({ text: (file) => void paths.push(file.path) }), { kinds: [] });
    const documenter = testRule('documenter', () => ({ document: (doc) => void paths.push(`document ${doc.file.path}`) }), { kinds: ['mcp-config'] });
    const { notifications } = run([texter, documenter], { '.mcp.json': '{ "mcpServers": ' });
    expect(paths).toEqual(['.mcp.json']);
    expect(notifications.map((n) => `${n.kind} ${n.path}`)).toEqual(['parse-error .mcp.json']);
  });
});

describe('views and the project store', () => {
  it('one file feeds several views: a Codex config gives servers and agent settings', () => {
    const got: string[] = [];
    const rule = testRule('views', () => ({
      mcpServer: (server) => void got.push(`server ${server.client} ${server.name} ${server.transport} headers:${server.headers?.entries.map((e) => e.key).join(',') ?? ''}`),
      agentSettings: (settings) => void got.push(`settings ${settings.client} ${settings.node.entries.map((e) => e.key).join(',')}`),
    }));
    run([rule], {
      '.codex/config.toml': 'approval_policy = "never"\n[mcp_servers.docs]\ncommand = "docs-mcp"\n[mcp_servers.remote]\nurl = "https://mcp.example.com"\nhttp_headers = { "X-Key" = "k" }\n',
    });
    expect(got).toEqual(['server codex docs stdio headers:', 'server codex remote http headers:X-Key', 'settings codex approval_policy,mcp_servers']);
  });

  it('Claude Code\'s user file gives its own servers and every project\'s, with the project as scope', () => {
    const got: string[] = [];
    const rule = testRule('servers', () => ({ mcpServer: (server) => void got.push(`${server.scope ?? '(user)'} ${server.name} ${server.node.path.join('.')}`) }));
    run([rule], {
      'home/.claude.json': JSON.stringify({ mcpServers: { a: { command: 'a' } }, projects: { '/work/x': { mcpServers: { b: { url: 'https://b' } } }, '/work/y': { allowedTools: [] } } }),
    });
    expect(got).toEqual(['(user) a mcpServers.a', '/work/x b projects./work/x.mcpServers.b']);
  });

  it('the project hook runs once, after every file, with the views of its kinds and the secret names workflows read', () => {
    const got: string[] = [];
    const rule = testRule(
      'correlator',
      () => ({
      workflow: (workflow) => void got.push(`workflow ${workflow.file.path}`),
      project: (facts) =>
        void got.push(
          `project workflows=${facts.workflows.length} servers=${facts.mcpServers.length} settings=${facts.agentSettings.length} actions=${facts.actions.length} ` +
            facts.identities.map((h) => `${h.type}:${h.name}@${h.file.path}/${h.user}`).join(' '),
        ),
      }),
      { kinds: ['github-workflow', 'github-action', 'mcp-config', 'claude-settings'], projectViews: ['workflow', 'action', 'mcpServer', 'agentSettings'] },
    );
    run([rule], {
      '.github/workflows/a.yml': 'on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: echo ${{ secrets.A }} ${{ toJSON(secrets) }}\n',
      '.mcp.json': '{"mcpServers": {"s": {"command": "x"}}}',
      '.claude/settings.json': '{}',
      'action.yml': 'name: x\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.x }}\n      shell: bash\n',
      '.github/workflows/b.yml': 'on: push\njobs:\n  k:\n    uses: ./.github/workflows/c.yml\n    secrets:\n      t: ${{ secrets.A }}\n',
    });
    expect(got).toEqual([
      'workflow .github/workflows/a.yml',
      'workflow .github/workflows/b.yml',
      'project workflows=2 servers=1 settings=1 actions=1 secret-name:A@.github/workflows/a.yml/jobs.j.steps[0] secret-name:A@.github/workflows/b.yml/jobs.k',
    ]);
  });

  it('keeps only the views a project hook declares, and identity handles whenever a project hook runs', () => {
    const files = { '.mcp.json': '{"mcpServers": {"s": {"command": "x"}}}', '.github/workflows/a.yml': 'on: push\njobs:\n  j:\n    steps:\n      - run: echo ${{ secrets.T }}\n' };
    const facts = (meta: Partial<Rule['meta']>) => {
      const runner = new RuleRunner([testRule('reader', () => ({ project: () => undefined }), meta)]);
      for (const [p, t] of Object.entries(files)) runner.addFile(p, t);
      const { workflows, mcpServers, identities } = runner.projectFacts();
      return [workflows.length, mcpServers.length, identities.map((h) => h.name).join()];
    };
    expect(facts({ kinds: ['github-workflow'], projectViews: ['workflow'] })).toEqual([1, 0, 'T']);
    expect(facts({})).toEqual([0, 0, 'T']);
  });

  it('keeps views only when something reads them: a project hook, or the inventory', () => {
    const files = { '.mcp.json': '{"mcpServers": {"s": {"command": "x"}}}', '.github/workflows/a.yml': 'on: push\njobs: {}\n' };
    const viewer = testRule('viewer', () => ({ mcpServer: () => undefined }));
    const plain = new RuleRunner([viewer]);
    for (const [p, t] of Object.entries(files)) plain.addFile(p, t);
    expect(plain.projectFacts().mcpServers).toEqual([]);
    const inventory = new RuleRunner([], { collectProject: true });
    for (const [p, t] of Object.entries(files)) inventory.addFile(p, t);
    expect(inventory.projectFacts().mcpServers.map((s) => s.name)).toEqual(['s']);
    expect(inventory.projectFacts().workflows.map((w) => w.file.path)).toEqual(['.github/workflows/a.yml']);
  });

  it('records where agents run in CI as small facts, whenever a project hook runs or the inventory collects', () => {
    const files = {
      '.github/workflows/review.yml': 'on: pull_request\njobs:\n  review:\n    steps:\n      - uses: actions/checkout@v4\n      - uses: anthropics/claude-code-action@v1\n      - run: npx -y @openai/codex exec "x"\n',
      '.github/workflows/copilot-setup-steps.yml': 'on: workflow_dispatch\njobs:\n  copilot-setup-steps:\n    steps:\n      - run: npm ci\n',
    };
    const inventory = new RuleRunner([], { collectProject: true });
    for (const [p, t] of Object.entries(files)) inventory.addFile(p, t);
    expect(inventory.projectFacts().agentUses.map((use) => `${use.agent} ${use.via} ${use.file.path} ${use.user}`)).toEqual([
      'claude-code action .github/workflows/review.yml jobs.review.steps[1]',
      'codex cli .github/workflows/review.yml jobs.review.steps[2]',
      'copilot copilot-setup .github/workflows/copilot-setup-steps.yml jobs.copilot-setup-steps',
    ]);
    const none = new RuleRunner([]);
    for (const [p, t] of Object.entries(files)) none.addFile(p, t);
    expect(none.projectFacts().agentUses).toEqual([]);
  });

  it('gives a job that calls a workflow of the repository the agents that workflow runs, through nested calls, once per cycle', () => {
    const files = {
      // The caller comes first in the listing: calls are resolved only once every workflow is known.
      '.github/workflows/ci.yml': 'on: pull_request\njobs:\n  review:\n    uses: ./.github/workflows/middle.yml\n  remote:\n    uses: acme/shared/.github/workflows/agent.yml@v1\n  lint:\n    uses: ./.github/workflows/lint.yml\n',
      '.github/workflows/middle.yml': 'on: workflow_call\njobs:\n  inner:\n    uses: ./.github/workflows/agent.yml\n  loop:\n    uses: ./.github/workflows/middle.yml\n',
      '.github/workflows/agent.yml': 'on: workflow_call\njobs:\n  run:\n    steps:\n      - uses: openai/codex-action@v1\n',
      '.github/workflows/lint.yml': 'on: workflow_call\njobs:\n  lint:\n    steps:\n      - run: npm run lint\n',
    };
    const inventory = new RuleRunner([], { collectProject: true });
    for (const [p, t] of Object.entries(files)) inventory.addFile(p, t);
    const uses = inventory.projectFacts().agentUses;
    expect(uses.map((use) => `${use.agent} ${use.via} ${use.file.path} ${use.user} ${use.through?.join(' > ') ?? ''}`)).toEqual([
      'codex action .github/workflows/agent.yml jobs.run.steps[0] ',
      'codex reusable-workflow .github/workflows/ci.yml jobs.review .github/workflows/middle.yml > .github/workflows/agent.yml',
      'codex reusable-workflow .github/workflows/middle.yml jobs.inner .github/workflows/agent.yml',
      // A workflow calling itself reaches what it reaches, and the cycle ends there.
      'codex reusable-workflow .github/workflows/middle.yml jobs.loop .github/workflows/middle.yml > .github/workflows/agent.yml',
    ]);
    // Asking twice gives the same facts, not the calls twice.
    expect(inventory.projectFacts().agentUses).toHaveLength(4);
  });

  it('digests a credential with a key of its own run: equal within it, unrelated across runs, never the plain hash', () => {
    const one = new ProjectStore();
    const other = new ProjectStore();
    const secret = 'ghp_0123456789abcdefghijklmnopqrstuvwxyz';
    expect(one.digest(secret)).toBe(one.digest(secret));
    expect(one.digest(secret)).toMatch(/^[0-9a-f]{32}$/);
    expect(one.digest(secret)).not.toBe(other.digest(secret));
    expect(one.digest(secret)).not.toBe(createHash('sha256').update(secret).digest('hex').slice(0, 32));
  });

  it('a report from the project hook without a file is a rule error, not a crash', () => {
    const rule = testRule('fileless', (report) => ({ project: () => report({ span: { start: 0, end: 1 }, anchor: 'x', messageId: 'found' } as never) }));
    expect(run([rule], {}).notifications.map((n) => n.message)).toEqual(['rule fileless failed (Error); its findings may be incomplete']);
  });
});

describe('severity', () => {
  const critical = testRule('per-result', (report) => ({ text: () => report({ span: { start: 0, end: 3 }, anchor: 'x', messageId: 'found', data: { what: 'it' }, severity: 'critical' } as never) }));

  it('a per-result severity goes through the .nhiscan.yml override', () => {
    const config = parseConfig('.nhiscan.yml', 'rules:\n  per-result:\n    severity: info\n', [critical]);
    expect(run([critical], { 'a.txt': 'abc' }, { ruleSettings: config.rules }).findings.map((f) => f.severity)).toEqual(['info']);
  });

  it('a per-result severity goes through the test-path downgrade', () => {
    expect(run([critical], { 'test/fixtures/a.txt': 'abc', 'src/a.txt': 'abc' }).findings.map((f) => `${f.path} ${f.severity}`)).toEqual([
      'src/a.txt critical',
      'test/fixtures/a.txt low',
    ]);
  });

  it('an override to info under a test path stays info', () => {
    const config = parseConfig('.nhiscan.yml', 'rules:\n  per-result:\n    severity: info\n', [critical]);
    expect(run([critical], { 'test/fixtures/a.txt': 'abc' }, { ruleSettings: config.rules }).findings.map((f) => f.severity)).toEqual(['info']);
  });
});

describe('one finding per evidence and question', () => {
  const SECRET = 'zq8Lw3Nv6Tb1Xr5Yk2Hm9Pd4';
  const text = `TOKEN=${SECRET}\n`;
  const at = text.indexOf(SECRET);
  const reporter = (id: string, meta: Partial<Rule['meta']>, target: 'token' | 'line') =>
    testRule(
      id,
      (report) => ({
        text: () =>
          report({ span: target === 'token' ? { start: at, end: at + SECRET.length } : { start: 0, end: text.length - 1 }, anchor: 'TOKEN', messageId: 'found', data: { what: id }, secret: SECRET } as never),
      }),
      meta,
    );

  it('keeps the rule that supersedes the other and names the other in alsoMatched', () => {
    const generic = reporter('generic-secret', {}, 'line');
    const specific = reporter('specific-token', { supersedes: ['generic-secret'] }, 'token');
    const { findings } = run([generic, specific], { 'a.txt': text });
    expect(findings.map((f) => [f.ruleId, f.alsoMatched])).toEqual([['specific-token', ['generic-secret']]]);
  });

  it('without supersedes, prefers a rule scoped to file kinds, then higher confidence, then the first id', () => {
    const scoped = reporter('b-scoped', { kinds: ['dotenv'] }, 'token');
    const everywhere = reporter('a-everywhere', { confidence: 'high' }, 'token');
    expect(run([everywhere, scoped], { 'a.txt': text }).findings.map((f) => [f.ruleId, f.alsoMatched])).toEqual([['b-scoped', ['a-everywhere']]]);
    const sure = reporter('z-sure', { confidence: 'high' }, 'token');
    const unsure = reporter('a-unsure', { confidence: 'low' }, 'token');
    expect(run([unsure, sure], { 'a.txt': text }).findings.map((f) => f.ruleId)).toEqual(['z-sure']);
    const first = reporter('a-first', {}, 'token');
    const second = reporter('b-second', {}, 'token');
    expect(run([second, first], { 'a.txt': text }).findings.map((f) => [f.ruleId, f.alsoMatched])).toEqual([['a-first', ['b-second']]]);
  });

  it('keeps both when the category differs: one finding per question', () => {
    const form = reporter('form', {}, 'token');
    const expiry = reporter('expiry', { category: 'missing-ttl' }, 'token');
    expect(run([form, expiry], { 'a.txt': text }).findings.map((f) => f.ruleId).sort()).toEqual(['expiry', 'form']);
  });

  it('counts a rule reporting the same thing twice once', () => {
    const twice = testRule('twice', (report) => ({
      text: () => {
        for (let i = 0; i < 2; i++) report({ span: { start: 0, end: 3 }, anchor: 'x', messageId: 'found', data: { what: 'x' } } as never);
      },
    }));
    expect(run([twice], { 'a.txt': 'abc' }).findings).toHaveLength(1);
  });
});

describe('writers show related locations', () => {
  it('text and JSON list each related location with its message', async () => {
    const root = path.join(PROBE_CASES, 'fail-shared-secret');
    const config = parseConfig('.nhiscan.yml', 'rules:\n  platform-probe:\n    options:\n      min-files: 3\n', [probe]);
    const scan = await scanTarget({ root, entries: [{ absolute: root, isDirectory: true }] }, { rules: [probe], knownRuleIds: new Set(['platform-probe']), config });
    const text = formatText(scan, scan.findings, { color: false, quiet: true });
    expect(text).toContain('↳ .github/workflows/nightly.yml:7:13  DEPLOY_KEY read by jobs.deploy');
    expect(text).toContain('↳ .github/workflows/release.yml:9:32  DEPLOY_KEY read by jobs.publish.steps[0]');
    const json = JSON.parse(formatJson(scan, scan.findings)) as { findings: { relatedLocations: { path: string; message: string }[] }[] };
    expect(json.findings[0]!.relatedLocations.map((r) => `${r.path} ${r.message}`)).toEqual([
      '.github/workflows/nightly.yml DEPLOY_KEY read by jobs.deploy',
      '.github/workflows/release.yml DEPLOY_KEY read by jobs.publish.steps[0]',
    ]);
  });
});
