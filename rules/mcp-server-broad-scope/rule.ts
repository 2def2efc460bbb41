import { envFileOf, flagSetting, headerSetting, serverEnvironment, serverUrl, switchedOn, type Setting } from '../../src/agents/mcp-environment.js';
import { containerOptions, serverLaunch, type ContainerOption, type LaunchWord, type ServerLaunch as Launch } from '../../src/agents/mcp-launch.js';
import { displayName } from '../../src/credentials/mask.js';
import { clientStarts, defineRule, isScalar, type McpServer, type Node, type Severity } from '../../src/rule.js';

/**
 * What an MCP server can reach is set in its entry: the GitHub server's read-only switch and
 * toolsets, the folders a filesystem server is given, the host a container is let into, the
 * read-only mode of a database or cloud server. The rule reads only the normalised entry
 * (command, args, env, url, headers), so every client's file is judged alike.
 */

const MESSAGES = {
  githubWritable: 'MCP server "{server}" runs the GitHub MCP server with its write tools; add {readOnly} unless the agent must write to GitHub',
  githubAllWrite:
    'MCP server "{server}" runs the GitHub MCP server with every toolset ({evidence}) and its write tools; list the toolsets the agent needs ({toolsets}) and add {readOnly}',
  githubAllRead: 'MCP server "{server}" runs the GitHub MCP server read-only but with every toolset ({evidence}); list the toolsets the agent needs instead ({toolsets})',
  githubArchived:
    'MCP server "{server}" runs @modelcontextprotocol/server-github, which is archived and has no read-only mode; run github/github-mcp-server with --read-only instead',
  filesystem: 'MCP server "{server}" gives the filesystem server {folders}; give it the project folder instead',
  containerPrivileged: 'MCP server "{server}" runs its container with {flag}, which hands it every device and capability of the host; drop the flag',
  containerSocket: 'MCP server "{server}" mounts the container engine socket into its container ({mount}), which lets it start containers that own the host; drop the mount',
  containerHostNetwork: 'MCP server "{server}" runs its container on the host network ({flag}); drop the flag and publish only the port the server needs (-p 127.0.0.1:PORT:PORT)',
  containerHostPid: 'MCP server "{server}" runs its container in the host PID namespace ({flag}), where it sees and can signal every process; drop the flag',
  containerCapability: 'MCP server "{server}" adds the {capability} capability to its container ({flag}); drop it',
  containerMount: 'MCP server "{server}" mounts {mounts} into its container; mount only the project folder, read-only (:ro) where it can be',
  dataWritable: 'MCP server "{server}" runs {product} with write access to {resource}; {advice} unless the agent must change them',
  dataPartial: 'MCP server "{server}" runs {product} with {limit}, which still lets the agent change {resource}; {advice} for read-only access',
} as const;

type MessageId = keyof typeof MESSAGES;
type Report = (messageId: MessageId, node: Node, data: Readonly<Record<string, string>>, severity?: Severity) => void;

