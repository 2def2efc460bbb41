import { createHash } from 'node:crypto';
import { maskLine, secretDigest32 } from '../credentials/mask.js';
import { formatKeyPath, type Node, type SourceFile, type Span, type StructuredDocument } from '../model/document.js';
import type { FileKind } from '../model/file-kind.js';
import type { Finding, Notification } from '../model/finding.js';
import type { ReportDescriptor, Rule, RuleHooks } from '../rule.js';
import { classify } from './classify.js';
import { loadDocument } from './documents.js';
import { LineIndex } from '../text/line-index.js';
import { contextualSeverity } from './path-context.js';
import { applySuppressions, findInlineSuppressions } from './suppress.js';
import { mcpServers, workflowView } from './views.js';
import type { RuleSettings } from '../config/config.js';
import type { OptionValue } from '../model/options.js';
import type { Severity } from '../model/severity.js';
import type { ConfigSuppression, InlineSuppression } from '../model/suppression.js';

/** The fingerprint: rule, message, anchor and a 32-bit secret digest; no path, no line. */
function fingerprint(ruleId: string, messageId: string, anchor: string, secret: string | undefined): string {
  const parts = [ruleId, messageId, anchor, secret === undefined ? '' : secretDigest32(secret)];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

function renderMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (data && name in data ? String(data[name]) : whole));
}

function targetSpan(descriptor: ReportDescriptor<string>): { span: Span; node?: Node } {
  if ('span' in descriptor) return { span: descriptor.span };
  const { node } = descriptor;
  const at = descriptor.at ?? 'value';
  if (at === 'key' && node.keySpan) return { span: node.keySpan, node };
  if (at === 'entry' && node.keySpan) return { span: { start: node.keySpan.start, end: node.span.end }, node };
  return { span: node.span, node };
}

/**
 * Where the secret's characters sit in the file. A value written with escapes does not appear
 * verbatim; then the whole target span is masked rather than risk showing part of the secret.
 */
function locateSecret(text: string, span: Span, secret: string): Span {
  const at = text.indexOf(secret, span.start);
  return at !== -1 && at + secret.length <= span.end ? { start: at, end: at + secret.length } : span;
}

const SNIPPET_CHARS = 300;
const TOKEN_CHAR = /[A-Za-z0-9+/=_.~-]/;

/**
 * The start of a line, enough for a snippet, cut where no token is split: masking a whole
 * multi-megabyte minified line overflows the regex stack (a rule error, a lost finding), and a
 * token cut short could fall under the length at which masking hides it.
 */
function snippetSource(line: string): string {
  let cut = SNIPPET_CHARS * 4;
  if (line.length <= cut) return line;
  while (cut > 0 && TOKEN_CHAR.test(line[cut - 1]!) && TOKEN_CHAR.test(line[cut]!)) cut--;
  return line.slice(0, cut);
}

interface ActiveRule {
  readonly rule: Rule;
  readonly hooks: RuleHooks;
  /** The severity `.nhiscan.yml` sets for the rule, replacing its default. */
  readonly severity: Severity;
}

export interface RunnerSettings {
  /** Today, for expiry checks; tests fix it. */
  readonly now?: Date;
  readonly ruleSettings?: ReadonlyMap<string, RuleSettings>;
  readonly configSuppressions?: readonly ConfigSuppression[];
  /** Every rule id that exists, enabled or not; defaults to the rules given. */
  readonly knownRuleIds?: ReadonlySet<string>;
}

/** Each declared option: the configured value, or the default. */
function resolveOptions(rule: Rule, settings: RuleSettings | undefined): Record<string, OptionValue> {
  const options: Record<string, OptionValue> = {};
  for (const [name, spec] of Object.entries(rule.meta.options ?? {})) options[name] = settings?.options[name] ?? spec.default;
  return options;
}

/**
 * Runs rules over files already read and decoded: classifies each, parses it once if some rule
 * wants its kind, derives typed views once, calls the hooks, and turns reports into located
 * findings. Knows nothing of disks, so rule cases run through exactly this.
 */
export class RuleRunner {
  private readonly findings: Finding[] = [];
  private readonly notifications: Notification[] = [];
  private readonly active: readonly ActiveRule[];
  private readonly wantedKinds: ReadonlySet<FileKind>;
  private readonly lineIndexes = new Map<string, LineIndex>();
  private readonly inline = new Map<string, readonly InlineSuppression[]>();
  private readonly now: Date;
  private readonly configSuppressions: readonly ConfigSuppression[];
  private currentFile: SourceFile | undefined;

  constructor(rules: readonly Rule[], settings: RunnerSettings = {}) {
    this.now = settings.now ?? new Date();
    this.configSuppressions = settings.configSuppressions ?? [];
    const ruleIds = settings.knownRuleIds ?? new Set(rules.map((r) => r.meta.id));
    this.active = rules.map((rule) => {
      const configured = settings.ruleSettings?.get(rule.meta.id);
      const context = {
        report: (descriptor: ReportDescriptor<string>) => this.report(active, descriptor),
        options: resolveOptions(rule, configured),
        now: this.now,
        ruleIds,
      };
      const active: ActiveRule = { rule, hooks: rule.create(context), severity: configured?.severity ?? rule.meta.severity };
      return active;
    });
    this.wantedKinds = new Set(rules.flatMap((rule) => rule.meta.kinds));
    for (const suppression of this.configSuppressions) {
      for (const { rule, hooks } of this.active) {
        if (hooks.configSuppression) this.runHook(rule, suppression.file, () => hooks.configSuppression!(suppression));
      }
    }
  }

