import type { Trigger } from '../model/workflow.js';
import type { Node } from '../model/document.js';
import { conditionOf, type Expr, type Literal } from './expression.js';

/**
 * What an outsider (anyone with a GitHub account, no write access) can make a workflow do: the
 * triggers and activity types they can cause, and whether an `if:` keeps them out. A condition
 * is evaluated once per event with the payload filled in as an outsider would leave it (their
 * author association one of NONE, CONTRIBUTOR…, their login unknown), and keeps them out only
 * when it is false for every such outsider.
 */

/** The activity types of each event that a user without write access can cause; `undefined` when no `types:` is written. */
const OUTSIDER_TYPES: Readonly<Record<string, readonly string[]>> = {
  issues: ['opened', 'edited', 'closed', 'reopened'],
  issue_comment: ['created', 'edited', 'deleted'],
  pull_request_target: ['opened', 'edited', 'closed', 'reopened', 'synchronize', 'ready_for_review', 'converted_to_draft'],
  pull_request_review: ['submitted', 'edited'],
  pull_request_review_comment: ['created', 'edited', 'deleted'],
  discussion: ['created', 'edited', 'deleted', 'answered', 'unanswered', 'closed', 'reopened', 'category_changed'],
  discussion_comment: ['created', 'edited', 'deleted'],
  workflow_run: ['requested', 'in_progress', 'completed'],
};

/** What GitHub runs on when an event lists no `types:`. */
const DEFAULT_TYPES: Readonly<Record<string, readonly string[]>> = {
  pull_request_target: ['opened', 'synchronize', 'reopened'],
};

/** Events whose runs, when they run upstream of a `workflow_run`, an outsider may have started. */
export const UPSTREAM_UNTRUSTED = new Set([...Object.keys(OUTSIDER_TYPES), 'pull_request']);

/** The activity types of a trigger an outsider can cause, or none. */
export function outsiderActions(trigger: Trigger): string[] {
  const possible = OUTSIDER_TYPES[trigger.event];
  if (!possible) return [];
  const written = trigger.filters.types?.values.map((type) => type.value.toLowerCase());
  const types = written && written.length > 0 ? written : (DEFAULT_TYPES[trigger.event] ?? possible);
  return types.filter((type) => possible.includes(type));
}


// ---------------------------------------------------------------------------------------------
// Abstract values: what an expression can be when an outsider triggered the run

type Truth = 'T' | 'F' | 'U';

type Value =
  /** A value the workflow wrote, or that the event fixes. */
  | { readonly k: 'lit'; readonly v: Literal }
  /** One of a few strings: the outsider's author association, the event's action. */
  | { readonly k: 'oneOf'; readonly vs: readonly string[] }
  /** The outsider's login or fork: equal to no name the workflow writes and in no list of names. */
  | { readonly k: 'outsider' }
  /** This repository's name or owner. */
  | { readonly k: 'self' }
  | { readonly k: 'any'; readonly truth: Truth };

const ANY: Value = { k: 'any', truth: 'U' };
const lit = (v: Literal): Value => ({ k: 'lit', v });
const bool = (truth: Truth): Value => (truth === 'U' ? ANY : lit(truth === 'T'));

