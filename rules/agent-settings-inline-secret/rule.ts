import { literalSeverity } from '../../src/credentials/lifetime.js';
import { describeSecret, displayName } from '../../src/credentials/mask.js';
import { matchCredential, MIN_SECRET_LENGTH_OPTION } from '../../src/credentials/value.js';
import { valueKind } from '../../src/model/value-kind.js';
import type { ScalarNode } from '../../src/model/document.js';
import { defineRule, get, isMap, isScalar, isSeq, type AgentClient, type AgentSettings, type Node } from '../../src/rule.js';

/**
 * The credentials an AI client reads from its own settings, outside its MCP server entries
 * (`mcp-inline-secret` reads those): the model provider's API key, the environment it gives the
 * agent, the headers it sends. Each client's fields, checked against its documentation or source:
 * - Aider `.aider.conf.yml`: `openai-api-key`, `anthropic-api-key`, `api-key` (`provider=<key>`,
 *   which sets `PROVIDER_API_KEY`) and `set-env` (`NAME=value`) (aider/args.py, aider/main.py;
 *   aider.chat/docs/config/api-keys.html);
 * - Claude Code `.claude/settings.json` and `settings.local.json`: `env`, the environment of every
 *   session (code.claude.com/docs/en/settings);
 * - Continue configs and blocks: `models[].apiKey`, `data[].apiKey`, their
 *   `requestOptions.headers`, the `with` inputs of a `uses` block, and `context[].params`
 *   (docs.continue.dev/reference);
 * - OpenCode `opencode.json`: `provider.<id>.options` (`apiKey`, `headers`) (opencode.ai/docs/providers);
 * - Codex `config.toml`: `model_providers.<id>.experimental_bearer_token`, `http_headers` and
 *   `query_params` (codex-rs `ModelProviderInfo`).
 * Gemini CLI and Zed read no provider key from their settings files (Zed keeps keys in the
 * system keychain), so they have nothing here.
 */

/** One string a client reads as a credential's place: where it is, what it is called, what it holds. */
interface Candidate {
  readonly node: ScalarNode;
  /** The field, for messages: `env.ANTHROPIC_API_KEY`, `api-key[0] gemini=`. */
  readonly field: string;
  /** The name the value is judged under: a key name, or the variable the client sets from it. */
  readonly keyName: string;
  /** The part of the scalar that is the value (after `NAME=` in Aider's lists). */
  readonly value: string;
}

const CLIENT_NAMES: Partial<Record<AgentClient, string>> = {
  aider: 'Aider',
  'claude-code': 'Claude Code',
  continue: 'Continue',
  opencode: 'OpenCode',
  codex: 'Codex',
};

function text(node: Node | undefined): ScalarNode | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node : undefined;
}

/** A field name fit for a message: a name that looks like a pasted token is masked. */
const name = (key: string) => displayName(key, 60);

/**
 * An HTTP header named `…-Key` carries a key (`X-Gateway-Key`, `Ocp-Apim-Subscription-Key`): judged
 * as an API key would be, where other settings need the fuller names `matchCredential` knows.
 */
const HEADER_KEY = /key$/i;

/** Every string entry of a map, as candidates under `prefix.<key>`; `headers` says the map is HTTP headers. */
function entriesOf(map: Node | undefined, prefix: string, headers = false): Candidate[] {
  if (!isMap(map)) return [];
  return map.entries.flatMap(({ key, value }) => {
    const node = text(value);
    const keyName = headers && HEADER_KEY.test(key) ? 'api_key' : key;
    return node ? [{ node, field: `${prefix}.${name(key)}`, keyName, value: node.value as string }] : [];
  });
}

/** A value or a list of values, with the index when it is a list. */
function listOf(node: Node | undefined): { node: ScalarNode; index?: number }[] {
  if (isSeq(node)) return node.items.flatMap((item, index) => (text(item) ? [{ node: text(item)!, index }] : []));
  const one = text(node);
  return one ? [{ node: one }] : [];
}

/** Aider: its two key options, and the `NAME=value` pairs of `api-key` and `set-env`. */
function aider(root: Node): Candidate[] {
  const found: Candidate[] = [];
  for (const key of ['openai-api-key', 'anthropic-api-key']) {
    const node = text(get(root, key));
    if (node) found.push({ node, field: key, keyName: key, value: node.value as string });
  }
  for (const option of ['api-key', 'set-env'] as const) {
    for (const { node, index } of listOf(get(root, option))) {
      const pair = node.value as string;
      const equals = pair.indexOf('=');
      if (equals <= 0) continue;
      const left = pair.slice(0, equals).trim();
      // Aider sets `--api-key gemini=…` as GEMINI_API_KEY, and `--set-env NAME=…` as NAME.
      const variable = option === 'api-key' ? `${left.toUpperCase()}_API_KEY` : left;
      const field = `${option}${index === undefined ? '' : `[${index}]`} ${name(left)}=`;
      found.push({ node, field, keyName: variable, value: pair.slice(equals + 1).trim() });
    }
  }
  return found;
}

