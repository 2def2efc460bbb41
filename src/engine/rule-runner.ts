import type { RuleSettings } from '../config/config.js';
import type { SourceFile, StructuredDocument } from '../model/document.js';
import type { FileKind } from '../model/file-kind.js';
import { sortFindings, type Finding, type Notification } from '../model/finding.js';
import type { OptionSpecs, OptionValue, OptionValues } from '../model/options.js';
import type { ProjectFacts } from '../model/project.js';
import type { ConfigSuppression, InlineSuppression } from '../model/suppression.js';
import type { ReportDescriptor, Rule, RuleContext, RuleHooks } from '../rule.js';
import { credentialType, type CredentialHit } from '../credentials/index.js';
import { secretDigest32 } from '../credentials/mask.js';
import { adapterFor, classificationOf, clientKinds, loadedByClient, VIEW_NAMES, kindsFeeding, type FileAdapter, type ViewName, type ViewTypes } from './adapters.js';
import type { UnscannedFile } from '../model/unscanned.js';
import { loadDocument } from './documents.js';
import { ProjectStore } from './project-store.js';
import { Reporter, type ReportingRule } from './reporter.js';
import { applySuppressions, findInlineSuppressions } from './suppress.js';
import { Prescanner, type PieceFindings, type TextFindings, type WireHit } from './prescan.js';

interface ActiveRule extends ReportingRule {
  readonly hooks: RuleHooks;
}

export interface RunnerSettings {
  /** Today, for expiry checks; tests fix it. */
  readonly now?: Date;
  readonly ruleSettings?: ReadonlyMap<string, RuleSettings>;
  readonly configSuppressions?: readonly ConfigSuppression[];
  /** Every rule id that exists, enabled or not; defaults to the rules given. */
  readonly knownRuleIds?: ReadonlySet<string>;
  /** Fill the project store even if no rule has a `project` hook (the inventory reads it). */
  readonly collectProject?: boolean;
}

/**
 * The views identity handles come from today: the secret names workflows read. (An action cannot
 * read `secrets`; its caller passes what it needs as inputs.)
 */
const IDENTITY_VIEWS: readonly ViewName[] = ['workflow'];

/** Each declared option: the configured value, or the default. */
function resolveOptions(rule: Rule, settings: RuleSettings | undefined): OptionValues<OptionSpecs> {
  const options: Record<string, OptionValue> = {};
  for (const [name, spec] of Object.entries(rule.meta.options ?? {})) options[name] = settings?.options[name] ?? spec.default;
  return options;
}

/**
 * The per-file pipeline. Each file, read and decoded elsewhere, is classified by its adapter,
 * shown to the text hooks its keywords select, parsed once if some rule or the project store needs
 * it, and turned into the typed views its adapter feeds; every hook that asked receives them.
 * After the last file, `finish` runs the project hooks over the store and hands back the
 * reporter's findings with suppressions applied. Knows nothing of disks, so rule cases run
 * through exactly this.
 */
export class RuleRunner {
  private readonly notifications: Notification[] = [];
  private readonly active: readonly ActiveRule[];
  private readonly reporter = new Reporter();
  private readonly store = new ProjectStore();
  private readonly inline = new Map<string, readonly InlineSuppression[]>();
  private readonly now: Date;
  private readonly configSuppressions: readonly ConfigSuppression[];
  /** Rules whose `text` hook runs on every file. */
  private readonly textForAll: readonly ActiveRule[];
  /** Which rules each text keyword (by its index in the prescan plan) selects. */
  private readonly rulesByKeyword: readonly (readonly ActiveRule[])[];
  private readonly documentKinds: ReadonlySet<FileKind>;
  /** Views extracted from every file that feeds them: some hook receives them or the store needs them. */
  private readonly extractedViews: ReadonlySet<ViewName>;
  /** Views the store keeps whole: those the project hooks declare, or all for the inventory. */
  private readonly storedViews: ReadonlySet<ViewName>;
  /** Views whose identity handles the store records: those that name any, when a project hook runs. */
  private readonly identityViews: ReadonlySet<ViewName>;
  /** Kinds some rule judges when a client would load them but the scan cannot see them whole. */
  private readonly unscannedKinds: ReadonlySet<FileKind>;
  /** Rules with a `credential` hook; the catalogue runs on every file when there are any, or when the store collects uses. */
  private readonly credentialRules: readonly ActiveRule[];
  private readonly collectingCredentials: boolean;
  /** The file kinds this run parses; the engine loads their parsers before the first file. */
  readonly kindsToParse: ReadonlySet<FileKind>;
  /** The per-file work that needs only the file, for this run's rules; the scan may run it on worker threads. */
  readonly prescanner: Prescanner;
  private currentFile: SourceFile | undefined;
  /** Paths read by a given adapter whatever they look like: the user's own files (`--include-home`). */
  private readonly pinned = new Map<string, FileAdapter>();

