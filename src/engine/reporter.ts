import { createHash } from 'node:crypto';
import { secretDigest32 } from '../credentials/mask.js';
import { redactLine } from '../credentials/redact.js';
import { formatKeyPath, type Node, type SourceFile, type Span } from '../model/document.js';
import type { Finding, Region, RelatedLocation } from '../model/finding.js';
import { CONFIDENCES, type Severity } from '../model/severity.js';
import type { ReportDescriptor, ReportTarget, Rule } from '../rule.js';
import { LineIndex } from '../text/line-index.js';
import { contextualSeverity } from './path-context.js';

/** The fingerprint: rule, message, anchor and a 32-bit secret digest; no path, no line (docs/contract.md §5). */
function fingerprint(ruleId: string, messageId: string, anchor: string, secret: string | undefined): string {
  const parts = [ruleId, messageId, anchor, secret === undefined ? '' : secretDigest32(secret)];
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

function renderMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (data && name in data ? String(data[name]) : whole));
}

function targetSpan(target: ReportTarget): { span: Span; node?: Node } {
  if ('span' in target) return { span: target.span };
  const { node } = target;
  const at = target.at ?? 'value';
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

/** A region within a piece of a file (the credential pass over a large file) as a region of the whole file. */
function inFile(file: SourceFile, region: Region): Region {
  const shift = (file.piece?.firstLine ?? 1) - 1;
  return shift === 0 ? region : { ...region, startLine: region.startLine + shift, endLine: region.endLine + shift };
}

/** The rule a report comes from, with what the config made of it. */
export interface ReportingRule {
  readonly rule: Rule;
  /** The severity `.nhiscan.yml` sets for the rule: it replaces the default and any per-result one. */
  readonly configuredSeverity?: Severity;
}

/** A finding with what de-duplication needs to know about its evidence, and its unmasked line. */
interface Reported {
  /** Everything but the snippet, which is masked once every finding's secrets are known. */
  readonly finding: Omit<Finding, 'snippet'>;
  /** The start of the region's first line, unmasked; held in memory only. */
  readonly line: string;
  readonly lineKey: string;
  readonly rule: Rule;
  /** The file, category and exact characters the finding is about: the located secret, or the target. */
  readonly evidence: string;
}

/**
 * Turns rule reports into findings: locates every target, masks the snippet, fingerprints, sets
 * the severity, then keeps one finding per evidence and question (docs/contract.md §2). Line
 * indexes are built once per file and dropped when the file's pass is over.
 */
export class Reporter {
  private readonly reported: Reported[] = [];
  /**
   * Every reported secret, by file and line, as offsets in that line: a snippet masks all of them,
   * not only its own finding's (one line can hold a password and a token).
   */
  private readonly secretsByLine = new Map<string, { start: number; end: number }[]>();
  /** By file object, not path: the pieces of a file read in chunks share its path. */
  private readonly lineIndexes = new Map<SourceFile, LineIndex>();

  linesOf(file: SourceFile): LineIndex {
    let index = this.lineIndexes.get(file);
    if (!index) this.lineIndexes.set(file, (index = new LineIndex(file.text)));
    return index;
  }

  /** Most files are never needed again once their hooks ran; reports from `project` rebuild the index. */
  release(file: SourceFile): void {
    this.lineIndexes.delete(file);
  }

  report({ rule, configuredSeverity }: ReportingRule, descriptor: ReportDescriptor<string>, currentFile: SourceFile | undefined): void {
    const file = descriptor.file ?? currentFile;
    if (!file) throw new Error('a report outside a file hook must name its file');
    const { span, node } = targetSpan(descriptor);
    const anchor = descriptor.anchor ?? (node ? formatKeyPath(node.path) : undefined);
    if (anchor === undefined) throw new Error('a span-located finding needs an anchor');
    const lines = this.linesOf(file);
    const local = lines.region(span);
    const region = inFile(file, local);
    const secret = descriptor.secret;
    const secretSpan = secret === undefined ? undefined : locateSecret(file.text, span, secret);
    if (secretSpan) this.recordSecret(file, lines, secretSpan);
    const template = (rule.meta.messages as Record<string, string>)[descriptor.messageId] ?? descriptor.messageId;
    const related = (descriptor.related ?? []).map((r): RelatedLocation => {
      const relatedFile = r.file ?? file;
      return { path: relatedFile.path, region: inFile(relatedFile, this.linesOf(relatedFile).region(targetSpan(r).span)), message: r.message };
    });
    const severity = configuredSeverity ?? descriptor.severity ?? rule.meta.severity;
    const evidenceSpan = secretSpan ?? span;
    this.reported.push({
      rule,
      evidence: `${file.path}\0${rule.meta.category}\0${evidenceSpan.start + (file.piece?.offset ?? 0)}:${evidenceSpan.end + (file.piece?.offset ?? 0)}`,
      // A binary file's "line" is bytes no reader can use: no snippet.
      line: file.piece?.binary ? '' : snippetSource(lines.line(local.startLine)),
      lineKey: `${file.path}\0${region.startLine}`,
      finding: {
        ruleId: rule.meta.id,
        messageId: descriptor.messageId,
        message: renderMessage(template, descriptor.data),
        category: rule.meta.category,
        severity: contextualSeverity(severity, file.path),
        confidence: rule.meta.confidence,
        path: file.path,
        region,
        anchor,
        fingerprint: fingerprint(rule.meta.id, descriptor.messageId, anchor, secret),
        ...(descriptor.lifetime ? { lifetime: descriptor.lifetime } : {}),
        ...(related.length > 0 ? { relatedLocations: related } : {}),
      },
    });
  }

  /** Files its secret under each line it touches, as offsets within that line. */
  private recordSecret(file: SourceFile, lines: LineIndex, secret: Span): void {
    const first = lines.position(secret.start).line;
    const last = lines.position(secret.end).line;
    const shift = (file.piece?.firstLine ?? 1) - 1;
    for (let line = first; line <= last; line++) {
      const start = lines.lineStart(line);
      const key = `${file.path}\0${line + shift}`;
      const spans = this.secretsByLine.get(key) ?? [];
      spans.push({ start: secret.start - start, end: secret.end - start });
      this.secretsByLine.set(key, spans);
    }
  }

  /** The masked snippet of a reported finding, with every secret reported on its line. */
  private complete(reported: Reported): Finding {
    const snippet = redactLine(reported.line, this.secretsByLine.get(reported.lineKey) ?? []).slice(0, SNIPPET_CHARS);
    return { ...reported.finding, snippet };
  }

  /**
   * The findings, one per evidence and question: a rule reporting the same thing twice counts once,
   * and where several rules report the same evidence in one category the most specific keeps it
   * and names the others in `alsoMatched`.
   */
  findings(): Finding[] {
    const seen = new Set<string>();
    const byEvidence = new Map<string, Reported[]>();
    for (const reported of this.reported) {
      const { finding } = reported;
      const key = `${finding.ruleId}\0${finding.path}\0${finding.fingerprint}\0${finding.region.startLine}:${finding.region.startColumn}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const group = byEvidence.get(reported.evidence);
      if (group) group.push(reported);
      else byEvidence.set(reported.evidence, [reported]);
    }
    const findings: Finding[] = [];
    for (const group of byEvidence.values()) {
      const rules = new Set(group.map((reported) => reported.rule));
      if (rules.size === 1) {
        findings.push(...group.map((reported) => this.complete(reported)));
        continue;
      }
      const winner = [...rules].reduce((best, candidate) => (outranks(candidate, best) ? candidate : best));
      const others = [...new Set([...rules].filter((rule) => rule !== winner).map((rule) => rule.meta.id))].sort();
      for (const reported of group) {
        if (reported.rule === winner) findings.push({ ...this.complete(reported), alsoMatched: others });
      }
    }
    return findings;
  }
}

const CONFIDENCE_RANK = new Map(CONFIDENCES.map((confidence, index) => [confidence, index]));

/**
 * Whether rule `a` keeps a finding both report (docs/contract.md §2): the one that declares it
 * supersedes the other; else the one scoped to file kinds over one that reads all text; else the
 * more confident; else the first id.
 */
export function outranks(a: Rule, b: Rule): boolean {
  if (a.meta.supersedes?.includes(b.meta.id)) return true;
  if (b.meta.supersedes?.includes(a.meta.id)) return false;
  const scopedA = a.meta.kinds.length > 0;
  const scopedB = b.meta.kinds.length > 0;
  if (scopedA !== scopedB) return scopedA;
  const confidenceA = CONFIDENCE_RANK.get(a.meta.confidence) ?? 0;
  const confidenceB = CONFIDENCE_RANK.get(b.meta.confidence) ?? 0;
  if (confidenceA !== confidenceB) return confidenceA > confidenceB;
  return a.meta.id < b.meta.id;
}
