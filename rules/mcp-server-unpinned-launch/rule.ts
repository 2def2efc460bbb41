import { commandsOf } from '../../src/agents/shell.js';
import { displayName } from '../../src/credentials/mask.js';
import { defineRule, isScalar, type McpServer, type Node } from '../../src/rule.js';

/**
 * An MCP server launched from a registry by name alone runs whatever release the registry serves
 * when the client starts it. A hijacked maintainer account or a typo-squatted update then runs on
 * every developer's machine and in every agent job, holding the server's tokens.
 */
export default defineRule({
  meta: {
    id: 'mcp-server-unpinned-launch',
    title: 'MCP server launched from a registry without a pinned version',
    description:
      'An MCP server entry starts its server with `npx`, `bunx`, `pnpm dlx`, `uvx`, `pipx run` or `docker run` and names no exact version (or `@latest`, a range, a mutable image tag). Each start downloads whatever the registry serves at that moment and runs it with the credentials the entry hands the server, so one compromised release reaches every machine and agent that loads the file.',
    remediation:
      'Pin the package to an exact version (`pkg@1.4.2`, `pkg==1.4.2`) or the image to a digest (`image@sha256:…`), and move the pin forward deliberately through review, as any other dependency.',
    category: 'unsafe-agent-setting',
    severity: 'medium',
    confidence: 'high',
    kinds: ['mcp-config', 'codex-config'],
    messages: {
      floatingPackage:
        'MCP server "{server}" runs {launcher} {spec} with {why}: each start fetches whatever the registry serves then and runs it with the server\'s credentials; pin an exact version ({fix})',
      floatingImage:
        'MCP server "{server}" runs the container image {image} {why}: each start may pull a different image, run with the server\'s credentials; pin it by digest ({fix})',
      mutableTag:
        'MCP server "{server}" runs the container image {image} by a tag that moves to each new release it tracks; pin a release version or, better, a digest ({fix})',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI04' },
      { framework: 'owasp-asi-2026', id: 'ASI05' },
      { framework: 'owasp-nhi-2025', id: 'NHI3' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'csa-maestro', id: 'L7' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'nist-ai-rmf-1.0', id: 'GOVERN-6.1' },
      { framework: 'cwe', id: '829' },
    ],
  },
  create: (context) => ({
    mcpServer(server: McpServer) {
      const name = displayName(server.name);
      for (const words of launchCommands(server)) {
        const launch = registryLaunch(words);
        if (!launch) continue;
        for (const target of launch.targets) {
          const spec = target.text;
          if (launch.ecosystem === 'docker') {
            const pin = imagePin(spec);
            if (pin.state === 'pinned' || pin.state === 'unknown') continue;
            const fix = `${pin.repository}@sha256:…`;
            if (pin.state === 'tagged') {
              context.report({ node: target.node, messageId: 'mutableTag', severity: 'low', data: { server: name, image: displayName(spec), fix: displayName(fix) } });
            } else {
              context.report({ node: target.node, messageId: 'floatingImage', data: { server: name, image: displayName(spec), why: pin.why, fix: displayName(fix) } });
            }
            continue;
          }
          const pin = launch.ecosystem === 'npm' ? npmPin(spec) : pythonPin(spec);
          if (pin.state !== 'floating' || launch.datedResolution || runsRepositoryScript(launch, target)) continue;
          context.report({
            node: target.node,
            messageId: 'floatingPackage',
            data: { server: name, launcher: launch.launcher, spec: displayName(spec), why: pin.why, fix: displayName(pin.fix) },
          });
        }
      }
    },
  }),
});

/** A word of the launch line and the node it was read from, so a finding points at the package. */
interface Word {
  readonly text: string;
  readonly node: Node;
}

/**
 * The commands an entry runs, as words. `command` may hold a whole command line; `cmd /c`, `env`
 * and `sh -c "…"` wrappers (Windows configs, login shells) are looked through.
 */
