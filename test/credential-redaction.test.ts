import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../src/credentials/catalogue/index.js';
import { publicPrefix } from '../src/credentials/mask.js';
import { runCli } from './support/cli.js';
import { makeTempDir, removeTempDirs } from './support/fixtures.js';

afterAll(removeTempDirs);

/**
 * Every true sample of every catalogue type, as a file where its type looks for it. Folders are
 * numbered, not named after the type: a type id in a path (`aws-bedrock-api-key`) could hold
 * another type's public prefix and look like a leak.
 */
const PLANTED = CATALOGUE.flatMap((type) =>
  type.samples.true.map((sample, index) => {
    const text = typeof sample === 'string' ? sample : sample.text;
    const file = typeof sample !== 'string' && sample.path ? sample.path : 'sample.txt';
    return { type: type.id, index, text, file, secret: typeof sample === 'string' ? undefined : sample.secret };
  }),
).map((planted, n) => ({ ...planted, path: `planted/${n}/${planted.file}` }));

/**
 * The ways a secret could leak: whole, or any 12 characters of what follows the public prefix
 * the output may show (`ghp_…(40 chars)` shows `ghp_`, never any of the rest).
 */
function leaked(output: string, secret: string): string[] {
  const body = secret.slice(publicPrefix(secret).length);
  const pieces = [secret];
  for (let i = 0; i + 12 <= body.length; i++) pieces.push(body.slice(i, i + 12));
  return pieces.filter((piece) => output.includes(piece));
}

describe('every catalogue credential, planted and scanned, in every output format', () => {
  let root: string;
  beforeAll(async () => {
    root = await makeTempDir('nhiscan-redaction-');
    for (const planted of PLANTED) {
      await fs.mkdir(path.dirname(path.join(root, planted.path)), { recursive: true });
      await fs.writeFile(path.join(root, planted.path), planted.text);
    }
  });

  it('plants at least one secret of every type', () => {
    expect(new Set(PLANTED.map((p) => p.type)).size).toBe(CATALOGUE.length);
    expect(PLANTED.filter((p) => p.secret).length).toBeGreaterThanOrEqual(CATALOGUE.length);
  });

  it.each(['text', 'json', 'sarif', 'markdown'])('%s holds no secret, whole or in part', async (format) => {
    const run = await runCli(['scan', root, '--format', format, '--fail-on', 'none', '--no-color'], { timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(1_000); // there was a report to leak into
    const leaks = PLANTED.flatMap((p) => (p.secret ? leaked(run.stdout + run.stderr, p.secret).map((piece) => `${p.path}: ${piece}`) : []));
    expect(leaks).toEqual([]);
  });

  it('reports most of them: every long-lived one is a finding', async () => {
    const run = await runCli(['scan', root, '--format', 'json', '--fail-on', 'none'], { timeoutMs: 60_000 });
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; path: string }[] };
    const reportedPaths = new Set(report.findings.filter((f) => f.ruleId === 'committed-credential').map((f) => f.path));
    const reportedTypes = new Set(PLANTED.filter((p) => reportedPaths.has(p.path)).map((p) => p.type));
    const missed = CATALOGUE.filter((type) => type.lifetime === 'static' && !reportedTypes.has(type.id)).map((type) => type.id);
    expect(missed).toEqual([]);
  });
});
