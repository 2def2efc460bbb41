import { get, getPath, isMap, isScalar, isSeq, stringValue, type KeyPath, type MapNode, type Node, type ScalarNode, type StructuredDocument } from '../model/document.js';
import type { AgentClient } from '../model/file-kind.js';
import type { McpServer } from '../model/mcp.js';

type Transport = McpServer['transport'];

/** Where a client keeps its server entries, and what it calls their parts. */
export interface McpLayout {
  readonly client: AgentClient;
  /**
   * Where the entries are under the root: a map of `name → entry`, or a list of entries each
   * naming itself under `name` (Continue) or by its one key (a Claude Code subagent's `mcpServers`). `*` stands for every key of a map (Claude Code's `projects`).
   */
  readonly containers: readonly KeyPath[];
  /** The entry key holding HTTP headers: `headers`, or Codex's `http_headers`. */
  readonly headersKey?: string | KeyPath;
  /** The entry key holding the server's environment: `env`, OpenCode's `environment`, Goose's `envs`. */
  readonly envKey?: string;
  /** The entry key holding the program to start: `command`, or Goose's `cmd`. */
  readonly commandKey?: string;
  /**
   * The entry keys that can hold a remote server's URL, first found wins, each with the transport
   * it means when the entry has no `type` (Gemini CLI: `httpUrl` is streamable HTTP, `url` SSE).
   */
  readonly urlKeys?: readonly (readonly [key: string, transport: Transport])[];
  /**
   * The client reads this file only from a user folder: the end of the path it has there
   * (`claude/claude_desktop_config.json`), lower-cased. A repository's copy is live only at that
   * place in a committed home folder (dotfiles); anywhere else it is a sample no client loads.
   */
  readonly userFolder?: RegExp;
}

const DEFAULT_URL_KEYS: NonNullable<McpLayout['urlKeys']> = [
  ['url', 'http'],
  // Windsurf's spelling.
  ['serverUrl', 'http'],
  ['httpUrl', 'http'],
];

interface Container {
  readonly node: MapNode | Node;
  readonly scope?: string;
}

/** Every map or list the container path reaches, with the project key a `*` matched. */
function containersAt(root: Node | undefined, path: KeyPath): Container[] {
  let frontier: Container[] = root ? [{ node: root }] : [];
  for (const segment of path) {
    const next: Container[] = [];
    for (const { node, scope } of frontier) {
      if (segment === '*') {
        if (isMap(node)) for (const entry of node.entries) next.push({ node: entry.value, scope: entry.key });
      } else {
        const child = typeof segment === 'number' ? (isSeq(node) ? node.items[segment] : undefined) : get(node, segment);
        if (child) next.push(scope === undefined ? { node: child } : { node: child, scope });
      }
    }
    frontier = next;
  }
  return frontier.filter(({ node }) => isMap(node) || isSeq(node));
}

/** The named entries of one container: a map's keys, or a list's items by their `name`. */
function entriesOf(container: Node): { name: string; node: MapNode }[] {
  if (isMap(container)) return container.entries.flatMap(({ key, value }) => (isMap(value) ? [{ name: key, node: value }] : []));
  if (isSeq(container)) {
    return container.items.flatMap((item, index) => {
      if (!isMap(item)) return [];
      const named = stringValue(get(item, 'name'));
      if (named !== undefined) return [{ name: named, node: item }];
      // A Claude Code subagent lists `- name: {command: …}`: one key naming one server.
      const only = item.entries.length === 1 ? item.entries[0]! : undefined;
      if (only && isMap(only.value)) return [{ name: only.key, node: only.value }];
      // An entry without a name is still a server its client starts; its position names it.
      return [{ name: `[${index}]`, node: item }];
    });
  }
  return [];
}

const TYPE_TRANSPORT: Readonly<Record<string, Transport>> = {
  sse: 'sse',
  http: 'http',
  'streamable-http': 'http',
  streamablehttp: 'http',
  stdio: 'stdio',
  // Goose: `streamable_http` (and the older `sse`) speak to `uri`.
  streamable_http: 'http',
  // OpenCode: `local` runs a command, `remote` speaks streamable HTTP (falling back to SSE).
  local: 'stdio',
  remote: 'http',
};

