/**
 * The rule API: everything a rule may import besides the model, credentials and frameworks.
 * The engine implements it; rules never import the engine.
 */
import type { Category } from './model/category.js';
import type { Node, Span, SourceFile, StructuredDocument } from './model/document.js';
import type { FileKind } from './model/file-kind.js';
import type { Lifetime } from './model/finding.js';
import type { McpServer } from './model/mcp.js';
import type { Confidence, Severity } from './model/severity.js';
import type { OptionSpec, OptionValue } from './model/options.js';
import type { ConfigSuppression, InlineSuppression } from './model/suppression.js';
import type { Workflow } from './model/workflow.js';
import type { FrameworkRef } from './frameworks/catalog.js';

export interface RuleMeta<MessageId extends string> {
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
  /** The file kinds whose hooks this rule needs; the engine parses a file only if some rule asks. */
  readonly kinds: readonly FileKind[];
  /** Message templates with `{placeholders}`; the ids are the only ones `report` accepts. */
  readonly messages: Readonly<Record<MessageId, string>>;
  /** Every rule cites OWASP Agentic 2026, OWASP NHI 2025, MAESTRO, NIST AI RMF and CWE (a test enforces it). */
  readonly frameworks: readonly FrameworkRef[];
  /** Settings `.nhiscan.yml` may change (kebab-case names), such as TTL limits. */
  readonly options?: Readonly<Record<string, OptionSpec>>;
}

/** Where a finding points: a node (its value, its key, or key through value), or a raw span. */
export type ReportTarget =
  | { readonly node: Node; readonly at?: 'value' | 'key' | 'entry' }
  | { readonly span: Span };

export type ReportDescriptor<MessageId extends string> = ReportTarget & {
  readonly messageId: MessageId;
  readonly data?: Readonly<Record<string, string | number>>;
  /**
   * The normalised key path or anchor the fingerprint is built from. Defaults to the node's key
   * path; a span-located finding must give one.
   */
  readonly anchor?: string;
  /** A result's own severity where context changes it; defaults to the rule's. */
  readonly severity?: Severity;
  /**
   * The secret the finding is about, in clear. Used only for the fingerprint's 32-bit digest and to
   * mask the snippet; the engine finds it inside the target span (or masks the whole span).
   */
  readonly secret?: string;
  readonly lifetime?: Lifetime;
  /** The file the target is in; defaults to the file whose hook is running. Needed in `finish`. */
  readonly file?: SourceFile;
};

export interface RuleContext<MessageId extends string> {
  report(descriptor: ReportDescriptor<MessageId>): void;
  /** Each declared option: the `.nhiscan.yml` value, or the default. */
  readonly options: Readonly<Record<string, OptionValue>>;
  /** The scan's notion of today, for expiry checks (fixed in tests). */
  readonly now: Date;
  /** Every rule id nhiscan knows, enabled or not. */
  readonly ruleIds: ReadonlySet<string>;
}

/**
 * Hooks a rule may implement. Each runs once per matching file; `finish` runs once after every
 * file, for rules that correlate across files.
 */
export interface RuleHooks {
  document?(doc: StructuredDocument): void;
  workflow?(workflow: Workflow): void;
  mcpServer?(server: McpServer): void;
  /** Every `nhiscan-ignore` comment in any file, whatever the rule's kinds. */
  inlineSuppression?(suppression: InlineSuppression): void;
  /** Every suppression in `.nhiscan.yml`, once, before any file. */
  configSuppression?(suppression: ConfigSuppression): void;
  finish?(): void;
}

export interface Rule<MessageId extends string = string> {
  readonly meta: RuleMeta<MessageId>;
  create(context: RuleContext<MessageId>): RuleHooks;
}

/** Declares a rule; the message ids are inferred, so a typo in `report` fails to compile. */
export function defineRule<const MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

export type {
  Category, Confidence, ConfigSuppression, FileKind, InlineSuppression, Lifetime, McpServer, Node, OptionSpec, OptionValue, Severity,
  SourceFile, Span, StructuredDocument, Workflow,
};
export { get, getPath, isMap, isScalar, isSeq, stringValue, formatKeyPath } from './model/document.js';
export { isExpired } from './model/suppression.js';
