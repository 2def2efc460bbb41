import { get, isScalar, isSeq, type Node } from '../model/document.js';
import type { AgentClient } from '../model/file-kind.js';
import type { McpServer } from '../model/mcp.js';
import { valueReferences } from '../model/value-kind.js';
import { containerOptions, optionValue, type LaunchWord, type ServerLaunch } from './mcp-launch.js';

/**
 * What an MCP server entry hands the server it starts: the environment the process gets, the
 * switches on its command line, the headers and URL of a remote server. Read from the normalised
 * entry (src/model/mcp.ts) and its launch (./mcp-launch.ts), so every client's file reads alike.
 */

/** A scalar's text: a string as written, a number or a boolean as its text; nothing for null, a map or a list. */
/** A flag that announces a secret: `--token`, `--api-key`, `--access-token`; `-p` is too vague to count. */
export const SECRET_FLAG = /^--?(?:[a-z]{1,30}[-_])?(?:token|secret|password|passwd|api[-_]?key|apikey|access[-_]?key|auth(?:[-_]token)?|key|pat|credentials?)$/i;

export function scalarText(node: Node | undefined): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  return String(node.value);
}

/** A setting as the server gets it, and the node that sets it. */
export interface Setting {
  /**
   * The value the file gives; absent when the file gives none: a bare switch (`--read-only`), a
   * variable passed on from the client's own environment, an env file that may set it.
   */
  readonly value?: string;
  readonly node: Node;
}

/** An environment variable the server process gets. */
export interface ServerVariable extends Setting {
  readonly name: string;
}

/**
 * The environment the server process gets: the entry's environment map (`env`, OpenCode's
 * `environment`, Goose's `envs`) and the variables Codex's `env_vars` passes on from the client's
 * own environment. In a container it is only what `-e NAME=value` and `-e NAME` pass in: the
 * entry's environment reaches the `docker` process, not the container. Each variable keeps the
 * node that sets it: the value in the map or after `-e NAME=`, the `env_vars` item that forwards
 * it, or else the `-e NAME` word.
 */
export function serverEnvironment(server: McpServer, launch: ServerLaunch | undefined): ServerVariable[] {
  const own = new Map<string, ServerVariable>();
  for (const entry of server.env?.entries ?? []) {
    const value = scalarText(entry.value);
    // A null, a list or a map is no value the client can hand over.
    if (value !== undefined) own.set(entry.key, { name: entry.key, value, node: entry.value });
  }
  const forwarded = get(server.node, 'env_vars');
  if (server.client === 'codex' && isSeq(forwarded)) {
    for (const item of forwarded.items) {
      const name = scalarText(item);
      if (name !== undefined && !own.has(name)) own.set(name, { name, node: item });
    }
  }
  if (!launch?.container) return [...own.values()];
  const passed: ServerVariable[] = [];
  for (const option of containerOptions(launch.container)) {
    if ((option.name !== '-e' && option.name !== '--env') || !option.value) continue;
    const text = option.value.text;
    const equals = text.indexOf('=');
    // `-e NAME` passes the `docker` process's own variable, as the entry sets or forwards it, else the client's.
    if (equals === -1) passed.push(own.get(text) ?? { name: text, node: option.value.node });
    else passed.push({ name: text.slice(0, equals), value: text.slice(equals + 1), node: option.value.node });
  }
  return passed;
}

/**
 * The env file the server starts with: `docker run --env-file` (the last, whose values win), or
 * the server's own `--env-file`. It may set any variable, which the scan cannot read.
 */
export function envFileOf(launch: ServerLaunch): LaunchWord | undefined {
  if (launch.container) return containerOptions(launch.container).findLast((option) => option.name === '--env-file' && option.value)?.value;
  return optionValue(launch.args, ['--env-file']);
}

/**
 * The environment variables a value reads, as its client substitutes them: `${VAR}` in Claude
 * Code, `${env:VAR}` in VS Code and Cursor, `{env:VAR}` in OpenCode, `$COPILOT_MCP_VAR` in Copilot's
 * agents. A form the client does not substitute is literal text and reads nothing (`$VAR` in Claude
 * Code, anything in Codex, which names variables in keys instead). A reference that may be left as
 * written (VS Code's `${VAR}`) or has a default (`${VAR:-x}`) still names the variable it reads.
 */
export function variablesRead(client: AgentClient, value: string): string[] {
  return valueReferences(client, value)
    .filter((reference) => reference.kind === 'env' || reference.kind === 'mixed')
    .map((reference) => reference.name);
}

const TRUTHY = new Set(['1', 't', 'true', 'yes', 'y', 'on']);
/** `%NAME%`, which `cmd /c` in front of the server expands. */
const WINDOWS_VARIABLE = /%[A-Za-z_]\w*%/;

/**
 * Whether a value is decided outside the file: a reference in any client's syntax (each holds `$`
 * or `{`), or one a shell in front of the server expands (`$VAR`, `%VAR%`). No server reads such
 * text as yes or no, so it stands for a value the file does not show.
 */
function decidedElsewhere(value: string): boolean {
  return value.includes('$') || value.includes('{') || WINDOWS_VARIABLE.test(value);
}

/**
 * Whether a switch is on: a truthy value (`1`, `true`, `yes`, `on` …), a bare flag, or a value the
 * file does not show, which is given the benefit of the doubt: someone chose to set it. `exactly`
 * for a server that reads only the string `true` (mcp-server-kubernetes).
 */
export function switchedOn(setting: Setting | undefined, exactly = false): boolean {
  if (!setting) return false;
  const { value } = setting;
  if (value === undefined || decidedElsewhere(value)) return true;
  return exactly ? value === 'true' : TRUTHY.has(value.trim().toLowerCase());
}

/**
 * The first of `names` among launch words: `--name` (a bare switch) and `--name=value`, or, when
 * the flag takes a value, `--name value`.
 */
export function flagSetting(args: readonly LaunchWord[], names: readonly string[], takesValue = false): Setting | undefined {
  if (takesValue) {
    const word = optionValue(args, names);
    return word ? { value: word.text, node: word.node } : undefined;
  }
  for (const word of args) {
    if (names.includes(word.text)) return { node: word.node };
    const name = names.find((candidate) => word.text.startsWith(`${candidate}=`));
    if (name) return { value: word.text.slice(name.length + 1), node: word.node };
  }
  return undefined;
}

/** The header a remote server is sent under `name`, whatever its case; the last when the entry repeats it. */
export function headerSetting(server: McpServer, name: string): Setting | undefined {
  const lower = name.toLowerCase();
  const entry = server.headers?.entries.findLast((candidate) => candidate.key.toLowerCase() === lower);
  return entry ? { value: scalarText(entry.value), node: entry.value } : undefined;
}

/** A remote server's URL, when the entry gives one that parses. */
export function serverUrl(server: McpServer): URL | undefined {
  const text = scalarText(server.url);
  if (!text) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
