/**
 * What an agent may do when a client lets it run, without asking, every command that starts with
 * a given prefix: VS Code's `chat.tools.terminal.autoApprove` keys (`"git push": true`), Cursor's
 * `Shell(git)` permissions. The prefix is the program and, at most, a subcommand; a prefix that
 * names a narrow task (`npm test`, `git status`) reaches nothing worth a finding and gets no
 * answer. The lists hold the programs whose whole reach is plain from their name.
 */
import { programName } from './shell.js';

export type CommandReachLevel = 'any' | 'broad';

export interface CommandReach {
  /** `any`: the prefix runs whatever program or code it is given; `broad`: a wide but bounded power. */
  readonly level: CommandReachLevel;
  /** What the agent may then do, as a message says it: "run any shell command". */
  readonly grant: string;
}

/** Shells and the commands that run another command they are handed. */
const RUNS_ANY_COMMAND = new Set([
  'sh', 'bash', 'zsh', 'dash', 'ash', 'ksh', 'fish', 'csh', 'tcsh', 'pwsh', 'powershell', 'cmd',
  'env', 'sudo', 'su', 'doas', 'xargs', 'eval', 'exec', 'nohup', 'timeout', 'nice', 'watch', 'command', 'builtin',
  'invoke-expression', 'iex', 'start-process', 'invoke-command', 'icm',
]);

/** Interpreters: `-c`, `-e` or a script path runs any code. */
const RUNS_ANY_CODE = new Set([
  'node', 'deno', 'bun', 'python', 'python2', 'python3', 'py', 'ruby', 'perl', 'php', 'lua', 'osascript',
  'wscript', 'cscript', 'mshta',
]);

/** Package runners: download a package from a registry and run it. */
const RUNS_ANY_PACKAGE = new Set(['npx', 'pnpx', 'bunx', 'uvx', 'pipx run', 'npm exec', 'npm x', 'pnpm dlx', 'yarn dlx', 'bun x', 'uv tool run', 'go run', 'deno run']);

/** Subcommands that run whatever program follows them. */
const RUNS_ANY_PROGRAM = new Set(['uv run', 'poetry run', 'pipenv run', 'pnpm exec', 'conda run', 'dotnet exec']);

/** Package managers named bare: `install` runs a package's install scripts, `exec` and `dlx` run any package. */
const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'pip', 'pip3', 'uv', 'cargo', 'gem', 'composer', 'go', 'dotnet', 'brew']);

/** Commands that reach other hosts: a way both to send out what the agent read and to take instructions. */
const NETWORK = new Set(['curl', 'wget', 'invoke-webrequest', 'iwr', 'invoke-restmethod', 'irm', 'scp', 'sftp', 'ssh', 'rsync', 'nc', 'ncat', 'netcat', 'ftp', 'telnet']);

/** Commands that delete or overwrite files anywhere the user may write. */
const DELETES = new Set(['rm', 'rmdir', 'del', 'erase', 'rd', 'remove-item', 'ri', 'dd', 'shred']);

/** Commands that publish what they are given. */
const PUBLISHES = new Set(['git push', 'npm publish', 'pnpm publish', 'yarn publish', 'cargo publish', 'gem push', 'twine upload', 'docker push']);

/**
 * What running every command that starts with `prefix` lets an agent do, or undefined when the
 * prefix is narrower than anything listed here. The prefix is matched as words: its first word as
 * a program name (`/usr/bin/python3.exe` is `python3`), the rest as written, lower-cased.
 */
export function commandReach(prefix: string): CommandReach | undefined {
  const words = prefix.trim().toLowerCase().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0 || words.length > 3) return undefined;
  const program = programName(words[0]!);
  const command = [program, ...words.slice(1)].join(' ');
  if (words.length === 1) {
    if (RUNS_ANY_COMMAND.has(program)) return { level: 'any', grant: `run any command (through \`${program}\`)` };
    if (RUNS_ANY_CODE.has(program)) return { level: 'any', grant: `run any code (through \`${program}\`)` };
    if (RUNS_ANY_PACKAGE.has(program)) return { level: 'any', grant: `download and run any package (through \`${program}\`)` };
    if (program === 'docker' || program === 'podman') return { level: 'any', grant: `start any container, the host's disk mounted if asked (through \`${program}\`)` };
    // `git -c core.pager=…` and `-c alias.x=!…` start other programs.
    if (program === 'git') return { level: 'broad', grant: 'run any git command, `git push` and `git -c` settings that start other programs among them' };
    if (PACKAGE_MANAGERS.has(program)) return { level: 'broad', grant: `install and run any package (through \`${program}\`)` };
    if (program === 'gh') return { level: 'broad', grant: 'call any GitHub API with the signed-in user\'s token (through `gh api`)' };
    if (NETWORK.has(program)) return { level: 'broad', grant: `reach any host (through \`${program}\`), a way to send out what it read` };
    if (DELETES.has(program)) return { level: 'broad', grant: `delete any file it can write (through \`${program}\`)` };
    return undefined;
  }
  if (RUNS_ANY_PACKAGE.has(command)) return { level: 'any', grant: `download and run any package (through \`${command}\`)` };
  if (RUNS_ANY_PROGRAM.has(command)) return { level: 'any', grant: `run any program (through \`${command}\`)` };
  if ((program === 'docker' || program === 'podman') && (words[1] === 'run' || words[1] === 'exec') && words.length === 2) {
    return { level: 'any', grant: `start any container, the host's disk mounted if asked (through \`${command}\`)` };
  }
  if (PUBLISHES.has(command)) return { level: 'broad', grant: `publish without review (through \`${command}\`)${command === 'git push' ? ', force-pushes included' : ''}` };
  return undefined;
}
