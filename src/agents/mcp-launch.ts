import { isScalar, type Node } from '../model/document.js';
import type { McpServer } from '../model/mcp.js';
import { commandsOf, programName } from './shell.js';

/**
 * What an MCP server entry starts, read through the launchers people put in front of it
 * (`npx -y`, `bunx`, `pnpm dlx`, `uvx`, `uv tool run`, `pipx run`, `docker run IMAGE`, `cmd /c`,
 * `sh -c "…"`, `env`, `node script.js` …), whether `command` is one program or a whole command
 * line. Nothing here runs anything: the words are read as a shell would split them.
 */

/** A word of the launch line and the node it was read from, so a finding points at the argument. */
export interface LaunchWord {
  readonly text: string;
  readonly node: Node;
}

/** The registries a launcher fetches from on each start. */
export type Ecosystem = 'npm' | 'python' | 'docker';

export interface ServerLaunch {
  /** How the server is started: `npx`, `pnpm dlx`, `uv tool run`, `docker run`, `go run`, or the program itself. */
  readonly launcher: string;
  /** The registry the launcher fetches `fetched` from on each start; absent for a program run as installed. */
  readonly ecosystem?: Ecosystem;
  /** The words naming what the registry serves: the packages (`-p`, `--from`, `--spec`, or the first word), the image. */
  readonly fetched: readonly LaunchWord[];
  /**
   * What runs the server, lower-case: a package without its version (`@scope/name`,
   * `awslabs.aws-api-mcp-server`), an image without its tag, a program's base name, a script path.
   */
  readonly target: string;
  /** The word that names it. */
  readonly targetWord: LaunchWord;
  /** The words the server itself receives. */
  readonly args: readonly LaunchWord[];
  /** `docker run` / `podman run` options before the image; absent when no container runs. */
  readonly container?: readonly LaunchWord[];
  /** `uvx --exclude-newer <date>` resolves as of a fixed date: nothing published later can run. */
  readonly datedResolution?: boolean;
}

/** Each command the entry runs, in order: `sh -c "cd x && npx pkg"` runs two. */
export function serverLaunches(server: McpServer): ServerLaunch[] {
  return commandLines(server).flatMap((words) => unwrap(words, 0)).flatMap((words) => {
    const launch = readCommand(words);
    return launch ? [launch] : [];
  });
}

/** The command that starts the server: the last one the entry runs (`cd dir && node server.js`). */
export function serverLaunch(server: McpServer): ServerLaunch | undefined {
  return serverLaunches(server).at(-1);
}

