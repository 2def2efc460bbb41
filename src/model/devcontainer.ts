import { get, isMap, isScalar, isSeq, type MapNode, type Node } from './document.js';

/**
 * Reading a dev container definition (`devcontainer.json`, containers.dev/implementors/json_reference):
 * the variables it substitutes, the environment it gives the container, and what of the host it
 * mounts. Pure functions over the parsed file; the rules decide what matters.
 */

/** A `${…}` variable of the spec: the host's environment, the container's, or a built-in path. */
export interface DevcontainerVariable {
  /** `localEnv` (also the older `env` spelling VS Code still reads), `containerEnv`, or `builtin`. */
  readonly source: 'localEnv' | 'containerEnv' | 'builtin';
  /** The variable's name: `GITHUB_TOKEN`, or the built-in's (`localWorkspaceFolder`). */
  readonly name: string;
  /** What the container gets when the variable is unset: `${localEnv:TZ:UTC}` → `UTC`. */
  readonly fallback?: string;
}

/**
 * `${localEnv:NAME}`, `${localEnv:NAME:default}`, `${env:NAME}`, `${containerEnv:NAME[:default]}`
 * and the built-ins (`${localWorkspaceFolder}`, `${containerWorkspaceFolder}`, their `Basename`s,
 * `${devcontainerId}`). Anything else in braces is left as written by the tools, a literal.
 */
const VARIABLE = /\$\{(?:(localEnv|env|containerEnv):([A-Za-z_][A-Za-z0-9_]{0,200})(?::([^}]{0,1000}))?|(localWorkspaceFolder|localWorkspaceFolderBasename|containerWorkspaceFolder|containerWorkspaceFolderBasename|devcontainerId))\}/g;

/** Every variable a value references, in order. */
export function devcontainerVariables(text: string): DevcontainerVariable[] {
  if (text.length > 100_000) return [];
  const found: DevcontainerVariable[] = [];
  for (const match of text.matchAll(VARIABLE)) {
    if (match[4] !== undefined) found.push({ source: 'builtin', name: match[4] });
    else {
      const source = match[1] === 'containerEnv' ? 'containerEnv' : 'localEnv';
      found.push({ source, name: match[2]!, ...(match[3] !== undefined && match[3] !== '' ? { fallback: match[3] } : {}) });
    }
  }
  return found;
}

/** The value without its variables: what is literal in it. */
export function literalPart(text: string): string {
  return text.length > 100_000 ? text : text.replace(VARIABLE, '');
}

/** One environment variable the dev container sets: in `containerEnv`, `remoteEnv`, `build.args` or a `runArgs` `--env`. */
export interface DevcontainerEnv {
  /** Where it is set, as a finding names it: `remoteEnv.GITHUB_TOKEN`, `runArgs[3]`. */
  readonly field: string;
  /** The variable's name. */
  readonly key: string;
  /** Its value as written. */
  readonly value: string;
  /** The node holding the value (for `runArgs`, the whole `NAME=value` argument). */
  readonly node: Node;
}

function scalarString(node: Node | undefined): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean') ? String(node.value) : undefined;
}

/** The `runArgs` words, each with its node; a non-string item ends nothing, it is skipped. */
function runArgs(root: MapNode): { text: string; node: Node; index: number }[] {
  const args = get(root, 'runArgs');
  if (!isSeq(args)) return [];
  const words: { text: string; node: Node; index: number }[] = [];
  args.items.forEach((node, index) => {
    const text = scalarString(node);
    if (text !== undefined) words.push({ text, node, index });
  });
  return words;
}

/** The value of `-x value`, `--name value` or `--name=value` options among `runArgs`, with the node that holds it. */
function runArgOptions(root: MapNode, short: string | undefined, long: string): { value: string; node: Node; index: number }[] {
  const words = runArgs(root);
  const found: { value: string; node: Node; index: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    const { text, node, index } = words[i]!;
    if (text === long || (short !== undefined && text === short)) {
      const next = words[i + 1];
      if (next) found.push({ value: next.text, node: next.node, index: next.index });
      i++;
    } else if (text.startsWith(`${long}=`)) found.push({ value: text.slice(long.length + 1), node, index });
    else if (short !== undefined && text.startsWith(`${short}=`)) found.push({ value: text.slice(short.length + 1), node, index });
  }
  return found;
}

/** Every variable the definition sets for the container or its build, in file order by field. */
export function devcontainerEnv(root: Node | undefined): DevcontainerEnv[] {
  if (!isMap(root)) return [];
  const found: DevcontainerEnv[] = [];
  const fromMap = (container: Node | undefined, prefix: string) => {
    if (!isMap(container)) return;
    for (const entry of container.entries) {
      const value = scalarString(entry.value);
      if (value !== undefined) found.push({ field: `${prefix}.${entry.key}`, key: entry.key, value, node: entry.value });
    }
  };
  fromMap(get(root, 'containerEnv'), 'containerEnv');
  fromMap(get(root, 'remoteEnv'), 'remoteEnv');
  fromMap(get(get(root, 'build'), 'args'), 'build.args');
  for (const { value, node, index } of runArgOptions(root, '-e', '--env')) {
    const equals = value.indexOf('=');
    if (equals > 0) found.push({ field: `runArgs[${index}]`, key: value.slice(0, equals), value: value.slice(equals + 1), node });
  }
  return found;
}

