import { serverLaunch } from '../../src/agents/mcp-launch.js';
import { readOnlyByDesign } from '../../src/agents/read-only-servers.js';
import { displayName } from '../../src/credentials/mask.js';
import { clientStarts, defineRule, get, isMap, isScalar, isSeq, stringValue, type AgentClient, type McpServer, type Node } from '../../src/rule.js';

/**
 * Several clients let an MCP entry skip the confirmation prompt for some or all of a server's
 * tools. Committed to a project, that choice is made for everyone who opens it and for every
 * agent run: whatever text steers the agent (an issue, a web page, a file) can then call those
 * tools with the server's credentials and no human sees the call first.
 */
export default defineRule({
  meta: {
    id: 'mcp-server-auto-approve',
    title: 'MCP server tools run without asking',
    description:
      'An MCP server entry approves tool calls in advance: `autoApprove` or `alwaysAllow` naming every tool (`"*"`) or tools that write, delete or run commands, Gemini CLI\'s `trust: true`, Codex\'s `approval_mode = "approve"`, or a Copilot `tools: ["*"]`. The agent then calls those tools, with the server\'s credentials, without a person confirming the call, so a prompt injection in anything the agent reads acts directly.',
    remediation:
      'Remove the wildcard and `trust: true`; auto-approve only tools that read, and leave tools that write, delete, push or run commands behind the confirmation prompt. For Copilot, list the tools the agent needs instead of `"*"`.',
    category: 'unsafe-agent-setting',
    severity: 'high',
    confidence: 'high',
    kinds: ['mcp-config', 'codex-config'],
    messages: {
      everyTool: 'MCP server "{server}" approves every tool in advance ({setting}): the client runs any tool of the server without asking; approve read tools by name instead',
      writeTools:
        'MCP server "{server}" auto-approves tools that change things through {setting} ({tools}): they run without anyone confirming them; keep them behind the prompt and auto-approve only read tools',
      memoryWrites:
        'MCP server "{server}" auto-approves writes to the agent\'s memory through {setting} ({tools}): a prompt injection can store instructions that return in later sessions, with no one reviewing them; keep memory writes behind the prompt',
      trusted: 'MCP server "{server}" sets trust: true: Gemini CLI runs every tool of the server without confirmation; remove it, or allow read tools with includeTools',
      copilotAllTools: 'MCP server "{server}" enables tools: ["*"]: the Copilot agent calls every tool of the server without approval; list only the tools the agent needs',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-asi-2026', id: 'ASI09' },
      { framework: 'owasp-asi-2026', id: 'ASI06' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'nist-ai-rmf-1.0', id: 'GOVERN-3.2' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-3.5' },
      { framework: 'cwe', id: '862' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => ({
    mcpServer(server: McpServer) {
      // A server its client does not start reaches nothing.
      if (!clientStarts(server)) return;
      // A server none of whose tools changes anything: approved in advance, none acts.
      if (readOnlyByDesign(server)) return;
      const name = displayName(server.name);
      const memory = MEMORY_SERVERS.has(serverLaunch(server)?.target ?? '');
      // Cline and Kiro spell it `autoApprove`; Roo Code, Kilo Code and older Cline `alwaysAllow`.
      // Other clients ignore both keys (Gemini CLI has `trust`, Cursor and Claude Code their own
      // allow lists), so there a list copied from a Roo file approves nothing.
      for (const key of APPROVAL_LIST_CLIENTS.has(server.client) ? ['autoApprove', 'alwaysAllow'] : []) {
        const list = get(server.node, key);
        if (!list) continue;
        const tools = toolNames(list);
        if (memory) {
          // Its tools write only its own store: the harm is what that store feeds later sessions.
          const writers = tools.filter((tool) => tool.trim() === '*' || changesThings(tool));
          if (writers.length > 0) context.report({ node: list, at: 'entry', messageId: 'memoryWrites', severity: 'low', data: { server: name, setting: key, tools: shortList(writers) } });
          continue;
        }
        if (tools.some((tool) => tool.trim() === '*')) {
          context.report({ node: list, at: 'entry', messageId: 'everyTool', data: { server: name, setting: `${key}: ["*"]` } });
          continue;
        }
        const writers = tools.filter(changesThings);
        if (writers.length > 0) {
          context.report({ node: list, at: 'entry', messageId: 'writeTools', severity: 'medium', data: { server: name, setting: key, tools: shortList(writers) } });
        }
      }
      // Codex: `approve` means approved ahead of every call, for the whole server or one tool.
      const codexDefault = get(server.node, 'default_tools_approval_mode');
      if (stringValue(codexDefault) === 'approve') {
        context.report({ node: codexDefault!, at: 'entry', messageId: 'everyTool', data: { server: name, setting: 'default_tools_approval_mode = "approve"' } });
      }
      const codexTools = get(server.node, 'tools');
      if (isMap(codexTools)) {
        for (const entry of codexTools.entries) {
          const mode = get(entry.value, 'approval_mode');
          if (stringValue(mode) !== 'approve' || !changesThings(entry.key)) continue;
          context.report({
            node: mode!,
            at: 'entry',
            messageId: 'writeTools',
            severity: 'medium',
            data: { server: name, setting: `tools.${displayName(entry.key, 40)}.approval_mode = "approve"`, tools: displayName(entry.key, 40) },
          });
        }
      }
      const trust = get(server.node, 'trust');
      if (isScalar(trust) && (trust.value === true || trust.value === 'true')) {
        context.report({ node: trust, at: 'entry', messageId: 'trusted', data: { server: name } });
      }
      // Copilot's cloud agent requires `tools` and never asks before calling one it enables.
      const tools = get(server.node, 'tools');
      if (tools && toolNames(tools).some((tool) => tool.trim() === '*')) {
        context.report({ node: tools, at: 'entry', messageId: 'copilotAllTools', severity: 'medium', data: { server: name } });
      }
    },
  }),
});

/** The clients that read a server's `autoApprove` or `alwaysAllow` list. */
const APPROVAL_LIST_CLIENTS: ReadonlySet<AgentClient> = new Set(['cline', 'roo', 'kilocode', 'kiro']);

/** Knowledge-graph memory servers: every tool reads or writes the server's own file and nothing else. */
const MEMORY_SERVERS = new Set(['@modelcontextprotocol/server-memory', 'mcp/memory']);

/** A list of tool names, or a single name written as a string. */
function toolNames(node: Node): string[] {
  if (isSeq(node)) return node.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [item.value] : []));
  return isScalar(node) && typeof node.value === 'string' ? [node.value] : [];
}

/** Verbs in a tool's name that say it changes state, sends something out or runs code. */
const CHANGING_VERBS = new Set([
  'write', 'create', 'delete', 'remove', 'update', 'edit', 'modify', 'move', 'rename', 'push', 'merge', 'commit', 'execute', 'exec', 'run', 'eval', 'evaluate',
  'shell', 'bash', 'terminal', 'command', 'cmd', 'kill', 'drop', 'insert', 'upsert', 'deploy', 'publish', 'upload', 'send', 'post', 'put', 'patch',
  'apply', 'install', 'uninstall', 'fork', 'close', 'approve', 'revoke', 'grant', 'invoke', 'spawn', 'destroy', 'truncate', 'overwrite', 'replace',
  'set', 'add', 'transfer', 'restart', 'stop', 'start', 'trigger', 'dispatch', 'rerun', 'cancel', 'assign', 'archive', 'reset', 'switch', 'checkout',
]);
/** Words that mean running code wherever they sit in a name (`runShellCommand`, `executesql`). */
const CODE_RUNNING = /shell|command|exec|bash|terminal|powershell|subprocess/i;

/** Verbs that open the name of a tool that only looks: `list_commands`, `get_shell_history`. */
const READING_VERBS = new Set(['get', 'list', 'read', 'search', 'find', 'fetch', 'describe', 'show', 'view', 'lookup', 'inspect', 'count', 'check', 'explain', 'browse']);

/**
 * Verbs that, aimed only at the server's own session, change what its next call looks at and
 * nothing outside it: `set_workspace_root` of a code index, `start_session`, `switch_project`,
 * `browser_close`.
 */
const SESSION_VERBS = new Set(['set', 'select', 'switch', 'use', 'change', 'start', 'stop', 'restart', 'reset', 'clear', 'open', 'close', 'end', 'init', 'initialize']);
/** What such a verb may name for the call to stay inside the session. Not `branch`: switching one checks files out. */
const SESSION_OBJECTS = new Set([
  'workspace', 'project', 'root', 'path', 'dir', 'directory', 'folder', 'cwd', 'working', 'context', 'session', 'mode', 'language', 'locale',
  'timezone', 'active', 'current', 'default', 'scope', 'repo', 'repository', 'browser', 'tab',
]);

/** Whether a tool name says the tool changes something: `write_file`, `create_issue`, `runCommand`, `push_*`. */
function changesThings(tool: string): boolean {
  const words = tool
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length > 0 && READING_VERBS.has(words[0]!)) return false;
  if (CODE_RUNNING.test(tool)) return true;
  const verbs = words.filter((word) => SESSION_VERBS.has(word));
  if (verbs.length === 1 && words.length > 1 && words.every((word) => SESSION_VERBS.has(word) || SESSION_OBJECTS.has(word))) return false;
  return words.some((word) => CHANGING_VERBS.has(word));
}

function shortList(tools: readonly string[]): string {
  const shown = tools.slice(0, 4).map((tool) => displayName(tool, 40)).join(', ');
  return tools.length > 4 ? `${shown} and ${tools.length - 4} more` : shown;
}
