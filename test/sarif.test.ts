import { describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { normaliseRemote } from '../src/engine/git.js';
import type { ScanResult } from '../src/model/scan-result.js';
import { FRAMEWORKS } from '../src/frameworks/catalog.js';
import { relativeUri, toSarif } from '../src/output/sarif.js';
import { githubToken } from './support/fixtures.js';
import { scanOf as scanWithRules } from './support/scan-of.js';

const TOKEN = githubToken('Zq9Lm4Xw8Rt3Vb6Nc1Yd5Fg0Js2Hk7');
const MCP = JSON.stringify({ mcpServers: { gh: { command: 'npx', env: { GITHUB_TOKEN: TOKEN } } } }, null, 2);
const WORKFLOW = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n';
const CLAUDE = '{"permissions": {"defaultMode": "bypassPermissions"}}';

function scanOf(files: Record<string, string>): ScanResult {
  const base = scanWithRules(files);
  return scanWithRules(files, {
    root: '/work/repo with space',
    notifications: [...base.notifications, { level: 'warning', kind: 'unreadable', message: 'could not read file (EACCES)', path: 'secret#1.json' }],
    skipped: { binary: 1, oversized: 0, 'not-regular': 0, symlink: 0 },
    provenance: { repositoryUri: 'https://github.com/o/r', revisionId: 'a'.repeat(40), branch: 'main' },
  });
}

function run(log: Sarif.Log): Sarif.Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

describe('SARIF writer', () => {
  const log = toSarif(scanOf({ '.mcp.json': MCP, '.github/workflows/ci.yml': WORKFLOW, '.claude/settings.json': CLAUDE }));
  const sarifRun = run(log);
  const rules = sarifRun.tool.driver.rules!;

  it('has the required top level', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(sarifRun.tool.driver).toMatchObject({ name: 'nhiscan', semanticVersion: '0.1.0', informationUri: 'https://github.com/nhiscan/nhiscan' });
    expect(sarifRun.automationDetails).toEqual({ id: 'nhiscan/' });
    expect(sarifRun.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/repo%20with%20space/' } });
    expect(sarifRun.versionControlProvenance).toEqual([
      { repositoryUri: 'https://github.com/o/r', revisionId: 'a'.repeat(40), branch: 'main', mappedTo: { uriBaseId: '%SRCROOT%' } },
    ]);
  });

  it('describes every rule with the contract fields', () => {
    expect(rules.map((r) => r.id)).toEqual([
      'agent-context-secret-files', 'agent-prompt-injection', 'agent-settings-inline-secret', 'claude-bypass-permissions',
      'claude-key-helper-fixed-key', 'claude-permission-scope', 'codex-unsafe-setting', 'committed-credential', 'cursor-permission-scope',
      'devcontainer-inline-secret', 'devcontainer-secret-exposure', 'expired-suppression', 'mcp-inline-secret', 'mcp-server-auto-approve',
      'mcp-server-broad-scope', 'mcp-server-excess-credentials', 'mcp-server-insecure-transport', 'mcp-server-shared-identity',
      'mcp-server-shell-command', 'mcp-server-unpinned-launch', 'shared-credential', 'token-ttl', 'unexplained-suppression', 'unscanned-agent-config',
      'vscode-chat-auto-approve', 'vscode-task-on-folder-open', 'workflow-agent-broad-access', 'workflow-agent-inherits-secrets',
      'workflow-agent-shared-identity', 'workflow-agent-unsafe-setting', 'workflow-agent-untrusted-trigger', 'workflow-app-token-scope',
      'workflow-container-password', 'workflow-default-permissions', 'workflow-personal-access-token', 'workflow-registry-token',
      'workflow-secret-exposure', 'workflow-static-cloud-credentials', 'workflow-token-lifetime',
    ]);
    const secret = rules.find((r) => r.id === 'mcp-inline-secret')!;
    expect(secret.name).toBe('McpInlineSecret');
    expect(secret.shortDescription!.text).toBe('literal credential in an MCP server config');
    expect(secret.defaultConfiguration).toEqual({ level: 'error' });
    expect(secret.helpUri).toBe('https://github.com/nhiscan/nhiscan/blob/main/rules/mcp-inline-secret/README.md');
    expect(secret.properties).toMatchObject({ category: 'long-lived-credential', precision: 'high', 'security-severity': '8.0' });
    expect(secret.properties!.tags).toEqual([
      'security', 'long-lived-credential', 'owasp-asi/ASI03', 'owasp-nhi/NHI7', 'maestro/L3', 'nist-ai-rmf/MEASURE-2.7',
      'external/cwe/cwe-798', 'owasp-asi/ASI04', 'owasp-nhi/NHI2', 'maestro/L4',
    ]);
    expect(secret.help!.text).toContain('How to fix:');
    expect(secret.help!.markdown).toContain('CWE-798 Use of Hard-coded Credentials');
    expect(secret.relationships).toContainEqual({
      target: { id: '798', toolComponent: { name: 'CWE', guid: FRAMEWORKS.find((f) => f.id === 'cwe')!.guid } },
      kinds: ['relevant'],
    });
    const workflow = rules.find((r) => r.id === 'workflow-default-permissions')!;
    expect(workflow.defaultConfiguration).toEqual({ level: 'warning' });
    expect(workflow.properties).toMatchObject({ precision: 'very-high', 'security-severity': '5.5' });
  });

  it('has one taxonomy per cited framework holding only the cited items', () => {
    const taxonomies = sarifRun.taxonomies!;
    expect(taxonomies.map((t) => t.name)).toEqual(FRAMEWORKS.map((f) => f.name));
    const cwe = taxonomies.find((t) => t.name === 'CWE')!;
    expect(cwe.taxa!.map((t) => t.id)).toEqual(['1188', '1427', '250', '319', '324', '522', '613', '653', '693', '798', '829', '862']);
    const asi = taxonomies.find((t) => t.name === FRAMEWORKS[0]!.name)!;
    expect(asi.taxa!.map((t) => t.id)).toEqual(['ASI01', 'ASI02', 'ASI03', 'ASI04', 'ASI05', 'ASI06', 'ASI07', 'ASI09']);
    for (const taxonomy of taxonomies) expect(taxonomy.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('writes results with locations, fingerprints and properties', () => {
    const results = sarifRun.results!;
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['claude-bypass-permissions', 3, 'error'],
      ['workflow-default-permissions', 33, 'warning'],
      ['mcp-inline-secret', 12, 'error'],
    ]);
    const secret = results[2]!;
    expect(secret.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: '.mcp.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 6, startColumn: 25, endLine: 6, endColumn: 67 },
    });
    expect(Object.keys(secret.partialFingerprints!)).toEqual(['nhiscan/v1']);
    expect(secret.partialFingerprints!['nhiscan/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(secret.properties).toEqual({
      category: 'long-lived-credential',
      confidence: 'medium',
      severity: 'high',
      'security-severity': '8.0',
      lifetime: { class: 'static' },
      alsoMatched: ['committed-credential'],
    });
    expect(secret.message.text).toBe('GitHub personal access token (classic) given to MCP server "gh" as a literal in env.GITHUB_TOKEN (ghp_…(40 chars))');
  });

  it('writes notifications with their kind, file and rule', () => {
    const notifications = sarifRun.invocations![0]!.toolExecutionNotifications!;
    expect(notifications).toEqual([
      {
        level: 'warning',
        message: { text: 'could not read file (EACCES)' },
        descriptor: { id: 'unreadable' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'secret%231.json', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
    expect(sarifRun.invocations![0]).toMatchObject({ executionSuccessful: true, startTimeUtc: '2026-11-25T10:00:00.000Z', endTimeUtc: '2026-11-25T10:00:01.000Z' });
  });

  it('never writes the secret', () => {
    expect(JSON.stringify(log)).not.toContain(TOKEN);
    expect(JSON.stringify(log)).not.toContain(TOKEN.slice(4));
  });
});

describe('fingerprints', () => {
  const fingerprintOf = (files: Record<string, string>, ruleId: string) =>
    toSarif(scanOf(files)).runs[0]!.results!.filter((r) => r.ruleId === ruleId).map((r) => r.partialFingerprints!['nhiscan/v1']);

  it('survive a move to another folder and lines added above', () => {
    const before = fingerprintOf({ '.mcp.json': MCP }, 'mcp-inline-secret');
    const after = fingerprintOf({ 'tools/.mcp.json': `\n\n${MCP}` }, 'mcp-inline-secret');
    expect(after).toEqual(before);
    expect(before).toHaveLength(1);
  });

  it('change when the secret at the same key changes', () => {
    const other = MCP.replace(TOKEN, githubToken('Xw7Pq2Kd9Tb4Hn6Vm1Rz8Lc3Fy5Gs0'));
    expect(fingerprintOf({ '.mcp.json': other }, 'mcp-inline-secret')).not.toEqual(fingerprintOf({ '.mcp.json': MCP }, 'mcp-inline-secret'));
  });

  it('differ between jobs of one workflow', () => {
    // Each job's own write-all is its own finding.
    const job = (id: string) => `  ${id}:\n    runs-on: ubuntu-latest\n    permissions: write-all\n    steps: [{run: make ${id}}]\n`;
    const two = `on: push\npermissions: {}\njobs:\n${job('build')}${job('test')}`;
    const prints = fingerprintOf({ '.github/workflows/ci.yml': two }, 'workflow-default-permissions');
    expect(prints).toHaveLength(2);
    expect(new Set(prints).size).toBe(2);
  });
});

describe('URIs', () => {
  it('percent-encodes each path segment', () => {
    expect(relativeUri('a b/c#d/e%f?.json')).toBe('a%20b/c%23d/e%25f%3F.json');
  });

  it('strips credentials and query from remotes and turns scp-style into https', () => {
    expect(normaliseRemote(`https://x-access-token:${TOKEN}@github.com/o/r.git`)).toBe('https://github.com/o/r.git');
    expect(normaliseRemote('git@github.com:o/r.git')).toBe('https://github.com/o/r.git');
    expect(normaliseRemote('ssh://git@github.com/o/r.git')).toBe('ssh://github.com/o/r.git');
    expect(normaliseRemote('https://github.com/o/r?token=abc#x')).toBe('https://github.com/o/r');
    expect(normaliseRemote('/srv/git/r.git')).toBeUndefined();
    expect(normaliseRemote('file:///srv/git/r.git')).toBeUndefined();
  });
});

describe('files outside the scan root', () => {
  it('get an absolute file:// URI and no base', () => {
    const base = scanWithRules({});
    const outside = { ...base, notifications: [{ level: 'warning' as const, kind: 'x', message: 'm', path: '/etc/team policy/.nhiscan.yml' }] };
    const note = toSarif(outside).runs[0]!.invocations![0]!.toolExecutionNotifications![0]!;
    expect(note.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'file:///etc/team%20policy/.nhiscan.yml' });
  });
});