/** The author associations a user without write access can have. */
const OUTSIDER_ASSOCIATIONS = ['NONE', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN'];

/** The event an outsider caused, as conditions see it. */
export interface EventModel {
  readonly name: string;
  readonly actions: readonly string[];
  /** The payload objects this event has; the others are null. */
  readonly roots: ReadonlySet<string>;
  /** Payload paths (after `event.`) whose value the outsider fixes. */
  readonly fields: ReadonlyMap<string, Value>;
}

const PAYLOAD_ROOTS = ['issue', 'comment', 'pull_request', 'review', 'discussion', 'workflow_run', 'answer'];
const OUTSIDER: Value = { k: 'outsider' };
const ASSOCIATION: Value = { k: 'oneOf', vs: OUTSIDER_ASSOCIATIONS };

/** Each event's payload: its objects, and which of their fields name the outsider. */
const EVENT_PAYLOADS: Readonly<Record<string, { roots: readonly string[]; author?: string; extra?: Readonly<Record<string, Value>> }>> = {
  issues: { roots: ['issue'], author: 'issue' },
  issue_comment: { roots: ['issue', 'comment'], author: 'comment' },
  pull_request_target: {
    roots: ['pull_request'],
    author: 'pull_request',
    extra: {
      'pull_request.head.repo.full_name': OUTSIDER,
      'pull_request.head.repo.owner.login': OUTSIDER,
      'pull_request.head.user.login': OUTSIDER,
      'pull_request.head.repo.fork': lit(true),
    },
  },
  pull_request_review: { roots: ['pull_request', 'review'], author: 'review' },
  pull_request_review_comment: { roots: ['pull_request', 'comment'], author: 'comment' },
  discussion: { roots: ['discussion', 'answer'], author: 'discussion' },
  discussion_comment: { roots: ['discussion', 'comment'], author: 'comment' },
  workflow_run: {
    roots: ['workflow_run'],
    extra: {
      'workflow_run.actor.login': OUTSIDER,
      'workflow_run.triggering_actor.login': OUTSIDER,
      'workflow_run.head_repository.full_name': OUTSIDER,
      'workflow_run.head_repository.owner.login': OUTSIDER,
      'workflow_run.head_repository.fork': lit(true),
    },
  },
};

export function eventModel(name: string, actions: readonly string[], upstream: readonly string[]): EventModel {
  const payload = EVENT_PAYLOADS[name]!;
  const fields = new Map<string, Value>(Object.entries(payload.extra ?? {}));
  if (payload.author) {
    fields.set(`${payload.author}.user.login`, OUTSIDER);
    fields.set(`${payload.author}.author_association`, ASSOCIATION);
  }
  if (name === 'workflow_run') fields.set('workflow_run.event', { k: 'oneOf', vs: upstream });
  return { name, actions, roots: new Set(payload.roots), fields };
}

/** A `github.…` read, by its properties after `github`. */
function githubValue(path: readonly string[], event: EventModel): Value {
  const joined = path.join('.');
  if (joined === 'event_name') return lit(event.name);
  if (joined === 'actor' || joined === 'triggering_actor' || joined === 'event.sender.login') return OUTSIDER;
  if (['repository', 'repository_owner', 'event.repository.full_name', 'event.repository.owner.login'].includes(joined)) return { k: 'self' };
  if (path[0] !== 'event' || path.length < 2) return ANY;
  const rest = path.slice(1);
  if (rest.length === 1 && rest[0] === 'action') return { k: 'oneOf', vs: event.actions };
  // Only people with triage access label, so an outsider's event carries no label.
  if (rest[0] === 'label') return lit(null);
  if (PAYLOAD_ROOTS.includes(rest[0]!) && !event.roots.has(rest[0]!)) return lit(null);
  return event.fields.get(rest.join('.')) ?? ANY;
}

function truthOf(value: Value): Truth {
  switch (value.k) {
    case 'lit': {
      const v = value.v;
      return v === false || v === null || v === 0 || v === '' || (typeof v === 'number' && Number.isNaN(v)) ? 'F' : 'T';
    }
    case 'oneOf':
      return value.vs.every((v) => v !== '') ? 'T' : value.vs.every((v) => v === '') ? 'F' : 'U';
    case 'outsider':
    case 'self':
      return 'T';
    case 'any':
      return value.truth;
  }
}

const not = (truth: Truth): Truth => (truth === 'T' ? 'F' : truth === 'F' ? 'T' : 'U');

/** Tri-state from the results over every possibility. */
function all(results: readonly boolean[]): Truth {
  return results.every(Boolean) ? 'T' : results.some(Boolean) ? 'U' : 'F';
}

/** GitHub's loose equality: strings case-insensitively, mixed types as numbers. */
function looseEquals(a: Literal, b: Literal): boolean | undefined {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'object' && a !== null) return undefined;
  if (typeof b === 'object' && b !== null) return undefined;
  if (typeof a === typeof b) return a === b;
  const number = (v: Literal): number => (v === null ? 0 : v === true ? 1 : v === false ? 0 : typeof v === 'string' ? (v.trim() === '' ? 0 : Number(v)) : (v as number));
  return number(a) === number(b);
}

function equals(a: Value, b: Value): Truth {
  if (a.k === 'any' || b.k === 'any') return 'U';
  if (a.k === 'lit' && b.k === 'lit') {
    const same = looseEquals(a.v, b.v);
    return same === undefined ? 'U' : same ? 'T' : 'F';
  }
  if (a.k === 'oneOf' && b.k === 'lit') return all(a.vs.map((v) => looseEquals(v, b.v) === true));
  if (a.k === 'lit' && b.k === 'oneOf') return equals(b, a);
  // An outsider's login or fork is none of the names the workflow writes, nor this repository.
  if (a.k === 'outsider' && (b.k === 'lit' || b.k === 'self')) return 'F';
  if (b.k === 'outsider' && (a.k === 'lit' || a.k === 'self')) return 'F';
  return 'U';
}

