import { isDeepStrictEqual } from 'node:util';
import { parse as parseJsonc } from 'jsonc-parser';
import YAML from 'yaml';
import { RULES } from '../../rules/index.js';
import { RuleRunner } from '../../src/engine/rule-runner.js';
import type { AgentClient } from '../../src/model/file-kind.js';
import { valueReferences, type ValueReference } from '../../src/model/value-kind.js';

/**
 * MCP server entries in a client-neutral form, and what the engine makes of a file of them. A
 * string value is a list of pieces: literal text, an environment variable, or a reference only
 * a client reading it like the source client can write (`${input:id}`, `${VAR:-default}`).
 */
export type Piece = { readonly text: string } | { readonly env: string } | { readonly raw: string; readonly refs: readonly ValueReference[] };
export type Value = readonly Piece[] | number | boolean | null;
type Pairs = readonly (readonly [string, Value])[];

export interface Server {
  readonly name: string;
  readonly type?: string;
  readonly command?: Value;
  readonly args: readonly Value[];
  readonly env?: Pairs;
  readonly url?: Value;
  readonly headers?: Pairs;
  readonly disabled?: boolean;
  /** Every other key, copied as written (`alwaysAllow`, `autoApprove`, `disabledTools` …). */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** A value a dialect cannot write so that its client reads what the source client reads. */
export class Inexpressible extends Error {}

const OWN_KEYS = new Set(['type', 'command', 'args', 'env', 'url', 'serverUrl', 'httpUrl', 'headers', 'disabled']);

/**
 * `${…}` as the source client reads it: an env reference, text, or a reference kept as written.
 * `${userHome}` (Cursor, VS Code) and `${HOME}` are one thing, the home directory (HOME).
 */
function pieces(client: AgentClient, text: string): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const match of text.matchAll(/\$\{[^}]*\}/g)) {
    if (match.index > at) out.push({ text: text.slice(at, match.index) });
    const token = match[0];
    const refs = valueReferences(client, token);
    if ((client === 'cursor' || client === 'vscode') && token === '${userHome}') out.push({ env: 'HOME' });
    else if (refs.length === 0) out.push({ text: token });
    // `${VAR:-}` in Claude Code gives nothing when VAR is unset, as an unset reference does elsewhere.
    else if (refs.length === 1 && refs[0]!.kind === 'env' && (!token.includes(':-') || token.endsWith(':-}'))) out.push({ env: refs[0]!.name });
    else out.push({ raw: token, refs });
    at = match.index + token.length;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at) });
  return out;
}

function value(client: AgentClient, raw: unknown): Value {
  if (typeof raw === 'string') return pieces(client, raw);
  if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) return raw;
  throw new Error(`unexpected value ${JSON.stringify(raw)}`);
}

const pairs = (client: AgentClient, map: unknown): Pairs | undefined =>
  map && typeof map === 'object' ? Object.entries(map).map(([key, raw]) => [key, value(client, raw)] as const) : undefined;

/** The servers of a JSON(C) file holding a `mcpServers` (or VS Code `servers`) map, read as `client` reads them. */
export function parseServers(text: string, client: AgentClient): Server[] {
  const root = parseJsonc(text) as Record<string, Record<string, Record<string, unknown>>>;
  const map = root.mcpServers ?? root.servers ?? {};
  return Object.entries(map).map(([name, entry]) => {
    const extra = Object.fromEntries(Object.entries(entry).filter(([key]) => !OWN_KEYS.has(key)));
    const url = entry.url ?? entry.serverUrl ?? entry.httpUrl;
    const env = pairs(client, entry.env);
    const headers = pairs(client, entry.headers);
    return {
      name,
      ...(typeof entry.type === 'string' ? { type: entry.type } : {}),
      ...(entry.command !== undefined ? { command: value(client, entry.command) } : {}),
      args: Array.isArray(entry.args) ? entry.args.map((arg) => value(client, arg)) : [],
      ...(env ? { env } : {}),
      ...(url !== undefined ? { url: value(client, url) } : {}),
      ...(headers ? { headers } : {}),
      ...(entry.disabled === true ? { disabled: true } : {}),
      extra,
    };
  });
}

/** How a dialect writes an environment reference, and the client whose syntax checks every written value. */
export interface Syntax {
  readonly client: AgentClient;
  /** `${VAR}`, `${env:VAR}`, `{env:VAR}` …; absent when the client has none. */
  readonly env?: (name: string) => string;
  /** The name the reference must have in this client (Copilot reads only `COPILOT_MCP_*`). */
  readonly rename?: (name: string) => string;
  /** How the client names the home directory (`${HOME}`, `${userHome}`); absent when it cannot. */
  readonly home?: string;
}

/**
 * A value written for a client. Throws `Inexpressible` unless the client, as src/model/value-kind.ts
 * reads it, sees exactly the references the source client saw: literal text that would read as a
 * reference (`$HOME` in Gemini, `${X}` in Claude Code) cannot be written there.
 */
