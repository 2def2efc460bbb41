/**
 * Times whole scans against named baselines, in one run, and prints medians and ratios.
 *
 *   npm run bench [-- [--quick | --corpus-mb N | --synthetic] [--baseline NAME=CLI.js]... DIR...]
 *
 * Without a DIR it generates the bench corpus (bench/corpus.ts: deterministic, `--corpus-mb N`
 * MB, default 200; `--quick` is 20 MB and 3 runs) with the credentials and decoys of
 * bench/planted.ts in it, times it, then scans it once more and prints recall per provider, the
 * decoys reported (false positives) and the other findings (noise). `--synthetic` times the older,
 * smaller synthetic repository instead. Each target is timed as:
 *   git-ls-files   discovery alone, the floor for a git work tree
 *   read-all       Node reading every listed file, the I/O floor
 *   read-decode    the same, each file decoded as UTF-8: the floor for any scanner in Node
 *   rg             ripgrep with the catalogue's patterns (scripts/rg-patterns.ts), when on PATH
 *   nhiscan        the built CLI, `scan --format sarif`, process start included
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

const READ_ALL = `
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const out = execFileSync('git', ['-c','core.fsmonitor=false','-c','core.hooksPath=/dev/null','ls-files','-co','--exclude-standard','-z'], { maxBuffer: 1 << 29 });
let bytes = 0;
for (const f of out.toString().split('\\0')) { if (!f) continue; try { bytes += fs.readFileSync(f).length; } catch {} }
`;

interface Command {
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
}

const scanArgs = (cli: string) => [cli, 'scan', '.', '--format', 'sarif', '--fail-on', 'none', '-o', os.devNull];

function commandsFor(baselines: ReadonlyMap<string, string>): Command[] {
  return [
    { name: 'git-ls-files', file: 'git', args: [...GIT, 'ls-files', '-co', '--exclude-standard', '-z'] },
    { name: 'read-all', file: process.execPath, args: ['-e', READ_ALL] },
    ...[...baselines].map(([name, cli]) => ({ name, file: process.execPath, args: scanArgs(path.resolve(cli)) })),
    { name: 'nhiscan', file: process.execPath, args: scanArgs(CLI) },
  ];
}

function time(command: Command, cwd: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command.file, command.args, { cwd, stdio: 'ignore' });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command.name} exited ${result.status} in ${cwd}`);
  return elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function benchTarget(label: string, dir: string, baselines: ReadonlyMap<string, string>): void {
  const commands = commandsFor(baselines);
  const samples = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  for (const command of commands) time(command, dir); // warm the page cache
  for (let run = 0; run < RUNS; run++) for (const command of commands) samples.get(command.name)!.push(time(command, dir));
  const files = execFileSync('git', [...GIT, 'ls-files', '-co', '--exclude-standard', '-z'], { cwd: dir, maxBuffer: 1 << 29 }).toString().split('\0').filter(Boolean).length;
  const medians = new Map([...samples].map(([name, values]) => [name, median(values)]));
  const ours = medians.get('nhiscan')!;
  process.stdout.write(`\n${label} (${files} files, ${RUNS} runs each, median ms)\n`);
  for (const [name, value] of medians) {
    const ratio = name === 'nhiscan' ? '' : `   nhiscan / ${name} = ${(ours / value).toFixed(2)}×`;
    process.stdout.write(`  ${name.padEnd(14)} ${value.toFixed(1).padStart(9)}${ratio}\n`);
  }
}

const targets: string[] = [];
const baselines = new Map<string, string>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] !== '--baseline') {
    targets.push(argv[i]!);
    continue;
  }
  const [name, cli] = (argv[++i] ?? '').split(/=(.*)/s);
  if (!name || !cli) throw new Error('--baseline takes NAME=path/to/build/src/cli.js');
  baselines.set(name, cli);
}
if (targets.length === 0) {
  const dir = syntheticRepository();
  try {
    benchTarget('synthetic repository', dir, baselines);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  for (const target of targets) benchTarget(path.resolve(target), path.resolve(target), baselines);
}
