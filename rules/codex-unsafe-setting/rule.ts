import { displayName } from '../../src/credentials/mask.js';
import type { MapNode } from '../../src/model/document.js';
import { defineRule, get, isMap, isScalar, stringValue, type Node } from '../../src/rule.js';

/**
 * Codex asks before acting according to `approval_policy` and confines commands according to
 * `sandbox_mode`. `danger-full-access` runs every command with the user's full disk and network;
 * `never` takes the question away, which inside a sandbox still bounds what a command can touch,
 * and outside one bounds nothing. The same keys inside `[profiles.<name>]`, or at the top of a
 * profile file `<name>.config.toml`, apply when that profile is chosen with `--profile`.
 */

/** One settings table: the file's own, or a profile's, and how a message names it. */
interface Scope {
  readonly table: MapNode;
  /** Prefix of a key in messages: '' or 'profiles.ci.'. */
  readonly prefix: string;
  /** '' for the file's own settings, else ' (profile "ci", when chosen)'. */
  readonly profile: string;
}

function scopesOf(root: MapNode, path: string): Scope[] {
  const name = path.slice(path.lastIndexOf('/') + 1);
  // `<name>.config.toml` beside `config.toml` is a profile of its own.
  const fileProfile = /^(.+)\.config\.toml$/i.exec(name)?.[1];
  const scopes: Scope[] = [{ table: root, prefix: '', profile: fileProfile ? ` (profile "${displayName(fileProfile)}", when chosen)` : '' }];
  const profiles = get(root, 'profiles');
  if (isMap(profiles)) {
    for (const entry of profiles.entries) {
      if (isMap(entry.value)) scopes.push({ table: entry.value, prefix: `profiles.${displayName(entry.key)}.`, profile: ` (profile "${displayName(entry.key)}", when chosen)` });
    }
  }
  return scopes;
}

function isTrue(node: Node | undefined): node is Node {
  return isScalar(node) && node.value === true;
}

export default defineRule({
  meta: {
    id: 'codex-unsafe-setting',
    title: 'Codex config runs commands without approval or outside the sandbox',
    description:
      'A Codex `config.toml` sets `sandbox_mode = "danger-full-access"` (commands run with the full disk and network of the user), `approval_policy = "never"` (Codex never stops to ask) or opens the network from the workspace sandbox (`[sandbox_workspace_write] network_access = true`), at the top level or in a `[profiles.<name>]` table. Whatever text the agent reads can then turn into commands that run with no one asked and, outside the sandbox, with every credential on the machine in reach.',
    remediation:
      'Keep `sandbox_mode = "workspace-write"` (or `read-only`) and `approval_policy = "on-request"`, and leave the sandbox\'s network off unless a task needs it, then only for that run (`codex -c sandbox_workspace_write.network_access=true`). Run full access only inside a disposable container or VM that holds no credential worth stealing; administrators can forbid both settings in `requirements.toml`.',
    category: 'unsafe-agent-setting',
    severity: 'high',
    confidence: 'high',
    kinds: ['codex-config'],
    clients: ['codex'],
    messages: {
      fullAccess: '{key} is "danger-full-access"{profile}: Codex runs every command outside the sandbox, with the user\'s full disk and network; keep "workspace-write"',
      neverAsk: '{key} is "never"{profile}: Codex never asks before running a command{sandbox}; keep "on-request"',
      network: '{key} is true{profile}: commands in the workspace sandbox can reach any host, a way to send out what the agent read; enable it per run when a task needs it',
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
      if (settings.client !== 'codex') return;
      const topSandbox = stringValue(get(settings.node, 'sandbox_mode'));
      for (const scope of scopesOf(settings.node, settings.file.path)) {
        const inProfile = scope.prefix !== '' || scope.profile !== '';
        // A profile without its own sandbox_mode inherits the file's.
        const sandboxNode = get(scope.table, 'sandbox_mode');
        const sandbox = stringValue(sandboxNode) ?? topSandbox;
        if (sandboxNode && stringValue(sandboxNode) === 'danger-full-access') {
          context.report({ node: sandboxNode, at: 'entry', messageId: 'fullAccess', data: { key: `${scope.prefix}sandbox_mode`, profile: scope.profile }, severity: inProfile ? 'medium' : 'high' });
        }
        const approval = get(scope.table, 'approval_policy');
        if (approval && stringValue(approval) === 'never') {
          const unconfined = sandbox === 'danger-full-access';
          context.report({
            node: approval,
            at: 'entry',
            messageId: 'neverAsk',
            data: {
              key: `${scope.prefix}approval_policy`,
              profile: scope.profile,
              sandbox: unconfined ? ', and nothing confines it' : ' (the sandbox still bounds what it touches)',
            },
            // Without a sandbox, `never` is the whole of `--yolo`; with one, the sandbox still holds.
            severity: unconfined ? (inProfile ? 'medium' : 'high') : inProfile ? 'low' : 'medium',
          });
        }
        const network = get(get(scope.table, 'sandbox_workspace_write'), 'network_access');
        if (isTrue(network)) {
          context.report({ node: network, at: 'entry', messageId: 'network', data: { key: `${scope.prefix}sandbox_workspace_write.network_access`, profile: scope.profile }, severity: 'low' });
        }
      }
    },
  }),
});
