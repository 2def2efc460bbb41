import { literalSeverity } from '../../src/credentials/lifetime.js';
import { commandsOf } from '../../src/agents/shell.js';
import { describeSecret } from '../../src/credentials/mask.js';
import { matchCredential } from '../../src/credentials/value.js';
import { defineRule, get, isScalar } from '../../src/rule.js';

/**
 * Claude Code runs `apiKeyHelper` to get the key it sends, and runs it again when its cached
 * value is older than `CLAUDE_CODE_API_KEY_HELPER_TTL_MS` (five minutes when unset) or a request
 * comes back 401; `awsCredentialExport` likewise prints the AWS credentials it uses. A helper is
 * how a short-lived key reaches the agent. One that prints a literal defeats that: every refresh
 * returns the same credential, which then lives until someone rotates it by hand. (A helper
 * without the TTL variable is not a finding: the five-minute default already refreshes it.)
 */

/** The settings whose value is a shell command printing a credential. */
const HELPERS = ['apiKeyHelper', 'awsCredentialExport'] as const;

/** Programs that print their arguments. */
const PRINTERS = new Set(['echo', 'printf']);

/** A printf format with nothing of its own to print: `%s`, `%s\n`. */
const FORMAT_ONLY = /^(?:%[-0-9.]{0,10}[sdb]|\\n|\s)+$/;

/** The words a script prints as they stand: arguments of `echo` and `printf`, no expansion in them. */
function printedWords(script: string): string[] {
  const printed: string[] = [];
  for (const { words } of commandsOf(script)) {
    const program = words[0]?.slice(words[0].lastIndexOf('/') + 1);
    if (program === undefined || !PRINTERS.has(program)) continue;
    for (const word of words.slice(1)) {
      if (word.startsWith('-') || word.includes('$') || word.includes('`') || FORMAT_ONLY.test(word)) continue;
      printed.push(word);
    }
  }
  return printed;
}


export default defineRule({
  meta: {
    id: 'claude-key-helper-fixed-key',
    title: 'Claude Code credential helper prints a fixed key, so refreshing never replaces it',
    description:
      'A Claude Code settings file sets `apiKeyHelper` or `awsCredentialExport` to a command that prints a literal credential (`echo sk-ant-…`, `printf \'%s\' \'…\'`). Claude Code re-runs the helper every five minutes by default (`CLAUDE_CODE_API_KEY_HELPER_TTL_MS`) and after a 401, so that a short-lived key can take the place of the last one; a helper that prints a constant hands the agent the same credential every time, valid until someone rotates it by hand.',
    remediation:
      'Rotate the credential printed here, then have the helper fetch a short-lived one: a key from a secret manager or an LLM gateway that issues expiring keys (`vault kv get …`, `op read …`), or STS credentials (`aws sts assume-role`, `aws configure export-credentials` for an SSO profile) for `awsCredentialExport`. Set `CLAUDE_CODE_API_KEY_HELPER_TTL_MS` in `env` to match the key\'s real lifetime.',
    category: 'missing-ttl',
    severity: 'high',
    confidence: 'high',
    kinds: ['claude-settings'],
    clients: ['claude-code'],
    messages: {
      fixedKey:
        '{setting} prints a fixed {kind} ({secret}): every refresh returns the same credential, so it stays valid until someone rotates it by hand; have the helper fetch a short-lived key',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '613' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
  },
  create: (context) => ({
    agentSettings(settings) {
      if (settings.client !== 'claude-code') return;
      for (const setting of HELPERS) {
        const node = get(settings.node, setting);
        if (!isScalar(node) || typeof node.value !== 'string') continue;
        for (const word of printedWords(node.value)) {
          // Judged as a value under a key that names a secret: a known format, or a random one.
          const match = matchCredential(word, 'api_key');
          const severity = match && literalSeverity(match.lifetime);
          if (!match || !severity) continue;
          const secret = word.slice(match.start, match.end);
          context.report({
            node,
            messageId: 'fixedKey',
            data: { setting, kind: match.kind, secret: describeSecret(secret) },
            severity,
            secret,
            lifetime: match.lifetime,
          });
          break;
        }
      }
    },
  }),
});
