import type { McpServer } from '../model/mcp.js';
import { serverUrl } from './mcp-environment.js';
import { packageName, serverLaunches } from './mcp-launch.js';

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
  // An entry with a command starts that command, whatever URL it also names.
  if (server.command) {
    const launches = serverLaunches(server);
    const launch = launches[0];
    if (launches.length !== 1 || !launch || launch.container) return false;
    // Every package fetched must be the read-only one: `npx -p other-pkg …` or `uvx --from other-pkg …` runs other code.
    const named = [launch.target, ...launch.fetched.map((word) => packageName(word.text))].map((name) => name.toLowerCase());
    return named.every((name) => READ_ONLY_PACKAGES.has(name));
  }
  const url = serverUrl(server);
  return url !== undefined && READ_ONLY_HOSTS.has(url.hostname.toLowerCase());
}
