import { displayName } from '../../src/credentials/mask.js';
import { clientStarts, defineRule, isScalar, type McpServer, type Severity } from '../../src/rule.js';
import type { ScalarNode } from '../../src/model/document.js';
import { severityRank } from '../../src/model/severity.js';

/**
 * A remote MCP server reached over plain `http://` sends every tool call, every result and every
 * header (a bearer token, an API key) in clear text. Anyone on the path reads the credential and
 * can rewrite what the tools return, which goes straight into the agent's context.
 */
export default defineRule({
  meta: {
    id: 'mcp-server-insecure-transport',
    title: 'remote MCP server over plain HTTP',
    description:
      'An MCP server entry points at a remote server with an `http://` URL on a host other than this machine. Tool calls, their results and any credential in the headers cross the network unencrypted: whoever sits on the path can read the token and change what the agent is told.',
    remediation:
      'Use the server\'s `https://` endpoint. A server that only speaks HTTP belongs on `localhost` (or behind a TLS-terminating proxy), never across a network.',
    category: 'unsafe-agent-setting',
    severity: 'medium',
    confidence: 'high',
    kinds: ['mcp-config', 'codex-config'],
    messages: {
      plainHttp: 'MCP server "{server}" is reached over plain HTTP at {host}{credential}: anyone on the network path can read and change its traffic; use https://',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI07' },
      { framework: 'owasp-asi-2026', id: 'ASI02' },
      { framework: 'owasp-nhi-2025', id: 'NHI4' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '319' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-04' },
    ],
  },
  create: (context) => {
    /** Each plain-HTTP endpoint, by URL: the same server in several clients' files is one finding. */
    const endpoints = new Map<string, Endpoint[]>();
    return {
      mcpServer(server: McpServer) {
        // A server its client does not start reaches nothing.
        if (!clientStarts(server)) return;
        for (const node of remoteUrls(server)) {
          if (typeof node.value !== 'string') continue;
          const url = node.value;
          const host = plainHttpHost(url);
          if (host === undefined) continue;
          const reach = hostReach(host);
          if (reach === 'loopback' || reach === 'unknown') continue;
          const credential = credentialSent(server, url);
          const severity: Severity = reach === 'private' ? (credential ? 'medium' : 'low') : credential ? 'high' : 'medium';
          const key = url.trim().toLowerCase();
          endpoints.set(key, [...(endpoints.get(key) ?? []), { server, node, host, credential, severity }]);
        }
      },
      project() {
        for (const uses of endpoints.values()) {
          const [first, ...others] = uses;
          if (!first) continue;
          // The gravest use speaks for all: one of the copies may send a credential the others do not.
          const worst = uses.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
          context.report({
            node: first.node,
            file: first.server.file,
            messageId: 'plainHttp',
            severity: worst.severity,
            data: { server: displayName(first.server.name), host: displayName(first.host), credential: worst.credential ? ` with ${worst.credential}` : '' },
            related: others.map((use) => ({ node: use.node, file: use.server.file, message: `the same endpoint for MCP server "${displayName(use.server.name)}" in ${use.server.file.path}` })),
          });
        }
      },
    };
  },
});

interface Endpoint {
  readonly server: McpServer;
  readonly node: ScalarNode;
  readonly host: string;
  readonly credential: string;
  readonly severity: Severity;
}

/** The entry's own URL, and the URL an `mcp-remote` bridge is told to reach with `--allow-http`. */
function remoteUrls(server: McpServer): ScalarNode[] {
  const urls: ScalarNode[] = server.url ? [server.url] : [];
  const words = server.args.filter(isScalar).map((node) => ({ node, text: typeof node.value === 'string' ? node.value : '' }));
  const command = typeof server.command?.value === 'string' ? server.command.value : '';
  const bridge = /(?:^|[\\/\s])mcp-remote(?:@|\s|$)/.test(command) || words.some((word) => /^mcp-remote(?:@|$)/.test(word.text));
  // Without `--allow-http`, mcp-remote refuses a plain-HTTP URL off this machine, so nothing is sent.
  if (bridge && words.some((word) => word.text === '--allow-http')) {
    for (const word of words) if (/^http:\/\//i.test(word.text)) urls.push(word.node);
  }
  return urls;
}

/** The host of an `http://` URL, without user, port or brackets; undefined for any other scheme. */
function plainHttpHost(url: string): string | undefined {
  const match = /^\s*http:\/\/([^/?#]*)/i.exec(url);
  if (!match) return undefined;
  const authority = match[1]!.replace(/^.*@/, '');
  const bracketed = /^\[([^\]]*)\]/.exec(authority);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return authority.replace(/:[^:]*$/, '').toLowerCase();
}

type Reach = 'loopback' | 'private' | 'public' | 'unknown';

/** Where a host is: this machine, a private network, the internet, or not known from the file (`${HOST}`). */
function hostReach(host: string): Reach {
  if (host === '' || /[$%{}]/.test(host)) return 'unknown';
  if (host === 'localhost' || host.endsWith('.localhost') || host === 'host.docker.internal' || host === '0.0.0.0') return 'loopback';
  if (/^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1' || host === '::ffff:127.0.0.1') return 'loopback';
  const ipv4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (ipv4) {
    const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
    const isPrivate = a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
    return isPrivate ? 'private' : 'public';
  }
  if (host.includes(':')) return /^f[cd]|^fe[89ab]/.test(host) ? 'private' : 'public';
  // A single-label name (`mcp-server`) resolves inside a compose network or a LAN, never on the internet.
  if (!host.includes('.') || /\.(?:local|internal|lan|home\.arpa|svc|cluster\.local)$/.test(host)) return 'private';
  return 'public';
}

const CREDENTIAL_HEADER = /authorization|token|api[-_]?key|secret|cookie|password|auth/i;

/** What credential rides along in clear text, described for the message; empty when none is visible. */
function credentialSent(server: McpServer, url: string): string {
  const header = server.headers?.entries.find((entry) => CREDENTIAL_HEADER.test(entry.key));
  if (header) return `its ${displayName(header.key, 40)} header`;
  for (const key of ['bearer_token_env_var', 'env_http_headers']) {
    if (server.node.entries.some((entry) => entry.key === key)) return `the credential from ${key}`;
  }
  if (server.args.some((node) => isScalar(node) && typeof node.value === 'string' && /^\s*(?:authorization|x-api-key)\s*:/i.test(node.value))) return 'a credential header in its args';
  if (/^\s*http:\/\/[^/?#]*@/i.test(url) || /[?&](?:[a-z_]*(?:token|key|secret|auth)[a-z_]*)=/i.test(url)) return 'a credential in the URL';
  return '';
}