/** `@scope/name@1.2.3` → `@scope/name`; `name==1.0`, `name@latest`, `npm:name` → `name`. */
export function packageName(word: string): string {
  const bare = word.replace(/^(?:npm|jsr):/, '');
  const at = bare.indexOf('@', 1);
  const base = at === -1 ? bare : bare.slice(0, at);
  return base.split(/[=<>~!\[]/)[0]!.toLowerCase();
}

/** `ghcr.io/github/github-mcp-server:v1@sha256:…` → `ghcr.io/github/github-mcp-server`; a registry port stays. */
export function imageName(word: string): string {
  const withoutDigest = word.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', slash + 1);
  return (colon === -1 ? withoutDigest : withoutDigest.slice(0, colon)).toLowerCase();
}

/** One `docker run` option: its name, the word that holds it, and its value. */
export interface ContainerOption {
  readonly name: string;
  readonly word: LaunchWord;
  readonly value?: LaunchWord;
}

/** Each `docker run` option with its value (`--net=host` and `--net host` alike). */
export function containerOptions(options: readonly LaunchWord[]): ContainerOption[] {
  const found: ContainerOption[] = [];
  for (let i = 0; i < options.length; i++) {
    const word = options[i]!;
    const equals = word.text.indexOf('=');
    if (word.text.startsWith('--') && equals !== -1) {
      found.push({ name: word.text.slice(0, equals), word, value: { text: word.text.slice(equals + 1), node: word.node } });
    } else if (CONTAINER_VALUE_OPTIONS.has(word.text)) {
      const value = options[i + 1];
      found.push(value ? { name: word.text, word, value } : { name: word.text, word });
      i++;
    } else found.push({ name: word.text, word });
  }
  return found;
}

/**
 * The command lines of `command` (split as a shell would when it holds a whole line), with `args`
 * after the last. A lone Windows path with spaces (`C:\Program Files\nodejs\npx.cmd`) is one program.
 */
function commandLines(server: McpServer): LaunchWord[][] {
  const lines: LaunchWord[][] = [];
  const command = server.command;
  if (command && typeof command.value === 'string') {
    const text = command.value.trim();
    if (/\s/.test(text) && !/^[A-Za-z]:\\/.test(text)) for (const { words } of commandsOf(text)) lines.push(words.map((word) => ({ text: word, node: command })));
    else if (text !== '') lines.push([{ text, node: command }]);
  }
  const args: LaunchWord[] = [];
  for (const node of server.args) {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) args.push({ text: String(node.value), node });
  }
  if (lines.length === 0) return args.length > 0 ? [args] : [];
  lines[lines.length - 1]!.push(...args);
  return lines;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash']);
const PREFIXES = new Set(['sudo', 'nohup', 'exec', 'time', 'nice']);

/** The commands behind `cmd /c`, `env NAME=v`, `sudo` and a shell's `-c` script (two shells deep at most). */
function unwrap(words: readonly LaunchWord[], depth: number): LaunchWord[][] {
  let rest = words;
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    const program = programName(rest[0]!.text);
    if (program === 'cmd' && /^\/[ck]$/i.test(rest[1]?.text ?? '')) rest = scriptWords(rest.slice(2));
    else if (program === 'env') rest = rest.slice(1 + firstProgram(rest.slice(1)));
    else if (PREFIXES.has(program)) rest = afterOptions(rest.slice(1), new Set(['-u', '-g', '-n'])).rest;
    else if (SHELLS.has(program)) {
      const flag = rest.findIndex((word, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(word.text));
      const script = flag > 0 ? rest[flag + 1] : undefined;
      if (!script || depth >= 2) return [];
      return commandsOf(script.text).flatMap((command) => unwrap(command.words.map((text) => ({ text, node: script.node })), depth + 1));
    } else break;
  }
  return rest.length > 0 ? [[...rest]] : [];
}

/** A one-word script handed to `cmd /c`, split into the words it runs. */
function scriptWords(rest: readonly LaunchWord[]): LaunchWord[] {
  if (rest.length === 1 && /\s/.test(rest[0]!.text)) return commandsOf(rest[0]!.text).flatMap((command) => command.words.map((text) => ({ text, node: rest[0]!.node })));
  return [...rest];
}

function firstProgram(words: readonly LaunchWord[]): number {
  const index = words.findIndex((word) => !word.text.startsWith('-') && !/^[A-Za-z_]\w*=/.test(word.text));
  return index === -1 ? words.length : index;
}

const INTERPRETERS = new Set(['node', 'python', 'python3', 'ruby']);

/** What one command starts, once its wrappers are gone. */
function readCommand(words: readonly LaunchWord[]): ServerLaunch | undefined {
  const [first, ...rest] = words;
  if (!first) return undefined;
  const program = programName(first.text);
  const sub = (index: number) => rest[index]?.text.toLowerCase();
  switch (program) {
    case 'npx':
    case 'bunx':
    case 'pnpx':
      return npmLaunch(program, rest);
    case 'npm':
      return sub(0) === 'exec' || sub(0) === 'x' ? npmLaunch(`npm ${sub(0)}`, rest.slice(1)) : direct(first, program, rest);
    case 'bun':
      return sub(0) === 'x' ? npmLaunch('bun x', rest.slice(1)) : direct(first, program, rest);
    case 'pnpm':
    case 'yarn':
      if (sub(0) === 'dlx') return npmLaunch(`${program} dlx`, rest.slice(1));
      // `pnpm exec bin` runs a bin the project installed: look at the bin.
      if (sub(0) === 'exec') return readCommand(afterOptions(rest.slice(1), new Set()).rest);
      return direct(first, program, rest);
    case 'uvx':
      return uvLaunch('uvx', rest);
    case 'uv':
      if (sub(0) === 'tool' && sub(1) === 'run') return uvLaunch('uv tool run', rest.slice(2));
      // `uv run [options] program …` runs the project's own environment: look at the program.
      if (sub(0) === 'run') return readCommand(afterOptions(rest.slice(1), UV_VALUE_OPTIONS).rest);
      return direct(first, program, rest);
    case 'pipx':
      return sub(0) === 'run' ? positionalLaunch('pipx run', 'python', rest.slice(1), PIPX_VALUE_OPTIONS, '--spec') : direct(first, program, rest);
    case 'go':
    case 'deno':
      return sub(0) === 'run' ? positionalLaunch(`${program} run`, undefined, rest.slice(1), new Set(), '') : direct(first, program, rest);
    case 'docker':
    case 'podman':
      return containerLaunch(program, rest) ?? direct(first, program, rest);
    default:
      if (INTERPRETERS.has(program)) return interpreterLaunch(program, rest);
      return direct(first, program, rest);
  }
}

function direct(word: LaunchWord, program: string, args: readonly LaunchWord[]): ServerLaunch {
  return { launcher: program, fetched: [], target: program, targetWord: word, args };
}

/** `node server.js`, `python -m pkg.server`: the script or module is the target. */
function interpreterLaunch(program: string, words: readonly LaunchWord[]): ServerLaunch | undefined {
  const { options, rest } = afterOptions(words, new Set(['-m']));
  const module = optionValue(options, ['-m']);
  if (module) return { launcher: program, fetched: [], target: module.text.toLowerCase(), targetWord: module, args: rest };
  const [script, ...args] = rest;
  return script ? { launcher: program, fetched: [], target: script.text.toLowerCase().replace(/\\/g, '/'), targetWord: script, args } : undefined;
}

/** npm-style runners: `-p pkg` / `--package pkg` / `--package=pkg` each name a package; else the first positional does. */
function npmLaunch(launcher: string, words: readonly LaunchWord[]): ServerLaunch | undefined {
  const packages: LaunchWord[] = [];
  let at = 0;
  for (; at < words.length; at++) {
    const text = words[at]!.text;
    if (text === '-p' || text === '--package') {
      if (words[at + 1]) packages.push(words[at + 1]!);
      at++;
    } else if (text.startsWith('--package=')) packages.push({ text: text.slice('--package='.length), node: words[at]!.node });
    else if (text === '--') continue;
    else if (text.startsWith('-')) {
      if (NPM_VALUE_OPTIONS.has(text)) at++;
    } else break;
  }
  // With `--package`, the first positional is the command to run, not a package.
  const command = words[at];
  if (packages.length === 0 && command) packages.push(command);
  const named = packages[0];
  if (!named) return undefined;
  return { launcher, ecosystem: 'npm', fetched: packages, target: packageName(named.text), targetWord: named, args: words.slice(at + 1) };
}

function uvLaunch(launcher: string, words: readonly LaunchWord[]): ServerLaunch | undefined {
  const launch = positionalLaunch(launcher, 'python', words, UV_VALUE_OPTIONS, '--from');
  if (!launch) return undefined;
  const dated = words.some((word) => /^--exclude-newer(?:=|$)/.test(word.text));
  return dated ? { ...launch, datedResolution: true } : launch;
}

/** A runner whose package is `option`'s value when given (`--from pkg==1 tool`), or else the first positional. */
function positionalLaunch(launcher: string, ecosystem: Ecosystem | undefined, words: readonly LaunchWord[], valueOptions: ReadonlySet<string>, option: string): ServerLaunch | undefined {
  const { options, rest } = afterOptions(words, valueOptions);
  const named = option ? optionValue(options, [option]) : undefined;
  const [first, ...args] = rest;
  const word = named ?? first;
  if (!word) return undefined;
  return { launcher, ...(ecosystem ? { ecosystem } : {}), fetched: ecosystem ? [word] : [], target: packageName(word.text), targetWord: word, args };
}

/** `docker run [options] IMAGE [args]` (also `container run`); anything else a container engine does starts no server. */
function containerLaunch(program: string, words: readonly LaunchWord[]): ServerLaunch | undefined {
  const run = words[0]?.text === 'container' ? words.slice(1) : words;
  if (run[0]?.text !== 'run') return undefined;
  const { options, rest } = afterOptions(run.slice(1), CONTAINER_VALUE_OPTIONS);
  const [image, ...args] = rest;
  if (!image) return undefined;
  return { launcher: `${program} run`, ecosystem: 'docker', fetched: [image], target: imageName(image.text), targetWord: image, args, container: options };
}

/** The words after a launcher's own options; `--` ends them. */
function afterOptions(words: readonly LaunchWord[], takesValue: ReadonlySet<string>): { options: LaunchWord[]; rest: LaunchWord[] } {
  let at = 0;
  while (at < words.length) {
    const word = words[at]!.text;
    if (word === '--') return { options: words.slice(0, at), rest: words.slice(at + 1) };
    if (!word.startsWith('-') || word === '-') break;
    at += takesValue.has(word) ? 2 : 1;
  }
  return { options: words.slice(0, at), rest: words.slice(at) };
}

/** The value of `--name value` or `--name=value` among a launcher's options. */
export function optionValue(options: readonly LaunchWord[], names: readonly string[]): LaunchWord | undefined {
  for (let i = 0; i < options.length; i++) {
    const text = options[i]!.text;
    if (names.includes(text) && options[i + 1]) return options[i + 1];
    const name = names.find((candidate) => text.startsWith(`${candidate}=`));
    if (name) return { text: text.slice(name.length + 1), node: options[i]!.node };
  }
  return undefined;
}

/** npm-style options that take a value; any other option is a switch (`-y`, `--yes`, `--bun`). */
const NPM_VALUE_OPTIONS = new Set(['-c', '--call', '--registry', '--cache', '--userconfig', '--prefix', '--node-options', '--shell', '-w', '--workspace', '--loglevel', '--script-shell', '-C', '--dir']);
const UV_VALUE_OPTIONS = new Set([
  '--from', '--with', '--with-editable', '--with-requirements', '-w', '--python', '-p', '--index', '--index-url', '-i', '--extra-index-url', '--default-index',
  '--find-links', '-f', '--directory', '--project', '--env-file', '--constraints', '-c', '--overrides', '--build-constraints', '-b', '--cache-dir',
  '--config-file', '--python-preference', '--prerelease', '--resolution', '--exclude-newer', '--index-strategy', '--keyring-provider', '--link-mode',
  '--refresh-package', '--upgrade-package', '-P', '--reinstall-package', '--no-build-package', '--no-binary-package', '--only-binary-package',
  '--config-setting', '-C', '--color', '--allow-insecure-host', '--package',
]);
const PIPX_VALUE_OPTIONS = new Set(['--spec', '--python', '--index-url', '-i', '--pip-args', '--fetch-python']);
/** `docker run` options that take the next word as their value. */
const CONTAINER_VALUE_OPTIONS = new Set([
  '-e', '--env', '--env-file', '-v', '--volume', '--mount', '--name', '-p', '--publish', '--network', '--net', '-w', '--workdir', '-u', '--user',
  '--entrypoint', '--platform', '-l', '--label', '--label-file', '--cpus', '-m', '--memory', '--memory-swap', '--add-host', '--cap-add', '--cap-drop',
  '--device', '--dns', '--dns-search', '--dns-option', '-h', '--hostname', '--ipc', '--pid', '--restart', '--runtime', '--security-opt', '--shm-size',
  '--tmpfs', '--ulimit', '--log-driver', '--log-opt', '--gpus', '--pull', '--stop-signal', '--stop-timeout', '--group-add', '--expose', '--cidfile',
  '--cgroupns', '--cgroup-parent', '--userns', '--uts', '--isolation', '--network-alias', '--ip', '--ip6', '--mac-address', '--volumes-from', '--link',
  '-a', '--attach', '--detach-keys', '-c', '--cpu-shares', '--cpuset-cpus', '--cpuset-mems', '--health-cmd', '--health-interval', '--health-retries',
  '--health-timeout', '--health-start-period', '--pids-limit', '--storage-opt', '--sysctl', '--annotation',
]);