/** Continue: each model's and data destination's key and headers, `uses` inputs, context provider parameters. */
function continueSettings(root: Node): Candidate[] {
  const found: Candidate[] = [];
  for (const list of ['models', 'data', 'context'] as const) {
    const items = get(root, list);
    if (!isSeq(items)) continue;
    items.items.forEach((item, index) => {
      const at = `${list}[${index}]`;
      const apiKey = text(get(item, 'apiKey'));
      if (apiKey) found.push({ node: apiKey, field: `${at}.apiKey`, keyName: 'apiKey', value: apiKey.value as string });
      found.push(...entriesOf(get(get(item, 'requestOptions'), 'headers'), `${at}.requestOptions.headers`, true));
      found.push(...entriesOf(get(item, 'with'), `${at}.with`));
      if (list === 'context') found.push(...entriesOf(get(item, 'params'), `${at}.params`));
    });
  }
  return found;
}

/** OpenCode: each provider's options (`apiKey` and its kin) and the headers among them. */
function opencode(root: Node): Candidate[] {
  const providers = get(root, 'provider');
  if (!isMap(providers)) return [];
  return providers.entries.flatMap(({ key, value }) => {
    const options = get(value, 'options');
    const at = `provider.${name(key)}.options`;
    return [...entriesOf(options, at), ...entriesOf(get(options, 'headers'), `${at}.headers`, true)];
  });
}

/** Codex: a custom model provider's bearer token, static headers and query parameters. */
function codex(root: Node): Candidate[] {
  const providers = get(root, 'model_providers');
  if (!isMap(providers)) return [];
  return providers.entries.flatMap(({ key, value }) => {
    const at = `model_providers.${name(key)}`;
    const token = text(get(value, 'experimental_bearer_token'));
    return [
      ...(token ? [{ node: token, field: `${at}.experimental_bearer_token`, keyName: 'bearer_token', value: token.value as string }] : []),
      ...entriesOf(get(value, 'http_headers'), `${at}.http_headers`, true),
      ...entriesOf(get(value, 'query_params'), `${at}.query_params`),
    ];
  });
}

function candidatesOf(settings: AgentSettings): Candidate[] {
  switch (settings.client) {
    case 'aider':
      return aider(settings.node);
    case 'claude-code':
      return entriesOf(get(settings.node, 'env'), 'env');
    case 'continue':
      return continueSettings(settings.node);
    case 'opencode':
      return opencode(settings.node);
    case 'codex':
      return codex(settings.node);
    default:
      return [];
  }
}


export default defineRule({
  meta: {
    id: 'agent-settings-inline-secret',
    title: "literal credential in an AI client's own settings",
    description:
      "An AI coding client's settings file holds a credential written out as a literal: Aider's `openai-api-key` or `api-key`, Claude Code's `env`, a Continue model's `apiKey`, an OpenCode provider's `options.apiKey`, a Codex provider's bearer token or headers. The key is now in the repository and every clone, every person and agent that loads the file acts with it, and it stays valid until someone rotates it by hand.",
    remediation:
      "Rotate the credential, then take it out of the file: leave Aider's and Claude Code's keys to the environment or a git-ignored `.env`, write `${{ secrets.NAME }}` in Continue, `{env:NAME}` in OpenCode, and `env_key` or `env_http_headers` in Codex, fed from a secret store or a short-lived key.",
    category: 'long-lived-credential',
    severity: 'high',
    confidence: 'medium',
    kinds: ['agent-settings', 'claude-settings', 'mcp-config', 'codex-config'],
    clients: ['aider', 'claude-code', 'continue', 'opencode', 'codex'],
    // The same credential in the same characters: this rule names the client and the setting.
    supersedes: ['committed-credential'],
    messages: {
      literal: '{kind} given to {client} as a literal in {field} ({secret})',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '798' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
    options: { 'min-secret-length': MIN_SECRET_LENGTH_OPTION },
  },
  create: (context) => ({
    agentSettings(settings: AgentSettings) {
      const client = CLIENT_NAMES[settings.client];
      if (client === undefined) return;
      const minLength = context.options['min-secret-length'];
      for (const { node, field, keyName, value } of candidatesOf(settings)) {
        // A value the client fills from elsewhere (`${{ secrets.X }}`, `{env:X}`) is no literal.
        if (valueKind(settings.client, value) !== 'literal') continue;
        const match = matchCredential(value, keyName, minLength);
        const severity = match && literalSeverity(match.lifetime);
        if (!match || !severity) continue;
        const secret = value.slice(match.start, match.end);
        context.report({
          node,
          messageId: 'literal',
          data: { kind: match.kind, client, field, secret: describeSecret(secret) },
          severity,
          secret,
          lifetime: match.lifetime,
        });
      }
    },
  }),
});
