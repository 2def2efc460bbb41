import { commandReach } from '../../src/agents/command-reach.js';
import { displayName } from '../../src/credentials/mask.js';
import { defineRule, getPath, isScalar, isSeq, type Node, type Severity } from '../../src/rule.js';

/**
 * Cursor's CLI agent runs without asking what `permissions.allow` lists, in `<project>/.cursor/cli.json`
 * or the user's `~/.cursor/cli-config.json` (cursor.com/docs/cli/reference/permissions): `Shell(commandBase)`
 * (the command line's first token, glob patterns and `command:args` allowed), `Read(pathOrGlob)`,
 * `Write(pathOrGlob)` and `WebFetch(domainOrPattern)`. Relative paths stay in the workspace;
 * absolute ones reach the rest of the disk.
 */

interface BroadGrant {
  readonly grant: string;
  readonly instead: string;
  readonly severity: Severity;
}

const SHELL_INSTEAD = 'allow the programs the work needs, such as `Shell(ls)`, and never a shell, an interpreter or a package runner';

function parseEntry(entry: string): { tool: string; specifier?: string } {
  const open = entry.indexOf('(');
  if (open === -1 || !entry.endsWith(')')) return { tool: entry.trim() };
  return { tool: entry.slice(0, open).trim(), specifier: entry.slice(open + 1, -1).trim() };
}

/** Whether a glob matches everything: a star, two stars, or two stars, a slash and a star. */
function everything(glob: string): boolean {
  return /^\*{1,2}(?:\/\*{1,2})?$/.test(glob);
}

/** A `Shell(base)` or `Shell(base:args)` entry that reaches far, else undefined. */
function shellGrant(specifier: string): BroadGrant | undefined {
  const colon = specifier.indexOf(':');
  const base = (colon === -1 ? specifier : specifier.slice(0, colon)).trim();
  const args = colon === -1 ? undefined : specifier.slice(colon + 1).trim();
  const anyArgs = args === undefined || everything(args);
  if (everything(base) && anyArgs) return { grant: 'run any shell command', instead: SHELL_INSTEAD, severity: 'high' };
  if (/[*?[\]{}]/.test(base)) return undefined;
  // `Shell(git:push *)`: the arguments' fixed words narrow the command.
  const words = anyArgs ? base : `${base} ${args.replace(/\s*\*+$/, '')}`;
  if (/[*?[\]{}]/.test(words)) return undefined;
  const reach = commandReach(words);
  if (!reach) return undefined;
  return { grant: reach.grant, instead: SHELL_INSTEAD, severity: reach.level === 'any' ? 'high' : 'medium' };
}

/** What a `Read` or `Write` path outside the workspace opens, else undefined. */
function pathReach(glob: string): string | undefined {
  const path = glob.replace(/\\/g, '/');
  if (/(?:^|\/)\.(?:ssh|aws|gnupg|kube|docker|azure)(?:\/|$)|(?:^|\/)\.config\/gcloud(?:\/|$)/.test(path)) return 'a directory of credentials';
  if (/^(?:\/|[A-Za-z]:\/)(?:\*{1,2}(?:\/\*{1,2})?)?$/.test(path)) return 'the whole file system';
  if (/^(?:~|\$HOME|\$\{HOME\})(?:\/(?:\*{1,2}(?:\/\*{1,2})?)?)?$/.test(path) || /^\/(?:home|Users)\/[^/*]+(?:\/\*{1,2}(?:\/\*{1,2})?)?$/.test(path)) return 'a home directory';
  return undefined;
}

function grantOf(entry: string): BroadGrant | undefined {
  const { tool, specifier } = parseEntry(entry);
  if (tool === 'Shell' && specifier !== undefined) return shellGrant(specifier);
  if ((tool === 'Read' || tool === 'Write') && specifier !== undefined) {
    const reach = pathReach(specifier);
    if (!reach) return undefined;
    const grant = tool === 'Read' ? `read any file in ${reach}, keys and tokens included` : `write any file in ${reach}, shell start-up files and other projects included`;
    return { grant, instead: `allow workspace paths, such as \`${tool}(src/**)\``, severity: 'medium' };
  }
  if (tool === 'WebFetch' && specifier !== undefined && /^(?:\*|\*\.\*|https?:\/\/\*)$/.test(specifier)) {
    return { grant: 'fetch any URL, a way both to send out what it read and to take instructions from anywhere', instead: 'allow the domains it needs, such as `WebFetch(docs.example.com)`', severity: 'medium' };
  }
  return undefined;
}

function strings(node: Node | undefined): { node: Node; value: string }[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [{ node: item, value: item.value }] : []));
}

export default defineRule({
  meta: {
    id: 'cursor-permission-scope',
    title: 'Cursor CLI permissions allow a shell, an interpreter or the whole disk without asking',
    description:
      'A `permissions.allow` entry in Cursor\'s CLI config (`.cursor/cli.json`, or a committed `~/.cursor/cli-config.json`) lets the agent act without asking, and this one has no useful limit: every command (`Shell(*)`), a shell or an interpreter (`Shell(bash)`, `Shell(python)`), a package runner (`Shell(npx)`), any file outside the workspace (`Read(~/**)`, `Write(/**)`) or any URL (`WebFetch(*)`). Text the agent reads, in an issue, a web page or a dependency, can then use that reach with no one asked.',
    remediation:
      'Allow only what the work needs: the programs it runs (`Shell(ls)`, or one command with fixed arguments in the `command:args` form), workspace paths (`Read(src/**)`, `Write(src/**)`) and the domains it reads (`WebFetch(docs.example.com)`). Put shells, interpreters, package runners and network tools under `permissions.deny`, or leave them to a prompt.',
    category: 'over-broad-scope',
    severity: 'medium',
    confidence: 'high',
    kinds: ['agent-settings'],
    clients: ['cursor'],
    messages: {
      allow: 'permissions.allow entry "{entry}" lets Cursor\'s agent {grant}, without asking; {instead}',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '250' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => ({
    agentSettings(settings) {
      if (settings.client !== 'cursor') return;
      for (const { node, value } of strings(getPath(settings.node, ['permissions', 'allow']))) {
        const grant = grantOf(value);
        if (grant) {
          context.report({ node, messageId: 'allow', data: { entry: displayName(value, 60), grant: grant.grant, instead: grant.instead }, severity: grant.severity, anchor: `permissions.allow:${value}` });
        }
      }
    },
  }),
});
