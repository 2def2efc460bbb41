import { execFile, execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
/** The built CLI (`npm run build` first); tests run exactly what users run. */
export const CLI = path.join(PROJECT_ROOT, 'build', 'src', 'cli.js');

export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code; null only when the process was killed (see `signal`). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Wall time of the run in milliseconds. */
  readonly ms: number;
}

export interface CliOptions {
  readonly cwd?: string;
  /** Added to (or, with `undefined` values, removed from) a copy of the test's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kill the CLI after this long; a killed run has `code: null` and a signal, so a hang fails loudly. */
  readonly timeoutMs?: number;
  /** Run the CLI through this command prefix (e.g. `setpriv --reuid=nobody ...`); default: none. */
  readonly prefix?: readonly string[];
  /** Another copy of the CLI to run instead of the project's own build. */
  readonly cli?: string;
}

/** A clean environment for the CLI: no colour forcing, no caller's git redirection, no debug output. */
export function cliEnvironment(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['FORCE_COLOR', 'NHISCAN_DEBUG', 'GITHUB_ACTIONS', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Runs `node build/src/cli.js ...args` with execFile (no shell) and collects what it printed. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const started = performance.now();
  const [file, ...prefixArgs] = [...(options.prefix ?? []), process.execPath, options.cli ?? CLI, ...args];
  return new Promise((resolve, reject) => {
    execFile(
      file!,
      prefixArgs,
      {
        cwd: options.cwd ?? PROJECT_ROOT,
        env: cliEnvironment(options.env),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 50_000,
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { code?: number | string; signal?: NodeJS.Signals | null }) | null;
        const code = failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null;
        if (failure && code === null && !failure.signal) {
          reject(failure); // could not start at all
          return;
        }
        resolve({ stdout, stderr, code, signal: failure?.signal ?? null, ms: performance.now() - started });
      },
    );
  });
}

/**
 * A copy of the built CLI with its runtime dependencies (the non-dev packages of the lockfile)
 * under `dir`, for running as another user who may not be able to read the project's folder.
 * Returns the path of the copied cli.js.
 */
export async function installCliCopy(dir: string): Promise<string> {
  await fs.cp(path.join(PROJECT_ROOT, 'build'), path.join(dir, 'build'), { recursive: true });
  // package.json says "type": "module", which the built files need.
  await fs.copyFile(path.join(PROJECT_ROOT, 'package.json'), path.join(dir, 'package.json'));
  const lock = JSON.parse(await fs.readFile(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const runtime = Object.entries(lock.packages)
    .filter(([key, meta]) => key.startsWith('node_modules/') && !key.slice('node_modules/'.length).includes('node_modules/') && !meta.dev && !meta.devOptional)
    .map(([key]) => key);
  if (runtime.length === 0) throw new Error('package-lock.json lists no runtime packages');
  for (const key of runtime) await fs.cp(path.join(PROJECT_ROOT, key), path.join(dir, key), { recursive: true });
  return path.join(dir, 'build', 'src', 'cli.js');
}

/** Runs a command as user nobody: setpriv or runuser, whichever this machine has. */
export function asNobody(): string[] {
  const find = (tool: string): string | undefined => {
    try {
      return execFileSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const setpriv = find('setpriv');
  if (setpriv) {
    const gid = execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim();
    return [setpriv, '--reuid=nobody', `--regid=${gid}`, '--clear-groups'];
  }
  const runuser = find('runuser');
  if (runuser) return [runuser, '-u', 'nobody', '--'];
  throw new Error('running as root, and neither setpriv nor runuser is installed: cannot scan as an unprivileged user to test a real EACCES');
}
