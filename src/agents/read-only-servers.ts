import type { McpServer } from '../model/mcp.js';
import { serverUrl } from './mcp-environment.js';
import { serverLaunch } from './mcp-launch.js';

/**
 * Servers none of whose tools can change anything, known by exact package or host: the
 * documentation servers, whose every tool looks up public pages (context7's
 * `resolve-library-id` and `get-library-docs`, the OpenAI, Microsoft Learn and AWS documentation
 * servers, DeepWiki), and the reference sequential-thinking server, whose one tool records the
 * model's own reasoning. What they return can still carry an injection; the tools that would act
 * on it belong to other servers and are judged there. Not an image that merely mentions one.
 */
const READ_ONLY_PACKAGES = new Set(['@upstash/context7-mcp', 'awslabs.aws-documentation-mcp-server', '@modelcontextprotocol/server-sequential-thinking']);
const READ_ONLY_HOSTS = new Set(['mcp.context7.com', 'developers.openai.com', 'learn.microsoft.com', 'mcp.deepwiki.com']);

export function readOnlyByDesign(server: McpServer): boolean {
  const url = serverUrl(server);
  if (url) return READ_ONLY_HOSTS.has(url.hostname.toLowerCase());
  const launch = serverLaunch(server);
  return launch !== undefined && !launch.container && READ_ONLY_PACKAGES.has(launch.target.toLowerCase());
}
