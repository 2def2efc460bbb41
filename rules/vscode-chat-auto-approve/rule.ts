import { commandReach, type CommandReach } from '../../src/agents/command-reach.js';
import { displayName } from '../../src/credentials/mask.js';
import type { MapNode } from '../../src/model/document.js';
import { defineRule, get, isMap, isScalar, stringValue, type Node, type Severity } from '../../src/rule.js';

/**
 * VS Code's agent (Copilot chat) asks before it runs a terminal command, edits a sensitive file
 * or fetches a URL, unless a setting says not to. A committed `.vscode/settings.json` says it for
 * everyone who opens the folder and trusts it. Each setting read here was checked against VS
 * Code's configuration registration (src/vs/workbench/contrib/chat and
 * terminalContrib/chatAgentTools): its key, its values, and whether a workspace may set it.
 */

/** A setting by its dotted id, as settings files write it: `"chat.tools.global.autoApprove"`. */
function setting(root: MapNode, id: string): Node | undefined {
  return get(root, id);
}

function isTrue(node: Node | undefined): boolean {
  return isScalar(node) && node.value === true;
}

/** A terminal rule's value approves: `true`, or `{ "approve": true, … }`. */
function approves(node: Node): boolean {
  return isTrue(node) || (isMap(node) && isTrue(get(node, 'approve')));
}

/** A `/pattern/flags` key as VS Code reads it: the pattern, or undefined for a plain command prefix. */
const REGEX_ENTRY = /^\/(.+)\/[dgimsuvy]*$/;

/** Patterns that match the start of every command line, once `^` is gone. */
const EVERYTHING = new Set(['', '.', '.*', '.+', '.*?', '.+?', '[\\s\\S]*', '[\\s\\S]+', '[^]*', '(.*)', '(.+)', '(?:.*)', '(?:.+)', '\\S', '\\S*', '\\S+', '\\w', '\\w*', '\\w+']);

/** Patterns that match any whole command line, before a closing `$`. */
const EVERYTHING_TO_END = new Set(['.*', '.+', '.*?', '.+?', '[\\s\\S]*', '[\\s\\S]+', '[^]*', '(.*)', '(.+)', '(?:.*)', '(?:.+)']);

/** What may follow a command prefix and still match every use of it. */
const OPEN_REST = new Set(['', '\\b', '\\s', '\\s+', '\\s*', ' ', '.*', '\\b.*', '\\s.*', '\\s+.*', ' .*', '(\\s.*)?', '(?:\\s.*)?', '(\\s|$)', '(?:\\s|$)', '(\\b|$)']);

/** Whether a regex entry's pattern matches every command. */
function matchesEverything(pattern: string): boolean {
  const body = pattern.startsWith('^') ? pattern.slice(1) : pattern;
  if (EVERYTHING.has(body)) return true;
  // `^.*$` still matches everything; `^.$` and `^\\S*$` do not.
  return body.endsWith('$') && !body.endsWith('\\$') && EVERYTHING_TO_END.has(body.slice(0, -1));
}

/** The literal words at the start of a pattern (`git\s+push` → `git push`) and what follows them. */
function literalPrefix(text: string): { literal: string; rest: string } {
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/[A-Za-z0-9_-]/.test(char)) {
      literal += char;
      i++;
    } else if (char === ' ') {
      literal += ' ';
      i++;
    } else if (char === '\\' && /[./-]/.test(text[i + 1] ?? '')) {
      literal += text[i + 1];
      i += 2;
    } else if (literal !== '' && text.startsWith('\\s+', i)) {
      literal += ' ';
      i += 3;
    } else if (literal !== '' && text.startsWith('\\s', i) && /[A-Za-z0-9_]/.test(text[i + 2] ?? '')) {
      // `\s` between two words
      literal += ' ';
      i += 2;
    } else break;
  }
  return { literal: literal.replace(/ +/g, ' ').trimEnd(), rest: text.slice(i) };
}

/**
 * The command prefixes a regex entry approves when it approves every use of them (`/^git push\b/`,
 * `/^(?:bash|sh)\s/`), or none when it is narrower or more than this reads.
 */