export default defineRule({
  meta: {
    id: 'mcp-server-broad-scope',
    title: 'MCP server configured with more reach than its task needs',
    description:
      'An MCP server entry gives the agent more than it needs: the GitHub server without read-only or with every toolset, a filesystem server on the whole disk, a home directory or a credentials folder, a container run privileged, on the host network or with the Docker socket, or a database, cloud or cluster server that can write where a read-only mode exists. Whatever the agent is talked into doing, it can do with all of that.',
    remediation:
      'Narrow the server in its entry: `--read-only` (or `GITHUB_READ_ONLY=1`, `X-MCP-Readonly: true`, a `/readonly` URL) and a toolset list for GitHub; the project folder for a filesystem server; no `--privileged`, Docker socket, host network, host PID or home mount for a container; the read-only switch of each data or cloud server (`--read-only`, `read_only=true`, `READ_OPERATIONS_ONLY=true`, `READ_ONLY_MODE=true`, `ALLOW_ONLY_READONLY_TOOLS=true`).',
    category: 'over-broad-scope',
    severity: 'medium',
    confidence: 'high',
    kinds: ['mcp-config', 'codex-config'],
    messages: MESSAGES,
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-nhi-2025', id: 'NHI5' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '250' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => {
    /**
     * The same entry copied into several clients' files (`.mcp.json`, `.cursor/mcp.json`,
     * `.gemini/settings.json` …) is one decision: one finding, at the first, with the copies as
     * related locations. A copy is the same problem, in the same words, for a server of the same name.
     */
    const groups = new Map<string, { server: McpServer; node: Node; messageId: MessageId; data: Readonly<Record<string, string>>; severity?: Severity; copies: { server: McpServer; node: Node }[] }>();
    return {
      mcpServer(server: McpServer) {
        // A server its client does not start reaches nothing.
        if (!clientStarts(server)) return;
        const report: Report = (messageId, node, data, severity) => {
          // Two entries of one file have different names (or `.claude.json` scopes), so they never meet here.
          const text = isScalar(node) ? String(node.value) : `${server.file.path}:${node.span.start}`;
          const key = JSON.stringify([messageId, data, severity ?? '', text, server.name.toLowerCase(), server.scope ?? '']);
          const group = groups.get(key);
          if (group) group.copies.push({ server, node });
          else groups.set(key, { server, node, messageId, data, ...(severity ? { severity } : {}), copies: [] });
        };
        const launch = serverLaunch(server);
        if (launch?.container) containerFindings(launch.container, report);
        githubFindings(server, launch, report);
        // In a container the server's paths are the container's; its mounts say what it reaches.
        if (launch && !launch.container) filesystemFindings(launch, report);
        dataServerFindings(server, launch, report);
      },
      project() {
        for (const { server, node, messageId, data, severity, copies } of groups.values()) {
          context.report({
            node,
            file: server.file,
            messageId,
            data: { server: displayName(server.name), ...data },
            ...(severity ? { severity } : {}),
            related: copies.map((copy) => ({ node: copy.node, file: copy.server.file, message: `the same setting for MCP server "${displayName(copy.server.name)}" in ${copy.server.file.path}` })),
          });
        }
      },
    };
  },
});

/**
 * An environment variable as the server process gets it. An env file may set anything, so with
 * one an unset variable is unknown rather than absent.
 */
function envSetting(server: McpServer, launch: Launch | undefined, name: string): Setting | undefined {
  const variable = serverEnvironment(server, launch).findLast((candidate) => candidate.name === name);
  if (variable) return variable;
  const envFile = launch ? envFileOf(launch) : undefined;
  return envFile ? { node: envFile.node } : undefined;
}

// ---------------------------------------------------------------------------------------------
// GitHub

/** The archived reference server: every tool it has can write with the token it gets. */
const ARCHIVED_GITHUB = new Set(['@modelcontextprotocol/server-github', 'mcp/github']);

interface GitHubAdvice {
  readonly readOnly: string;
  readonly toolsets: string;
}

function listsAll(setting: Setting | undefined): boolean {
  return setting?.value !== undefined && setting.value.split(',').some((item) => item.trim().toLowerCase() === 'all');
}

function githubFindings(server: McpServer, launch: Launch | undefined, report: Report): void {
  const url = serverUrl(server);
  const remote = url && server.url ? githubRemote(url) : undefined;
  if (remote && server.url) {
    // The remote server reads any header value but an explicit no as yes.
    const header = headerSetting(server, 'x-mcp-readonly');
    const headerOn = header !== undefined && (header.value === undefined || !['', 'false', '0', 'no', 'off', 'n', 'f'].includes(header.value.trim().toLowerCase()));
    const toolsets = headerSetting(server, 'x-mcp-toolsets');
    const all = remote.allToolsets
      ? { node: server.url as Node, evidence: 'the /x/all URL' }
      : listsAll(toolsets)
        ? { node: toolsets!.node, evidence: 'X-MCP-Toolsets: all' }
        : undefined;
    judgeGitHub(remote.readOnly || headerOn, all, server.url, { readOnly: 'the X-MCP-Readonly: true header or a /readonly URL', toolsets: 'X-MCP-Toolsets or an /x/<toolset> URL' }, report);
    return;
  }
  if (!launch) return;
  if (ARCHIVED_GITHUB.has(launch.target)) {
    report('githubArchived', launch.targetWord.node, {});
    return;
  }
  if (lastSegment(launch.target) !== 'github-mcp-server') return;
  const readOnly = switchedOn(flagSetting(launch.args, ['--read-only', '--read_only'])) || switchedOn(envSetting(server, launch, 'GITHUB_READ_ONLY'));
  const toolsetsFlag = flagSetting(launch.args, ['--toolsets'], true);
  const toolsetsEnv = envSetting(server, launch, 'GITHUB_TOOLSETS');
  const dynamicFlag = flagSetting(launch.args, ['--dynamic-toolsets', '--dynamic_toolsets']);
  const dynamicEnv = envSetting(server, launch, 'GITHUB_DYNAMIC_TOOLSETS');
  // Dynamic toolsets (removed in 2026, still in older images) let the model enable any toolset itself.
  const all = listsAll(toolsetsEnv)
    ? { node: toolsetsEnv!.node, evidence: 'GITHUB_TOOLSETS=all' }
    : listsAll(toolsetsFlag)
      ? { node: toolsetsFlag!.node, evidence: '--toolsets all' }
      : switchedOn(dynamicFlag)
        ? { node: dynamicFlag!.node, evidence: '--dynamic-toolsets' }
        : switchedOn(dynamicEnv)
          ? { node: dynamicEnv!.node, evidence: 'GITHUB_DYNAMIC_TOOLSETS' }
          : undefined;
  const advice = launch.container
    ? { readOnly: '-e GITHUB_READ_ONLY=1', toolsets: '-e GITHUB_TOOLSETS=repos,issues' }
    : { readOnly: '--read-only', toolsets: '--toolsets repos,issues' };
  judgeGitHub(readOnly, all, launch.targetWord.node, advice, report);
}

