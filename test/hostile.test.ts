import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFileReader, type FileReader } from '../src/io/read.js';
import { formatSarif, formatText, scan, type Notification, type ScanResult } from '../src/index.js';
import { runCli, type CliRun } from './support/cli.js';
import { FIXTURES_DIR, git, insideWorkTree, leaks, makeTempDir, removeTempDirs, SECRETS, unprivilegedRun } from './support/fixtures.js';
import { describeIssues, validateSarifText } from './support/validator.js';

/**
 * One hostile tree, built at test time: broken YAML and JSON, a binary file, a 50 MiB file, a
 * symlink loop, a symlink out of the root to a planted secret, a FIFO, a git-ignored secret, an
 * unreadable file and, in its git variant, a `core.fsmonitor` command in `.git/config`. One file
 * should yield a finding. The scan must report each problem once, read nothing outside the root,
 * run nothing from the repository, and finish.
 */

afterAll(removeTempDirs);

const HOSTILE_SECRETS = {
  /** Behind a symlink that points out of the root. */
  outside: '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',
  /** In a git-ignored folder. */
  ignored: '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',
  /** In the 50 MiB file, above --max-file-size. */
  huge: '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',
} as const;
const EVERY_SECRET = [...Object.values(HOSTILE_SECRETS), SECRETS.brokenJson, SECRETS.brokenYaml];
const HUGE_BYTES = 50 * 1024 * 1024;

function mcpConfig(secret: string, padding = ''): string {
  const config = { mcpServers: { github: { command: 'npx', args: ['-y', '@acme/issues-mcp@1.2.0'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: secret } } } };
  return padding === '' ? `${JSON.stringify(config, null, 2)}\n` : `${JSON.stringify({ ...config, padding })}\n`;
}

interface HostileTree {
  /** The scan root. */
  readonly root: string;
  /** A sibling of the root: the out-of-root secret and the fsmonitor script and marker live here. */
  readonly outside: string;
  /** Created by the planted fsmonitor command if git ever runs it. */
  readonly marker: string;
}

/** Paths (relative to the root) a scan reads: every regular, not ignored file. */
const READABLE = ['.claude/settings.json', '.github/workflows/broken.yml', '.gitignore', 'blob.bin', 'broken/.mcp.json', 'huge/.mcp.json', 'locked.txt'];
const UNREADABLE = 'locked.txt';

/**
 * Builds the tree under a world-readable temp folder (so another user can scan it too). `git`:
 * make it a work tree with some files committed and a hostile `core.fsmonitor`.
 */
