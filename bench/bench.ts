/**
 * Times whole scans against named baselines, in one run, and prints medians and ratios.
 *
 *   npm run bench [-- [--quick | --corpus-mb N | --synthetic] [--baseline NAME=CLI.js]... DIR...]
 *
 * Without a DIR it generates the bench corpus (bench/corpus.ts: deterministic, `--corpus-mb N`
 * MB, default 200; `--quick` is 20 MB and 3 runs) with the credentials and decoys of
 * bench/planted.ts in it, times it, then scans it once more and prints recall per provider, the
 * decoys reported (false positives) and the other findings (noise), and runs secretlint's recommended
 * preset once on a 20 MB slice (2 MB with --quick) for information. `--synthetic` times the older,
 * smaller synthetic repository instead. Each target is timed as:
 *   git-ls-files   discovery alone, the floor for a git work tree
 *   read-all       Node reading every listed file, the I/O floor
 *   read-decode    the same, each file decoded as UTF-8: the floor for any scanner in Node
 *   rg             ripgrep with the catalogue's patterns (scripts/rg-patterns.ts), when on PATH
 *   nhiscan-1-thread  the built CLI with `--workers 0`, to show what the worker threads add
 *   nhiscan        the built CLI, `scan --format sarif`, process start included (default threads)
 *   NAME           each `--baseline NAME=CLI.js`: another build of nhiscan (an earlier commit's
 *                  `build/src/cli.js`), run the same way, so a change is judged before and after
 *                  on the same tree in the same run
 * Runs alternate between commands so machine noise spreads evenly. BENCH_RUNS sets the runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportPatterns } from '../scripts/rg-patterns.js';
import { generateCorpus, GIT, type Corpus } from './corpus.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');
const MB = 1024 * 1024;

function syntheticRepository(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nhiscan-bench-'));
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), text);
  };
  for (let i = 0; i < 60; i++) {
    write(`.github/workflows/wf${i}.yml`, `on: push\n${i % 2 ? 'permissions: {}\n' : ''}jobs:\n${Array.from({ length: 6 }, (_, j) => `  job${j}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${j}\n`).join('')}`);
  }
  for (let i = 0; i < 40; i++) {
    write(`packages/p${i}/.mcp.json`, JSON.stringify({ mcpServers: { [`s${i}`]: { command: 'npx', args: ['-y', `pkg${i}@1.0.0`], env: { API_TOKEN: i % 4 ? '${API_TOKEN}' : `ghp_${'A1b2C3d4E5'.repeat(4).slice(0, 36)}` } } } }, null, 2));
    write(`packages/p${i}/.claude/settings.json`, JSON.stringify({ permissions: { defaultMode: i % 5 ? 'default' : 'bypassPermissions' } }, null, 2));
  }
  const line = 'export function handler(input: string): string { return input.trim().toLowerCase(); }\n';
  for (let i = 0; i < 3000; i++) write(`src/module${Math.floor(i / 100)}/file${i}.ts`, line.repeat(40));
  for (let i = 0; i < 200; i++) write(`config/c${i}.json`, JSON.stringify({ name: `c${i}`, values: Array.from({ length: 50 }, (_, k) => k) }));
  write('data/large.yaml', Array.from({ length: 40_000 }, (_, k) => `key${k}:\n  value: item-${k}\n`).join(''));
  execFileSync('git', [...GIT, 'init', '-q'], { cwd: dir });
  execFileSync('git', [...GIT, '-c', 'user.email=bench@nhiscan.invalid', '-c', 'user.name=bench', 'add', '-A'], { cwd: dir });
  execFileSync('git', [...GIT, '-c', 'user.email=bench@nhiscan.invalid', '-c', 'user.name=bench', 'commit', '-qm', 'bench'], { cwd: dir });
  return dir;
}

/** Node reading every listed file; `decode` adds a UTF-8 decode of each, as any scanner must do. */
const readAll = (decode: boolean) => `
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const out = execFileSync('git', ['-c','core.fsmonitor=false','-c','core.hooksPath=/dev/null','ls-files','-co','--exclude-standard','-z'], { maxBuffer: 1 << 29 });
const decoder = new TextDecoder('utf-8');
let size = 0;
for (const f of out.toString().split('\\0')) { if (!f) continue; try { const b = fs.readFileSync(f); size += ${decode ? 'decoder.decode(b).length' : 'b.length'}; } catch {} }
`;

interface Command {
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
  /** Exit codes that mean success: ripgrep exits 1 when nothing matched. Default [0]. */
  readonly ok?: readonly number[];
}

const scanArgs = (cli: string) => [cli, 'scan', '.', '--format', 'sarif', '--fail-on', 'none', '-o', os.devNull];

