import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { RuleRunner } from '../src/engine/rule-runner.js';
import { PrescanPool, type PrescanFile } from '../src/engine/prescan-pool.js';
import type { FileOutcome, Prescanner } from '../src/engine/prescan.js';
import { PROJECT_ROOT } from './support/cli.js';
import { githubToken, makeTempDir, removeTempDirs } from './support/fixtures.js';

afterAll(removeTempDirs);

/** The compiled worker: `npm test` builds before it runs the tests. */
const BUILT_WORKER = pathToFileURL(path.join(PROJECT_ROOT, 'build', 'src', 'engine', 'prescan-worker.js'));
const TOKEN = githubToken('nhiscanPRESCAN4Tz8Qw1Lm6Xc9Vb4');
const MAX_FILE_SIZE = 4096;

let root: string;
let listed: PrescanFile[];
let prescanner: Prescanner;

/**
 * A tree with one of each thing a listed path can turn out to be, and enough plain files for
 * several batches, so the pool's order and hand-over between threads are exercised.
 */
beforeAll(async () => {
  root = await makeTempDir('nhiscan-prescan-');
  const files: Record<string, string | Buffer> = {
    'a-token.txt': `key = ${TOKEN}\n`,
    '.mcp.json': JSON.stringify({ mcpServers: { gh: { command: 'x', env: { GITHUB_TOKEN: TOKEN } } } }),
    'b.bin': Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(` ${TOKEN} `), Buffer.alloc(64)]),
    'c-marked.ts': '// nhiscan-ignore committed-credential: a test value\nconst x = 1;\n',
    'd-large.txt': 'x'.repeat(MAX_FILE_SIZE + 1),
    'e-utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`token ${TOKEN}\n`, 'utf16le')]),
  };
  for (let i = 0; i < 150; i++) files[`plain/f${String(i).padStart(3, '0')}.md`] = `# page ${i}\n\nNothing to see.\n`;
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), content);
  }
  await fs.symlink('a-token.txt', path.join(root, 'link'));
  await fs.mkdir(path.join(root, 'folder'));
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  const names = [...Object.keys(files), 'link', 'folder', 'pipe', 'deleted'].sort();
  listed = names.map((name) => ({ path: name, absolutePath: path.join(root, name) }));
  prescanner = new RuleRunner(RULES).prescanner;
});

async function collect(outcomes: AsyncIterable<FileOutcome>): Promise<FileOutcome[]> {
  const all: FileOutcome[] = [];
  for await (const outcome of outcomes) all.push(outcome);
  return all;
}

function inline(): FileOutcome[] {
  return listed.map((file) => prescanner.readAndPrescan(file.absolutePath, file.path, MAX_FILE_SIZE));
}

describe('the prescan of one listed file', () => {
  it('says what each path turned out to be, and keeps the text only where a rule or the store needs it', () => {
    const byPath = new Map(listed.map((file, index) => [file.path, inline()[index]!]));
    const kinds = Object.fromEntries([...byPath].map(([name, outcome]) => [name, outcome.kind]));
    expect(kinds).toMatchObject({ link: 'symlink', folder: 'gone', pipe: 'not-regular', deleted: 'gone', 'b.bin': 'binary', 'd-large.txt': 'oversized' });
    const text = (name: string) => byPath.get(name) as Extract<FileOutcome, { kind: 'text' }>;
    expect(text('a-token.txt').findings.credentials.map((hit) => hit.typeId)).toEqual(['github-classic-pat']);
    expect(text('a-token.txt').text).toBe(`key = ${TOKEN}\n`);
    expect(text('c-marked.ts').findings.suppressionMarker).toBe(true);
    expect(text('e-utf16.txt').findings.credentials).toHaveLength(1);
    // A parsed kind keeps its text though it holds nothing; a plain page with no keyword does not.
    expect(text('.mcp.json').text).toBeDefined();
    expect(text('plain/f000.md')).toEqual({ kind: 'text', findings: { keywords: [], credentials: [], suppressionMarker: false } });
    const binary = byPath.get('b.bin') as Extract<FileOutcome, { kind: 'binary' }>;
    expect(binary.pieces.map((piece) => piece.credentials.map((hit) => hit.secret))).toEqual([[TOKEN]]);
  });
});

describe('the prescan on worker threads', () => {
  it('gives every outcome the main thread would, in the order listed', async () => {
    const pool = new PrescanPool(prescanner, 3, MAX_FILE_SIZE, BUILT_WORKER);
    try {
      // Or the main thread, which works while they start, could do all of so small a tree.
      await pool.started;
      expect(await collect(pool.outcomes(listed))).toEqual(inline());
      // A second listing (a second path on the command line) through the same workers.
      expect(await collect(pool.outcomes(listed.slice(0, 40)))).toEqual(inline().slice(0, 40));
      expect(pool.batchesDone.workers).toBeGreaterThan(0);
    } finally {
      pool.close();
    }
  });

  it('does the work of a worker that dies on the main thread, and still gives every outcome in order', async () => {
    const dying = path.join(root, 'dying-worker.mjs');
    await fs.writeFile(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', () => process.exit(1));\n");
    const pool = new PrescanPool(prescanner, 2, MAX_FILE_SIZE, pathToFileURL(dying));
    try {
      // Once both have started: so the batches sent to them are lost.
      await pool.started;
      expect(await collect(pool.outcomes(listed))).toEqual(inline());
      expect(pool.batchesDone).toEqual({ workers: 0, main: Math.ceil(listed.length / 32) });
    } finally {
      pool.close();
    }
  });

  it('does everything on the main thread when no worker ever starts', async () => {
    const silent = path.join(root, 'silent-worker.mjs');
    await fs.writeFile(silent, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n");
    const pool = new PrescanPool(prescanner, 2, MAX_FILE_SIZE, pathToFileURL(silent));
    try {
      expect(await collect(pool.outcomes(listed))).toEqual(inline());
      expect(pool.batchesDone.workers).toBe(0);
    } finally {
      pool.close();
    }
  });
});
