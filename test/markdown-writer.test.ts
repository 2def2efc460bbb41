import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../src/model/scan-result.js';
import type { Finding, Notification } from '../src/model/finding.js';
import { DEFAULT_MAX_FINDINGS, formatMarkdown, MARKDOWN_TABLE_BUDGET } from '../src/output/markdown.js';
import { forMarkdown } from '../src/output/sanitize.js';
import { githubToken, leaks } from './support/fixtures.js';
import { scanOf } from './support/scan-of.js';

const TOKEN = githubToken('Zq9Lm4Xw8Rt3Vb6Nc1Yd5Fg0Js2Hk7');
const MCP = JSON.stringify({ mcpServers: { gh: { command: 'npx', env: { GITHUB_TOKEN: TOKEN } } } }, null, 2);
const WORKFLOW = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n';
const CLAUDE = '{"permissions": {"defaultMode": "bypassPermissions"}}';
const ZW = '\u200b';
const OUTSIDE_ACTIONS: NodeJS.ProcessEnv = {};
const IN_ACTIONS: NodeJS.ProcessEnv = { GITHUB_ACTIONS: 'true' };
const MIB = 1024 * 1024;

/** Three files, one finding suppressed inline, a notification, skipped files. */
function smallScan(): ScanResult {
  const files = { '.mcp.json': MCP, '.github/workflows/ci.yml': WORKFLOW, '.claude/settings.json': CLAUDE };
  const base = scanOf(files);
  return scanOf(files, {
    findings: base.findings.map((f) =>
      f.ruleId === 'claude-bypass-permissions' ? { ...f, suppression: { kind: 'inline', reason: 'sandbox', path: '.claude/settings.json', line: 1 } } : f,
    ),
    notifications: [
      { level: 'warning', kind: 'unreadable', message: 'could not read file (EACCES)', path: 'secret#1.json' },
      { level: 'note', kind: 'skipped-binary', message: '1 binary files skipped (not parsed)' },
    ],
    skipped: { binary: 1, oversized: 0, 'not-regular': 0, symlink: 2 },
  });
}

/** `count` copies of the scan's first finding, each in its own file. */
function manyFindings(count: number, change: (finding: Finding, i: number) => Finding = (f) => f): Finding[] {
  const [first] = scanOf({ '.mcp.json': MCP }).findings;
  return Array.from({ length: count }, (_, i) => change({ ...first!, path: `pkg${String(i).padStart(5, '0')}/.mcp.json` }, i));
}

/** Unescaped pipes of a table row: the cell borders only. */
function cellBorders(line: string): number {
  return line.replace(/\\./g, '').split('|').length - 1;
}

