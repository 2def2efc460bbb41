import type { MapNode, Node, ScalarNode, SourceFile } from './document.js';
import type { AgentClient } from './file-kind.js';

/**
 * One MCP server entry, whatever client's file it came from. Every field is a located node, so
 * a rule written against this shape covers every client and still reports exact positions.
 */
export interface McpServer {
  readonly file: SourceFile;
  readonly client: AgentClient;
  readonly name: string;
  /** The whole entry. */
  readonly node: MapNode;
  /**
   * Where the entry applies when its file holds several scopes: a project path for the servers
   * under `projects.<path>.mcpServers` in Claude Code's `.claude.json`; absent for the file's own.
   */
  readonly scope?: string;
  readonly transport: 'stdio' | 'http' | 'sse' | 'unknown';
  readonly command?: ScalarNode;
  readonly args: readonly Node[];
  readonly env?: MapNode;
  readonly url?: ScalarNode;
  /** HTTP headers sent to a remote server (Codex spells them `http_headers`). */
  readonly headers?: MapNode;
  /**
   * The entry is kept but switched off (`disabled: true`, `enabled: false`): its client does not
   * start it. Rules about what a running server does skip it; a literal secret in it is still committed.
   */
  readonly disabled?: boolean;
  /**
   * The file is a copy of a user-level file (Claude Desktop's, Windsurf's, Cline's) lying where no
   * client loads it from: a sample or a how-to in a repository, not a committed home folder.
   * Rules about what a running server does skip it; a literal secret in it is still committed.
   */
  readonly sample?: boolean;
}

/** Whether a client starts the server as its file declares it: neither switched off nor a sample copy. */
export function clientStarts(server: McpServer): boolean {
  return server.disabled !== true && server.sample !== true;
}
