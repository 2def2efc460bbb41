import { commandsOf, programName } from '../../src/agents/shell.js';
import { displayName } from '../../src/credentials/mask.js';
import { redactLine } from '../../src/credentials/redact.js';
import { defineRule, get, getPath, isMap, isScalar, isSeq, stringValue, type AgentSettings, type Node } from '../../src/rule.js';

/**
 * `bypassPermissions` makes Claude Code run every tool, shell command and file edit without
 * asking. Committed to a project's settings it is a decision made for everyone who opens the
 * repository, and for every agent run in CI. The other settings read here take a question away
 * too: whether to start the repository's MCP servers, whether to confirm bypass mode, whether to
 * run a command when a session opens.
 */

/** A download piped straight into a shell: what runs is whatever the server sends that day. */
const PIPED_DOWNLOAD = /\b(?:curl|wget)\b[^|;&]{0,500}\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/;

/** Package managers and the subcommands of theirs that install, each running its packages' install scripts. */
const INSTALLS: Readonly<Record<string, ReadonlySet<string>>> = {
  npm: new Set(['install', 'i', 'ci', 'add', 'update']),
  pnpm: new Set(['install', 'i', 'add', 'update']),
  yarn: new Set(['install', 'add', '']),
  bun: new Set(['install', 'i', 'add']),
  pip: new Set(['install']),
  pip3: new Set(['install']),
  uv: new Set(['sync', 'add']),
  poetry: new Set(['install', 'add']),
  bundle: new Set(['install', '']),
  gem: new Set(['install']),
  cargo: new Set(['install']),
  go: new Set(['install', 'get']),
  brew: new Set(['install']),
  apt: new Set(['install']),
  'apt-get': new Set(['install']),
};
const GIT_FETCHES = new Set(['pull', 'fetch', 'clone', 'checkout', 'switch', 'submodule']);
const PACKAGE_RUNNERS = new Set(['npx', 'bunx', 'pnpx', 'uvx']);

/** What a session-start command does that runs code nobody reviewed, or undefined when it only reads. */
function fetchesCode(command: string): string | undefined {
  for (const { words } of commandsOf(command)) {
    const program = programName(words[0] ?? '');
    const sub = (words.slice(1).find((word) => !word.startsWith('-')) ?? '').toLowerCase();
    if (INSTALLS[program]?.has(sub)) return 'it installs packages, whose install scripts run unreviewed';
    if (program === 'git' && GIT_FETCHES.has(sub)) return 'it pulls code that no one has reviewed in this session';
    if (PACKAGE_RUNNERS.has(program) || ((program === 'pnpm' || program === 'yarn') && sub === 'dlx')) return 'it runs a package fetched from a registry';
    if (program === 'curl' || program === 'wget') return 'it downloads from the network';
  }
  return undefined;
}

/**
 * A hook command as a message may show it: never when it holds anything that looks like a
 * secret (the snippet masks it; a message cannot), and cut short.
 */
function shownCommand(command: string): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return redactLine(line) === line ? `\`${displayName(line, 60)}\`` : 'a command (not shown: it holds a secret-like value)';
}

/** Every command hook under `hooks.<event>`: `[{ matcher, hooks: [{ type: "command", command }] }]`. */
function commandHooks(settings: AgentSettings, event: string): { node: Node; command: string }[] {
  const groups = getPath(settings.node, ['hooks', event]);
  if (!isSeq(groups)) return [];
  const found: { node: Node; command: string }[] = [];
  for (const group of groups.items) {
    const hooks = get(group, 'hooks');
    if (!isSeq(hooks)) continue;
    for (const hook of hooks.items) {
      if (!isMap(hook)) continue;
      const type = stringValue(get(hook, 'type'));
      const command = get(hook, 'command');
      // `http`, `prompt` and `agent` hooks run no local command.
      if ((type === undefined || type === 'command') && isScalar(command) && typeof command.value === 'string') found.push({ node: command, command: command.value });
    }
  }
  return found;
}

function isTrue(node: Node | undefined): node is Node {
  return isScalar(node) && node.value === true;
}

