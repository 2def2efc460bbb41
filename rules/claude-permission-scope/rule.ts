import { commandReach } from '../../src/agents/command-reach.js';
import { displayName } from '../../src/credentials/mask.js';
import { readOnlyByDesign } from '../../src/agents/read-only-servers.js';
import { defineRule, getPath, isScalar, isSeq, type Node, type Severity, type SourceFile } from '../../src/rule.js';

/**
 * A `permissions.allow` entry lets Claude Code use a tool without asking; the narrower the
 * specifier, the less a prompt injection can do with it. Permission rules are written `Tool` or
 * `Tool(specifier)`; a bare tool name, or a specifier that is only a wildcard, matches every use
 * of the tool. MCP rules are `mcp__<server>` (every tool of the server, as is
 * `mcp__<server>__*`) or `mcp__<server>__<tool>`.
 */

/** What one over-broad entry grants, in a message's words, and how much it matters. */
interface BroadGrant {
  readonly grant: string;
  readonly instead: string;
  readonly severity: Severity;
  /** The MCP server a whole-server entry names, judged against the servers of that name. */
  readonly server?: string;
}

/**
 * A specifier that narrows nothing: empty, `*`, `**`, `:*`, or the whole file system from `//`
 * or the home directory from `~`. (`/**` is the project: a leading `/` is the settings' root.)
 */
const EVERYTHING = /^(?::?\*{1,2}|\/\/\*{0,2}|~\/?\*{0,2})?$/;

function parseEntry(entry: string): { tool: string; specifier?: string } {
  const open = entry.indexOf('(');
  if (open === -1 || !entry.endsWith(')')) return { tool: entry };
  return { tool: entry.slice(0, open).trim(), specifier: entry.slice(open + 1, -1).trim() };
}

/** The grant an allow entry makes when it is broad, else undefined. */
function broadGrant(entry: string): BroadGrant | undefined {
  const { tool, specifier } = parseEntry(entry.trim());
  const unlimited = specifier === undefined || EVERYTHING.test(specifier.replace(/\s+/g, ''));
  if (tool === 'Bash' && unlimited) {
    return { grant: 'run any shell command', instead: 'allow the commands the work needs, such as `Bash(npm test)` or `Bash(npm run lint:*)`', severity: 'high' };
  }
  const runner = tool === 'Bash' && specifier !== undefined ? codeRunner(specifier) : undefined;
  if (runner) {
    return { grant: `run any code through ${runner} with any arguments, which is the whole shell again`, instead: 'allow the scripts and commands the work needs, such as `Bash(python -m pytest:*)` or `Bash(npm test)`', severity: 'high' };
  }
  if ((tool === 'Edit' || tool === 'Write' || tool === 'MultiEdit') && unlimited) {
    const instead = 'scope it to the project\'s sources, such as `Edit(/src/**)`';
    // `//` is the file system's root and `~` the home directory: shell start-up files, git hooks
    // of every checkout, agent settings. A bare tool or `**` is mostly the project, which
    // `acceptEdits` grants as well: worth a note, not a warning.
    if (specifier !== undefined && /^(?:\/\/|~)/.test(specifier.trim())) {
      return { grant: `edit any file ${specifier.trim().startsWith('~') ? 'in the home directory' : 'on the disk'}, shell start-up files and other projects' git hooks included`, instead, severity: 'medium' };
    }
    return { grant: 'edit any file, with no path limit', instead, severity: 'low' };
  }
  if (tool === 'WebFetch' && (specifier === undefined || /^(?:domain:)?\*?$/.test(specifier.replace(/\s+/g, '')))) {
    return { grant: 'fetch any URL, a way both to send out what it read and to take instructions from anywhere', instead: 'allow the hosts it needs, such as `WebFetch(domain:docs.example.com)`', severity: 'medium' };
  }
  if (specifier === undefined && /^mcp__\*$/.test(tool)) {
    return { grant: 'call every tool of every MCP server', instead: 'allow the tools the work needs, one `mcp__<server>__<tool>` each', severity: 'medium' };
  }
  const server = wholeServer(tool);
  if (specifier === undefined && server !== undefined) {
    return { grant: `call every tool of MCP server "${displayName(server)}", those that write or delete included`, instead: `allow its read tools one by one, such as \`mcp__${displayName(server)}__<tool>\``, severity: 'medium', server };
  }
  return undefined;
}

/** Subcommands after which a program runs whatever follows: `uv run`, `npm exec`, `pnpm dlx`, `bun x`. */
const RUNNING_SUBCOMMANDS = ['run', 'exec', 'x', 'dlx', 'tool run'];

/**
 * The program a Bash specifier lets run with any arguments (`python *`, `npx:*`, `uv *`), when
 * those arguments can make it run any code: an interpreter, a shell, a package runner, or a tool
 * one of whose subcommands runs any program.
 */
