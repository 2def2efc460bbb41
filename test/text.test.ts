import { describe, expect, it } from 'vitest';
import { forTerminal } from '../src/output/sanitize.js';
import { formatText } from '../src/output/text.js';
import { scanOf } from './support/scan-of.js';

const TOKEN = `sk-ant-api03-${'Qw4Er7Ty1Ui'.repeat(8)}Zx9CvAA`;

describe('text writer', () => {
  // The JSON escape puts a real ESC into the parsed server name.
  const mcp = `{"mcpServers": {"evil\\u001b[31m::error::x": {"command": "x", "env": {"ANTHROPIC_API_KEY": "${TOKEN}", "OTHER": "abc"}}}}`;
  const scan = scanOf({ '.mcp.json': mcp, '.github/workflows/a.yml': 'on: push\njobs:\n  b:\n    runs-on: x\n' });

  it('groups findings by file with location, severity, message, rule and a masked snippet', () => {
    const text = formatText(scan, scan.findings, { color: false, quiet: false });
    expect(text).toBe(
      [
        '.github/workflows/a.yml',
        '  3:3      medium   job "b" has no permissions block and the workflow sets none: the repository default GITHUB_TOKEN permissions apply; add permissions: {} (or contents: read) at the top and grant each job what it uses  workflow-default-permissions',
        '           │ b:',
        '',
        '.mcp.json',
        `  1:91     high     Anthropic API key given to MCP server "evil\\u001b[31m::error::x" as a literal in env.ANTHROPIC_API_KEY (sk-ant-api03-…(108 chars))  mcp-inline-secret`,
        `           │ {"mcpServers": {"evil\\u001b[31m::error::x": {"command": "x", "env": {"ANTHROPIC_API_KEY": "sk-ant-api03-…(108 chars)", "OTHER": "abc"}}}}`,
        '           also matched: committed-credential',
        '',
        '2 findings (1 high, 1 medium) in 2 files scanned',
        '',
      ].join('\n'),
    );
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('\u001b');
  });

  it('prints findings only when quiet', () => {
    const text = formatText(scan, scan.findings, { color: false, quiet: true });
    expect(text).not.toContain('files scanned');
    expect(text).toContain('mcp-inline-secret');
  });

  it('colours only when asked', () => {
    expect(formatText(scan, scan.findings, { color: true, quiet: false })).toContain('\u001b[');
  });

  it('breaks workflow commands inside GitHub Actions logs', () => {
    expect(forTerminal('::error::pwned', { GITHUB_ACTIONS: 'true' })).toBe(':\u200b:error:\u200b:pwned');
    expect(forTerminal('::error::pwned', {})).toBe('::error::pwned');
    expect(forTerminal('a\nb\r\nc\u0007\u202e', {})).toBe('a b c\uFFFD\uFFFD');
  });
});