export function write(syntax: Syntax, v: Value): string | number | boolean | null {
  if (typeof v !== 'object' || v === null) return v;
  let text = '';
  const expected: ValueReference[] = [];
  for (const piece of v) {
    if ('text' in piece) text += piece.text;
    else if ('env' in piece && piece.env === 'HOME') {
      if (syntax.home === undefined) throw new Inexpressible(`${syntax.client} cannot name the home directory`);
      text += syntax.home;
      expected.push(...valueReferences(syntax.client, syntax.home));
    } else if ('env' in piece) {
      if (!syntax.env) throw new Inexpressible(`${syntax.client} has no env reference syntax (${piece.env})`);
      const name = syntax.rename?.(piece.env) ?? piece.env;
      text += syntax.env(name);
      expected.push({ kind: 'env', name });
    } else {
      text += piece.raw;
      expected.push(...piece.refs);
    }
  }
  const actual = valueReferences(syntax.client, text);
  if (!isDeepStrictEqual(actual, expected)) throw new Inexpressible(`${syntax.client} reads ${JSON.stringify(text)} as ${JSON.stringify(actual)}`);
  return text;
}

/** Pairs written as a map. */
export const mapOf = (syntax: Syntax, list: Pairs): Record<string, unknown> => Object.fromEntries(list.map(([key, v]) => [key, write(syntax, v)]));

/** Whether a value is exactly one environment reference, and its name. */
export function onlyEnv(v: Value): string | undefined {
  return Array.isArray(v) && v.length === 1 && 'env' in v[0]! ? (v[0] as { env: string }).env : undefined;
}

// ---------------------------------------------------------------------------------------------
// Writers

export const json = (data: unknown): string => `${JSON.stringify(data, null, 2)}\n`;
export const yaml = (data: unknown): string => YAML.stringify(data, { aliasDuplicateObjects: false, lineWidth: 0 });
export const frontMatter = (data: unknown): string => `---\n${yaml(data)}---\n\nHelps with the project.\n`;

const tomlValue = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([key, inner]) => `${JSON.stringify(key)} = ${tomlValue(inner)}`).join(', ')} }`;
  return JSON.stringify(v);
};

/** A TOML file of `[table."name"]` sections, each key quoted, values inline. */
export function toml(table: string, entries: readonly (readonly [string, Record<string, unknown>])[]): string {
  return entries
    .map(([name, entry]) => [`[${table}.${JSON.stringify(name)}]`, ...Object.entries(entry).map(([key, v]) => `${JSON.stringify(key)} = ${tomlValue(v)}`)].join('\n'))
    .join('\n\n')
    .concat('\n');
}

// ---------------------------------------------------------------------------------------------
// What the engine makes of a file

export interface Outcome {
  /** The servers the mcpServer view holds, in file order. */
  readonly servers: readonly string[];
  /** Per server, `ruleId/messageId severity` of every finding located in its entry, sorted; `(file)` for the rest. */
  readonly findings: Readonly<Record<string, readonly string[]>>;
  readonly notifications: readonly string[];
}

/** Every rule over one file, each finding put under the server whose entry holds its start. */
export function outcomeOf(path: string, text: string): Outcome {
  const runner = new RuleRunner(RULES, { collectProject: true, now: new Date('2026-06-15T12:00:00Z') });
  runner.addFile(path, text);
  const { findings, notifications } = runner.finish();
  const servers = runner.projectFacts().mcpServers;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const byServer: Record<string, string[]> = {};
  for (const finding of findings) {
    const offset = lineStarts[finding.region.startLine - 1]! + finding.region.startColumn - 1;
    const owner = servers.find((server) => (server.node.keySpan?.start ?? server.node.span.start) <= offset && offset < server.node.span.end);
    (byServer[owner?.name ?? '(file)'] ??= []).push(`${finding.ruleId}/${finding.messageId} ${finding.severity}`);
  }
  for (const list of Object.values(byServer)) list.sort();
  return { servers: servers.map((server) => server.name), findings: byServer, notifications: notifications.map((n) => `${n.kind} ${n.message}`) };
}

/** What `actual` has that `expected` lacks (`+`) and the reverse (`-`), per server: empty when they agree. */
export function differences(expected: Outcome, actual: Outcome): string[] {
  const lines: string[] = [];
  const names = [...new Set([...Object.keys(expected.findings), ...Object.keys(actual.findings)])].sort();
  for (const name of names) {
    const rest = [...(actual.findings[name] ?? [])];
    for (const finding of expected.findings[name] ?? []) {
      const index = rest.indexOf(finding);
      if (index === -1) lines.push(`${name}: - ${finding}`);
      else rest.splice(index, 1);
    }
    for (const finding of rest) lines.push(`${name}: + ${finding}`);
  }
  return lines;
}
