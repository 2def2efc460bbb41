import type { AgentSettings } from './agent-settings.js';
import type { SourceFile, Span } from './document.js';
import type { Lifetime } from './finding.js';
import type { McpServer } from './mcp.js';
import type { ActionDefinition, Workflow } from './workflow.js';

/**
 * A place a credential value is used, known by a digest keyed with a random key of this run: two
 * uses of one secret match, and the digest confirms no guess of it outside the process.
 */
export interface CredentialUse {
  readonly digest: string;
  /** A 32-bit digest of the value, stable across runs, for fingerprints only (docs/contract.md §5). */
  readonly fingerprint: string;
  /** What the credential is (`GitHub token`, `AWS access key`), never the value. */
  readonly kind: string;
  /** How long it lives, as the catalogue or the credential itself says. */
  readonly lifetime: Lifetime;
  readonly file: SourceFile;
  readonly span: Span;
  /** The key path or anchor of the use, as a finding would name it. */
  readonly anchor: string;
}

/** The AI agents nhiscan recognises, by the product that runs (src/agents/ says where). */
export type AgentId =
  | 'claude-code'
  | 'codex'
  | 'gemini-cli'
  | 'copilot'
  | 'github-models'
  | 'opencode'
  | 'aider'
  | 'goose'
  | 'cursor-agent'
  | 'amp'
  | 'qwen-code'
  | 'amazon-q'
  | 'pr-agent';

/**
 * A place an agent runs in CI: a step that uses its action or launches its CLI, the Copilot coding
 * agent's setup job, or a job calling a workflow of the same repository that runs one.
 */
export interface AgentUse {
  readonly agent: AgentId;
  readonly via: 'action' | 'cli' | 'copilot-setup' | 'reusable-workflow';
  /** For a call: the workflow paths from the called one to the one whose job runs the agent. */
  readonly through?: readonly string[];
  readonly file: SourceFile;
  readonly span: Span;
  /** Where: `jobs.review.steps[1]`, or the job (`jobs.copilot-setup-steps`, a calling `jobs.review`). */
  readonly user: string;
}

/** The kinds of handle an agent or job acts as, beyond a secret's value. */
export type IdentityType =
  | 'secret-name'
  | 'env-var'
  | 'role-arn'
  | 'service-account'
  | 'workload-identity-provider'
  | 'client-id'
  | 'github-app'
  | 'cloud-profile'
  | 'kube-context';

/** One use of an identity handle: a secret name referenced by a workflow, a role ARN assumed by a job. */
export interface IdentityHandle {
  readonly type: IdentityType;
  /** The handle as written (a name, an ARN); handles are names, never secret values. */
  readonly name: string;
  readonly file: SourceFile;
  readonly span: Span;
  /** Who uses it: `jobs.deploy`, `mcpServers.github`, `runs.steps[2]`. */
  readonly user: string;
}

/**
 * Everything the engine's extractors gathered from the whole scan, in file order. Cross-file
 * rules and the inventory read this one store instead of each rebuilding their own.
 */
export interface ProjectFacts {
  readonly workflows: readonly Workflow[];
  readonly actions: readonly ActionDefinition[];
  readonly mcpServers: readonly McpServer[];
  readonly agentSettings: readonly AgentSettings[];
  readonly credentialUses: readonly CredentialUse[];
  readonly identities: readonly IdentityHandle[];
  /** Every agent step of every workflow in file order, then every job calling a workflow of the repository that runs one. */
  readonly agentUses: readonly AgentUse[];
}