/** A mount the dev container is created with: from `mounts`, or a `runArgs` `-v` / `--mount`. */
export interface DevcontainerMount {
  /** Where it is written, as a finding names it: `mounts[1]`, `runArgs[4]`. */
  readonly field: string;
  readonly node: Node;
  /** The host path (bind) or volume name, as written. */
  readonly source?: string;
  readonly target?: string;
  /** `bind`, `volume`, `tmpfs`; a `-v` with a host path is a bind. */
  readonly type?: string;
  readonly readonly: boolean;
}

/** `type=bind,source=…,target=…,readonly`: the Docker `--mount` syntax the spec's string form uses. */
function parseMountSpec(spec: string): { source?: string; target?: string; type?: string; readonly: boolean } {
  const mount: { source?: string; target?: string; type?: string; readonly: boolean } = { readonly: false };
  for (const part of spec.split(',')) {
    const equals = part.indexOf('=');
    const key = (equals === -1 ? part : part.slice(0, equals)).trim().toLowerCase();
    const value = equals === -1 ? undefined : part.slice(equals + 1).trim();
    if (key === 'source' || key === 'src') mount.source = value;
    else if (key === 'target' || key === 'destination' || key === 'dst') mount.target = value;
    else if (key === 'type') mount.type = value?.toLowerCase();
    else if (key === 'readonly' || key === 'ro') mount.readonly = value === undefined || value === '' || /^(?:1|true)$/i.test(value);
  }
  return mount;
}

/**
 * `-v host:container[:options]`: the host part is everything before the container path. Variables
 * hold colons of their own (`${localEnv:HOME}`), so they are set aside before splitting, and a
 * drive letter (`C:\…`) stays with its path.
 */
function parseVolumeSpec(spec: string): { source?: string; target?: string; type?: string; readonly: boolean } {
  const variables: string[] = [];
  const masked = spec.replace(VARIABLE, (whole) => `\u0000${variables.push(whole) - 1}\u0000`);
  const parts = masked.split(':');
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]!) && /^[\\/]/.test(parts[1] ?? '')) parts.splice(0, 2, `${parts[0]}:${parts[1]}`);
  const restore = (text: string | undefined) => text?.replace(/\u0000(\d{1,4})\u0000/g, (_, index: string) => variables[Number(index)] ?? '');
  const [source, target, options] = parts;
  if (target === undefined) return { target: restore(source), type: 'volume', readonly: false };
  const host = restore(source)!;
  // A name with no path separator and no variable is a named volume, not a host folder.
  const bind = /[\\/~]|\$\{/.test(host);
  return { source: host, target: restore(target), type: bind ? 'bind' : 'volume', readonly: (options ?? '').split(',').includes('ro') };
}

/** Every mount the definition asks for, `mounts` first. `workspaceMount` is the workspace itself and left out. */
export function devcontainerMounts(root: Node | undefined): DevcontainerMount[] {
  if (!isMap(root)) return [];
  const found: DevcontainerMount[] = [];
  const mounts = get(root, 'mounts');
  if (isSeq(mounts)) {
    mounts.items.forEach((node, index) => {
      const field = `mounts[${index}]`;
      const text = scalarString(node);
      if (text !== undefined) found.push({ field, node, ...parseMountSpec(text) });
      else if (isMap(node)) {
        const source = scalarString(get(node, 'source'));
        const target = scalarString(get(node, 'target'));
        const type = scalarString(get(node, 'type'))?.toLowerCase();
        found.push({ field, node, ...(source !== undefined ? { source } : {}), ...(target !== undefined ? { target } : {}), ...(type !== undefined ? { type } : {}), readonly: false });
      }
    });
  }
  for (const { value, node, index } of runArgOptions(root, undefined, '--mount')) found.push({ field: `runArgs[${index}]`, node, ...parseMountSpec(value) });
  for (const { value, node, index } of runArgOptions(root, '-v', '--volume')) found.push({ field: `runArgs[${index}]`, node, ...parseVolumeSpec(value) });
  return found;
}

/**
 * Where a host path points inside the user's home folder: `''` for the home folder itself,
 * `.ssh` for `${localEnv:HOME}/.ssh`, undefined for a path outside it. Reads
 * `${localEnv:HOME}`, `${localEnv:USERPROFILE}` (and both together, the cross-platform idiom),
 * `${env:…}`, `~`, `$HOME`, and `/home/<user>`, `/Users/<user>`, `/root`, `C:\Users\<user>`.
 */
export function homeRelative(hostPath: string): string | undefined {
  let path = hostPath
    .trim()
    .replace(/(?:\$\{(?:localEnv|env):(?:HOME|USERPROFILE)(?::[^}]{0,200})?\}){1,2}/g, '~')
    .replace(/^\$\{?HOME\}?(?=\/|$)/, '~')
    .replace(/\\/g, '/');
  const match = /^(?:~|\/home\/[^/]{1,200}|\/Users\/[^/]{1,200}|\/root|[A-Za-z]:\/Users\/[^/]{1,200})(?:\/(.{0,1000}))?$/.exec(path);
  if (!match) return undefined;
  path = (match[1] ?? '').replace(/\/{1,10}$/, '').replace(/^\.\//, '');
  return path;
}