/**
 * `--no-ignore --hidden` so rg reads every file nhiscan does (dotfiles, workflows); `.git` is left
 * out because nhiscan lists files with git and never reads the object store.
 */
const ripgrepArgs = (patterns: string) => ['--no-ignore', '--hidden', '-c', '--no-messages', '--glob', '!.git', '-f', patterns, '.'];

function commandsFor(baselines: ReadonlyMap<string, string>, rgPatterns: string | undefined): Command[] {
  return [
    { name: 'git-ls-files', file: 'git', args: [...GIT, 'ls-files', '-co', '--exclude-standard', '-z'] },
    { name: 'read-all', file: process.execPath, args: ['-e', readAll(false)] },
    { name: 'read-decode', file: process.execPath, args: ['-e', readAll(true)] },
    ...(rgPatterns ? [{ name: 'rg', file: 'rg', args: ripgrepArgs(rgPatterns), ok: [0, 1] }] : []),
    ...[...baselines].map(([name, cli]) => ({ name, file: process.execPath, args: scanArgs(path.resolve(cli)) })),
    // The same build on one thread: what the worker threads add.
    { name: 'nhiscan-1-thread', file: process.execPath, args: [...scanArgs(CLI), '--workers', '0'] },
    { name: 'nhiscan', file: process.execPath, args: scanArgs(CLI) },
  ];
}

function time(command: Command, cwd: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command.file, command.args, { cwd, stdio: 'ignore' });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (!(command.ok ?? [0]).includes(result.status ?? -1)) throw new Error(`${command.name} exited ${result.status} in ${cwd}`);
  return elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The files git lists under `dir`, and their total size, as nhiscan and the floors see them. */
function listed(dir: string): { files: number; bytes: number } {
  const names = execFileSync('git', [...GIT, 'ls-files', '-co', '--exclude-standard', '-z'], { cwd: dir, maxBuffer: 1 << 29 }).toString().split('\0').filter(Boolean);
  let bytes = 0;
  for (const name of names) {
    try {
      bytes += statSync(path.join(dir, name)).size;
    } catch {
      // Listed but gone (a deleted, uncommitted file): nobody reads it.
    }
  }
  return { files: names.length, bytes };
}

const mb = (bytes: number) => (bytes / MB).toFixed(1);

function benchTarget(label: string, dir: string, options: Options, rgPatterns: string | undefined): void {
  const commands = commandsFor(options.baselines, rgPatterns);
  const samples = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  for (const command of commands) time(command, dir); // warm the page cache
  for (let run = 0; run < options.runs; run++) for (const command of commands) samples.get(command.name)!.push(time(command, dir));
  const { files, bytes } = listed(dir);
  const medians = new Map([...samples].map(([name, values]) => [name, median(values)]));
  const ours = medians.get('nhiscan')!;
  process.stdout.write(`\n${label} (${files} files, ${mb(bytes)} MB, ${options.runs} runs each, median ms, ${os.availableParallelism()} cores)\n`);
  for (const [name, value] of medians) {
    const ratio = name === 'nhiscan' ? `   ${(bytes / MB / (ours / 1000)).toFixed(1)} MB/s` : `   nhiscan / ${name} = ${(ours / value).toFixed(2)}×`;
    process.stdout.write(`  ${name.padEnd(14)} ${value.toFixed(1).padStart(9)}${ratio}\n`);
  }
}

// ---------------------------------------------------------------- one scan: memory and accuracy

interface Finding {
  readonly ruleId: string;
  readonly path: string;
  readonly region: { readonly startLine: number };
}

/** Rules that report a credential itself, so a planted value counts as found only through them. */
const CREDENTIAL_RULES = new Set(['committed-credential', 'mcp-inline-secret']);

/**
 * One `--format json` scan, for findings and peak RSS. GNU time reports the child's max RSS in
 * KB; without it, the child reports its own through a preloaded exit hook.
 */
function scanOnce(dir: string): { findings: Finding[]; peakRssMb: number | undefined } {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'nhiscan-bench-scan-'));
  const report = path.join(scratch, 'report.json');
  const rss = path.join(scratch, 'rss');
  const scan = [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'none', '-o', report];
  try {
    if (existsSync('/usr/bin/time')) {
      execFileSync('/usr/bin/time', ['-f', '%M', '-o', rss, process.execPath, ...scan], { cwd: dir, stdio: 'ignore' });
    } else {
      const hook = `import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(rss)}, String(process.resourceUsage().maxRSS)));`;
      execFileSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, ...scan], { cwd: dir, stdio: 'ignore' });
    }
    const findings = (JSON.parse(readFileSync(report, 'utf8')) as { findings: Finding[] }).findings;
    const kb = Number.parseInt(readFileSync(rss, 'utf8').trim().split('\n').at(-1) ?? '', 10);
    return { findings, peakRssMb: Number.isFinite(kb) ? kb / 1024 : undefined };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Recall per provider for planted credentials, decoys reported, and every other finding. */
