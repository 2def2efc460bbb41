import { fetchedCode } from '../../src/agents/fetched-code.js';
import { scalarText } from '../../src/agents/mcp-environment.js';
import { serverLaunches } from '../../src/agents/mcp-launch.js';
import { programName } from '../../src/agents/shell.js';
import { displayName } from '../../src/credentials/mask.js';
import { shownCommand } from '../../src/credentials/redact.js';
import { clientStarts, defineRule, type McpServer } from '../../src/rule.js';

/**
 * An MCP entry is a command the client runs by itself whenever it starts its servers: when the
 * project opens (once the servers are approved, or at once where they are trusted), before anyone
 * asks the agent anything. An entry that downloads and runs code, or that only calls out to a host,
 * starts no MCP server at all: it is the shape of the MCP config attacks in which one edit to a
 * committed `mcp.json` makes every developer's editor run a command.
 */
export default defineRule({
  meta: {
    id: 'mcp-server-shell-command',
    title: 'MCP server entry that downloads code or calls out instead of starting a server',
    description:
      'An MCP server entry runs a command line that downloads code and runs it (`curl … | sh`, `iwr … | iex`, `sh -c "$(curl …)"`), decodes a script hidden in base64, or starts a network client (`curl`, `wget`, `Invoke-WebRequest`, `nc`) in place of a server. The client runs that command whenever it starts its servers, before any prompt, on every machine that opens the project.',
    remediation:
      'Remove the entry, or make it start a real server: a pinned package (`npx -y pkg@1.4.2`), an image by digest, or code kept in the repository. Review who changed the file if the entry was not meant to be there.',
    category: 'unsafe-agent-setting',
    severity: 'high',
    confidence: 'high',
    kinds: ['mcp-config', 'codex-config'],
    messages: {
      fetchesCode:
        'MCP server "{server}" {how}: the client runs {command} whenever it starts its servers, before any prompt; start a pinned package or code kept in the repository instead',
      callsOut:
        'MCP server "{server}" starts no MCP server: it runs {program} against {target} whenever the client starts its servers, a request sent out (a beacon, a download) before any prompt; remove the entry',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI05' },
      { framework: 'owasp-asi-2026', id: 'ASI04' },
      { framework: 'owasp-nhi-2025', id: 'NHI8' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '829' },
    ],
  },
  create: (context) => ({
    mcpServer(server: McpServer) {
      // A server its client does not start runs nothing.
      if (!clientStarts(server) || !server.command) return;
      const words = [server.command, ...server.args].map(scalarText).filter((word): word is string => word !== undefined);
      const line = words.join(' ');
      const name = displayName(server.name);
      const how = fetchedCode(line);
      if (how) {
        context.report({ node: server.command, messageId: 'fetchesCode', data: { server: name, how, command: shownCommand(line) } });
        return;
      }
      for (const launch of serverLaunches(server)) {
        const program = programName(launch.targetWord.text);
        if (!NETWORK_CLIENTS.has(program)) continue;
        const target = launch.args.map((word) => word.text).find((word) => /^[a-z][a-z0-9+.-]{0,20}:\/\//i.test(word) || /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+(?::\d{1,5})?(?:\/|$)/i.test(word));
        context.report({ node: launch.targetWord.node, messageId: 'callsOut', data: { server: name, program, target: target ? shownCommand(target) : 'a host' } });
        return;
      }
    },
  }),
});

/**
 * Programs that only reach another host. `ssh` is not among them: `ssh host server` is a
 * common way to start a server on another machine over stdio.
 */
const NETWORK_CLIENTS = new Set(['curl', 'wget', 'invoke-webrequest', 'iwr', 'invoke-restmethod', 'irm', 'nc', 'ncat', 'netcat', 'telnet', 'ftp', 'tftp', 'scp', 'sftp']);
