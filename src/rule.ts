/**
 * The rule API: everything a rule may import besides the model, credentials and frameworks.
 * The engine implements it; rules never import the engine.
 */
import type { AgentSettings } from './model/agent-settings.js';
import type { Category } from './model/category.js';
import type { Node, Span, SourceFile, StructuredDocument } from './model/document.js';
import type { AgentClient, FileKind } from './model/file-kind.js';
import type { Lifetime } from './model/finding.js';
import type { McpServer } from './model/mcp.js';
import type { OptionSpec, OptionSpecs, OptionValues, OptionValue } from './model/options.js';
import type { CredentialUse, IdentityHandle, ProjectFacts } from './model/project.js';
import type { Confidence, Severity } from './model/severity.js';
import type { ConfigSuppression, InlineSuppression } from './model/suppression.js';
import type { UnscannedFile } from './model/unscanned.js';
import type { ViewName } from './model/views.js';
import type { ActionDefinition, Workflow } from './model/workflow.js';
import type { FrameworkRef } from './frameworks/catalog.js';
import type { CredentialHit } from './credentials/types.js';

/** A credential the catalogue found in a file: where, what, and how long it lives. */
export interface FoundCredential {
  readonly file: SourceFile;
  readonly hit: CredentialHit;
}

export interface RuleMeta<MessageId extends string, Options extends OptionSpecs = OptionSpecs> {
  /** Stable kebab-case id, equal to the rule's folder name. */
  readonly id: string;
  /** Lower-case one-line title; SARIF shortDescription. */
  readonly title: string;
  /** Two or three sentences: what the rule finds and why it matters; SARIF fullDescription. */
  readonly description: string;
  /** How to fix it, in a paragraph; the README shows it at length with before and after. */
  readonly remediation: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly confidence: Confidence;
  /**
   * The file kinds the rule reads. `document` runs on exactly these; a view hook (`workflow`,
   * `mcpServer` …) receives its view from every file that feeds it. Each kind listed must reach
   * some hook of the rule (the meta test checks it).
   */
  readonly kinds: readonly FileKind[];
  /**
   * The AI clients whose own settings the rule judges, when that is fewer than every client whose
   * files are of its `kinds` (Codex's keys mean nothing in Cursor's file). The README's client table
   * lists the rule for these clients only; an empty list means it reads client files only to learn
   * that an agent is configured.
   */
  readonly clients?: readonly AgentClient[];
  /**
   * The views the `project` hook reads from the store, kept from every file that feeds them. A
   * view holds its whole parsed file until the end of the scan, which makes every garbage
   * collection dearer: a rule that needs a little of each file gathers it in its view hook
   * instead. Identity handles and credential uses are in the store whatever this says.
   */
  readonly projectViews?: readonly ViewName[];
  /**
   * Lower-case ASCII literals that gate the `text` hook: it runs only on files holding one of them
   * (in any case). A rule without keywords sees every file's text.
   */
  readonly keywords?: readonly string[];
  /**
   * Rules this one refines. When both report the same evidence in the same category, this rule's
   * finding stays and theirs is named in its `alsoMatched` (docs/contract.md §2).
   */
  readonly supersedes?: readonly string[];
  /** Message templates with `{placeholders}`; the ids are the only ones `report` accepts. */
  readonly messages: Readonly<Record<MessageId, string>>;
  /** Every rule cites OWASP Agentic 2026, OWASP NHI 2025, MAESTRO, NIST AI RMF and CWE (a test enforces it). */
  readonly frameworks: readonly FrameworkRef[];
  /** Settings `.nhiscan.yml` may change (kebab-case names), such as TTL limits. */
  readonly options?: Options;
}

/** Where a finding or a related location points: a node (its value, its key, or key through value), or a raw span. */
export type ReportTarget =
  | { readonly node: Node; readonly at?: 'value' | 'key' | 'entry' }
  | { readonly span: Span };

/** Another place that bears on a finding: the other uses of a shared identity, the setting that widens it. */
export type RelatedReport = ReportTarget & {
  readonly message: string;
  /** The file the target is in; defaults to the finding's file. */
  readonly file?: SourceFile;
};