/**
 * Without read-only the agent writes with the token's full reach: medium. Every toolset with write
 * tools adds Actions, security alerts, projects, gists and the rest to what it can change: high.
 * Every toolset read-only still reads security alerts and workflow logs it seldom needs: low.
 */
function judgeGitHub(readOnly: boolean, all: { node: Node; evidence: string } | undefined, identity: Node, advice: GitHubAdvice, report: Report): void {
  if (!readOnly && all) report('githubAllWrite', all.node, { evidence: all.evidence, ...advice }, 'high');
  else if (!readOnly) report('githubWritable', identity, { readOnly: advice.readOnly });
  else if (all) report('githubAllRead', all.node, { evidence: all.evidence, toolsets: advice.toolsets }, 'low');
}

/** The remote GitHub server (github.com or a ghe.com tenant): read-only and all-toolsets by its path. */
function githubRemote(url: URL): { readOnly: boolean; allToolsets: boolean } | undefined {
  const host = url.hostname.toLowerCase();
  if (host !== 'api.githubcopilot.com' && !/^copilot-api\.[a-z0-9-]+\.ghe\.com$/.test(host)) return undefined;
  const segments = url.pathname.toLowerCase().split('/').filter(Boolean);
  if (segments[0] !== 'mcp') return undefined;
  return { readOnly: segments.includes('readonly'), allToolsets: segments[1] === 'x' && segments[2] === 'all' };
}

// ---------------------------------------------------------------------------------------------
// Filesystem

function isFilesystemServer(target: string): boolean {
  if (target === '@modelcontextprotocol/server-filesystem' || target.includes('/server-filesystem/')) return true;
  return /(?:^|[-_.])filesystem(?:[-_.]|$)/.test(lastSegment(target)) && /mcp|server/.test(target);
}

/** Folders whose contents are credentials or the configuration of every tool on the machine. */
const SENSITIVE_FOLDERS = new Set(['.ssh', '.aws', '.kube', '.gnupg', '.config', '.docker', '.azure']);
const HOME_VARIABLE = /^(?:~|\$HOME|\$\{HOME\}|\$\{env:HOME\}|\$\{userHome\}|\$\{env:USERPROFILE\}|\{env:HOME\}|\{env:USERPROFILE\}|\$\{USERPROFILE\}|\$env:USERPROFILE|%USERPROFILE%|%HOMEPATH%)$/i;

/** What a path opens up when it is the whole disk, a whole home (or all of them) or a credentials folder. */
function broadPath(raw: string): string | undefined {
  const path = raw.trim().replace(/\\/g, '/').replace(/(.)\/+$/, '$1');
  if (path === '/' || /^[A-Za-z]:\/?$/.test(path)) return 'the whole disk';
  const sensitive = path.split('/').find((segment) => SENSITIVE_FOLDERS.has(segment.toLowerCase()));
  if (sensitive) return `the ${sensitive} folder`;
  const local = path.replace(/^[A-Za-z]:/, '');
  if (HOME_VARIABLE.test(path) || /^\/(?:users|home)(?:\/[^/]+)?$/i.test(local) || local === '/root') return 'a whole home directory';
  return undefined;
}

