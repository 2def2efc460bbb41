import { get, isMap, isScalar, isSeq, stringValue, type MapNode, type StructuredDocument } from '../model/document.js';
import type { McpServer } from '../model/mcp.js';
import type { Workflow, WorkflowJob } from '../model/workflow.js';

/**
 * Typed views over parsed documents. Each is derived once per file and handed to every rule that
 * asked for it, so rules agree on what a workflow job or an MCP server is.
 */

export function workflowView(doc: StructuredDocument): Workflow | undefined {
  const root = doc.roots[0];
  if (!isMap(root)) return undefined;
  const jobsNode = get(root, 'jobs');
  const jobs: WorkflowJob[] = [];
  if (isMap(jobsNode)) {
    for (const entry of jobsNode.entries) {
      if (!isMap(entry.value)) continue;
      const permissions = get(entry.value, 'permissions');
      const uses = stringValue(get(entry.value, 'uses'));
      jobs.push({
        id: entry.key,
        idSpan: entry.keySpan,
        node: entry.value,
        ...(permissions ? { permissions } : {}),
        ...(uses !== undefined ? { uses } : {}),
      });
    }
  }
  const permissions = get(root, 'permissions');
  return { file: doc.file, root, jobs, ...(permissions ? { permissions } : {}) };
}

/** The key that holds server entries differs by client: VS Code says `servers`. */
function serverContainers(doc: StructuredDocument): MapNode[] {
  const root = doc.roots[0];
  const keys = doc.file.dialect === 'vscode' ? ['servers', 'mcpServers'] : ['mcpServers'];
  const containers: MapNode[] = [];
  for (const key of keys) {
    const container = get(root, key);
    if (isMap(container)) containers.push(container);
  }
  return containers;
}

export function mcpServers(doc: StructuredDocument): McpServer[] {
  const servers: McpServer[] = [];
  const client = doc.file.dialect ?? 'claude';
  for (const container of serverContainers(doc)) {
    for (const entry of container.entries) {
      const node = entry.value;
      if (!isMap(node)) continue;
      const command = get(node, 'command');
      const args = get(node, 'args');
      const env = get(node, 'env');
      const url = get(node, 'url') ?? get(node, 'serverUrl') ?? get(node, 'httpUrl');
      const headers = get(node, 'headers');
      const type = stringValue(get(node, 'type'))?.toLowerCase();
      const transport =
        type === 'sse' ? 'sse'
        : type === 'http' || type === 'streamable-http' || type === 'streamablehttp' ? 'http'
        : type === 'stdio' || (type === undefined && command !== undefined) ? 'stdio'
        : type === undefined && url !== undefined ? 'http'
        : 'unknown';
      servers.push({
        file: doc.file,
        client,
        name: entry.key,
        node,
        transport,
        args: isSeq(args) ? args.items : [],
        ...(isScalar(command) ? { command } : {}),
        ...(isMap(env) ? { env } : {}),
        ...(isScalar(url) ? { url } : {}),
        ...(isMap(headers) ? { headers } : {}),
      });
    }
  }
  return servers;
}
