import type { MapNode, Node, ScalarNode, SourceFile } from './document.js';
import type { McpDialect } from './file-kind.js';

/**
 * One MCP server entry, whatever client's file it came from. Every field is a located node, so
 * a rule written against this shape covers every client and still reports exact positions.
 */
export interface McpServer {
  readonly file: SourceFile;
  readonly client: McpDialect;
  readonly name: string;
  /** The whole entry. */
  readonly node: MapNode;
  readonly transport: 'stdio' | 'http' | 'sse' | 'unknown';
  readonly command?: ScalarNode;
  readonly args: readonly Node[];
  readonly env?: MapNode;
  readonly url?: ScalarNode;
  readonly headers?: MapNode;
}
