import { describe, expect, it } from 'vitest';
import { displayName } from '../src/credentials/mask.js';
import { redactLine } from '../src/credentials/redact.js';
import { formatJson } from '../src/output/json.js';
import { formatMarkdown } from '../src/output/markdown.js';
import { formatSarif } from '../src/output/sarif.js';
import { formatText } from '../src/output/text.js';
import { secretFragments } from './support/fixtures.js';
import { scanOf } from './support/scan-of.js';

const TOKEN = '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';
const PASSWORD = 'hunter2-prod';
const SERVER_TOKEN = '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';

/** Every output format of one scan, as text. */
function everyOutput(files: Record<string, string>): Record<string, string> {
  const scan = scanOf(files);
  return {
    text: formatText(scan, scan.findings, { color: false, quiet: false }),
    json: formatJson(scan, scan.findings),
    sarif: formatSarif(scan, scan.findings),
    markdown: formatMarkdown(scan, scan.findings),
  };
}

describe('a snippet shows no secret of any finding on its line', () => {
  // One line, two secrets, two findings: each finding's snippet is that same line.
  const oneLine = `{"mcpServers": {"db": {"command": "db-mcp", "env": {"DB_PASSWORD": "${PASSWORD}", "GITHUB_TOKEN": "${TOKEN}"}}}}`;

  it('in text, JSON, SARIF and markdown', () => {
    const outputs = everyOutput({ '.mcp.json': oneLine });
    for (const [format, output] of Object.entries(outputs)) {
      for (const secret of [TOKEN, PASSWORD]) {
        expect(output.includes(secret), `${format} shows ${secret.slice(0, 4)}…`).toBe(false);
        for (const fragment of secretFragments(secret).filter((f) => f.length >= 12)) expect(output.includes(fragment), `${format}`).toBe(false);
      }
    }
    const json = JSON.parse(outputs.json!) as { findings: { snippet: string }[] };
    expect(json.findings.map((f) => f.snippet)).toEqual([
      `{"mcpServers": {"db": {"command": "db-mcp", "env": {"DB_PASSWORD": "…(12 chars)", "GITHUB_TOKEN": "ghp_…(40 chars)"}}}}`,
      `{"mcpServers": {"db": {"command": "db-mcp", "env": {"DB_PASSWORD": "…(12 chars)", "GITHUB_TOKEN": "ghp_…(40 chars)"}}}}`,
    ]);
  });

  it('masks a value a detector flags under its key even when no finding reported it', () => {
    expect(redactLine('DB_PASSWORD=hunter2-prod USER=bob')).toBe('DB_PASSWORD=…(12 chars) USER=bob');
    expect(redactLine(`password: 'swordfish1' # and ${TOKEN}`)).toBe("password: '…(10 chars)' # and ghp_…(40 chars)");
  });

  it('masks a server name or key that is itself a token, in messages', () => {
    const outputs = everyOutput({ '.mcp.json': `{"mcpServers": {"${SERVER_TOKEN}": {"command": "x", "env": {"API_TOKEN": "${TOKEN}"}}}}` });
    for (const output of Object.values(outputs)) expect(output.includes(SERVER_TOKEN)).toBe(false);
    expect(outputs.text).toContain('MCP server "ghp_…(40 chars)"');
  });
});

describe('displayName', () => {
  it('describes a credential, escapes control characters and cuts what is long', () => {
    expect(displayName(TOKEN)).toBe('ghp_…(40 chars)');
    expect(displayName('\u001b]0;pwned\u0007')).toBe('\\u001b]0;pwned\\u0007');
    expect(displayName('a\u202eb')).toBe('a\\u202eb');
    expect(displayName('x'.repeat(100))).toBe(`${'x'.repeat(80)}…`);
    expect(displayName('mcp-inline-secret')).toBe('mcp-inline-secret');
  });
});