function printAccuracy(corpus: Corpus, findings: readonly Finding[]): void {
  const at = (p: string, line: number) => `${p}:${line}`;
  const credentialLines = new Set(findings.filter((f) => CREDENTIAL_RULES.has(f.ruleId)).map((f) => at(f.path, f.region.startLine)));
  const anyLines = new Set(findings.map((f) => at(f.path, f.region.startLine)));
  const rows = new Map<string, { found: number; planted: number; reported: number; decoys: number }>();
  const missed: string[] = [];
  for (const { entry, path: file, line } of corpus.placements) {
    const row = rows.get(entry.provider) ?? { found: 0, planted: 0, reported: 0, decoys: 0 };
    rows.set(entry.provider, row);
    if (entry.decoy) {
      row.decoys++;
      if (anyLines.has(at(file, line))) row.reported++, missed.push(`  false positive: ${entry.typeId} decoy at ${at(file, line)}`);
    } else {
      row.planted++;
      if (credentialLines.has(at(file, line))) row.found++;
      else missed.push(`  missed: ${entry.typeId} at ${at(file, line)}`);
    }
  }
  const planted = new Set(corpus.placements.map((p) => at(p.path, p.line)));
  const noise = findings.filter((f) => !planted.has(at(f.path, f.region.startLine)));
  const total = (key: 'found' | 'planted' | 'reported' | 'decoys') => [...rows.values()].reduce((sum, row) => sum + row[key], 0);
  process.stdout.write(`\nplanted credentials (bench/planted.ts), one --format json scan\n  ${'provider'.padEnd(18)} recall   decoys reported\n`);
  for (const [provider, row] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    const recall = row.planted ? `${row.found}/${row.planted}` : '-';
    const decoys = row.decoys ? `${row.reported}/${row.decoys}` : '-';
    process.stdout.write(`  ${provider.padEnd(18)} ${recall.padStart(6)}   ${decoys.padStart(6)}\n`);
  }
  process.stdout.write(`  ${'total'.padEnd(18)} ${`${total('found')}/${total('planted')}`.padStart(6)}   ${`${total('reported')}/${total('decoys')}`.padStart(6)}\n`);
  for (const line of missed) process.stdout.write(`${line}\n`);
  const byRule = new Map<string, number>();
  for (const f of noise) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const breakdown = [...byRule].map(([rule, n]) => `${rule} ${n}`).join(', ');
  process.stdout.write(`  other findings (noise): ${noise.length}${breakdown ? ` (${breakdown})` : ''}\n`);
}

// ---------------------------------------------------------------- ripgrep

/** The catalogue as a PATTERNS file in `scratch`, or undefined (with a notice) when rg is missing. */
function ripgrepPatterns(scratch: string): string | undefined {
  if (spawnSync('rg', ['--version'], { stdio: 'ignore' }).status !== 0) {
    process.stdout.write('notice: ripgrep (rg) is not on PATH, so it is not timed; install it with `apt-get install ripgrep` (or `brew install ripgrep`)\n');
    return undefined;
  }
  const file = path.join(scratch, 'rg-patterns.txt');
  const { patterns, skipped } = exportPatterns(file);
  // rg -f joins the lines into one regex: check the whole, not only each line.
  const empty = path.join(scratch, 'empty');
  writeFileSync(empty, '');
  if (spawnSync('rg', ['--no-config', '-f', file, empty], { stdio: 'ignore' }).status === 2) {
    process.stdout.write('notice: ripgrep rejects the joined PATTERNS file; rg is not timed\n');
    return undefined;
  }
  process.stdout.write(`rg: ${patterns.length} catalogue patterns exported${skipped.length ? `, ${skipped.length} skipped (rejected by rg: ${skipped.join(', ')})` : ''}\n`);
  return file;
}

// ---------------------------------------------------------------- arguments

interface Options {
  readonly targets: readonly string[];
  readonly baselines: ReadonlyMap<string, string>;
  readonly corpusMb: number;
  readonly synthetic: boolean;
  readonly runs: number;
  /** The slice of the corpus secretlint reads, once: it reads about 0.3 MB/s. */
  readonly secretlintMb: number;
}