function codeRunner(specifier: string): string | undefined {
  const match = /^([A-Za-z0-9_.+-]{1,40})(?:\s+\*{1,2}|:\*|\*)$/.exec(specifier.trim());
  if (!match) return undefined;
  const program = match[1]!;
  const runsAny = (prefix: string) => commandReach(prefix)?.level === 'any';
  return runsAny(program) || RUNNING_SUBCOMMANDS.some((sub) => runsAny(`${program} ${sub}`)) ? program : undefined;
}

/** How Claude Code names a server in a permission rule: its name, compared without case. */
function serverKey(name: string): string {
  return name.toLowerCase();
}

/** The server an MCP rule names with no tool (`mcp__github`, `mcp__github__*`), else undefined. */
function wholeServer(tool: string): string | undefined {
  if (!tool.startsWith('mcp__')) return undefined;
  const server = tool.slice('mcp__'.length).replace(/__\*$/, '');
  return server !== '' && !server.includes('__') && !server.includes('*') ? server : undefined;
}

/** A path that opens the whole disk, a home directory or a credential store. */
function broadDirectory(path: string): string | undefined {
  const trimmed = path.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '/' || /^[A-Za-z]:$/.test(trimmed)) return 'the whole file system';
  if (/^(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%)$/.test(trimmed) || /^(?:\/home|\/Users|[A-Za-z]:\/Users)\/[^/]+$/.test(trimmed) || trimmed === '/root') return 'a home directory';
  if (/(?:^|\/)\.(?:ssh|aws|gnupg|kube|docker|azure)(?:\/|$)|(?:^|\/)\.config\/gcloud(?:\/|$)/.test(trimmed)) return 'a directory of credentials';
  return undefined;
}

function strings(node: Node | undefined): { node: Node; value: string }[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [{ node: item, value: item.value }] : []));
}

export default defineRule({
  meta: {
    id: 'claude-permission-scope',
    title: 'Claude Code settings allow a whole tool or a whole disk without asking',
    description:
      'A `permissions.allow` entry lets Claude Code use a tool without asking, and this one has no useful limit: the whole shell (`Bash`, `Bash(*)`), every tool of an MCP server (`mcp__server`, `mcp__*`), any URL (`WebFetch`), any file edit (`Edit`, `Write`); or `permissions.additionalDirectories` opens `/`, a home directory or a credential directory such as `~/.ssh`. Text the agent reads, in an issue, a web page or a dependency, can then use that reach with no one asked.',
    remediation:
      'Allow only what the work needs: specific commands (`Bash(npm test)`, `Bash(git diff:*)`), specific MCP tools (`mcp__github__get_issue`), specific hosts (`WebFetch(domain:docs.example.com)`) and project paths (`Edit(/src/**)`). Keep `additionalDirectories` to sibling project folders, never a home or credential directory. Use `ask` for tools that should stay available with a prompt.',
    category: 'over-broad-scope',
    severity: 'medium',
    confidence: 'high',
    kinds: ['claude-settings'],
    // A whole-server allow is judged against the servers of that name.
    projectViews: ['mcpServer'],
    clients: ['claude-code'],
    messages: {
      allow: 'permissions.allow entry "{entry}" lets Claude Code {grant}, without asking; {instead}',
      directory: 'permissions.additionalDirectories entry "{entry}" gives Claude Code {reach} to read and edit; add only the project folders it needs',
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
  create: (context) => {
    /** Whole-server allows, judged once every server of the project is known. */
    const serverGrants: { node: Node; value: string; file: SourceFile; grant: BroadGrant & { server: string } }[] = [];
    return {
      agentSettings(settings) {
        if (settings.client !== 'claude-code') return;
        for (const { node, value } of strings(getPath(settings.node, ['permissions', 'allow']))) {
          const grant = broadGrant(value);
          if (!grant) continue;
          if (grant.server !== undefined) serverGrants.push({ node, value, file: settings.file, grant: { ...grant, server: grant.server } });
          else context.report({ node, messageId: 'allow', data: { entry: displayName(value), grant: grant.grant, instead: grant.instead }, severity: grant.severity, anchor: `permissions.allow:${value}` });
        }
        for (const { node, value } of strings(getPath(settings.node, ['permissions', 'additionalDirectories']))) {
          const reach = broadDirectory(value);
          if (reach) context.report({ node, messageId: 'directory', data: { entry: displayName(value), reach }, anchor: `permissions.additionalDirectories:${value}` });
        }
      },
      project(project) {
        for (const { node, value, file, grant } of serverGrants) {
          // Every tool of a server none of whose tools changes anything may run unasked.
          const named = project.mcpServers.filter((candidate) => serverKey(candidate.name) === serverKey(grant.server));
          if (named.length > 0 && named.every(readOnlyByDesign)) continue;
          context.report({ node, file, messageId: 'allow', data: { entry: displayName(value), grant: grant.grant, instead: grant.instead }, severity: grant.severity, anchor: `permissions.allow:${value}` });
        }
      },
    };
  },
});