function filesystemFindings(launch: Launch, report: Report): void {
  if (!isFilesystemServer(launch.target)) return;
  // A whole command line is one node: its folders make one finding.
  const byNode = new Map<Node, string[]>();
  for (const word of launch.args) {
    // A flag's own value (`--root=/`) counts; a bare flag names no folder.
    const path = word.text.startsWith('-') ? (word.text.includes('=') ? word.text.slice(word.text.indexOf('=') + 1) : undefined) : word.text;
    const what = path === undefined ? undefined : broadPath(path);
    if (what) byNode.set(word.node, [...(byNode.get(word.node) ?? []), `${what} (${path})`]);
  }
  for (const [node, folders] of byNode) report('filesystem', node, { folders: folders.join(', ') }, 'high');
}

// ---------------------------------------------------------------------------------------------
// Containers

/** The first `:` at or after `from` outside a `${…}` or `{…}` reference (`${env:HOME}/.aws:/root/.aws`). */
function separatorColon(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (char === '{') depth++;
    else if (char === '}') depth = Math.max(0, depth - 1);
    else if (char === ':' && depth === 0) return i;
  }
  return -1;
}

/** The source of a bind mount: `-v SRC:DST[:opts]` (a Windows drive kept whole) or `--mount type=bind,src=…`. */
function mountSource(option: ContainerOption): string | undefined {
  const text = option.value?.text;
  if (text === undefined) return undefined;
  if (option.name === '-v' || option.name === '--volume') {
    const drive = /^[A-Za-z]:[\\/]/.test(text) ? 2 : 0;
    const colon = separatorColon(text, drive);
    // `-v /data` is an anonymous volume at a container path: nothing of the host.
    return colon === -1 ? undefined : text.slice(0, colon);
  }
  if (option.name === '--mount') {
    const fields = new Map<string, string>();
    for (const field of text.split(',')) {
      const equals = field.indexOf('=');
      if (equals !== -1) fields.set(field.slice(0, equals).trim().toLowerCase(), field.slice(equals + 1).trim());
    }
    const type = fields.get('type') ?? 'volume';
    return type === 'bind' ? (fields.get('source') ?? fields.get('src')) : undefined;
  }
  return undefined;
}

function isEngineSocket(source: string): boolean {
  const path = source.replace(/\/+$/, '');
  return /(?:^|\/)(?:docker|podman)\.sock$/.test(path) || path === '/var/run' || path === '/run';
}

function containerFindings(options: readonly LaunchWord[], report: Report): void {
  // A whole command line is one node: its broad mounts make one finding.
  const mounts = new Map<Node, string[]>();
  for (const option of containerOptions(options)) {
    const value = option.value?.text.trim();
    const node = option.value?.node ?? option.word.node;
    if (option.name === '--privileged' && value?.toLowerCase() !== 'false') report('containerPrivileged', option.word.node, { flag: '--privileged' }, 'high');
    else if ((option.name === '--network' || option.name === '--net') && value?.toLowerCase() === 'host') report('containerHostNetwork', node, { flag: `${option.name} host` }, 'high');
    else if (option.name === '--pid' && value?.toLowerCase() === 'host') report('containerHostPid', node, { flag: '--pid host' }, 'high');
    else if (option.name === '--cap-add' && value !== undefined) {
      const capability = value.split(',').map((item) => item.trim().toUpperCase().replace(/^CAP_/, '')).find((item) => item === 'SYS_ADMIN' || item === 'ALL');
      if (capability) report('containerCapability', node, { capability, flag: `--cap-add ${value}` }, 'high');
    } else {
      const source = mountSource(option);
      if (source === undefined) continue;
      if (isEngineSocket(source)) report('containerSocket', node, { mount: source }, 'high');
      else {
        const what = broadPath(source);
        if (what) mounts.set(node, [...(mounts.get(node) ?? []), `${what} (${source})`]);
      }
    }
  }
  for (const [node, found] of mounts) report('containerMount', node, { mounts: found.join(', ') }, 'high');
}

// ---------------------------------------------------------------------------------------------
// Data, cloud and cluster servers with a read-only mode

interface DataJudgement {
  readonly product: string;
  readonly resource: string;
  /** How to make it read-only, said for this launch. */
  readonly advice: string;
  readonly readOnly: boolean;
  /** A narrower mode that is not read-only (`--disable-destructive`): the finding drops to low. */
  readonly partial?: string;
  /** Where to point: the word or URL that names the server, or the flag that opened it up. */
  readonly node: Node;
}

