import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../src/model/scan-result.js';
import { displayId, taxon } from '../src/frameworks/catalog.js';
import type { Finding } from '../src/model/finding.js';
import { formatJson, JSON_SCHEMA_VERSION, toJsonReport, type JsonReport } from '../src/output/json.js';
import { toSarif } from '../src/output/sarif.js';
import { defineRule } from '../src/rule.js';
import { githubToken, leaks } from './support/fixtures.js';
import { scanOf } from './support/scan-of.js';

const TOKEN = githubToken('Zq9Lm4Xw8Rt3Vb6Nc1Yd5Fg0Js2Hk7');
const MCP = JSON.stringify({ mcpServers: { gh: { command: 'npx', env: { GITHUB_TOKEN: TOKEN } } } }, null, 2);
const WORKFLOW = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n';
const CLAUDE = '{"permissions": {"defaultMode": "bypassPermissions"}}';
const ROOT = '/home/alice/work/repo with space';

/** A real scan of three files, with a notification, a skipped file and git provenance. */
function realScan(): ScanResult {
  const files = { '.mcp.json': MCP, '.github/workflows/ci.yml': WORKFLOW, '.claude/settings.json': CLAUDE };
  const base = scanOf(files);
  return scanOf(files, {
    root: ROOT,
    notifications: [...base.notifications, { level: 'warning', kind: 'unreadable', message: 'could not read file (EACCES)', path: 'secret#1.json' }],
    skipped: { binary: 1, oversized: 2, 'not-regular': 0, symlink: 3 },
    provenance: { repositoryUri: 'https://github.com/o/r', revisionId: 'a'.repeat(40), branch: 'main' },
  });
}

const DEMO_RULE = defineRule({
  meta: {
    id: 'demo-rule',
    title: 'a demo rule',
    description: 'Finds demos.',
    remediation: 'Remove the demo.',
    category: 'shared-identity',
    severity: 'critical',
    confidence: 'low',
    kinds: [],
    messages: { reused: 'token reused' },
    frameworks: [
      { framework: 'owasp-nhi-2025', id: 'NHI9' },
      { framework: 'cwe', id: '798' },
    ],
  },
  create: () => ({}),
});

const REGION = { startLine: 3, startColumn: 5, endLine: 3, endColumn: 20 };

/** Every optional field set, in a shuffled key order: the writer must put them in its own. */
const FULL = {
  suppression: { line: 2, path: '.nhiscan.yml', expires: '2027-01-31', reason: 'rotated weekly', kind: 'config' },
  snippet: 'token: ghp_…(40 chars)',
  alsoMatched: ['other-rule'],
  relatedLocations: [{ path: 'b.yml', region: { endColumn: 9, endLine: 1, startColumn: 2, startLine: 1 }, message: 'also used here' }, { path: 'c.yml', region: REGION, message: 'and here' }],
  lifetime: { source: 'jwt.exp', ttlSeconds: 86400, expiresAt: '2027-01-01T00:00:00Z', class: 'medium' },
  fingerprint: '0123456789abcdef0123456789abcdef',
  region: REGION,
  path: 'a.yml',
  confidence: 'low',
  severity: 'critical',
  category: 'shared-identity',
  message: 'token reused',
  messageId: 'reused',
  anchor: 'tokens.a',
  ruleId: 'demo-rule',
} as Finding;

const PLAIN = {
  ruleId: 'demo-rule',
  messageId: 'reused',
  message: 'token reused',
  category: 'shared-identity',
  severity: 'low',
  confidence: 'low',
  path: 'd/e.yml',
  region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
  anchor: 'tokens.e',
  fingerprint: 'fedcba9876543210fedcba9876543210',
  relatedLocations: [],
  alsoMatched: [],
} as Finding;

const DEMO_SCAN: ScanResult = scanOf({}, {
  root: ROOT,
  findings: [FULL, PLAIN],
  notifications: [
    { column: 4, line: 7, ruleId: 'demo-rule', path: 'x.yml', message: 'rule failed on this file', kind: 'rule-error', level: 'error' },
    { level: 'note', kind: 'skipped-binary', message: '1 binary files skipped (not parsed)' },
  ],
  skipped: { symlink: 0, 'not-regular': 0, oversized: 0, binary: 1 },
  filesScanned: 4,
  startTime: new Date('2026-11-25T10:00:00Z'),
  endTime: new Date('2026-11-25T10:00:01.5Z'),
  provenance: { branch: 'main', repositoryUri: 'https://github.com/o/r' },
  rules: [DEMO_RULE],
});