function launchCommands(server: McpServer): Word[][] {
  const words: Word[] = [];
  if (server.command && typeof server.command.value === 'string') {
    const node = server.command;
    const value = server.command.value;
    if (/\s/.test(value.trim())) for (const command of commandsOf(value)) words.push(...command.words.map((text) => ({ text, node })));
    else words.push({ text: value.trim(), node });
  }
  for (const node of server.args) if (isScalar(node) && node.value !== null) words.push({ text: String(node.value), node });
  return unwrap(words, 0);
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ash']);

function unwrap(words: Word[], depth: number): Word[][] {
  let start = 0;
  for (;;) {
    const program = programName(words[start]?.text);
    if (program === 'cmd' && /^\/[ck]$/i.test(words[start + 1]?.text ?? '')) start += 2;
    else if (program === 'env') {
      start++;
      while (start < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[start]!.text)) start++;
    } else break;
  }
  const rest = words.slice(start);
  const program = programName(rest[0]?.text);
  if (program !== undefined && SHELLS.has(program) && depth < 2) {
    const flag = rest.findIndex((word, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(word.text));
    const script = flag > 0 ? rest[flag + 1] : undefined;
    if (!script) return [];
    return commandsOf(script.text).flatMap((command) => unwrap(command.words.map((text) => ({ text, node: script.node })), depth + 1));
  }
  return [rest];
}

/** The program a word names, without its directory or Windows extension, lower-cased. */
function programName(word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  return word.replace(/^.*[\\/]/, '').replace(/\.(?:exe|cmd|bat|ps1)$/i, '').toLowerCase();
}

/**
 * Script runners (`npx tsx ./server.ts`) are devDependencies in nearly every repository that uses
 * them, and npx prefers the copy the lockfile installed; the code they run is the repository's.
 */
const SCRIPT_RUNNERS = new Set(['tsx', 'ts-node', 'vite-node', 'esno', 'esrun', 'jiti', 'nodemon', 'tsm', 'node']);

function runsRepositoryScript(launch: RegistryLaunch, target: Word): boolean {
  if (launch.ecosystem !== 'npm' || !SCRIPT_RUNNERS.has(target.text)) return false;
  const script = launch.after?.find((word) => !word.text.startsWith('-'));
  return script !== undefined && /^(?:\.{1,2}\/|[\w@.-]+\/)?[\w@./-]*\.[cm]?[jt]sx?$/.test(script.text);
}

type Ecosystem = 'npm' | 'python' | 'docker';

interface RegistryLaunch {
  readonly ecosystem: Ecosystem;
  readonly launcher: string;
  /** The words naming what is fetched: packages or an image. */
  readonly targets: readonly Word[];
  /** The words after the package, when one positional named it: the command's own arguments. */
  readonly after?: readonly Word[];
  /** `uvx --exclude-newer <date>` resolves as of a fixed date: nothing published later can run. */
  readonly datedResolution?: boolean;
}

/** Which launcher a command runs, and from which word its own arguments start. */
function registryLaunch(words: readonly Word[]): RegistryLaunch | undefined {
  const program = programName(words[0]?.text);
  const sub = (index: number) => words[index]?.text.toLowerCase();
  switch (program) {
    case 'npx':
    case 'bunx':
    case 'pnpx':
      return npmLaunch(program, words, 1);
    case 'npm':
      return sub(1) === 'exec' || sub(1) === 'x' ? npmLaunch(`npm ${sub(1)}`, words, 2) : undefined;
    case 'bun':
      return sub(1) === 'x' ? npmLaunch('bun x', words, 2) : undefined;
    case 'pnpm':
    case 'yarn':
      return sub(1) === 'dlx' ? npmLaunch(`${program} dlx`, words, 2) : undefined;
    case 'uvx':
      return uvLaunch('uvx', words, 1);
    case 'uv':
      return sub(1) === 'tool' && sub(2) === 'run' ? uvLaunch('uv tool run', words, 3) : undefined;
    case 'pipx':
      return sub(1) === 'run' ? { ecosystem: 'python', launcher: 'pipx run', targets: optionOrFirst(words, 2, PIPX_VALUE_FLAGS, '--spec') } : undefined;
    case 'docker':
    case 'podman': {
      const start = sub(1) === 'run' ? 2 : sub(1) === 'container' && sub(2) === 'run' ? 3 : -1;
      if (start < 0) return undefined;
      const image = firstPositional(words, start, DOCKER_VALUE_FLAGS);
      return { ecosystem: 'docker', launcher: `${program} run`, targets: image ? [image] : [] };
    }
    default:
      return undefined;
  }
}

function npmLaunch(launcher: string, words: readonly Word[], start: number): RegistryLaunch {
  const targets = npmTargets(words, start);
  const last = targets.length === 1 ? words.indexOf(targets[0]!) : -1;
  return { ecosystem: 'npm', launcher, targets, ...(last >= 0 ? { after: words.slice(last + 1) } : {}) };
}

function uvLaunch(launcher: string, words: readonly Word[], start: number): RegistryLaunch {
  const dated = words.slice(start).some((word) => /^--exclude-newer(?:=|$)/.test(word.text));
  return { ecosystem: 'python', launcher, targets: optionOrFirst(words, start, UV_VALUE_FLAGS, '--from'), ...(dated ? { datedResolution: true } : {}) };
}

/** npm-style flags that take a value; any other flag is a switch (`-y`, `--yes`, `--bun`). */
const NPM_VALUE_FLAGS = new Set(['-c', '--call', '--registry', '--cache', '--userconfig', '--prefix', '--node-options', '--shell', '-w', '--workspace', '--loglevel', '--script-shell', '-C', '--dir']);
const UV_VALUE_FLAGS = new Set([
  '--from', '--with', '--with-editable', '--with-requirements', '-w', '--python', '-p', '--index', '--index-url', '-i', '--extra-index-url', '--default-index',
  '--find-links', '-f', '--directory', '--project', '--env-file', '--constraints', '-c', '--overrides', '--build-constraints', '-b', '--cache-dir',
  '--config-file', '--python-preference', '--prerelease', '--resolution', '--exclude-newer', '--index-strategy', '--keyring-provider', '--link-mode',
  '--refresh-package', '--upgrade-package', '-P', '--reinstall-package', '--no-build-package', '--no-binary-package', '--only-binary-package',
  '--config-setting', '-C', '--color', '--allow-insecure-host',
]);
const PIPX_VALUE_FLAGS = new Set(['--spec', '--python', '--index-url', '-i', '--pip-args', '--fetch-python']);
const DOCKER_VALUE_FLAGS = new Set([
  '-e', '--env', '--env-file', '-v', '--volume', '--mount', '--name', '-p', '--publish', '--network', '--net', '-w', '--workdir', '-u', '--user',
  '--entrypoint', '--platform', '-l', '--label', '--label-file', '--cpus', '-m', '--memory', '--memory-swap', '--add-host', '--cap-add', '--cap-drop',
  '--device', '--dns', '--dns-search', '--dns-option', '-h', '--hostname', '--ipc', '--pid', '--restart', '--runtime', '--security-opt', '--shm-size',
  '--tmpfs', '--ulimit', '--log-driver', '--log-opt', '--gpus', '--pull', '--stop-signal', '--stop-timeout', '--group-add', '--expose', '--cidfile',
  '--cgroupns', '--cgroup-parent', '--userns', '--uts', '--isolation', '--network-alias', '--ip', '--ip6', '--mac-address', '--volumes-from', '--link',
  '-a', '--attach', '--detach-keys', '-c', '--cpu-shares', '--cpuset-cpus', '--cpuset-mems', '--health-cmd', '--health-interval', '--health-retries',
  '--health-timeout', '--health-start-period', '--pids-limit', '--storage-opt', '--sysctl', '--annotation',
]);

/** `-p pkg` / `--package pkg` / `--package=pkg` each name a package; otherwise the first positional does. */
function npmTargets(words: readonly Word[], start: number): Word[] {
  const packages: Word[] = [];
  for (let i = start; i < words.length; i++) {
    const text = words[i]!.text;
    if (text === '-p' || text === '--package') {
      if (words[i + 1]) packages.push(words[i + 1]!);
      i++;
    } else if (text.startsWith('--package=')) packages.push({ text: text.slice('--package='.length), node: words[i]!.node });
    else if (text === '--') continue;
    else if (text.startsWith('-')) {
      if (NPM_VALUE_FLAGS.has(text)) i++;
    } else {
      // With `--package`, the first positional is the command to run, not a package.
      if (packages.length === 0) packages.push(words[i]!);
      break;
    }
  }
  return packages;
}

/** The value of `option` when given (`--from pkg==1 tool`), or else the first positional word. */
function optionOrFirst(words: readonly Word[], start: number, valueFlags: ReadonlySet<string>, option: string): Word[] {
  for (let i = start; i < words.length; i++) {
    const text = words[i]!.text;
    if (text === option && words[i + 1]) return [words[i + 1]!];
    if (text.startsWith(`${option}=`)) return [{ text: text.slice(option.length + 1), node: words[i]!.node }];
  }
  const first = firstPositional(words, start, valueFlags);
  return first ? [first] : [];
}

function firstPositional(words: readonly Word[], start: number, valueFlags: ReadonlySet<string>): Word | undefined {
  for (let i = start; i < words.length; i++) {
    const text = words[i]!.text;
    if (text === '--') return words[i + 1];
    if (!text.startsWith('-')) return words[i];
    if (valueFlags.has(text)) i++;
  }
  return undefined;
}

type Pin = { readonly state: 'pinned' } | { readonly state: 'local' } | { readonly state: 'unknown' } | { readonly state: 'floating'; readonly why: string; readonly fix: string };

/** A reference (`${VERSION}`, `$PKG`) is resolved elsewhere: nothing to judge here. */
const REFERENCE = /\$/;
const LOCAL_PATH = /^(?:\.{1,2}(?:[\\/]|$)|[\\/~]|[A-Za-z]:[\\/]|file:)/;
const EXACT_SEMVER = /^=?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const GIT_SHA = /^[0-9a-f]{7,40}$/i;

/** An npm package spec: `name`, `@scope/name@1.2.3`, `name@latest`, `name@^1`, `github:o/r#sha`, `./dir`. */
function npmPin(spec: string): Pin {
  if (REFERENCE.test(spec)) return { state: 'unknown' };
  if (LOCAL_PATH.test(spec) || /\.(?:tgz|tar\.gz)$/i.test(spec)) return { state: 'local' };
  const git = /^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:)|^[\w.-]+\/[\w.-]+(?:#|$)/.test(spec) && !spec.startsWith('@');
  if (git) {
    const ref = spec.includes('#') ? spec.slice(spec.lastIndexOf('#') + 1) : '';
    return GIT_SHA.test(ref) ? { state: 'pinned' } : { state: 'floating', why: ref ? `the git ref "${ref}", which can move` : 'no commit', fix: `${spec.replace(/#.*$/, '')}#<commit sha>` };
  }
  const bare = spec.replace(/^npm:/, '');
  const at = bare.indexOf('@', bare.startsWith('@') ? 1 : 0);
  const name = at === -1 ? bare : bare.slice(0, at);
  const version = at === -1 ? '' : bare.slice(at + 1);
  if (EXACT_SEMVER.test(version)) return { state: 'pinned' };
  const fix = `${name}@<version>`;
  if (version === '') return { state: 'floating', why: 'no version', fix };
  if (version === 'latest') return { state: 'floating', why: '@latest', fix };
  if (/^[A-Za-z][\w.-]*$/.test(version)) return { state: 'floating', why: `the dist-tag @${version}`, fix };
  return { state: 'floating', why: `the range @${version}`, fix };
}

/** A Python requirement as uvx and pipx take it: `name`, `name==1.2`, `name@1.2`, `name[extra]>=1`, `git+https://…@sha`. */
function pythonPin(spec: string): Pin {
  if (REFERENCE.test(spec)) return { state: 'unknown' };
  if (LOCAL_PATH.test(spec) || /\.(?:whl|tar\.gz|zip)$/i.test(spec)) return { state: 'local' };
  if (/^git\+/i.test(spec)) {
    const ref = /@([^@/#]+)(?:#.*)?$/.exec(spec.replace(/^git\+[a-z]+:\/\/[^/]*@/i, 'git+'))?.[1] ?? '';
    return GIT_SHA.test(ref) ? { state: 'pinned' } : { state: 'floating', why: ref ? `the git ref "${ref}", which can move` : 'no commit', fix: `${spec.replace(/@[^@/]*$/, '')}@<commit sha>` };
  }
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(spec);
  if (!match) return { state: 'unknown' };
  const name = `${match[1]}${match[2] ?? ''}`;
  const constraint = match[3]!.trim();
  const fix = `${name}==<version>`;
  if (/^===?\s*[\w.+!-]+$/.test(constraint) && !constraint.includes('*')) return { state: 'pinned' };
  if (constraint.startsWith('@')) {
    const version = constraint.slice(1).trim();
    if (version === 'latest') return { state: 'floating', why: '@latest', fix };
    if (/^\d[\w.+!-]*$/.test(version)) return { state: 'pinned' };
  }
  if (constraint === '') return { state: 'floating', why: 'no version', fix };
  return { state: 'floating', why: `the range ${constraint}`, fix };
}

type ImagePin = { readonly state: 'pinned' } | { readonly state: 'unknown' } | { readonly state: 'tagged'; readonly repository: string } | { readonly state: 'floating'; readonly why: string; readonly repository: string };

/** `repo`, `repo:tag`, `registry:5000/repo:tag`, `repo@sha256:…`. Only a digest names one image. */
function imagePin(image: string): ImagePin {
  if (REFERENCE.test(image)) return { state: 'unknown' };
  if (/@sha(?:256|384|512):[0-9a-f]{32,}$/i.test(image)) return { state: 'pinned' };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > slash ? image.slice(colon + 1) : '';
  const repository = colon > slash ? image.slice(0, colon) : image;
  if (tag === '') return { state: 'floating', why: 'with no tag (so :latest)', repository };
  if (tag === 'latest') return { state: 'floating', why: 'at :latest', repository };
  // A full release tag (`v0.20.1`) is a version its publisher does not move by convention: weaker
  // than a digest, but reviewed like an npm version. Tags that track a line (`1.2`, `stable`) move.
  if (EXACT_SEMVER.test(tag)) return { state: 'pinned' };
  return { state: 'tagged', repository };
}
