import { appendFileSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADAPTERS, adapterFor } from '../src/engine/adapters.js';
import { casesOf } from './support/cases.js';
import {
  differences, frontMatter, Inexpressible, json, mapOf, onlyEnv, outcomeOf, parseServers, toml, write, yaml,
  type Outcome, type Server, type Syntax, type Value,
} from './support/dialects.js';

/**
 * Every MCP-server rule judges the normalised `McpServer` view, so a server must get the same
 * findings whichever client's file declares it. Each single-file fail case of those rules written
 * as a JSON map of servers is parsed, every server re-written in each client's own layout and
 * reference syntax, and the findings of all rules, per server, compared with the case's own.
 *
 * A server a client cannot write as the source means it (an env reference where value-kind knows
 * no syntax, `${input:id}` outside VS Code, text that would read as a reference) is left out of
 * that client's file, and the expected findings are then the source dialect's for the rest.
 * Folder cases, `.claude.json` (project scopes) and Codex, Gemini and OpenCode sources are not
 * read: their layouts are written here, not parsed.
 */

type Entry = Record<string, unknown>;
type Writers = { readonly value: (v: Value) => unknown; readonly map: (pairs: NonNullable<Server['env']>) => Entry };

interface Dialect extends Syntax {
  readonly id: string;
  readonly path: string;
  /** One server's entry; throws `Inexpressible` when the client cannot say what the source says. */
  readonly entry: (server: Server, w: Writers) => Entry;
  readonly file: (entries: readonly (readonly [string, Entry])[]) => string;
}

// Reference syntaxes (src/model/value-kind.ts).
const dollarBrace = (name: string) => `\${${name}}`;
const envColon = (name: string) => `\${env:${name}}`;

/** The usual entry: `command`, `args`, `env`, a URL under `url` (or the client's key), `headers`, every other key as written. */
function usual(server: Server, w: Writers, options: { urlKey?: string; type?: string | undefined } = {}): Entry {
  const type = 'type' in options ? options.type : server.type;
  return {
    ...(type !== undefined ? { type } : {}),
    ...(server.command !== undefined ? { command: w.value(server.command) } : {}),
    ...(server.args.length > 0 ? { args: server.args.map(w.value) } : {}),
    ...(server.env ? { env: w.map(server.env) } : {}),
    ...(server.url !== undefined ? { [options.urlKey ?? 'url']: w.value(server.url) } : {}),
    ...(server.headers ? { headers: w.map(server.headers) } : {}),
    ...(server.disabled ? { disabled: true } : {}),
    ...server.extra,
  };
}

const under = (key: string) => (entries: readonly (readonly [string, Entry])[]) => json({ [key]: Object.fromEntries(entries) });
/** The home directory in each client's syntax; absent where a config cannot name it. */
const HOME: Partial<Record<Syntax['client'], string>> = {
  'claude-code': '${HOME}', 'gemini-cli': '${HOME}', kiro: '${HOME}', cursor: '${userHome}', vscode: '${userHome}',
  roo: '${env:HOME}', kilocode: '${env:HOME}', windsurf: '${env:HOME}', cline: '${env:HOME}', opencode: '{env:HOME}',
};
const standard = (id: string, path: string, client: Syntax['client'], env?: (name: string) => string, file = under('mcpServers')): Dialect => ({
  id, path, client, ...(env ? { env } : {}), ...(HOME[client] ? { home: HOME[client] } : {}), entry: (server, w) => usual(server, w), file,
});

/** Codex names variables in keys: a forwarded variable in `env_vars`, a bearer token in `bearer_token_env_var`, a header in `env_http_headers`. */
function codexEntry(server: Server, w: Writers): Entry {
  const forwarded = (server.env ?? []).filter(([key, v]) => onlyEnv(v) === key);
  const env = (server.env ?? []).filter((pair) => !forwarded.includes(pair));
  const entry: Entry = {
    ...(server.command !== undefined ? { command: w.value(server.command) } : {}),
    ...(server.args.length > 0 ? { args: server.args.map(w.value) } : {}),
    ...(server.env && (env.length > 0 || forwarded.length === 0) ? { env: w.map(env) } : {}),
    ...(forwarded.length > 0 ? { env_vars: forwarded.map(([key]) => key) } : {}),
    ...(server.url !== undefined ? { url: w.value(server.url) } : {}),
  };
  const headers: Entry = {};
  const envHeaders: Entry = {};
  for (const [key, v] of server.headers ?? []) {
    const bearer = Array.isArray(v) && v.length === 2 && 'text' in v[0]! && v[0].text === 'Bearer ' ? onlyEnv([v[1]!]) : undefined;
    if (key.toLowerCase() === 'authorization' && bearer) entry.bearer_token_env_var = bearer;
    else if (onlyEnv(v)) envHeaders[key] = onlyEnv(v);
    else headers[key] = w.value(v);
  }
  if (server.headers && Object.keys(headers).length > 0) entry.http_headers = headers;
  if (Object.keys(envHeaders).length > 0) entry.env_http_headers = envHeaders;
  return { ...entry, ...(server.disabled ? { enabled: false } : {}), ...server.extra };
}