  constructor(rules: readonly Rule[], settings: RunnerSettings = {}) {
    this.now = settings.now ?? new Date();
    this.configSuppressions = settings.configSuppressions ?? [];
    const ruleIds = settings.knownRuleIds ?? new Set(rules.map((r) => r.meta.id));
    this.active = rules.map((rule) => {
      const configured = settings.ruleSettings?.get(rule.meta.id);
      const context: RuleContext<string> = {
        report: (descriptor: ReportDescriptor<string>) => this.reporter.report(active, descriptor, this.currentFile),
        options: resolveOptions(rule, configured),
        now: this.now,
        ruleIds,
      };
      const active: ActiveRule = {
        rule,
        hooks: rule.create(context),
        ...(configured?.severity ? { configuredSeverity: configured.severity } : {}),
      };
      return active;
    });

    const texting = this.active.filter(({ hooks }) => hooks.text);
    this.textForAll = texting.filter(({ rule }) => !rule.meta.keywords?.length);
    const keywords = [...new Set(texting.flatMap(({ rule }) => rule.meta.keywords ?? []))];
    this.rulesByKeyword = keywords.map((keyword) => texting.filter(({ rule }) => rule.meta.keywords?.includes(keyword)));

    this.documentKinds = new Set(this.active.filter(({ hooks }) => hooks.document).flatMap(({ rule }) => rule.meta.kinds));
    this.unscannedKinds = new Set(this.active.filter(({ hooks }) => hooks.unscanned).flatMap(({ rule }) => rule.meta.kinds));
    const projectRules = this.active.filter(({ hooks }) => hooks.project);
    const collecting = settings.collectProject === true || projectRules.length > 0;
    this.storedViews = new Set(settings.collectProject === true ? VIEW_NAMES : projectRules.flatMap(({ rule }) => rule.meta.projectViews ?? []));
    this.identityViews = new Set<ViewName>(collecting ? IDENTITY_VIEWS : []);
    this.credentialRules = this.active.filter(({ hooks }) => hooks.credential);
    this.collectingCredentials = collecting;
    const extracted = new Set([...VIEW_NAMES.filter((view) => this.active.some(({ hooks }) => hooks[view])), ...this.storedViews, ...this.identityViews]);
    this.extractedViews = extracted;
    // A client's file is parsed when a rule judges whether it was seen whole, even if no rule reads it.
    const judged = [...this.unscannedKinds].filter((kind) => clientKinds().has(kind));
    this.kindsToParse = new Set([...this.documentKinds, ...[...extracted].flatMap((view) => [...kindsFeeding(view)]), ...judged]);
    this.prescanner = new Prescanner({
      keywords,
      textForAll: this.textForAll.length > 0,
      credentials: this.credentialRules.length > 0 || collecting,
      kindsToParse: [...this.kindsToParse],
    });

    for (const suppression of this.configSuppressions) {
      for (const active of this.active) {
        const hook = active.hooks.configSuppression;
        if (hook) this.runHook(active, suppression.file, () => hook(suppression));
      }
    }
  }

  /**
   * Reads `path` with `adapter` from now on, whatever adapter its name would get: a user-level
   * file such as `$CODEX_HOME/config.toml` is the client's config wherever the variable points.
   */
  pin(path: string, adapter: FileAdapter): void {
    this.pinned.set(path, adapter);
  }

  /** The adapter a path is read with: its pinned one, or the one its name selects. */
  adapterOf(path: string): FileAdapter {
    return this.pinned.get(path) ?? adapterFor(path);
  }

  /** One file, by its path relative to the scan root and its decoded text. */
  addFile(path: string, text: string): void {
    this.addText(path, text, this.prescanner.findings(path, text));
  }

  /**
   * One text file whose prescan ran already (here or on a worker thread). `text` may be absent
   * only when the prescan said no rule needs it.
   */
  addText(path: string, text: string | undefined, findings: TextFindings): void {
    const adapter = this.adapterOf(path);
    const classification = classificationOf(adapter);
    if (text === undefined) {
      if (this.prescanner.needsText(classification.kind, findings)) throw new Error(`the text of ${path} was needed`);
      return;
    }
    const file: SourceFile = { path, text, ...classification, ...(this.pinned.has(path) ? { userLevel: true } : {}) };
    if (findings.suppressionMarker) this.suppressionComments(file);
    this.textHooks(file, findings.keywords);
    this.credentialPass(file, findings.credentials);
    if (this.kindsToParse.has(file.kind)) {
      const outcome = loadDocument(file, this.reporter.linesOf(file));
      if (outcome?.notification) this.notifications.push(outcome.notification);
      if (outcome?.exceeded && loadedByClient(adapter)) this.deliverUnscanned({ file, reason: outcome.exceeded });
      if (outcome?.ok) this.dispatch(outcome.document, adapter);
    }
    this.reporter.release(file);
  }

  /** Whether a credential hook or the project store wants the credential pass. */
  get wantsCredentials(): boolean {
    return this.credentialRules.length > 0 || this.collectingCredentials;
  }

  /**
   * One piece of a file too large or too binary to parse, with the credentials its prescan found
   * (no text hooks, no parsing).
   */
  addPiece(path: string, piece: PieceFindings): void {
    const adapter = this.adapterOf(path);
    const place = { firstLine: piece.firstLine, offset: piece.offset, ...(piece.binary ? { binary: true } : {}) };
    const file: SourceFile = { path, text: piece.text, ...classificationOf(adapter), ...(this.pinned.has(path) ? { userLevel: true } : {}), piece: place };
    this.credentialPass(file, piece.credentials);
    this.reporter.release(file);
  }