describe('JSON writer', () => {
  it('writes the exact document for a small scan', () => {
    expect(formatJson(DEMO_SCAN, DEMO_SCAN.findings)).toBe(`{
  "schemaVersion": "1",
  "tool": {
    "name": "nhiscan",
    "version": "0.1.0",
    "informationUri": "https://github.com/nhiscan/nhiscan"
  },
  "startTime": "2026-11-25T10:00:00.000Z",
  "endTime": "2026-11-25T10:00:01.500Z",
  "provenance": {
    "repositoryUri": "https://github.com/o/r",
    "branch": "main"
  },
  "summary": {
    "findings": 1,
    "bySeverity": {
      "critical": 0,
      "high": 0,
      "medium": 0,
      "low": 1,
      "info": 0
    },
    "byCategory": {
      "long-lived-credential": 0,
      "shared-identity": 1,
      "missing-ttl": 0,
      "over-broad-scope": 0,
      "unsafe-agent-setting": 0,
      "secret-exposure": 0,
      "governance": 0
    },
    "suppressed": 1,
    "filesScanned": 4,
    "skipped": {
      "binary": 1,
      "oversized": 0,
      "not-regular": 0,
      "symlink": 0
    }
  },
  "findings": [
    {
      "ruleId": "demo-rule",
      "messageId": "reused",
      "message": "token reused",
      "category": "shared-identity",
      "severity": "critical",
      "confidence": "low",
      "level": "error",
      "securitySeverity": "9.5",
      "path": "a.yml",
      "region": {
        "startLine": 3,
        "startColumn": 5,
        "endLine": 3,
        "endColumn": 20
      },
      "fingerprint": "0123456789abcdef0123456789abcdef",
      "lifetime": {
        "class": "medium",
        "expiresAt": "2027-01-01T00:00:00Z",
        "ttlSeconds": 86400,
        "source": "jwt.exp"
      },
      "relatedLocations": [
        {
          "path": "b.yml",
          "region": {
            "startLine": 1,
            "startColumn": 2,
            "endLine": 1,
            "endColumn": 9
          },
          "message": "also used here"
        },
        {
          "path": "c.yml",
          "region": {
            "startLine": 3,
            "startColumn": 5,
            "endLine": 3,
            "endColumn": 20
          },
          "message": "and here"
        }
      ],
      "alsoMatched": [
        "other-rule"
      ],
      "snippet": "token: ghp_…(40 chars)",
      "suppression": {
        "kind": "config",
        "reason": "rotated weekly",
        "expires": "2027-01-31",
        "path": ".nhiscan.yml",
        "line": 2
      }
    },
    {
      "ruleId": "demo-rule",
      "messageId": "reused",
      "message": "token reused",
      "category": "shared-identity",
      "severity": "low",
      "confidence": "low",
      "level": "note",
      "securitySeverity": "3.0",
      "path": "d/e.yml",
      "region": {
        "startLine": 1,
        "startColumn": 1,
        "endLine": 1,
        "endColumn": 2
      },
      "fingerprint": "fedcba9876543210fedcba9876543210"
    }
  ],
  "notifications": [
    {
      "level": "error",
      "kind": "rule-error",
      "message": "rule failed on this file",
      "path": "x.yml",
      "ruleId": "demo-rule",
      "line": 7,
      "column": 4
    },
    {
      "level": "note",
      "kind": "skipped-binary",
      "message": "1 binary files skipped (not parsed)"
    }
  ],
  "rules": [
    {
      "id": "demo-rule",
      "title": "a demo rule",
      "category": "shared-identity",
      "severity": "critical",
      "confidence": "low",
      "helpUri": "https://github.com/nhiscan/nhiscan/blob/main/rules/demo-rule/README.md",
      "frameworks": [
        {
          "framework": "owasp-nhi-2025",
          "id": "NHI9",
          "display": "NHI9:2025",
          "title": "NHI Reuse"
        },
        {
          "framework": "cwe",
          "id": "798",
          "display": "CWE-798",
          "title": "Use of Hard-coded Credentials"
        }
      ]
    }
  ]
}
`);
  });

  it('round-trips through JSON.parse with 2-space indentation and a trailing newline', () => {
    const scan = realScan();
    const text = formatJson(scan, scan.findings);
    const parsed = JSON.parse(text) as JsonReport;
    expect(parsed).toEqual(toJsonReport(scan, scan.findings));
    expect(text).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    expect(parsed.schemaVersion).toBe(JSON_SCHEMA_VERSION);
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'startTime', 'endTime', 'provenance', 'summary', 'findings', 'notifications', 'rules']);
  });

  it('never writes the absolute scan root unless given one', () => {
    const scan = realScan();
    const text = formatJson(scan, scan.findings);
    expect(text).not.toContain('alice');
    expect(text).not.toContain('repo with space');
    expect(JSON.parse(text)).not.toHaveProperty('root');
    const given = JSON.parse(formatJson(scan, scan.findings, { root: 'repo' })) as JsonReport;
    expect(Object.keys(given).slice(0, 3)).toEqual(['schemaVersion', 'tool', 'root']);
    expect(given.root).toBe('repo');
  });

  it('gives each finding the values of its SARIF result', () => {
    const scan = realScan();
    const report = JSON.parse(formatJson(scan, scan.findings)) as JsonReport;
    const results = toSarif(scan, scan.findings).runs[0]!.results!;
    expect(report.findings).toHaveLength(3);
    expect(results).toHaveLength(3);
    report.findings.forEach((finding, i) => {
      const result = results[i]!;
      const physical = result.locations![0]!.physicalLocation!;
      expect(finding.ruleId).toBe(result.ruleId);
      expect(finding.level).toBe(result.level);
      expect(finding.securitySeverity).toBe(result.properties!['security-severity']);
      expect(finding.severity).toBe(result.properties!['severity']);
      expect(finding.category).toBe(result.properties!['category']);
      expect(finding.confidence).toBe(result.properties!['confidence']);
      expect(finding.lifetime).toEqual(result.properties!['lifetime']);
      expect(finding.fingerprint).toBe(result.partialFingerprints!['nhiscan/v1']);
      expect(finding.region).toEqual(physical.region);
      expect(finding.path).toBe(decodeURIComponent(physical.artifactLocation!.uri!));
      expect(finding.message).toBe(result.message.text);
    });
    expect(report.findings.map((f) => [f.ruleId, f.level, f.securitySeverity, f.path, f.region.startLine])).toEqual([
      ['claude-bypass-permissions', 'error', '8.0', '.claude/settings.json', 1],
      ['workflow-default-permissions', 'warning', '5.5', '.github/workflows/ci.yml', 3],
      ['mcp-inline-secret', 'error', '8.0', '.mcp.json', 6],
    ]);
    expect(Object.keys(report.findings[2]!)).toEqual([
      'ruleId', 'messageId', 'message', 'category', 'severity', 'confidence', 'level', 'securitySeverity', 'path', 'region', 'fingerprint', 'lifetime', 'alsoMatched', 'snippet',
    ]);
  });

  it('matches SARIF on related locations and also-matched rules', () => {
    const scan = scanOf({}, { findings: [FULL, PLAIN], rules: [...scanOf({}).rules, DEMO_RULE] });
    const report = toJsonReport(scan, scan.findings);
    const results = toSarif(scan, scan.findings).runs[0]!.results!;
    const full = report.findings[0]!;
    expect(full.alsoMatched).toEqual(results[0]!.properties!['alsoMatched']);
    expect(full.relatedLocations!.map((r) => [r.path, r.region, r.message])).toEqual(
      results[0]!.relatedLocations!.map((r) => [r.physicalLocation!.artifactLocation!.uri, r.physicalLocation!.region, r.message?.text]),
    );
    // Empty lists are left out, as in SARIF.
    expect(report.findings[1]).not.toHaveProperty('relatedLocations');
    expect(report.findings[1]).not.toHaveProperty('alsoMatched');
    expect(results[1]).not.toHaveProperty('relatedLocations');
    expect(results[1]!.properties).not.toHaveProperty('alsoMatched');
  });

  it('counts by severity and category with every key, and the scan totals', () => {
    const scan = realScan();
    const { summary } = JSON.parse(formatJson(scan, scan.findings)) as JsonReport;
    expect(summary).toEqual({
      findings: 3,
      bySeverity: { critical: 0, high: 2, medium: 1, low: 0, info: 0 },
      byCategory: {
        'long-lived-credential': 1,
        'shared-identity': 0,
        'missing-ttl': 0,
        'over-broad-scope': 1,
        'unsafe-agent-setting': 1,
        'secret-exposure': 0,
        governance: 0,
      },
      suppressed: 0,
      filesScanned: 3,
      skipped: { binary: 1, oversized: 2, 'not-regular': 0, symlink: 3 },
    });
    expect(Object.keys(summary.bySeverity)).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    expect(Object.keys(summary.skipped)).toEqual(['binary', 'oversized', 'not-regular', 'symlink']);
  });

  it('counts only the findings it is given (e.g. after --min-severity)', () => {
    const scan = realScan();
    const report = toJsonReport(scan, scan.findings.filter((f) => f.severity === 'high'));
    expect(report.summary.findings).toBe(2);
    expect(report.summary.bySeverity).toEqual({ critical: 0, high: 2, medium: 0, low: 0, info: 0 });
    expect(report.findings.map((f) => f.ruleId)).toEqual(['claude-bypass-permissions', 'mcp-inline-secret']);
  });

  it('marks suppressed findings with their suppression and counts them apart', () => {
    const scan = realScan();
    const inline = { kind: 'inline', reason: 'test fixture', path: '.mcp.json', line: 5 } as const;
    const findings = scan.findings.map((f) => (f.ruleId === 'mcp-inline-secret' ? { ...f, suppression: inline } : f));
    const suppressedScan = { ...scan, findings };

    // --show-suppressed: listed, marked, not counted as findings.
    const shown = toJsonReport(suppressedScan, findings);
    expect(shown.findings[2]!.suppression).toEqual({ kind: 'inline', reason: 'test fixture', path: '.mcp.json', line: 5 });
    expect(Object.keys(shown.findings[2]!.suppression!)).toEqual(['kind', 'reason', 'path', 'line']);
    expect(shown.findings.filter((f) => f.suppression)).toHaveLength(1);
    expect(shown.summary).toMatchObject({ findings: 2, suppressed: 1 });
    expect(shown.summary.byCategory['long-lived-credential']).toBe(0);

    // Default: left out of the list, still counted as suppressed (once).
    const hidden = toJsonReport(suppressedScan, findings.filter((f) => !f.suppression));
    expect(hidden.findings.map((f) => f.ruleId)).toEqual(['claude-bypass-permissions', 'workflow-default-permissions']);
    expect(hidden.summary).toMatchObject({ findings: 2, suppressed: 1 });
  });

  it('writes notifications with their kind, position and rule', () => {
    const scan = realScan();
    expect(toJsonReport(scan, scan.findings).notifications).toEqual([
      { level: 'warning', kind: 'unreadable', message: 'could not read file (EACCES)', path: 'secret#1.json' },
    ]);
  });

  it('lists every rule that ran, sorted, with catalog display ids and titles', () => {
    const scan = realScan();
    const { rules } = toJsonReport(scan, scan.findings);
    const ids = scan.rules.map((r) => r.meta.id).sort();
    expect(rules.map((r) => r.id)).toEqual(ids);
    expect(ids).toEqual(expect.arrayContaining(['claude-bypass-permissions', 'mcp-inline-secret', 'workflow-default-permissions']));
    const secret = rules.find((r) => r.id === 'mcp-inline-secret')!;
    expect(secret).toMatchObject({ title: 'literal credential in an MCP server config', category: 'long-lived-credential', severity: 'high', confidence: 'medium' });
    expect(secret.frameworks).toContainEqual({ framework: 'cwe', id: '798', display: 'CWE-798', title: 'Use of Hard-coded Credentials' });
    expect(secret.frameworks).toContainEqual({ framework: 'owasp-nhi-2025', id: 'NHI7', display: 'NHI7:2025', title: 'Long-Lived Secrets' });
    for (const rule of rules) {
      const meta = scan.rules.find((r) => r.meta.id === rule.id)!.meta;
      expect(rule.frameworks).toEqual(meta.frameworks.map((ref) => ({ framework: ref.framework, id: ref.id, display: displayId(ref), title: taxon(ref)!.title })));
    }
  });

  it('never writes a planted secret', () => {
    const scan = realScan();
    const text = formatJson(scan, scan.findings);
    expect(text).toContain('ghp_…(40 chars)');
    expect(leaks(text, [TOKEN])).toEqual([]);
  });
});