function parseArgs(argv: readonly string[]): Options {
  const targets: string[] = [];
  const baselines = new Map<string, string>();
  let corpusMb: number | undefined;
  let quick = false;
  let synthetic = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--synthetic') synthetic = true;
    else if (arg === '--corpus-mb') {
      corpusMb = Number(argv[++i]);
      if (!Number.isFinite(corpusMb) || corpusMb < 1) throw new Error('--corpus-mb takes a size in MB, at least 1');
    } else if (arg === '--baseline') {
      const [name, cli] = (argv[++i] ?? '').split(/=(.*)/s);
      if (!name || !cli) throw new Error('--baseline takes NAME=path/to/build/src/cli.js');
      baselines.set(name, cli);
    } else targets.push(arg);
  }
  const runs = Number(process.env.BENCH_RUNS ?? (quick ? 3 : 7));
  return { targets, baselines, corpusMb: corpusMb ?? (quick ? 20 : 200), synthetic, runs, secretlintMb: quick ? 2 : 20 };
}

// ---------------------------------------------------------------- secretlint, for information

const SECRETLINT = path.resolve(path.dirname(CLI), '..', '..', 'node_modules', 'secretlint', 'bin', 'secretlint.js');

/**
 * secretlint's recommended preset, once, on a slice of the corpus (every tenth listed file, up to
 * `megabytes`), beside one nhiscan scan of the same files: for information, as the issue asks.
 */
function compareSecretlint(dir: string, megabytes: number): void {
  if (!existsSync(SECRETLINT)) {
    process.stdout.write('  secretlint: not run (not installed: npm ci installs it as a dev dependency)\n');
    return;
  }
  const names = execFileSync('git', [...GIT, 'ls-files', '-z'], { cwd: dir, maxBuffer: 1 << 29 }).toString().split('\0').filter(Boolean);
  const slice = mkdtempSync(path.join(os.tmpdir(), 'nhiscan-bench-slice-'));
  try {
    const picked: string[] = [];
    let bytes = 0;
    for (let i = 9; i < names.length && bytes < megabytes * MB; i += 10) {
      const name = names[i]!;
      mkdirSync(path.dirname(path.join(slice, name)), { recursive: true });
      const content = readFileSync(path.join(dir, name));
      writeFileSync(path.join(slice, name), content);
      picked.push(name);
      bytes += content.length;
    }
    const rc = path.join(slice, '.secretlintrc.json');
    writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    const report = path.join(os.tmpdir(), `nhiscan-bench-secretlint-${process.pid}.json`);
    let start = process.hrtime.bigint();
    // Exit 1 means it found something; the report says what.
    spawnSync(process.execPath, [SECRETLINT, '--secretlintrc', rc, '--format', 'json', '--maskSecrets', '--output', report, ...picked], { cwd: slice, stdio: 'ignore' });
    const secretlintMs = Number(process.hrtime.bigint() - start) / 1e6;
    const found = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as { messages: unknown[] }[]).reduce((sum, file) => sum + file.messages.length, 0) : 0;
    rmSync(report, { force: true });
    start = process.hrtime.bigint();
    spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'sarif', '--fail-on', 'none', '-o', os.devNull], { cwd: slice, stdio: 'ignore' });
    const nhiscanMs = Number(process.hrtime.bigint() - start) / 1e6;
    process.stdout.write(
      `  secretlint (recommended preset), once on ${picked.length} files, ${mb(bytes)} MB: ${(secretlintMs / 1000).toFixed(1)} s, ${found} reports;` +
        ` nhiscan on the same files: ${(nhiscanMs / 1000).toFixed(2)} s (${(secretlintMs / nhiscanMs).toFixed(0)}× faster)\n`,
    );
  } finally {
    rmSync(slice, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

function benchCorpus(options: Options, rgPatterns: string | undefined): void {
  const started = Date.now();
  const corpus = generateCorpus(options.corpusMb);
  try {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    benchTarget(`corpus of ${corpus.megabytes} MB, generated and committed in ${seconds} s`, corpus.dir, options, rgPatterns);
    const { findings, peakRssMb } = scanOnce(corpus.dir);
    process.stdout.write(`  peak RSS of nhiscan: ${peakRssMb === undefined ? 'unknown' : `${peakRssMb.toFixed(0)} MB`}\n`);
    compareSecretlint(corpus.dir, options.secretlintMb);
    printAccuracy(corpus, findings);
  } finally {
    rmSync(corpus.dir, { recursive: true, force: true });
  }
}

const options = parseArgs(process.argv.slice(2));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'nhiscan-bench-'));
try {
  const rgPatterns = ripgrepPatterns(scratch);
  if (options.targets.length > 0) {
    for (const target of options.targets) {
      const dir = path.resolve(target);
      benchTarget(dir, dir, options, rgPatterns);
      const { peakRssMb } = scanOnce(dir);
      process.stdout.write(`  peak RSS of nhiscan: ${peakRssMb === undefined ? 'unknown' : `${peakRssMb.toFixed(0)} MB`}\n`);
    }
  } else if (options.synthetic) {
    const dir = syntheticRepository();
    try {
      benchTarget('synthetic repository', dir, options, rgPatterns);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    benchCorpus(options, rgPatterns);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
