import { ADAPTERS, clientKinds, kindsFeeding, VIEW_NAMES } from '../../src/engine/adapters.js';
import type { FileKind } from '../../src/model/file-kind.js';
import type { HookName, Rule, RuleContext } from '../../src/rule.js';

/** The hooks a rule implements, from a `create` call with an inert context. */
export function hooksOf(rule: Rule): HookName[] {
  const context: RuleContext<string> = { report() {}, options: {}, now: new Date(0), ruleIds: new Set() };
  return Object.keys(rule.create(context)) as HookName[];
}

/** The file kinds each hook can receive. `text` is gated by keywords, not kinds; suppression hooks by neither. */
function kindsReceivedBy(hook: HookName): ReadonlySet<FileKind> {
  if (hook === 'document') return new Set(ADAPTERS.filter((adapter) => adapter.syntax !== undefined).map((adapter) => adapter.kind));
  if (hook === 'unscanned') return clientKinds();
  if (hook === 'project') return new Set(VIEW_NAMES.flatMap((view) => [...kindsFeeding(view)]));
  if ((VIEW_NAMES as readonly string[]).includes(hook)) return kindsFeeding(hook as (typeof VIEW_NAMES)[number]);
  return new Set();
}

/** Kinds a rule declares that none of its hooks receives: a rule that would silently never run there. */
export function unreachedKinds(rule: Rule): FileKind[] {
  const received = new Set(hooksOf(rule).flatMap((hook) => [...kindsReceivedBy(hook)]));
  return rule.meta.kinds.filter((kind) => !received.has(kind));
}