export default defineRule({
  meta: {
    id: 'claude-bypass-permissions',
    title: 'Claude Code settings turn off every permission prompt',
    description:
      'The Claude Code settings file sets `permissions.defaultMode` to `bypassPermissions`: the agent runs shell commands, edits files and calls MCP tools without asking anyone. Whatever the agent reads, including a prompt injection in an issue or a dependency, can act with the full rights of the user or CI job running it. The rule also reads the settings that take a narrower question away: `enableAllProjectMcpServers` (every server in `.mcp.json` starts unasked), `skipDangerousModePermissionPrompt` (bypass mode starts without its warning) and `SessionStart` command hooks (a command runs as soon as a session opens).',
    remediation:
      'Remove `defaultMode` or set it to `default` (or `plan` / `acceptEdits` for narrower autonomy), and allow the specific commands the task needs in `permissions.allow`. Run fully unattended agents only in a disposable sandbox with no credentials worth stealing. List trusted servers in `enabledMcpjsonServers` instead of enabling them all, leave `skipDangerousModePermissionPrompt` unset, and keep setup out of `SessionStart` hooks.',
    category: 'unsafe-agent-setting',
    severity: 'high',
    confidence: 'high',
    kinds: ['claude-settings'],
    clients: ['claude-code'],
    messages: {
      bypass: 'permissions.defaultMode is "bypassPermissions": Claude Code runs every tool and command without asking',
      subagentBypass: 'subagent "{agent}" sets permissionMode: bypassPermissions: whatever the main session delegates to it runs every tool and command without asking',
      allProjectServers:
        'enableAllProjectMcpServers is true: every MCP server in the repository\'s .mcp.json starts without asking, including one a later commit adds; name the servers you trust in enabledMcpjsonServers instead',
      skipBypassPrompt:
        'skipDangerousModePermissionPrompt is true: bypass-permissions mode starts without its warning{where}; leave it unset so the one confirmation stays',
      sessionStartHook:
        'hooks.SessionStart runs {command} whenever a session opens ({effect}), before anyone asks the agent for anything; run setup by hand, and keep the hook to printing context',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI09' },
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-asi-2026', id: 'ASI05' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'nist-ai-rmf-1.0', id: 'GOVERN-3.2' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-3.5' },
      { framework: 'cwe', id: '862' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => ({
    agentSettings(settings) {
      if (settings.client !== 'claude-code') return;
      if (settings.file.adapter === 'claude-code-agent') {
        // A subagent's own mode: the main session may ask, while the work it delegates does not.
        const own = get(settings.node, 'permissionMode');
        if (own && stringValue(own) === 'bypassPermissions') context.report({ node: own, at: 'entry', messageId: 'subagentBypass', data: { agent: displayName(stringValue(get(settings.node, 'name')) ?? settings.file.path, 60) } });
        return;
      }
      const mode = getPath(settings.node, ['permissions', 'defaultMode']);
      if (mode && stringValue(mode) === 'bypassPermissions') context.report({ node: mode, at: 'entry', messageId: 'bypass' });

      const allServers = get(settings.node, 'enableAllProjectMcpServers');
      if (isTrue(allServers)) context.report({ node: allServers, at: 'entry', messageId: 'allProjectServers', severity: 'medium' });

      // Claude Code reads this key from user, local, flag and managed settings, never from the
      // shared project file (a cloned repository must not accept the warning for its reader);
      // a `.claude/settings.json` still counts where it is a home directory's, committed.
      const skip = get(settings.node, 'skipDangerousModePermissionPrompt');
      if (isTrue(skip)) {
        const local = settings.file.path.endsWith('settings.local.json');
        context.report({
          node: skip,
          at: 'entry',
          messageId: 'skipBypassPrompt',
          data: { where: local ? '' : ' (Claude Code ignores it in a project\'s shared settings, honours it in a user\'s ~/.claude/settings.json)' },
          severity: local ? 'medium' : 'low',
        });
      }

      // SessionStart fires on opening, resuming or clearing a session: cloning the repository and
      // starting Claude Code is enough. Hooks on prompts and tool calls run inside work someone asked for.
      // Printing context is what the hook is documented for; fetching and installing run code no
      // one has read yet.
      for (const hook of commandHooks(settings, 'SessionStart')) {
        const download = PIPED_DOWNLOAD.test(hook.command);
        const effect = download ? 'a download piped into a shell' : fetchesCode(hook.command);
        if (effect === undefined) continue;
        context.report({
          node: hook.node,
          at: 'entry',
          messageId: 'sessionStartHook',
          data: { command: shownCommand(hook.command), effect },
          severity: download ? 'medium' : 'low',
        });
      }
    },
  }),
});