export type ReportDescriptor<MessageId extends string> = ReportTarget & {
  readonly messageId: MessageId;
  readonly data?: Readonly<Record<string, string | number>>;
  /**
   * The normalised key path or anchor the fingerprint is built from. Defaults to the node's key
   * path; a span-located finding must give one.
   */
  readonly anchor?: string;
  /**
   * A result's own severity where context changes it; defaults to the rule's. A severity set in
   * `.nhiscan.yml` replaces it, and the test-path downgrade applies to it (docs/contract.md §3).
   */
  readonly severity?: Severity;
  /**
   * The secret the finding is about, in clear. Used only for the fingerprint's 32-bit digest and to
   * mask the snippet; the engine finds it inside the target span (or masks the whole span).
   */
  readonly secret?: string;
  readonly lifetime?: Lifetime;
  /** The file the target is in; defaults to the file whose hook is running. Required in `project`. */
  readonly file?: SourceFile;
  readonly related?: readonly RelatedReport[];
};

export interface RuleContext<MessageId extends string, Options extends OptionSpecs = OptionSpecs> {
  report(descriptor: ReportDescriptor<MessageId>): void;
  /** Each declared option: the `.nhiscan.yml` value, or the default, typed from its spec. */
  readonly options: OptionValues<Options>;
  /** The scan's notion of today, for expiry checks (fixed in tests). */
  readonly now: Date;
  /** Every rule id nhiscan knows, enabled or not. */
  readonly ruleIds: ReadonlySet<string>;
}

/**
 * Hooks a rule may implement. The file hooks run once per matching file as it passes; `project`
 * runs once after every file, with what the engine's extractors gathered from all of them.
 */
export interface RuleHooks {
  /** Every decoded file, structured or not, parsed or not, whose text holds one of the rule's keywords. */
  text?(file: SourceFile): void;
  /**
   * Every credential the catalogue (src/credentials) finds in any decoded file, in text order.
   * The engine runs the catalogue once per file for every rule that asks.
   */
  credential?(found: FoundCredential): void;
  /** Every parsed file of the rule's kinds. */
  document?(doc: StructuredDocument): void;
  workflow?(workflow: Workflow): void;
  /** An `action.yml`: composite, JavaScript or Docker. */
  action?(action: ActionDefinition): void;
  mcpServer?(server: McpServer): void;
  agentSettings?(settings: AgentSettings): void;
  /**
   * A file of the rule's kinds that a client would load but the scan could not see whole:
   * unreadable, over `max-file-size`, or past a parser budget.
   */
  unscanned?(unscanned: UnscannedFile): void;
  /** Every `nhiscan-ignore` comment in any file, whatever the rule's kinds. */
  inlineSuppression?(suppression: InlineSuppression): void;
  /** Every suppression in `.nhiscan.yml`, once, before any file. */
  configSuppression?(suppression: ConfigSuppression): void;
  /**
   * Once, after every file, with the identity handles and credential uses of every file and the
   * views the rule's `projectViews` asks for. Reports must name their `file`.
   */
  project?(project: ProjectFacts): void;
}

export type HookName = keyof RuleHooks;

export interface Rule<MessageId extends string = string, Options extends OptionSpecs = OptionSpecs> {
  readonly meta: RuleMeta<MessageId, Options>;
  create(context: RuleContext<MessageId, Options>): RuleHooks;
}

/**
 * Declares a rule. Message ids and option types are inferred, so a typo in `report` or a wrong
 * option type fails to compile.
 */
export function defineRule<const MessageId extends string, const Options extends OptionSpecs = Record<never, OptionSpec>>(
  rule: Rule<MessageId, Options>,
): Rule<MessageId, Options> {
  return rule;
}

export type { NormalJob, ReusableCallJob, Step, WorkflowJob } from './model/workflow.js';
export type {
  ActionDefinition, AgentClient, AgentSettings, Category, Confidence, ConfigSuppression, CredentialUse, FileKind, IdentityHandle,
  InlineSuppression, Lifetime, McpServer, Node, UnscannedFile, OptionSpec, OptionValue, ProjectFacts, Severity, SourceFile, Span, StructuredDocument,
  Workflow,
};
export { get, getPath, isMap, isScalar, isSeq, stringValue, formatKeyPath } from './model/document.js';
export { isExpired } from './model/suppression.js';
export { clientStarts } from './model/mcp.js';