const CONTINUE_TYPE: Readonly<Record<string, string>> = { http: 'streamable-http', 'streamable-http': 'streamable-http', sse: 'sse', stdio: 'stdio' };

/** Continue's block: a list of servers named by `name`, remote headers under `requestOptions.headers`. */
function continueEntry(server: Server, w: Writers): Entry {
  const { headers, ...rest } = usual(server, w, { type: server.type && CONTINUE_TYPE[server.type] });
  return { name: server.name, ...rest, ...(headers ? { requestOptions: { headers } } : {}) };
}
const continueBlock = (entries: readonly (readonly [string, Entry])[]) => yaml({ name: 'Project servers', version: '0.0.1', schema: 'v1', mcpServers: entries.map(([, entry]) => entry) });

const copilotType = (server: Server) => (server.url !== undefined ? (server.type === 'sse' ? 'sse' : 'http') : 'local');

/** One row per layout an adapter of src/engine/adapters.ts reads into the mcpServer view. */
const DIALECTS: readonly Dialect[] = [
  standard('claude-code', '.mcp.json', 'claude-code', dollarBrace),
  standard('claude-code-user', '.claude.json', 'claude-code', dollarBrace),
  standard('cursor', '.cursor/mcp.json', 'cursor', envColon),
  standard('vscode', '.vscode/mcp.json', 'vscode', envColon, under('servers')),
  standard('vscode-user', 'Code/User/mcp.json', 'vscode', envColon, under('servers')),
  standard('vscode-user-settings', 'Code/User/settings.json', 'vscode', envColon, (entries) => json({ mcp: { servers: Object.fromEntries(entries) } })),
  standard('roo', '.roo/mcp.json', 'roo', envColon),
  standard('roo-global', 'rooveterinaryinc.roo-cline/settings/mcp_settings.json', 'roo', envColon),
  standard('kilocode', '.kilocode/mcp.json', 'kilocode', envColon),
  // value-kind knows no reference syntax for Amazon Q, Claude Desktop, Zed and Goose: servers with references are left out there.
  standard('amazonq', '.amazonq/mcp.json', 'amazonq'),
  standard('amazonq-agent', '.amazonq/cli-agents/dev.json', 'amazonq'),
  standard('kiro', '.kiro/settings/mcp.json', 'kiro', dollarBrace),
  standard('claude-desktop', 'Library/Application Support/Claude/claude_desktop_config.json', 'claude-desktop'),
  { ...standard('windsurf', '.codeium/windsurf/mcp_config.json', 'windsurf', envColon), entry: (server, w) => usual(server, w, { urlKey: 'serverUrl' }) },
  {
    ...standard('cline', '.cline/data/settings/cline_mcp_settings.json', 'cline', envColon),
    entry: (server, w) => usual(server, w, { type: server.type === 'http' ? 'streamableHttp' : server.type }),
  },
  {
    ...standard('gemini-cli', '.gemini/settings.json', 'gemini-cli', dollarBrace),
    entry: (server, w) => usual(server, w, { type: undefined, urlKey: server.type === 'sse' ? 'url' : 'httpUrl' }),
  },
  {
    ...standard('opencode', 'opencode.json', 'opencode', (name) => `{env:${name}}`, under('mcp')),
    // A whole command line stays one word of `command`, as the source's `command` string is one node.
    entry: (server, w) => {
      const { type, command, args, env, url, disabled, ...rest } = usual(server, w, { type: undefined });
      const enabled = disabled ? { enabled: false } : {};
      if (url !== undefined) return { type: 'remote', url, ...rest, ...enabled };
      return { type: 'local', command: [command, ...((args as unknown[] | undefined) ?? [])], ...(env ? { environment: env } : {}), ...rest, ...enabled };
    },
  },
  { ...standard('zed', '.zed/settings.json', 'zed', undefined, under('context_servers')), entry: (server, w) => usual(server, w, { type: undefined }) },
  { ...standard('continue', '.continue/mcpServers/servers.yaml', 'continue', (name) => `\${{ secrets.${name} }}`, continueBlock), entry: continueEntry },
  { ...standard('continue-config', '.continue/config.yaml', 'continue', (name) => `\${{ secrets.${name} }}`, continueBlock), entry: continueEntry },
  // Continue turns `${VAR}` in a JSON block's env into `${{ secrets.VAR }}` (config-yaml/src/schemas/mcp/convertJson.ts);
  // value-kind reads it as text for `continue`, so servers with references are left out here.
  standard('continue-json', '.continue/mcpServers/servers.json', 'continue', dollarBrace),
  { ...standard('codex', '.codex/config.toml', 'codex', undefined, (entries) => toml('mcp_servers', entries)), entry: codexEntry },
  {
    ...standard('goose', '.config/goose/config.yaml', 'goose', undefined, (entries) => yaml({ extensions: Object.fromEntries(entries) })),
    entry: (server, w) => {
      const { type, command, args, env, url, disabled, ...rest } = usual(server, w, { type: undefined });
      const base = { name: server.name, enabled: !disabled, timeout: 300 };
      if (url !== undefined) return { type: 'streamable_http', ...base, uri: url, ...rest };
      return { type: 'stdio', ...base, cmd: command, args: args ?? [], ...(env ? { envs: env } : {}), ...rest };
    },
  },
  {
    ...standard('claude-code-agent', '.claude/agents/helper.md', 'claude-code', dollarBrace),
    file: (entries) => frontMatter({ name: 'helper', description: 'Helps with the project', mcpServers: entries.map(([name, entry]) => ({ [name]: entry })) }),
  },
  {
    ...standard('copilot-agent', '.github/agents/helper.agent.md', 'copilot', dollarBrace),
    // Copilot substitutes only variables named COPILOT_MCP_*.
    rename: (name) => (name.startsWith('COPILOT_MCP_') ? name : `COPILOT_MCP_${name}`),
    entry: (server, w) => usual(server, w, { type: copilotType(server) }),
    file: (entries) => frontMatter({ name: 'helper', description: 'Helps with the project', 'mcp-servers': Object.fromEntries(entries) }),
  },
];