async function buildHostileTree(mode: 'git' | 'walk'): Promise<HostileTree> {
  const base = await makeTempDir(`nhiscan-hostile-${mode}-`);
  await fs.chmod(base, 0o755);
  const root = path.join(base, 'tree');
  const outside = path.join(base, 'outside');
  await fs.mkdir(outside);
  const write = async (relative: string, content: string | Buffer) => {
    await fs.mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await fs.writeFile(path.join(root, relative), content);
  };

  // The one file that should produce a finding.
  await write('.claude/settings.json', '{\n  "permissions": {\n    "defaultMode": "bypassPermissions"\n  }\n}\n');
  // Broken YAML and JSON, each holding a secret (and the secret as a YAML key name).
  await write('.github/workflows/broken.yml', await fs.readFile(path.join(FIXTURES_DIR, 'broken-files', '.github/workflows/broken.yml')));
  await write('broken/.mcp.json', await fs.readFile(path.join(FIXTURES_DIR, 'broken-files', '.mcp.json')));
  // Binary: NUL bytes in the first 8 KiB.
  await write('blob.bin', Buffer.concat([Buffer.from('\u0000\u0001\u0002binary'), Buffer.alloc(1024), Buffer.from(mcpConfig(SECRETS.brokenJson))]));
  // 50 MiB of valid MCP config with a literal token: parsed, it would be a finding.
  const head = mcpConfig(HOSTILE_SECRETS.huge, 'x');
  await write('huge/.mcp.json', mcpConfig(HOSTILE_SECRETS.huge, 'x'.repeat(HUGE_BYTES - head.length + 1)));
  // A symlink loop: a directory link to an ancestor.
  await fs.mkdir(path.join(root, 'deep'));
  await fs.symlink('..', path.join(root, 'deep', 'loop'));
  // A symlink out of the root to a planted secret, readable by anyone.
  await fs.writeFile(path.join(outside, '.mcp.json'), mcpConfig(HOSTILE_SECRETS.outside));
  await fs.mkdir(path.join(root, 'linked'));
  await fs.symlink(path.join(outside, '.mcp.json'), path.join(root, 'linked', '.mcp.json'));
  // A FIFO: opening it for reading would block forever.
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  // A git-ignored secret.
  await write('.gitignore', 'ignored/\n');
  await write('ignored/.mcp.json', mcpConfig(HOSTILE_SECRETS.ignored));
  // Unreadable by anyone but root.
  await write(UNREADABLE, 'nothing to see\n');
  await fs.chmod(path.join(root, UNREADABLE), 0o000);

  const marker = path.join(outside, 'fsmonitor-ran');
  if (mode === 'git') {
    await git(root, ['init', '-q', '.']);
    await git(root, ['add', '.claude/settings.json', '.gitignore']);
    await git(root, ['commit', '-q', '--no-verify', '-m', 'hostile']);
    const hook = path.join(outside, 'fsmonitor.sh');
    await fs.writeFile(hook, `#!/bin/sh\necho ran >> '${marker}'\nexit 1\n`, { mode: 0o755 });
    await git(root, ['config', 'core.fsmonitor', hook]);
  } else if (await insideWorkTree(root)) {
    throw new Error(`${root} is inside a git work tree; the walk test needs a folder outside one`);
  }
  return { root, outside, marker };
}

/**
 * A reader that records every file it opens (what git lists may turn out to be a link or a FIFO,
 * looked at and not opened) and fails one with EACCES, as the OS would.
 */
function injectingReader(root: string, unreadable: string): { reader: FileReader; asked: string[] } {
  const asked: string[] = [];
  const reader: FileReader = {
    async read(absolutePath, maxBytes) {
      if (absolutePath === path.join(root, unreadable)) {
        asked.push(absolutePath);
        throw Object.assign(new Error(`EACCES: permission denied, open '${absolutePath}'`), { code: 'EACCES', errno: -13, syscall: 'open' });
      }
      const read = await nodeFileReader.read(absolutePath, maxBytes);
      if (read.kind === 'bytes' || read.kind === 'oversized') asked.push(absolutePath);
      return read;
    },
    // The credential pass over the binary and the oversized file reads them as a scan would.
    chunks: nodeFileReader.chunks!,
  };
  return { reader, asked };
}

function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface NoteSummary {
  readonly kind: string;
  readonly path?: string;
}

function summarise(notes: readonly Notification[]): NoteSummary[] {
  return notes.map((n) => ({ kind: n.kind, ...(n.path ? { path: n.path } : {}) })).sort((a, b) => `${a.kind} ${a.path}`.localeCompare(`${b.kind} ${b.path}`));
}

/** What every scan of the tree must notify, one entry per problem file and per skip reason. */
function expectedNotes(options: { unreadable: boolean; walk: boolean }): NoteSummary[] {
  const notes: NoteSummary[] = [
    { kind: 'parse-error', path: '.github/workflows/broken.yml' },
    { kind: 'parse-error', path: 'broken/.mcp.json' },
    { kind: 'skipped-binary' },
    { kind: 'skipped-oversized' },
    { kind: 'skipped-symlink' },
    ...(options.unreadable ? [{ kind: 'unreadable', path: UNREADABLE }] : []),
    // git lists no FIFO; the walk sees it and counts it as a special file.
    ...(options.walk ? [{ kind: 'git-unavailable' }, { kind: 'skipped-not-regular' }] : []),
  ];
  return notes.sort((a, b) => `${a.kind} ${a.path}`.localeCompare(`${b.kind} ${b.path}`));
}

