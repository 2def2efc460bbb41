import { get, isMap, isScalar, isSeq, stringValue, type KeyPath, type MapNode, type Node, type StructuredDocument } from '../model/document.js';
import type { AgentClient } from '../model/file-kind.js';
import type { McpServer } from '../model/mcp.js';

/** Where a client keeps its server entries, and what it calls their parts. */
export interface McpLayout {
  readonly client: AgentClient;
  /** Maps of `name → entry` under the root; `*` stands for every key of a map (Claude Code's `projects`). */
  readonly containers: readonly KeyPath[];
  /** The entry key holding HTTP headers: `headers`, or Codex's `http_headers`. */
  readonly headersKey?: string;
}

/** Every map the container path reaches, with the project key a `*` matched. */
function containersAt(root: Node | undefined, path: KeyPath): { map: MapNode; scope?: string }[] {
  let frontier: { node: Node; scope?: string }[] = root ? [{ node: root }] : [];
  for (const segment of path) {
    const next: { node: Node; scope?: string }[] = [];
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
  return frontier.flatMap(({ node, scope }) => (isMap(node) ? [scope === undefined ? { map: node } : { map: node, scope }] : []));
}

function transportOf(node: MapNode, command: Node | undefined, url: Node | undefined): McpServer['transport'] {
  const type = stringValue(get(node, 'type'))?.toLowerCase();
  if (type === 'sse') return 'sse';
  if (type === 'http' || type === 'streamable-http' || type === 'streamablehttp') return 'http';
  if (type === 'stdio' || (type === undefined && command !== undefined)) return 'stdio';
  if (type === undefined && url !== undefined) return 'http';
  return 'unknown';
}

/** The MCP servers one client file declares, in file order. */
export function extractMcpServers(doc: StructuredDocument, layout: McpLayout): McpServer[] {
  const servers: McpServer[] = [];
  const root = doc.roots[0];
  for (const containerPath of layout.containers) {
    for (const { map, scope } of containersAt(root, containerPath)) {
      for (const entry of map.entries) {
        const node = entry.value;
        if (!isMap(node)) continue;
        const command = get(node, 'command');
        const args = get(node, 'args');
        const env = get(node, 'env');
        const url = get(node, 'url') ?? get(node, 'serverUrl') ?? get(node, 'httpUrl');
        const headers = get(node, layout.headersKey ?? 'headers');
        servers.push({
          file: doc.file,
          client: layout.client,
          name: entry.key,
          node,
          ...(scope !== undefined ? { scope } : {}),
          transport: transportOf(node, command, url),
          args: isSeq(args) ? args.items : [],
          ...(isScalar(command) ? { command } : {}),
          ...(isMap(env) ? { env } : {}),
          ...(isScalar(url) ? { url } : {}),
          ...(isMap(headers) ? { headers } : {}),
        });
      }
    }
  }
  return servers;
}