  /** One file, by its path relative to the scan root and its decoded text. */
  addFile(path: string, text: string): void {
    const classification = classify(path);
    const file: SourceFile = { path, text, ...classification };
    const comments = findInlineSuppressions(file);
    if (comments.length > 0) {
      this.inline.set(path, comments);
      for (const comment of comments) {
        for (const { rule, hooks } of this.active) {
          if (hooks.inlineSuppression) this.runHook(rule, file, () => hooks.inlineSuppression!(comment));
        }
      }
    }
    if (!this.wantedKinds.has(classification.kind)) return;
    const outcome = loadDocument(file, this.linesOf(file));
    if (outcome === undefined) return;
    if (outcome.notification) this.notifications.push(outcome.notification);
    if (outcome.ok) this.dispatch(outcome.document);
    // Rules that report in `finish` pass the file again; most files are never needed again.
    this.lineIndexes.delete(path);
  }

  /**
   * Runs every rule's cross-file pass and hands back what all files yielded, each finding marked
   * if a suppression covers it.
   */
  finish(): { findings: Finding[]; notifications: Notification[] } {
    for (const { rule, hooks } of this.active) if (hooks.finish) this.runHook(rule, undefined, () => hooks.finish!());
    return { findings: applySuppressions(this.findings, this.inline, this.configSuppressions, this.now), notifications: this.notifications };
  }

  private linesOf(file: SourceFile): LineIndex {
    let index = this.lineIndexes.get(file.path);
    if (!index) this.lineIndexes.set(file.path, (index = new LineIndex(file.text)));
    return index;
  }

  private dispatch(doc: StructuredDocument): void {
    const kind = doc.file.kind;
    const interested = this.active.filter(({ rule }) => rule.meta.kinds.includes(kind));
    const workflow = kind === 'github-workflow' && interested.some(({ hooks }) => hooks.workflow) ? workflowView(doc) : undefined;
    const servers = kind === 'mcp-config' && interested.some(({ hooks }) => hooks.mcpServer) ? mcpServers(doc) : [];
    for (const { rule, hooks } of interested) {
      this.runHook(rule, doc.file, () => {
        hooks.document?.(doc);
        if (workflow && hooks.workflow) hooks.workflow(workflow);
        if (hooks.mcpServer) for (const server of servers) hooks.mcpServer(server);
      });
    }
  }

  private runHook(rule: Rule, file: SourceFile | undefined, call: () => void): void {
    this.currentFile = file;
    try {
      call();
    } catch (error) {
      // The error's own message may quote scanned content; its class name cannot.
      this.notifications.push({
        level: 'error',
        kind: 'rule-error',
        message: `rule ${rule.meta.id} failed (${error instanceof Error ? error.name : 'error'}); its findings${file ? ' for this file' : ''} may be incomplete`,
        ruleId: rule.meta.id,
        ...(file ? { path: file.path } : {}),
      });
    } finally {
      this.currentFile = undefined;
    }
  }

  private report({ rule, severity }: ActiveRule, descriptor: ReportDescriptor<string>): void {
    const file = descriptor.file ?? this.currentFile;
    if (!file) throw new Error('a report outside a file hook must name its file');
    const { span, node } = targetSpan(descriptor);
    const anchor = descriptor.anchor ?? (node ? formatKeyPath(node.path) : undefined);
    if (anchor === undefined) throw new Error('a span-located finding needs an anchor');
    const lines = this.linesOf(file);
    const region = lines.region(span);
    const lineStart = lines.lineStart(region.startLine);
    const secret = descriptor.secret;
    const secretSpan = secret === undefined ? undefined : locateSecret(file.text, span, secret);
    const secretOnLine = secretSpan ? [{ start: secretSpan.start - lineStart, end: secretSpan.end - lineStart }] : [];
    const template = (rule.meta.messages as Record<string, string>)[descriptor.messageId] ?? descriptor.messageId;
    this.findings.push({
      ruleId: rule.meta.id,
      messageId: descriptor.messageId,
      message: renderMessage(template, descriptor.data),
      category: rule.meta.category,
      severity: descriptor.severity ?? contextualSeverity(severity, file.path),
      confidence: rule.meta.confidence,
      path: file.path,
      region,
      anchor,
      fingerprint: fingerprint(rule.meta.id, descriptor.messageId, anchor, secret),
      snippet: maskLine(snippetSource(lines.line(region.startLine)), secretOnLine).slice(0, SNIPPET_CHARS),
      ...(descriptor.lifetime ? { lifetime: descriptor.lifetime } : {}),
    });
  }
}