/** The dialects whose client reads a server's `autoApprove` / `alwaysAllow` list: elsewhere such a list approves nothing. */
const APPROVAL_LISTS = new Set(['roo', 'roo-global', 'kilocode', 'kiro', 'cline']);

/** A file of `servers` in a dialect, and the servers it could not write, with why. */
function render(dialect: Dialect, servers: readonly Server[]): { text: string; kept: Server[]; dropped: string[] } {
  const w: Writers = { value: (v) => write(dialect, v), map: (pairs) => mapOf(dialect, pairs) };
  const entries: [string, Entry][] = [];
  const kept: Server[] = [];
  const dropped: string[] = [];
  for (const server of servers) {
    try {
      if (!APPROVAL_LISTS.has(dialect.id) && ('autoApprove' in server.extra || 'alwaysAllow' in server.extra)) {
        throw new Inexpressible('its client reads no per-server approval list');
      }
      entries.push([server.name, dialect.entry(server, w)]);
      kept.push(server);
    } catch (error) {
      if (!(error instanceof Inexpressible)) throw error;
      dropped.push(`${server.name}: ${error.message}`);
    }
  }
  return { text: dialect.file(entries), kept, dropped };
}

// ---------------------------------------------------------------------------------------------
// The cases

const RULE_IDS = ['mcp-inline-secret', 'mcp-server-auto-approve', 'mcp-server-broad-scope', 'mcp-server-excess-credentials', 'mcp-server-insecure-transport', 'mcp-server-shared-identity', 'mcp-server-shell-command', 'mcp-server-unpinned-launch'];

/** The dialects a case may be written in: JSON maps of `mcpServers` (VS Code: `servers`) with no other scope. */
const SOURCE_IDS = ['claude-code', 'cursor', 'vscode', 'roo', 'kilocode', 'amazonq', 'kiro', 'claude-desktop', 'windsurf', 'cline'];
const byAdapter = new Map(DIALECTS.filter((d) => SOURCE_IDS.includes(d.id)).map((d) => [adapterFor(d.path).id, d]));

/** Cases that cannot be carried to another file whatever the client. */
const EXCLUDED: Readonly<Record<string, string>> = {
  'mcp-inline-secret/fail-inline-suppression-jsonc': 'about nhiscan-ignore comments, which no re-written file keeps',
  'mcp-server-auto-approve/fail-copilot-all-tools': "Copilot's own `tools` key",
};