function transportOf(node: MapNode, command: Node | undefined, urlTransport: Transport | undefined): Transport {
  const type = stringValue(get(node, 'type'))?.toLowerCase();
  if (type !== undefined) return TYPE_TRANSPORT[type] ?? 'unknown';
  if (command !== undefined) return 'stdio';
  return urlTransport ?? 'unknown';
}

interface Launch {
  readonly command?: ScalarNode;
  readonly args: readonly Node[];
  readonly env?: Node;
}

/**
 * How the entry starts its process. `command` is a program name in most clients, the whole
 * argument vector in OpenCode (`["npx", "-y", "pkg"]`), and an object `{path, args, env}` in
 * older Zed settings; `args` beside it come after.
 */
function launchOf(node: MapNode, envKey: string, commandKey: string): Launch {
  const command = get(node, commandKey);
  const args = get(node, 'args');
  const own = isSeq(args) ? args.items : [];
  const env = get(node, envKey);
  if (isSeq(command)) {
    const [program, ...rest] = command.items;
    return { ...(isScalar(program) ? { command: program } : {}), args: [...rest, ...own], ...(env ? { env } : {}) };
  }
  if (isMap(command)) {
    const path = get(command, 'path');
    const innerArgs = get(command, 'args');
    const innerEnv = get(command, 'env');
    return {
      ...(isScalar(path) ? { command: path } : {}),
      args: [...(isSeq(innerArgs) ? innerArgs.items : []), ...own],
      ...(env ?? innerEnv ? { env: env ?? innerEnv } : {}),
    };
  }
  return { ...(isScalar(command) ? { command } : {}), args: own, ...(env ? { env } : {}) };
}

/** The clients that skip an entry marked `disabled: true`, and those that skip one marked `enabled: false`. */
const HONOURS_DISABLED: ReadonlySet<AgentClient> = new Set(['cline', 'roo', 'kilocode', 'amazonq', 'kiro', 'windsurf']);
const HONOURS_ENABLED: ReadonlySet<AgentClient> = new Set(['codex', 'opencode', 'goose']);

/**
 * Whether the entry is kept but switched off, in a key its own client reads: Claude Code, for
 * one, starts a `.mcp.json` server marked `disabled: true`, so there the key hides nothing.
 */
function switchedOff(node: MapNode, client: AgentClient): boolean {
  const disabled = get(node, 'disabled');
  const enabled = get(node, 'enabled');
  return (HONOURS_DISABLED.has(client) && isScalar(disabled) && disabled.value === true) || (HONOURS_ENABLED.has(client) && isScalar(enabled) && enabled.value === false);
}

/** The MCP servers one client file declares, in file order. */
export function extractMcpServers(doc: StructuredDocument, layout: McpLayout): McpServer[] {
  const servers: McpServer[] = [];
  const root = doc.roots[0];
  const urlKeys = layout.urlKeys ?? DEFAULT_URL_KEYS;
  const sample = layout.userFolder !== undefined && doc.file.userLevel !== true && !layout.userFolder.test(doc.file.path.toLowerCase());
  for (const containerPath of layout.containers) {
    for (const { node: container, scope } of containersAt(root, containerPath)) {
      for (const { name, node } of entriesOf(container)) {
        const commandKey = layout.commandKey ?? 'command';
        const { command, args, env } = launchOf(node, layout.envKey ?? 'env', commandKey);
        const remote = urlKeys.map(([key, transport]) => ({ url: get(node, key), transport })).find(({ url }) => url !== undefined);
        const headersKey = layout.headersKey ?? 'headers';
        const headers = typeof headersKey === 'string' ? get(node, headersKey) : getPath(node, headersKey);
        servers.push({
          file: doc.file,
          client: layout.client,
          name,
          node,
          ...(scope !== undefined ? { scope } : {}),
          transport: transportOf(node, get(node, commandKey), remote?.transport),
          args,
          ...(command ? { command } : {}),
          ...(isMap(env) ? { env } : {}),
          ...(isScalar(remote?.url) ? { url: remote.url } : {}),
          ...(isMap(headers) ? { headers } : {}),
          ...(switchedOff(node, layout.client) ? { disabled: true } : {}),
          ...(sample ? { sample: true } : {}),
        });
      }
    }
  }
  return servers;
}