/** The strings a value may be where a function wants a string (null reads as ''), or undefined when unknown. */
function asStrings(value: Value): readonly string[] | undefined {
  if (value.k === 'oneOf') return value.vs;
  if (value.k !== 'lit') return undefined;
  const v = value.v;
  if (v === null) return [''];
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [String(v)] : undefined;
}

/** Case-insensitive `contains` over a list or within a string. */
function contains(haystack: Value, needle: Value): Truth {
  if (haystack.k === 'lit' && Array.isArray(haystack.v)) {
    const items = haystack.v as readonly Literal[];
    if (needle.k === 'lit') return items.some((item) => looseEquals(item, needle.v) === true) ? 'T' : 'F';
    if (needle.k === 'oneOf') return all(needle.vs.map((v) => items.some((item) => looseEquals(item, v) === true)));
    return needle.k === 'outsider' && items.every((item) => typeof item === 'string') ? 'F' : 'U';
  }
  const outer = asStrings(haystack);
  const inner = asStrings(needle);
  if (!outer || !inner) return 'U';
  return all(outer.flatMap((o) => inner.map((i) => o.toLowerCase().includes(i.toLowerCase()))));
}

function affix(a: Value, b: Value, test: (whole: string, part: string) => boolean): Truth {
  const wholes = asStrings(a);
  const parts = asStrings(b);
  if (!wholes || !parts) return 'U';
  return all(wholes.flatMap((w) => parts.map((p) => test(w.toLowerCase(), p.toLowerCase()))));
}

/** The property path of a context read (`github.event.comment.user.login`), or undefined when part of it is computed. */
function contextPath(expr: Expr): string[] | undefined {
  if (expr.t === 'ident') return [expr.name];
  if (expr.t !== 'access' || typeof expr.key !== 'string') return undefined;
  const base = contextPath(expr.base);
  return base ? [...base, expr.key] : undefined;
}

function evaluate(expr: Expr, event: EventModel): Value {
  switch (expr.t) {
    case 'lit':
      return lit(expr.v);
    case 'ident':
    case 'access': {
      const path = contextPath(expr);
      if (path && path[0] === 'github') return githubValue(path.slice(1), event);
      if (expr.t === 'access' && typeof expr.key === 'string') {
        const base = evaluate(expr.base, event);
        if (base.k === 'lit' && base.v === null) return lit(null);
        if (base.k === 'lit' && typeof base.v === 'object' && base.v !== null && !Array.isArray(base.v)) {
          const object = base.v as { readonly [key: string]: Literal };
          const key = Object.keys(object).find((name) => name.toLowerCase() === expr.key);
          return lit(key === undefined ? null : object[key]!);
        }
      }
      return ANY;
    }
    case 'not':
      return bool(not(truthOf(evaluate(expr.e, event))));
    case 'bin': {
      const left = evaluate(expr.l, event);
      if (expr.op === '&&' || expr.op === '||') {
        const leftTruth = truthOf(left);
        const decided = expr.op === '&&' ? 'F' : 'T';
        if (leftTruth === decided) return left;
        const right = evaluate(expr.r, event);
        if (leftTruth !== 'U') return right;
        const rightTruth = truthOf(right);
        // Undecided left: the result is falsy (for &&) or truthy (for ||) only if both sides are.
        return { k: 'any', truth: rightTruth === decided ? decided : 'U' };
      }
      const right = evaluate(expr.r, event);
      if (expr.op === '==') return bool(equals(left, right));
      if (expr.op === '!=') return bool(not(equals(left, right)));
      return ANY;
    }
    case 'call':
      return callValue(expr.name, expr.args.map((arg) => evaluate(arg, event)));
  }
}

function callValue(name: string, args: readonly Value[]): Value {
  const [first = ANY, second = ANY] = args;
  switch (name) {
    case 'contains':
      return bool(contains(first, second));
    case 'startswith':
      return bool(affix(first, second, (whole, part) => whole.startsWith(part)));
    case 'endswith':
      return bool(affix(first, second, (whole, part) => whole.endsWith(part)));
    case 'fromjson':
      if (first.k === 'lit' && typeof first.v === 'string') {
        try {
          return lit(JSON.parse(first.v) as Literal);
        } catch {
          return ANY;
        }
      }
      return ANY;
    case 'always':
    case 'success':
      return lit(true);
    case 'cancelled':
      return lit(false);
    default:
      return ANY;
  }
}

/** Whether a condition is false whenever an outsider caused the event: a written `if:` that keeps them out. */
export function keepsOutsidersOut(node: Node | undefined, event: EventModel): boolean {
  if (node === undefined) return false;
  const expr = conditionOf(node);
  return expr !== undefined && truthOf(evaluate(expr, event)) === 'F';
}

