import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../src/index.js';
import { githubToken, makeTempDir, removeTempDirs } from './support/fixtures.js';

afterAll(removeTempDirs);

const TOKEN = githubToken('nhiscanPIECE4Tz8Qw1Lm6Xc9Vb4Nk');
const OTHER = githubToken('nhiscanPIECE7Qm2Xv9Lp4Rt8Wz3Kc');
const MIB = 1 << 20;

async function scanOf(files: Record<string, string | Buffer>): Promise<{ rule: string; where: string; snippet: string }[]> {
  const root = await makeTempDir('nhiscan-pieces-');
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), content);
  }
  const result = await scan({ paths: [root], cwd: root });
  return result.findings.map((f) => ({ rule: f.ruleId, where: `${f.path}:${f.region.startLine}:${f.region.startColumn}`, snippet: f.snippet ?? '' }));
}

/**
 * Files too large or too binary to parse still get the credential pass, over their bytes in
 * overlapping pieces: padding a config past max-file-size, or a token into a binary, hides nothing.
 */
describe('the credential pass over files it does not parse', () => {
  it('finds a token after megabytes of padding in an agent config, at its real line', async () => {
    const padded = `{"mcpServers": {"gh": {"command": "x", "env": {"TOKEN": "\${TOKEN}"}}},\n${'  \n'.repeat(3 * MIB)}"pad": "${TOKEN}"}\n`;
    const findings = await scanOf({ '.mcp.json': padded });
    expect(findings.map((f) => `${f.rule} ${f.where}`)).toEqual(['unscanned-agent-config .mcp.json:1:1', `committed-credential .mcp.json:${3 * MIB + 2}:9`]);
  });

  it('finds a token that straddles the boundary between two pieces once, at its place', async () => {
    // 1 MiB pieces: the token starts 10 bytes before the first piece ends, on a line of its own.
    const before = 'x'.repeat(99) + '\n';
    const lines = Math.floor((MIB - 10) / before.length);
    const head = before.repeat(lines) + ' '.repeat(MIB - 10 - lines * before.length - 4) + 'k = ';
    const text = `${head}${TOKEN}\n${'y'.repeat(2 * MIB)}\n`;
    const findings = await scanOf({ 'big.txt': text });
    expect(findings.map((f) => `${f.rule} ${f.where}`)).toEqual([`committed-credential big.txt:${lines + 1}:${MIB - 10 - lines * before.length + 1}`]);
  });

  it('reads no more of one file than its limit, and says so', async () => {
    const root = await makeTempDir('nhiscan-pieces-limit-');
    const early = `a = ${TOKEN}\n`;
    await fs.writeFile(path.join(root, 'dump.txt'), `${early}${'z'.repeat(3 * MIB)}\nb = ${OTHER}\n`);
    const result = await scan({ paths: [root], cwd: root, maxFileSize: MIB, credentialPassLimit: 2 * MIB });
    expect(result.findings.map((f) => `${f.ruleId} ${f.path}:${f.region.startLine}`)).toEqual(['committed-credential dump.txt:1']);
    expect(result.notifications.filter((n) => n.kind === 'credential-pass-truncated')).toEqual([
      { level: 'warning', kind: 'credential-pass-truncated', message: 'only the first 2 MiB were searched for credentials', path: 'dump.txt' },
    ]);
  });

  it('finds a token in a binary file, with no snippet of its bytes; skips compressed and media formats', async () => {
    const bytes = Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.alloc(5000, 7), Buffer.from(`key=${TOKEN};`), Buffer.alloc(100, 0)]);
    const findings = await scanOf({ 'tool.bin': bytes, 'logo.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]), Buffer.from(OTHER)]) });
    expect(findings).toEqual([{ rule: 'committed-credential', where: 'tool.bin:1:5009', snippet: '' }]);
  });
});