/** SARIF notifications as the library's shape, for the same comparison. */
function sarifNotes(sarif: string): Notification[] {
  const log = JSON.parse(sarif) as {
    runs: { invocations: { toolExecutionNotifications: { level: Notification['level']; descriptor: { id: string }; message: { text: string }; locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[];
  };
  return log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => {
    const uri = n.locations?.[0]?.physicalLocation.artifactLocation.uri;
    return { level: n.level, kind: n.descriptor.id, message: n.message.text, ...(uri ? { path: uri } : {}) };
  });
}

function sarifFindings(sarif: string): string[] {
  const log = JSON.parse(sarif) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  return log.runs[0]!.results.map((r) => `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}`);
}

// The 50 MiB MCP config its client would load is a finding too: unscanned, not silently skipped.
// The credential pass reads every byte, parsed or not: broken, binary and oversized files' tokens are found.
/** Text output without its snippet lines (`│ …`). */
const withoutSnippetLines = (output: string) => output.split('\n').filter((line) => !line.trimStart().startsWith('│')).join('\n');

const FINDINGS = [
  'claude-bypass-permissions .claude/settings.json',
  'committed-credential .github/workflows/broken.yml',
  'committed-credential .github/workflows/broken.yml',
  'committed-credential .github/workflows/broken.yml',
  'committed-credential blob.bin', // in a binary file, found by the credential pass over its bytes
  'committed-credential broken/.mcp.json',
  'unscanned-agent-config huge/.mcp.json',
  'committed-credential huge/.mcp.json', // past max-file-size: not parsed, but every byte read for credentials
];

describe.each(['git', 'walk'] as const)('the hostile tree, %s discovery', (mode) => {
  let tree: HostileTree;
  beforeAll(async () => {
    tree = await buildHostileTree(mode);
  });

  it('is as hostile as it claims: each planted secret is live where a scan could reach it', async () => {
    expect((await fs.stat(path.join(tree.root, 'huge/.mcp.json'))).size).toBe(HUGE_BYTES);
    for (const secret of EVERY_SECRET) expect(secret).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
    // Scanned directly, the files behind the link, behind .gitignore and above the size limit are findings.
    for (const file of [path.join(tree.outside, '.mcp.json'), path.join(tree.root, 'ignored/.mcp.json')]) {
      const direct = await scan({ paths: [file], cwd: tree.root });
      expect(direct.findings.map((f) => f.ruleId), file).toEqual(['mcp-inline-secret']);
    }
    const huge = await scan({ paths: [path.join(tree.root, 'huge/.mcp.json')], cwd: tree.root, maxFileSize: HUGE_BYTES + 1 });
    expect(huge.findings.map((f) => f.ruleId)).toEqual(['mcp-inline-secret']);
    expect(huge.notifications).toEqual([]); // a 50 MiB line once overflowed the snippet masking: a rule error, no finding
    expect(leaks(huge.findings.map((f) => `${f.message} ${f.snippet}`).join('\n'), [HOSTILE_SECRETS.huge])).toEqual([]);
    expect((await fs.lstat(path.join(tree.root, 'pipe'))).isFIFO()).toBe(true);
    expect(await fs.readlink(path.join(tree.root, 'deep', 'loop'))).toBe('..');
  });

  it('library scan with an injected EACCES: the finding, one notification per problem, nothing read outside the root', async () => {
    const { reader, asked } = injectingReader(tree.root, UNREADABLE);
    const result: ScanResult = await within(30_000, scan({ paths: [tree.root], cwd: tree.root, reader }), 'the scan');

    expect(result.findings.map((f) => `${f.ruleId} ${f.path}`)).toEqual(FINDINGS);
    expect(summarise(result.notifications)).toEqual(expectedNotes({ unreadable: true, walk: mode === 'walk' }));
    expect(result.skipped).toEqual({ binary: 1, oversized: 1, 'not-regular': mode === 'walk' ? 1 : 0, symlink: 2 });
    const note = (kind: string) => result.notifications.find((n) => n.kind === kind)!;
    expect(note('skipped-binary').message).toMatch(/^1 binary file skipped \(not parsed\): /);
    expect(note('skipped-oversized').message).toMatch(/^1 file over --max-file-size skipped \(not parsed\): /);
    // Links and special files are named as well, found while listing, never opened.
    expect(note('skipped-symlink').message).toBe('2 symbolic links not followed: deep/loop, linked/.mcp.json');
    if (mode === 'walk') expect(note('skipped-not-regular').message).toBe('1 special file (device, FIFO, socket) skipped: pipe');
    expect(note('unreadable')).toEqual({ level: 'warning', kind: 'unreadable', message: 'could not read file (EACCES)', path: UNREADABLE });

    // Read: every regular, not ignored file in the root, and nothing else (no link, no FIFO, no ignored file).
    expect(asked.map((file) => path.relative(tree.root, file)).sort()).toEqual(READABLE);
    expect(result.filesScanned).toBe(4); // settings, broken YAML, broken JSON, .gitignore

    const outputs = [formatSarif(result), formatText(result, result.findings, { color: false, quiet: false })].join('\n');
    expect(leaks(outputs, EVERY_SECRET)).toEqual([]);
    // A snippet shows its line's key names (secrets masked); nothing else may repeat a canary key.
    expect(withoutSnippetLines(outputs)).not.toContain('NHISCAN_CANARY');
  });

  it('the CLI finishes with the finding, the same notifications and SARIF that validates; no secret in any output', async () => {
    const sarifFile = path.join(await makeTempDir(), 'hostile.sarif');
    const sarif = await runCli(['scan', tree.root, '--format', 'sarif', '-o', sarifFile], { timeoutMs: 30_000 });
    expect(sarif).toMatchObject({ signal: null, code: 1, stdout: '', stderr: '' });
    const report = await fs.readFile(sarifFile, 'utf8');
    expect(sarifFindings(report)).toEqual(FINDINGS);
    // As root the chmod 000 file is readable, so no unreadable notification here (see below).
    const root = process.getuid?.() === 0;
    expect(summarise(sarifNotes(report))).toEqual(expectedNotes({ unreadable: !root, walk: mode === 'walk' }));

    const text = await runCli(['scan', '.'], { cwd: tree.root, timeoutMs: 30_000 });
    expect(text).toMatchObject({ signal: null, code: 1, stderr: '' });
    expect(text.stdout).toContain('warning: broken/.mcp.json:6: could not parse as JSON (CommaExpected at 6:16)');
    expect(text.stdout).toContain('note: 2 symbolic links not followed: deep/loop, linked/.mcp.json');

    for (const output of [report, sarif.stderr, text.stdout, text.stderr]) {
      expect(leaks(output, EVERY_SECRET)).toEqual([]);
      expect(withoutSnippetLines(output)).not.toContain('NHISCAN_CANARY');
    }
    const { errors } = await validateSarifText(report);
    expect(errors, describeIssues(errors)).toEqual([]);
  });

  if (mode === 'git') {
    it('never runs the core.fsmonitor command planted in .git/config (and plain git would)', async () => {
      // (Read the file: asking git would apply our own hardening and answer "false".)
      expect(await fs.readFile(path.join(tree.root, '.git', 'config'), 'utf8')).toContain(`fsmonitor = ${path.join(tree.outside, 'fsmonitor.sh')}`);
      await fs.rm(tree.marker, { force: true });
      const lib = await scan({ paths: [tree.root], cwd: tree.root });
      // git did the listing (no fallback to the walk), so git ran inside the hostile repository.
      expect(lib.notifications.map((n) => n.kind)).not.toContain('git-unavailable');
      const cli = await runCli(['scan', tree.root, '--format', 'sarif'], { timeoutMs: 30_000 });
      expect(cli.code).toBe(1);
      expect(existsSync(tree.marker)).toBe(false);

      // The check can fail: git without the scanner's hardening runs the planted command.
      await new Promise<void>((resolve) => {
        execFile('git', ['status', '--porcelain'], { cwd: tree.root, timeout: 30_000 }, () => resolve());
      });
      expect(existsSync(tree.marker)).toBe(true);
      await fs.rm(tree.marker, { force: true });
    });
  } else {
    it('walks the directory: one git-unavailable note, and .gitignore honoured', async () => {
      const result = await scan({ paths: [tree.root], cwd: tree.root });
      expect(result.notifications.filter((n) => n.kind === 'git-unavailable')).toHaveLength(1);
      expect(result.provenance).toBeUndefined();
      expect(result.findings.map((f) => f.path)).not.toContain('ignored/.mcp.json');
    });
  }
});

describe('hostile text on one huge line', () => {
  /** A random token from the alphabet masking recognises, with a digit: high entropy. */
  const token = (length: number) => `${randomBytes(length * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, length - 1)}7`;

  it('a finding on a minified line of megabytes: a bounded snippet that shows no part of a token cut at its edge', async () => {
    const dir = await makeTempDir('nhiscan-minified-');
    const cutAt = 1200; // where the snippet's source is cut
    const start = `{"mcpServers":{"a":{"command":"x","env":{"GITHUB_PERSONAL_ACCESS_TOKEN":"${SECRETS.brokenJson}","BLOB":"`;
    const before = '","EDGE":"';
    // A long token masks down to a few characters, so what follows it reaches the 300-character snippet.
    const blob = token(cutAt - 8 - start.length - before.length);
    const edge = token(40); // its first 8 characters lie before the cut, the rest after
    const line = `${start}${blob}${before}${edge}","PAD":"${'y'.repeat(8 * 1024 * 1024)}"}}}}`;
    expect(line.indexOf(edge)).toBe(cutAt - 8);
    await fs.writeFile(path.join(dir, '.mcp.json'), line);
    const result = await scan({ paths: [dir], cwd: dir, maxFileSize: 64 * 1024 * 1024 });
    expect(result.notifications.filter((n) => n.kind !== 'git-unavailable')).toEqual([]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.region.startLine}:${f.region.startColumn}`)).toEqual([`mcp-inline-secret 1:${start.indexOf('"ghp_') + 1}`]);
    const snippet = result.findings[0]!.snippet!;
    expect(snippet.length).toBeLessThanOrEqual(300);
    expect(snippet).toContain('"GITHUB_PERSONAL_ACCESS_TOKEN":"ghp_…(40 chars)"');
    expect(snippet).toContain(`…(${blob.length} chars)`);
    expect(snippet).not.toContain(edge.slice(0, 6));
    expect(leaks(snippet, [SECRETS.brokenJson])).toEqual([]);
  });
});

describe('a really unreadable file', () => {
  it('gives one unreadable notification naming it, and the scan goes on (chmod 000, scanned by an unprivileged user)', async () => {
    const tree = await buildHostileTree('git');
    const { prefix, cli } = await unprivilegedRun();
    if (prefix.length > 0) {
      // The set-up works: nobody really cannot read the file, and can read the rest.
      const probe = (file: string) =>
        new Promise<number | null>((resolve) => {
          execFile(prefix[0]!, [...prefix.slice(1), process.execPath, '-e', 'require("fs").readFileSync(process.argv[1])', file], (error) =>
            resolve(error ? ((error as { code?: number }).code ?? null) : 0),
          );
        });
      expect(await probe(path.join(tree.root, UNREADABLE))).not.toBe(0);
      expect(await probe(path.join(tree.root, '.claude/settings.json'))).toBe(0);
    }
    const run: CliRun = await runCli(['scan', tree.root, '--format', 'sarif'], {
      prefix,
      ...(cli ? { cli } : {}),
      cwd: tree.root,
      env: { HOME: tree.outside },
      timeoutMs: 30_000,
    });
    expect(run.stderr).toBe('');
    expect(run).toMatchObject({ signal: null, code: 1 });
    expect(sarifFindings(run.stdout)).toEqual(FINDINGS);
    const notes = sarifNotes(run.stdout);
    expect(notes.filter((n) => n.kind === 'unreadable')).toEqual([{ level: 'warning', kind: 'unreadable', message: 'could not read file (EACCES)', path: UNREADABLE }]);
    // Another user's repository may make git refuse it (safe.directory); then the walk takes over.
    const walked = notes.some((n) => n.kind === 'git-unavailable');
    expect(summarise(notes)).toEqual(expectedNotes({ unreadable: true, walk: walked }));
    expect(leaks(run.stdout, EVERY_SECRET)).toEqual([]);
  });
});
