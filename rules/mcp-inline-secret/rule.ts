import { plausiblePassword } from '../../src/credentials/catalogue/structural.js';
import { SECRET_FLAG } from '../../src/agents/mcp-environment.js';
import { describeSecret, displayName } from '../../src/credentials/mask.js';
import { matchCredential, type CredentialMatch, MIN_SECRET_LENGTH_OPTION } from '../../src/credentials/value.js';
import { valueKind } from '../../src/model/value-kind.js';
import type { AgentClient } from '../../src/model/file-kind.js';
import { defineRule, isScalar, type McpServer, type Node } from '../../src/rule.js';

/**
 * A literal credential in an MCP server's `env`, `headers`, `args` or URL is a static secret
 * committed where every client variable syntax (`${VAR}`, `${env:VAR}`, `${input:id}`) would have
 * kept it out.
 */
export default defineRule({
  meta: {
    id: 'mcp-inline-secret',
    title: 'literal credential in an MCP server config',
    description:
      'An MCP server entry gives its process or its remote endpoint a credential written out as a literal in `env`, `headers`, its command-line `args` or its URL (a query parameter such as `?api_key=`, or `user:password@`). The secret is now in the repository and in every clone, shared by every agent that loads the file, and lives until someone rotates it by hand.',
    remediation:
      'Remove the value, rotate the credential, and reference it instead: `${VAR}` (Claude Code), `${env:VAR}` (Cursor) or an `${input:id}` prompt (VS Code), fed from a secret store or a short-lived token.',
    category: 'long-lived-credential',
    severity: 'high',
    confidence: 'medium',
    kinds: ['mcp-config', 'codex-config'],
    // The same credential in the same characters: this rule names the server and the field.
    supersedes: ['committed-credential'],
    messages: {
      literal: '{kind} given to MCP server "{server}" as a literal in {field} ({secret})',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-asi-2026', id: 'ASI04' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '798' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
    options: { 'min-secret-length': MIN_SECRET_LENGTH_OPTION },
  },
  create: (context) => ({
    mcpServer(server: McpServer) {
      const minLength = context.options['min-secret-length'];
      const report = (node: Node, field: string, value: string, match: CredentialMatch) => {
        // A credential that lives for hours is dead by the time anyone reads the file.
        if (match.lifetime.class === 'short') return;
        const secret = value.slice(match.start, match.end);
        context.report({
          node,
          messageId: 'literal',
          // A server name or key can itself be a pasted token: names are shown as any scanned value is.
          data: { kind: match.kind, server: displayName(server.name), field, secret: describeSecret(secret) },
          secret,
          lifetime: match.lifetime,
        });
      };
      for (const [field, container] of [['env', server.env], ['headers', server.headers]] as const) {
        for (const entry of container?.entries ?? []) {
          const value = entry.value;
          if (!isScalar(value) || typeof value.value !== 'string' || isReference(server.client, value.value)) continue;
          const match = matchCredential(value.value, entry.key, minLength);
          if (match) report(value, `${field}.${displayName(entry.key)}`, value.value, match);
        }
      }
      const url = server.url;
      if (url && typeof url.value === 'string') {
        for (const { part, value, match } of urlSecrets(server.client, url.value, minLength)) report(url, `url ${part}`, value, match);
      }
      // A URL among the arguments (`mcp-remote https://…?api_key=…`) is read as the server's own.
      const urlArguments = new Set<number>();
      server.args.forEach((node, index) => {
        if (!isScalar(node) || typeof node.value !== 'string' || !/^https?:\/\//i.test(node.value)) return;
        for (const { part, value, match } of urlSecrets(server.client, node.value, minLength)) {
          urlArguments.add(index);
          report(node, `args[${index}] ${part}`, value, match);
        }
      });
      for (const { index, node, value, match } of argumentSecrets(server.client, server.args, minLength)) {
        if (!urlArguments.has(index)) report(node, `args[${index}]`, value, match);
      }
    },
  }),
});

/** A header given on the command line (`-H "Authorization: Bearer …"`). */
const HEADER = /^([A-Za-z][A-Za-z0-9-]{0,100}):[ \t]*(.{1,2000})$/;

interface ArgumentSecret {
  readonly index: number;
  readonly node: Node;
  readonly value: string;
  readonly match: CredentialMatch;
}

/**
 * Secrets a server's launch line carries: a known format in any argument, a value after a flag
 * that names a secret (`--access-token sbp_…`, `--api-key=…`), and a header pair
 * (`Authorization: Bearer …`). Real configs pass credentials this way as often as through `env`.
 */
function argumentSecrets(client: AgentClient, args: readonly Node[], minLength: number): ArgumentSecret[] {
  const found: ArgumentSecret[] = [];
  const text = (node: Node | undefined) => (node && isScalar(node) && typeof node.value === 'string' ? node.value : undefined);
  args.forEach((node, index) => {
    const value = text(node);
    if (value === undefined || isReference(client, value)) return;
    const flag = /^(--?[A-Za-z][A-Za-z0-9_-]{0,60})=(.{1,2000})$/.exec(value);
    const header = HEADER.exec(value);
    const previous = text(args[index - 1]);
    let match: CredentialMatch | undefined;
    if (flag && SECRET_FLAG.test(flag[1]!)) {
      const inner = matchCredential(flag[2]!, flag[1]!.replace(/^-+/, ''), minLength);
      if (inner) match = { ...inner, start: inner.start + flag[1]!.length + 1, end: inner.end + flag[1]!.length + 1 };
    } else if (header && !value.startsWith('-')) {
      const inner = matchCredential(header[2]!, header[1]!, minLength);
      if (inner) match = { ...inner, start: inner.start + value.length - header[2]!.length, end: inner.end + value.length - header[2]!.length };
    } else if (previous !== undefined && SECRET_FLAG.test(previous)) {
      match = matchCredential(value, previous.replace(/^-+/, ''), minLength);
    }
    // Any other argument counts only when it holds a known format: a random path or id is no secret.
    match ??= knownFormat(value, minLength);
    if (match) found.push({ index, node, value, match });
  });
  return found;
}

/**
 * A value its client fills from elsewhere, in the client's own syntax (OpenCode's `{env:VAR}`,
 * Gemini's `$VAR`): no literal to report, however secret its key sounds.
 */
function isReference(client: AgentClient, value: string): boolean {
  const kind = valueKind(client, value);
  return kind === 'env' || kind === 'input' || kind === 'file';
}

function knownFormat(value: string, minLength: number): CredentialMatch | undefined {
  const match = matchCredential(value, '', minLength);
  return match && match.kind !== 'high-entropy value' && match.kind !== 'password' ? match : undefined;
}

/** Where in a URL a credential sits, for messages (`query parameter "api_key"`), with the value holding it. */
interface UrlSecret {
  readonly part: string;
  readonly value: string;
  readonly match: CredentialMatch;
}

/** The scheme and authority (`user:password@host:port`) of an absolute URL. */
const AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\/([^/?#]{0,2000})/;

/** A query parameter named plainly `key` holds an API key (Google's `?key=AIza…`, many MCP gateways). */
const BARE_KEY = /^key$/i;


/**
 * Credentials a remote server's URL carries: a password or a token in its userinfo
 * (`https://user:pass@host`, `https://ghp_…@host`), a value under a query parameter whose name says
 * it is a secret (`?api_key=`, `&access_token=`, `?key=`), a known format anywhere in the query
 * or the path. Each value is read in its client's syntax, so `?key=${input:api-key}` passes.
 */
function urlSecrets(client: AgentClient, url: string, minLength: number): UrlSecret[] {
  if (url.length > 100_000) return [];
  const found: UrlSecret[] = [];
  const literal = (value: string) => value !== '' && valueKind(client, value) === 'literal';
  const authority = AUTHORITY.exec(url);
  const pathStart = authority ? authority[0].length : 0;
  const at = authority ? authority[1]!.lastIndexOf('@') : -1;
  if (authority && at >= 0) {
    const userinfo = authority[1]!.slice(0, at);
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    const password = colon < 0 ? '' : userinfo.slice(colon + 1);
    const userMatch = literal(user) ? knownFormat(user, minLength) : undefined;
    if (userMatch) found.push({ part: 'userinfo', value: user, match: userMatch });
    const passwordMatch = literal(password) ? matchCredential(password, 'password', minLength) : undefined;
    if (passwordMatch && (passwordMatch.kind !== 'password' || plausiblePassword(password))) {
      found.push({ part: 'userinfo password', value: password, match: passwordMatch });
    }
  }
  const fragment = url.indexOf('#', pathStart);
  const end = fragment < 0 ? url.length : fragment;
  const question = url.indexOf('?', pathStart);
  const queryStart = question < 0 || question > end ? end : question;
  for (const segment of url.slice(pathStart, queryStart).split('/')) {
    const match = literal(segment) ? knownFormat(segment, minLength) : undefined;
    if (match) found.push({ part: 'path', value: segment, match });
  }
  if (queryStart >= end) return found;
  for (const pair of url.slice(queryStart + 1, end).split('&')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    if (!literal(value)) continue;
    const match = matchCredential(value, BARE_KEY.test(name) ? 'api_key' : name, minLength);
    if (match && (match.kind !== 'password' || plausiblePassword(value))) found.push({ part: `query parameter "${displayName(name)}"`, value, match });
  }
  return found;
}