interface Case {
  readonly key: string;
  readonly path: string;
  readonly text: string;
  readonly source: Dialect;
  readonly servers: readonly Server[];
}

const CASES: readonly Case[] = RULE_IDS.flatMap((ruleId) =>
  casesOf(ruleId)
    .filter((c) => c.polarity === 'fail' && c.files.length === 1 && !EXCLUDED[`${ruleId}/${c.name}`])
    .flatMap((c) => {
      const file = c.files[0]!;
      const source = byAdapter.get(adapterFor(file.path).id);
      if (!source) return [];
      const text = readFileSync(file.source, 'utf8');
      return [{ key: `${ruleId}/${c.name}`, path: file.path, text, source, servers: parseServers(text, source.client) }];
    }),
);

/** Why a dialect gives other findings than its source: each a defect to fix, outside this test. */
const WHY = {
  // None known: a defect found gets an entry here, with the difference it makes below.
} as const;

/**
 * Differences a dialect is known to give, as `differences` writes them, by dialect and case.
 * A defect fixed makes its entry fail here, to be removed.
 */
const KNOWN_LIST: readonly (readonly [(keyof typeof WHY)[], readonly string[], string, readonly string[]])[] = [
];
const KNOWN = new Map(KNOWN_LIST.flatMap(([why, dialects, key, lines]) => dialects.map((dialect) => [`${dialect} ${key}`, { why: why.map((w) => WHY[w]).join('; '), lines }] as const)));

/** Dialects with no reference syntax value-kind knows: every excess-credentials case hands its credentials by reference. */
const NO_REFERENCES = new Set(['amazonq', 'amazonq-agent', 'claude-desktop', 'zed', 'goose', 'continue-json']);
const judged = new Map<string, Set<string>>();

const originals = new Map<string, Outcome>();
const original = (c: Case) => originals.get(c.key) ?? originals.set(c.key, outcomeOf(c.path, c.text)).get(c.key)!;

describe('the cases re-written in their own dialect', () => {
  it('finds cases in every source dialect', () => {
    expect(CASES.length).toBeGreaterThan(15);
  });

  it.each(CASES.map((c) => [c.key, c] as const))('%s keeps its findings', (_, c) => {
    const { text, dropped } = render(c.source, c.servers);
    expect(dropped).toEqual([]);
    const again = outcomeOf(c.path, text);
    expect(again.servers).toEqual(original(c).servers);
    expect(differences(original(c), again)).toEqual([]);
  });
});

describe('every adapter feeding the mcpServer view has a dialect here', () => {
  it.each(ADAPTERS.filter((a) => a.extractors.some((e) => e.view === 'mcpServer')).map((a) => [a.id] as const))('%s', (id) => {
    expect(DIALECTS.some((d) => adapterFor(d.path).id === id)).toBe(true);
  });
});

describe.each(DIALECTS.map((d) => [d.id, d] as const))('in %s', (_, dialect) => {
  it.each(CASES.map((c) => [c.key, c] as const))('%s', (key, c) => {
    const { text, kept, dropped } = render(dialect, c.servers);
    // Servers the dialect cannot write are left out of both sides: the expected findings are then those of the source dialect's file of the rest.
    const expected = dropped.length === 0 ? original(c) : outcomeOf(c.path, render(c.source, kept).text);
    const actual = outcomeOf(dialect.path, text);
    const diff = differences(expected, actual);
    if (process.env.NHISCAN_DIALECT_REPORT) appendFileSync(process.env.NHISCAN_DIALECT_REPORT, `${JSON.stringify({ dialect: dialect.id, case: key, dropped, diff, compared: Object.values(expected.findings).flat() })}\n`);
    expect(actual.notifications).toEqual([]);
    expect(actual.servers).toEqual(kept.map((server) => server.name));
    for (const finding of Object.values(expected.findings).flat()) (judged.get(dialect.id) ?? judged.set(dialect.id, new Set()).get(dialect.id)!).add(finding.split('/')[0]!);
    const known = KNOWN.get(`${dialect.id} ${key}`);
    expect(diff, known?.why).toEqual(known?.lines ?? []);
  });

  // A dialect that cannot write the servers a rule is about would pass every case without judging it.
  it('compares findings of every rule', () => {
    const rules = RULE_IDS.filter(
      (id) => !(NO_REFERENCES.has(dialect.id) && id === 'mcp-server-excess-credentials') && !(!APPROVAL_LISTS.has(dialect.id) && id === 'mcp-server-auto-approve'),
    );
    expect([...(judged.get(dialect.id) ?? [])].filter((id) => RULE_IDS.includes(id)).sort()).toEqual(rules);
  });
});