  /**
   * A file discovery listed but the scan could not read, or read only in part: when a client would
   * load it, the rules with an `unscanned` hook judge it, so a padded or unreadable agent config
   * cannot pass as clean. The caller still reports its notification.
   */
  addUnscanned(path: string, reason: 'unreadable' | 'oversized', detail: string): void {
    const adapter = this.adapterOf(path);
    if (!loadedByClient(adapter)) return;
    this.deliverUnscanned({ file: { path, text: '', ...classificationOf(adapter) }, reason, detail });
  }

  private deliverUnscanned(unscanned: UnscannedFile): void {
    for (const active of this.active) {
      const hook = active.hooks.unscanned;
      if (hook && active.rule.meta.kinds.includes(unscanned.file.kind)) this.runHook(active, unscanned.file, () => hook(unscanned));
    }
  }

  /**
   * Runs every rule's `project` hook over what all files yielded, then hands back the findings,
   * one per evidence and question, each marked if a suppression covers it.
   */
  finish(): { findings: Finding[]; notifications: Notification[] } {
    const facts = this.projectFacts();
    for (const active of this.active) {
      const hook = active.hooks.project;
      if (hook) this.runHook(active, undefined, () => hook(facts));
    }
    const findings = applySuppressions(this.reporter.findings(), this.inline, this.configSuppressions, this.now);
    return { findings: sortFindings(findings), notifications: this.notifications };
  }

  /** What the extractors gathered so far: for the inventory, which runs with `collectProject`. */
  projectFacts(): ProjectFacts {
    return this.store.facts();
  }

  private suppressionComments(file: SourceFile): void {
    const comments = findInlineSuppressions(file);
    if (comments.length === 0) return;
    this.inline.set(file.path, comments);
    for (const comment of comments) {
      for (const active of this.active) {
        const hook = active.hooks.inlineSuppression;
        if (hook) this.runHook(active, file, () => hook(comment));
      }
    }
  }

  private textHooks(file: SourceFile, keywords: readonly number[]): void {
    if (this.textForAll.length === 0 && keywords.length === 0) return;
    const selected = new Set(this.textForAll);
    for (const index of keywords) for (const active of this.rulesByKeyword[index]!) selected.add(active);
    // In rule order, whatever order the keywords were found in.
    for (const active of this.active) if (selected.has(active)) this.runHook(active, file, () => active.hooks.text!(file));
  }

  /**
   * The catalogue's finds in one text (the prescan ran it once): each credential goes to every `credential` hook and,
   * for the project rules, into the store by keyed digest (the value itself is not kept).
   */
  private credentialPass(file: SourceFile, found: readonly WireHit[]): void {
    for (const { typeId, ...rest } of found) {
      const hit: CredentialHit = { ...rest, type: credentialType(typeId) };
      if (this.collectingCredentials) {
        this.store.addCredentialUse({
          digest: this.store.digest(hit.secret),
          fingerprint: secretDigest32(hit.secret),
          kind: hit.name,
          lifetime: hit.lifetime,
          file,
          span: { start: hit.start, end: hit.end },
          anchor: hit.type.id,
        });
      }
      for (const active of this.credentialRules) this.runHook(active, file, () => active.hooks.credential!({ file, hit }));
    }
  }

  private dispatch(doc: StructuredDocument, adapter: FileAdapter): void {
    if (this.documentKinds.has(doc.file.kind)) {
      for (const active of this.active) {
        const hook = active.hooks.document;
        if (hook && active.rule.meta.kinds.includes(doc.file.kind)) this.runHook(active, doc.file, () => hook(doc));
      }
    }
    for (const extractor of adapter.extractors) {
      if (this.extractedViews.has(extractor.view)) this.deliver(extractor.view, doc, () => extractor.extract(doc));
    }
  }

  /** Extracts one view of a parsed file, keeps it for the project hooks, and hands it to every rule with that hook. */
  private deliver<View extends ViewName>(view: View, doc: StructuredDocument, extract: () => readonly ViewTypes[View][]): void {
    let items: readonly ViewTypes[View][];
    try {
      items = extract();
    } catch (error) {
      // The error's own message may quote scanned content; its class name cannot.
      this.notifications.push({
        level: 'error',
        kind: 'extractor-error',
        message: `could not read the ${view} view (${error instanceof Error ? error.name : 'error'}); rules that use it skipped this file`,
        path: doc.file.path,
      });
      return;
    }
    if (this.storedViews.has(view)) this.store.add(view, items);
    if (this.identityViews.has(view)) this.store.addIdentities(view, items);
    for (const active of this.active) {
      const hook = active.hooks[view] as ((item: ViewTypes[View]) => void) | undefined;
      if (hook) for (const item of items) this.runHook(active, doc.file, () => hook.call(active.hooks, item));
    }
  }

  private runHook({ rule }: ActiveRule, file: SourceFile | undefined, call: () => void): void {
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
}