function regexPrefixes(pattern: string): string[] {
  let body = pattern.startsWith('^') ? pattern.slice(1) : pattern;
  let heads = [''];
  const group = /^\((?:\?:)?([A-Za-z0-9_|. -]{1,200})\)/.exec(body);
  if (group) {
    heads = group[1]!.split('|');
    body = body.slice(group[0].length);
  }
  const { literal, rest } = literalPrefix(body);
  if (!OPEN_REST.has(rest)) return [];
  return heads.map((head) => `${head}${literal}`.trim()).filter((prefix) => prefix !== '');
}

/** What one `chat.tools.terminal.autoApprove` key lets the agent run, or undefined when it is narrow. */
function terminalReach(key: string): { everything: true } | CommandReach | undefined {
  const regex = REGEX_ENTRY.exec(key);
  if (!regex) return commandReach(key);
  if (matchesEverything(regex[1]!)) return { everything: true };
  const reaches = regexPrefixes(regex[1]!).map(commandReach).filter((reach) => reach !== undefined);
  return reaches.find((reach) => reach.level === 'any') ?? reaches[0];
}

/** A URL pattern that matches every URL: `*`, `https://*`, `*://**`. */
function matchesEveryUrl(pattern: string): boolean {
  const rest = pattern.trim().toLowerCase().replace(/^(?:https?\*?|\*):\/\//, '');
  return ['', '*', '**', '*/*', '*/**', '**/*', '**/**'].includes(rest) && (rest !== '' || pattern.includes('://'));
}

/** An edit glob that reaches files which run code when changed: `.vscode/` (tasks, settings) or `.git/` (hooks, config). */
function codeRunningFiles(glob: string): string | undefined {
  if (/(?:^|[/{,])\.vscode(?:[/*},]|$)/.test(glob)) return "VS Code's workspace files (tasks that run when the folder opens, these very settings)";
  if (/(?:^|[/{,])\.git(?:[/*},]|$)/.test(glob)) return "git's own files (hooks and config that run programs)";
  return undefined;
}

/** VS Code's user settings file, committed from a home directory: `Code/User/settings.json`, Insiders too. */
const USER_SETTINGS = /(?:^|\/)code(?: - insiders)?\/user\/settings\.json$/i;

const PERMISSION_MODES: Readonly<Record<string, string>> = { autoApprove: 'Bypass Approvals', autopilot: 'Autopilot' };

export default defineRule({
  meta: {
    id: 'vscode-chat-auto-approve',
    title: 'VS Code workspace settings let the agent run tools without asking',
    description:
      'A committed `.vscode/settings.json` starts VS Code\'s agent in Bypass Approvals or Autopilot (`chat.permissions.default`), turns on global auto-approve (`chat.tools.global.autoApprove`), or approves terminal commands, URLs or file edits so broadly (`chat.tools.terminal.autoApprove` `"/.*/": true` or `"bash": true`, `chat.tools.urls.autoApprove` `"*"`, edits to `.vscode/` or `.git/`) that the agent runs them with no one asked. Whatever text the agent reads, in an issue, a web page or a dependency, can then run code with the developer\'s credentials.',
    remediation:
      'Leave `chat.permissions.default` at `"default"` and global auto-approve to each user\'s own settings. Approve only the terminal commands the work needs (`"npm test": true`, `"/^git (status|diff)\\\\b/": true`), never a shell, an interpreter, a package runner or a regex that matches everything; approve URLs by host; keep edits to `.vscode/` and `.git/` behind a confirmation.',
    category: 'unsafe-agent-setting',
    severity: 'high',
    confidence: 'high',
    kinds: ['agent-settings'],
    clients: ['vscode'],
    messages: {
      permissionLevel: '{key} is "{value}": new chat sessions start in {mode}, where the agent runs every tool and terminal command without asking; leave it at "default"',
      globalAutoApproveUser: '{key} is true in user settings: VS Code runs every agent tool in every workspace without asking; turn it on only inside a disposable environment',
      globalAutoApprove: '{key} is true: it asks VS Code to run every agent tool without asking; VS Code 1.103 and later read it only from user settings, earlier releases honoured it here; remove it',
      terminalEverything: 'chat.tools.terminal.autoApprove entry "{entry}" approves every terminal command the agent runs{defaults}; approve the commands the work needs, such as "npm test"',
      terminalCommand: 'chat.tools.terminal.autoApprove entry "{entry}" runs without asking, so the agent may {grant}; approve narrower commands, such as "npm test"',
      urls: 'chat.tools.urls.autoApprove entry "{entry}" lets the agent fetch any URL without asking, a way both to send out what it read and to take instructions from anywhere; approve the hosts it needs',
      edits: 'chat.tools.edits.autoApprove entry "{entry}" lets the agent change {what} without asking; keep them behind a confirmation',
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
      if (settings.client !== 'vscode') return;
      const root = settings.node;

      const level = setting(root, 'chat.permissions.default');
      const mode = PERMISSION_MODES[stringValue(level) ?? ''];
      if (level && mode) {
        context.report({ node: level, at: 'entry', messageId: 'permissionLevel', data: { key: 'chat.permissions.default', value: stringValue(level)!, mode } });
      }

      // `chat.tools.autoApprove` is the name VS Code 1.99 to 1.103 used. Both are application-machine
      // scoped now: honoured in user settings (a committed `Code/User/settings.json`), not in a workspace's.
      const userSettings = USER_SETTINGS.test(settings.file.path);
      for (const key of ['chat.tools.global.autoApprove', 'chat.tools.autoApprove']) {
        const node = setting(root, key);
        if (!node || !isTrue(node)) continue;
        if (userSettings) context.report({ node, at: 'entry', messageId: 'globalAutoApproveUser', data: { key } });
        else context.report({ node, at: 'entry', messageId: 'globalAutoApprove', data: { key }, severity: 'medium' });
      }

      // `enableAutoApprove: false` turns every terminal rule off.
      const terminalRules = setting(root, 'chat.tools.terminal.autoApprove');
      const enable = setting(root, 'chat.tools.terminal.enableAutoApprove');
      const terminalOff = isScalar(enable) && enable.value === false;
      if (isMap(terminalRules) && !terminalOff) {
        const defaultsOff = isTrue(setting(root, 'chat.tools.terminal.ignoreDefaultAutoApproveRules'));
        for (const entry of terminalRules.entries) {
          if (!approves(entry.value)) continue;
          const reach = terminalReach(entry.key);
          if (!reach) continue;
          const shown = displayName(entry.key, 60);
          if ('everything' in reach) {
            const defaults = defaultsOff ? ', and ignoreDefaultAutoApproveRules drops the built-in rules that still ask for rm, curl and eval' : ' (only the built-in rules for rm, curl, eval and a few others still ask)';
            context.report({ node: entry.value, at: 'entry', messageId: 'terminalEverything', data: { entry: shown, defaults } });
          } else {
            const severity: Severity = reach.level === 'any' ? 'high' : 'medium';
            context.report({ node: entry.value, at: 'entry', messageId: 'terminalCommand', data: { entry: shown, grant: reach.grant }, severity });
          }
        }
      }

      const urls = setting(root, 'chat.tools.urls.autoApprove');
      if (isMap(urls)) {
        for (const entry of urls.entries) {
          const requestApproved = isTrue(entry.value) || (isMap(entry.value) && isTrue(get(entry.value, 'approveRequest')));
          if (requestApproved && matchesEveryUrl(entry.key)) {
            context.report({ node: entry.value, at: 'entry', messageId: 'urls', data: { entry: displayName(entry.key, 60) }, severity: 'medium' });
          }
        }
      }

      const edits = setting(root, 'chat.tools.edits.autoApprove');
      if (isMap(edits)) {
        for (const entry of edits.entries) {
          const what = isTrue(entry.value) ? codeRunningFiles(entry.key) : undefined;
          if (what) context.report({ node: entry.value, at: 'entry', messageId: 'edits', data: { entry: displayName(entry.key, 60), what }, severity: 'medium' });
        }
      }
    },
  }),
});