function dataServerFindings(server: McpServer, launch: Launch | undefined, report: Report): void {
  const judgement = judgeDataServer(server, launch);
  if (!judgement || judgement.readOnly) return;
  const { product, resource, advice, partial, node } = judgement;
  if (partial) report('dataPartial', node, { product, resource, advice, limit: partial }, 'low');
  else report('dataWritable', node, { product, resource, advice });
}

function judgeDataServer(server: McpServer, launch: Launch | undefined): DataJudgement | undefined {
  const url = serverUrl(server);
  if (url && server.url && url.hostname.toLowerCase() === 'mcp.supabase.com') {
    const readOnly = url.searchParams.get('read_only');
    return { product: 'the Supabase MCP server', resource: 'your Supabase projects', advice: 'add read_only=true to the URL', readOnly: readOnly !== null && switchedOn({ value: readOnly, node: server.url }), node: server.url };
  }
  if (!launch) return undefined;
  const env = (name: string) => envSetting(server, launch, name);
  const flag = (...names: string[]) => flagSetting(launch.args, names);
  const setEnv = (name: string) => (launch.container ? `-e ${name}` : `${name} in env`);
  const target = launch.target;
  const last = lastSegment(target);
  const node = launch.targetWord.node;
  if (target === '@supabase/mcp-server-supabase') {
    return { product: 'the Supabase MCP server', resource: 'your Supabase projects', advice: 'add --read-only', readOnly: switchedOn(flag('--read-only')), node };
  }
  if (last === 'awslabs.aws-api-mcp-server' || last === 'aws-api-mcp-server') {
    return { product: 'the AWS API MCP server', resource: 'your AWS account', advice: `set ${setEnv('READ_OPERATIONS_ONLY=true')}`, readOnly: switchedOn(env('READ_OPERATIONS_ONLY')), node };
  }
  if (last === 'mcp-atlassian') {
    // A tool allow-list is a deliberate narrowing; so is an env file the scan cannot read.
    const readOnly = switchedOn(flag('--read-only')) || switchedOn(env('READ_ONLY_MODE')) || flagSetting(launch.args, ['--enabled-tools'], true) !== undefined || env('ENABLED_TOOLS') !== undefined;
    return { product: 'mcp-atlassian', resource: 'your Jira and Confluence', advice: launch.container ? 'set -e READ_ONLY_MODE=true' : 'add --read-only', readOnly, node };
  }
  if (last === 'kubernetes-mcp-server' || last === 'kubernetes_mcp_server') {
    // A config file (`--config`, `K8S_MCP_CONFIG_PATH`) may say `read_only = true`; the scan cannot see it.
    const readOnly =
      switchedOn(flag('--read-only')) || flagSetting(launch.args, ['--config', '--config-dir'], true) !== undefined || env('K8S_MCP_CONFIG_PATH') !== undefined;
    const partial = switchedOn(flag('--disable-destructive')) ? '--disable-destructive' : undefined;
    return { product: 'the Kubernetes MCP server', resource: 'your clusters', advice: 'add --read-only', readOnly, ...(partial ? { partial } : {}), node };
  }
  if (last === 'mcp-server-kubernetes') {
    // This server reads its switches as the exact string "true".
    const readOnly = switchedOn(env('ALLOW_ONLY_READONLY_TOOLS'), true);
    const allowList = env('ALLOWED_TOOLS') !== undefined;
    const partial = switchedOn(env('ALLOW_ONLY_NON_DESTRUCTIVE_TOOLS'), true) ? 'ALLOW_ONLY_NON_DESTRUCTIVE_TOOLS' : undefined;
    return {
      product: 'mcp-server-kubernetes',
      resource: 'your clusters',
      advice: `set ${setEnv('ALLOW_ONLY_READONLY_TOOLS=true')}`,
      readOnly: readOnly || allowList,
      ...(partial ? { partial } : {}),
      node,
    };
  }
  if (last === 'awslabs.eks-mcp-server' || last === 'eks-mcp-server') {
    // Read-only unless `--allow-write` opens it.
    const allowWrite = flag('--allow-write');
    return { product: 'the Amazon EKS MCP server', resource: 'your EKS clusters', advice: 'drop --allow-write', readOnly: !switchedOn(allowWrite), node: allowWrite?.node ?? node };
  }
  return undefined;
}

/** The last path segment of a target: `ghcr.io/github/github-mcp-server` → `github-mcp-server`. */
function lastSegment(target: string): string {
  return target.slice(target.lastIndexOf('/') + 1);
}