describe('markdown writer', () => {
  it('renders a small scan exactly', () => {
    const scan = smallScan();
    expect(formatMarkdown(scan, scan.findings, { env: OUTSIDE_ACTIONS })).toBe(
      [
        '## nhiscan results',
        '',
        '❌ **2 findings** (1 high, 1 medium) in 3 files scanned (1 suppressed).',
        '',
        '| Category | high | medium | Total |',
        '| :-- | --: | --: | --: |',
        '| long-lived-credential | 1 | 0 | 1 |',
        '| over-broad-scope | 0 | 1 | 1 |',
        '| **Total** | 1 | 1 | **2** |',
        '',
        '### Findings',
        '',
        '| Severity | Rule | Location | Message |',
        '| :-- | :-- | :-- | :-- |',
        '| high | `mcp-inline-secret` | .mcp.json:6 | GitHub personal access token \\(classic\\) given to MCP server "gh" as a literal in env.GITHUB\\_TOKEN \\(ghp\\_…\\(40 chars\\)\\) |',
        '| medium | `workflow-default-permissions` | .github/workflows/ci.yml:3 | job "build" has no permissions block and the workflow sets none: the repository default GITHUB\\_TOKEN permissions apply; add permissions: {} \\(or contents: read\\) at the top and grant each job what it uses |',
        '| high (suppressed) | `claude-bypass-permissions` | .claude/settings.json:1 | permissions.defaultMode is "bypassPermissions": Claude Code runs every tool and command without asking |',
        '',
        '### Notifications (1)',
        '',
        `- **warning** \`unreadable\` secret#${ZW}1.json: could not read file \\(EACCES\\)`,
        '',
        'Skipped files: 1 binary, 2 symbolic links.',
        '',
      ].join('\n'),
    );
  });

  it('counts suppressed findings it does not list', () => {
    const scan = smallScan();
    const lines = formatMarkdown(scan, scan.findings.filter((f) => !f.suppression), { env: OUTSIDE_ACTIONS }).split('\n');
    expect(lines[2]).toBe('❌ **2 findings** (1 high, 1 medium) in 3 files scanned (1 suppressed).');
    expect(lines.filter((line) => line.includes('claude-bypass-permissions'))).toEqual([]);
  });

  it('renders a clean scan exactly', () => {
    expect(formatMarkdown(scanOf({ 'README.md': '# hi\n' }), [], { env: OUTSIDE_ACTIONS })).toBe('## nhiscan results\n\n✅ **No findings** in 1 file scanned.\n');
  });

  it('marks a scan with only medium and lower findings as a warning, in one row without a total', () => {
    const scan = scanOf({ '.github/workflows/ci.yml': WORKFLOW });
    expect(formatMarkdown(scan, scan.findings, { env: OUTSIDE_ACTIONS }).split('\n').slice(2, 8)).toEqual([
      '⚠️ **1 finding** (1 medium) in 1 file scanned.',
      '',
      '| Category | medium | Total |',
      '| :-- | --: | --: |',
      '| over-broad-scope | 1 | 1 |',
      '',
    ]);
  });

  describe('hostile names', () => {
    const names = ['evil|name', '@org/team', '<img src=x onerror=alert(1)>', '[link](javascript:alert(1))', 'esc\u001b[31mred\u001b[0m', '::error::pwned', 'line\nbreak'];
    const mcp = JSON.stringify({ mcpServers: Object.fromEntries(names.map((n) => [n, { command: 'x', env: { GITHUB_TOKEN: TOKEN } }])) }, null, 2);
    const hostilePath = 'we|rd/@team/<b>&\n::x/.mcp.json';
    const scan = scanOf({ '.mcp.json': mcp, [hostilePath]: `{"mcpServers": {"a": {"command": "x", "env": {"GITHUB_TOKEN": "${TOKEN}"}}}}` });
    const tail = ' as a literal in env.GITHUB\\_TOKEN \\(ghp\\_…\\(40 chars\\)\\) |';

    it('escapes server names and paths in the findings table', () => {
      // One token in every entry: eight literal-secret findings (and eight shared-credential ones).
      expect(scan.findings.filter((f) => f.ruleId === 'mcp-inline-secret')).toHaveLength(8);
      const rows = formatMarkdown(scan, scan.findings, { env: IN_ACTIONS })
        .split('\n')
        .filter((line) => line.startsWith('| high | `mcp-inline-secret`'));
      expect(rows).toEqual([
        `| high | \`mcp-inline-secret\` | .mcp.json:6 | GitHub personal access token \\(classic\\) given to MCP server "evil\\|name"${tail}`,
        `| high | \`mcp-inline-secret\` | .mcp.json:12 | GitHub personal access token \\(classic\\) given to MCP server "${ZW}@${ZW}org/team"${tail}`,
        `| high | \`mcp-inline-secret\` | .mcp.json:18 | GitHub personal access token \\(classic\\) given to MCP server "&lt;img src=x onerror=alert\\(1\\)&gt;"${tail}`,
        `| high | \`mcp-inline-secret\` | .mcp.json:24 | GitHub personal access token \\(classic\\) given to MCP server "\\[link\\]\\(javascript:alert\\(1\\)\\)"${tail}`,
        // The rule escapes control characters in names (\u001b), and markdown escapes the rest.
        `| high | \`mcp-inline-secret\` | .mcp.json:30 | GitHub personal access token \\(classic\\) given to MCP server "esc\\\\u001b\\[31mred\\\\u001b\\[0m"${tail}`,
        `| high | \`mcp-inline-secret\` | .mcp.json:36 | GitHub personal access token \\(classic\\) given to MCP server ":${ZW}:error:${ZW}:pwned"${tail}`,
        `| high | \`mcp-inline-secret\` | .mcp.json:42 | GitHub personal access token \\(classic\\) given to MCP server "line\\\\u000abreak"${tail}`,
        `| high | \`mcp-inline-secret\` | we\\|rd/${ZW}@${ZW}team/&lt;b&gt;&amp; :${ZW}:x/.mcp.json:1 | GitHub personal access token \\(classic\\) given to MCP server "a"${tail}`,
      ]);
    });

    it('leaves nothing live: no HTML, link, mention, control character, extra cell or workflow command', () => {
      const md = formatMarkdown(scan, scan.findings, { env: IN_ACTIONS });
      expect(md).not.toMatch(/[<>]/);
      expect(md).not.toContain('](');
      expect(md).not.toMatch(/(^|[^\u200b])@|@(?!\u200b)/);
      // eslint-disable-next-line no-control-regex
      expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(md).not.toContain('::');
      const rows = md.split('\n').filter((line) => line.startsWith('| high'));
      expect(rows).toHaveLength(16); // eight literal secrets, eight uses of one shared token

      for (const row of rows) expect(cellBorders(row)).toBe(5);
    });

    it('breaks workflow commands only inside GitHub Actions', () => {
      expect(formatMarkdown(scan, scan.findings, { env: OUTSIDE_ACTIONS })).toContain('MCP server "::error::pwned"');
    });
  });

  it('escapes markdown, HTML, mentions, references and autolinks in untrusted text', () => {
    expect(forMarkdown('a|b `c` *d* _e_ ~f~ $g$ \\h !i', OUTSIDE_ACTIONS)).toBe('a\\|b \\`c\\` \\*d\\* \\_e\\_ \\~f\\~ \\$g\\$ \\\\h \\!i');
    expect(forMarkdown('<script>&amp;</script>', OUTSIDE_ACTIONS)).toBe('&lt;script&gt;&amp;amp;&lt;/script&gt;');
    expect(forMarkdown('[x](javascript:alert(1)) ![y](http://e/i.png)', OUTSIDE_ACTIONS)).toBe(
      `\\[x\\]\\(javascript:alert\\(1\\)\\) \\!\\[y\\]\\(http:${ZW}//e/i.png\\)`,
    );
    expect(forMarkdown('@octocat @org/team me@example.com #12 www.evil.example', OUTSIDE_ACTIONS)).toBe(
      `${ZW}@${ZW}octocat ${ZW}@${ZW}org/team me${ZW}@${ZW}example.com #${ZW}12 www${ZW}.evil.example`,
    );
    expect(forMarkdown('a\r\nb\u001b[2J\u202e', OUTSIDE_ACTIONS)).toBe('a b\uFFFD\\[2J\uFFFD');
    expect(forMarkdown(':::error::x', IN_ACTIONS)).toBe(`:${ZW}:${ZW}:error:${ZW}:x`);
    expect(forMarkdown(':::error::x', OUTSIDE_ACTIONS)).toBe(':::error::x');
  });

  it('cuts long messages and keeps the end of long paths', () => {
    const [finding] = manyFindings(1, (f) => ({ ...f, path: `${'d/'.repeat(200)}.mcp.json`, message: `${'m'.repeat(300)}END` }));
    const row = formatMarkdown(scanOf({}), [finding!], { env: OUTSIDE_ACTIONS })
      .split('\n')
      .find((line) => line.startsWith('| high'));
    expect(row).toBe(`| high | \`mcp-inline-secret\` | …${'d/'.repeat(75)}.mcp.json:6 | ${'m'.repeat(239)}… |`);
    // A surrogate pair is never split, at either end.
    const [emoji] = manyFindings(1, (f) => ({ ...f, path: `a${'😀'.repeat(100)}`, message: '😀'.repeat(200) }));
    const emojiRow = formatMarkdown(scanOf({}), [emoji!], { env: OUTSIDE_ACTIONS })
      .split('\n')
      .find((line) => line.startsWith('| high'));
    expect(emojiRow).toBe(`| high | \`mcp-inline-secret\` | …${'😀'.repeat(79)}:6 | ${'😀'.repeat(119)}… |`);
  });

  it('shows the top findings, most severe first, and says how many more there are', () => {
    const findings = manyFindings(30, (f, i) => ({ ...f, severity: i === 29 ? 'critical' : i % 2 ? 'low' : 'high' }));
    const lines = formatMarkdown(scanOf({}), findings, { env: OUTSIDE_ACTIONS, maxFindings: 3 }).split('\n');
    const rows = lines.filter((line) => /^\| (critical|high|low) /.test(line));
    expect(rows.map((row) => row.split(' | ').slice(0, 3).join(' | '))).toEqual([
      '| critical | `mcp-inline-secret` | pkg00029/.mcp.json:6',
      '| high | `mcp-inline-secret` | pkg00000/.mcp.json:6',
      '| high | `mcp-inline-secret` | pkg00002/.mcp.json:6',
    ]);
    expect(lines).toContain('And 27 more findings not shown.');
    const none = formatMarkdown(scanOf({}), findings, { env: OUTSIDE_ACTIONS, maxFindings: 0 });
    expect(none).not.toContain('### Findings');
    expect(none.split('\n')).toContain('30 findings not shown.');
  });

  it('lists the first ten notifications and counts the rest', () => {
    const notifications: Notification[] = Array.from({ length: 12 }, (_, i) => ({
      level: 'error',
      kind: 'parse-error',
      message: 'YAML syntax error',
      path: `f${i}.yml`,
      line: i + 1,
      column: 2,
      ruleId: 'some-rule',
    }));
    const lines = formatMarkdown(scanOf({}, { notifications }), [], { env: OUTSIDE_ACTIONS }).split('\n');
    const start = lines.indexOf('### Notifications (12)');
    expect(lines.slice(start + 2, start + 3)).toEqual(['- **error** `parse-error` f0.yml:1:2 (rule `some-rule`): YAML syntax error']);
    expect(lines.filter((line) => line.startsWith('- **error**'))).toHaveLength(10);
    expect(lines).toContain('- and 2 more');
  });

  it('stays small for 10,000 findings', () => {
    const findings = manyFindings(10_000);
    const md = formatMarkdown(scanOf({}), findings, { env: OUTSIDE_ACTIONS });
    expect(Buffer.byteLength(md)).toBeLessThan(16 * 1024);
    expect(md.split('\n').filter((line) => line.startsWith('| high |'))).toHaveLength(DEFAULT_MAX_FINDINGS);
    expect(md.split('\n')).toContain('And 9980 more findings not shown.');
  });

  it('stays under its byte budget whatever maxFindings says, even for hostile text', () => {
    const findings = manyFindings(10_000, (f, i) => ({ ...f, path: `${'<@|'.repeat(3000)}${i}`, message: '&@#|\u0007'.repeat(2000) }));
    const md = formatMarkdown(scanOf({}), findings, { env: IN_ACTIONS, maxFindings: Number.MAX_SAFE_INTEGER });
    const rows = md.split('\n').filter((line) => line.startsWith('| high |'));
    expect(Buffer.byteLength(md)).toBeLessThan(MIB);
    expect(Buffer.byteLength(rows.join('\n'))).toBeLessThanOrEqual(MARKDOWN_TABLE_BUDGET);
    expect(rows.length).toBeGreaterThan(DEFAULT_MAX_FINDINGS);
    expect(rows.length).toBeLessThan(10_000);
    expect(md.split('\n')).toContain(`And ${10_000 - rows.length} more findings not shown.`);
  });

  it('never writes a planted secret', () => {
    const scan = smallScan();
    const md = formatMarkdown(scan, scan.findings, { env: OUTSIDE_ACTIONS });
    expect(md).toContain('ghp\\_…\\(40 chars\\)');
    expect(leaks(md, [TOKEN])).toEqual([]);
  });
});
