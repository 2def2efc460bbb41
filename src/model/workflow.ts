import type { KeyPath, MapNode, Node, ScalarNode, SeqNode, SourceFile, Span } from './document.js';

/**
 * GitHub Actions workflows and action definitions, typed for rules to walk. Every field is a
 * located node or is derived from one, so a rule can always report where the thing is written.
 * A field whose YAML has the wrong shape (a `with:` that is a string, `steps:` that is a map) is
 * left out rather than guessed at; the enclosing `node` still holds what was written.
 */

/** A scalar read as text, with the node it was read from. Numbers and booleans count: GitHub reads them as strings. */
export interface LocatedString {
  readonly value: string;
  readonly node: ScalarNode;
}

/** A field GitHub accepts as one string or a list of strings (`branches`, `needs`, `types`). */
export interface StringListField {
  readonly node: Node;
  /** The string items in order; items that are not scalars are left out. */
  readonly values: readonly LocatedString[];
}

// ---------------------------------------------------------------------------------------------
// `uses:`

/** What a `uses:` string names, before it is tied to a node. */
export type UsesTarget =
  | {
      readonly kind: 'repository';
      readonly raw: string;
      readonly owner: string;
      readonly repo: string;
      /** The path inside the repository, without leading or trailing slashes: `.github/workflows/ci.yml`. */
      readonly path?: string;
      /** Absent when the string has no `@`, which GitHub refuses to run. */
      readonly ref?: string;
    }
  | {
      readonly kind: 'local';
      readonly raw: string;
      /** As written, `./` included. */
      readonly path: string;
    }
  | {
      readonly kind: 'docker';
      readonly raw: string;
      /** Everything after `docker://`: `alpine:3.19@sha256:…`. */
      readonly image: string;
      readonly tag?: string;
      /** `sha256:…` when the image is pinned by digest. */
      readonly digest?: string;
    };

export type UsesKind = UsesTarget['kind'];

/** A parsed `uses:` and the scalar it came from. */
export type Uses = UsesTarget & { readonly node: ScalarNode };

// ---------------------------------------------------------------------------------------------
// Expressions and the contexts they read

/** The contexts whose reads rules care about: credentials, configuration and caller-controlled input. */
export type ReferenceContext = 'secrets' | 'vars' | 'github' | 'inputs';

/**
 * One read of a context inside an expression. `secrets.NPM_TOKEN`, `secrets['NPM_TOKEN']`,
 * `github.event.issue.title`, `toJSON(secrets)`.
 */
export interface ContextReference {
  /** Lower-cased: GitHub matches context names case-insensitively. */
  readonly context: ReferenceContext;
  /**
   * As written. For `secrets`, `vars` and `inputs`, the one key read (`NPM_TOKEN`). For `github`,
   * the dotted property path after `github.` (`token`, `event.issue.title`). `'*'` when the
   * whole context is used (`toJSON(secrets)`, `secrets.*`) or indexed by a computed value
   * (`secrets[matrix.name]`): any of its entries may be read.
   */
  readonly name: string;
  /** Every property read after the context, in order, as written: `['event', 'commits', '*', 'message']`. */
  readonly properties: readonly string[];
  /** The context and its property chain in the file text: `secrets.NPM_TOKEN`, never the `${{ }}`. */
  readonly span: Span;
  /** The whole `${{ … }}`; for a bare `if:` condition, the condition's text. */
  readonly expressionSpan: Span;
  /** True for an `if:` condition written without `${{ }}`, which GitHub still evaluates. */
  readonly bare: boolean;
  /** The scalar the expression is written in. */
  readonly node: ScalarNode;
  /** The key path of that scalar. */
  readonly path: KeyPath;
  readonly jobId?: string;
  readonly stepIndex?: number;
}

/** One `${{ … }}` in a scalar. */
export interface TemplateExpression {
  /** From `${{` through `}}`. */
  readonly span: Span;
  /** Between the braces, spaces included. */
  readonly bodySpan: Span;
}

// ---------------------------------------------------------------------------------------------
// Permissions

export type PermissionLevel = 'read' | 'write' | 'none' | 'unknown';

export interface PermissionScope {
  readonly scope: string;
  /** `unknown` for anything but `read`, `write` or `none` (an expression, a typo, a number). */
  readonly level: PermissionLevel;
  readonly node: Node;
  readonly keySpan: Span;
}

/** A `permissions:` block, workflow- or job-level. `absent` means the key is not there at all. */
export type Permissions =
  | { readonly kind: 'absent' }
  | { readonly kind: 'read-all'; readonly node: ScalarNode }
  | { readonly kind: 'write-all'; readonly node: ScalarNode }
  /** `permissions: {}`: the token has no scopes. */
  | { readonly kind: 'none'; readonly node: MapNode }
  | { readonly kind: 'map'; readonly node: MapNode; readonly scopes: ReadonlyMap<string, PermissionScope> }
  /** An expression, a typo, an empty value: GitHub decides at run time or refuses the file. */
  | { readonly kind: 'other'; readonly node: Node };

export type PermissionsKind = Permissions['kind'];

// ---------------------------------------------------------------------------------------------
// Triggers

export interface TriggerFilters {
  readonly branches?: StringListField;
  readonly branchesIgnore?: StringListField;
  readonly tags?: StringListField;
  readonly tagsIgnore?: StringListField;
  readonly paths?: StringListField;
  readonly pathsIgnore?: StringListField;
  readonly types?: StringListField;
  /** `workflow_run`: the workflows whose runs trigger this one. */
  readonly workflows?: StringListField;
  /** `workflow_call` and `workflow_dispatch`. */
  readonly inputs?: MapNode;
  /** `workflow_call`. */
  readonly secrets?: MapNode;
  /** `workflow_call`. */
  readonly outputs?: MapNode;
}

export interface Trigger {
  /** As written: `push`, `pull_request_target`. */
  readonly event: string;
  /** The map key naming the event, or the scalar naming it in the string and list forms. */
  readonly eventSpan: Span;
  /** The value under the event's key in the map form (often a null scalar); the naming scalar otherwise. */
  readonly node: Node;
  /** The event's settings when they are a map. */
  readonly config?: MapNode;
  readonly filters: TriggerFilters;
}

// ---------------------------------------------------------------------------------------------
// Steps and jobs

export interface Step {
  /** Position in the `steps` sequence. */
  readonly index: number;
  readonly node: MapNode;
  readonly id?: LocatedString;
  readonly name?: LocatedString;
  /** Absent when `uses:` is not a string GitHub could run; `usesNode` still holds it. */
  readonly uses?: Uses;
  readonly usesNode?: Node;
  readonly with?: MapNode;
  readonly run?: ScalarNode;
  readonly shell?: LocatedString;
  readonly env?: MapNode;
  readonly if?: Node;
  readonly continueOnError?: Node;
  readonly workingDirectory?: LocatedString;
  readonly timeoutMinutes?: Node;
  /** Every context read inside the step, in file order. */
  readonly references: readonly ContextReference[];
}

export interface Environment {
  /** A scalar (`environment: production`) or a map (`{name, url}`). */
  readonly node: Node;
  readonly name?: LocatedString;
  readonly url?: Node;
}

export interface Container {
  /** A scalar naming the image, or a map. */
  readonly node: Node;
  readonly image?: LocatedString;
  readonly credentials?: MapNode;
  readonly env?: MapNode;
  readonly options?: LocatedString;
}

/** `jobs.<id>.secrets` of a reusable-workflow call. */
export type CallSecrets =
  | { readonly kind: 'inherit'; readonly node: ScalarNode }
  | { readonly kind: 'map'; readonly node: MapNode };

interface JobBase {
  readonly id: string;
  readonly idSpan: Span;
  readonly node: MapNode;
  readonly name?: LocatedString;
  readonly needs: readonly string[];
  readonly needsNode?: Node;
  readonly if?: Node;
  readonly environment?: Environment;
  readonly runsOn?: Node;
  readonly container?: Container;
  readonly services?: MapNode;
  readonly env?: MapNode;
  readonly permissions: Permissions;
  readonly outputs?: MapNode;
  readonly strategy?: Node;
  readonly timeoutMinutes?: Node;
  readonly continueOnError?: Node;
  readonly concurrency?: Node;
  readonly defaults?: MapNode;
  /** Every context read inside the job, its steps' included, in file order. */
  readonly references: readonly ContextReference[];
}

export interface NormalJob extends JobBase {
  readonly kind: 'normal';
  readonly steps: readonly Step[];
  /** The `steps:` value as written, even when it is not a sequence. */
  readonly stepsNode?: Node;
}

/** A job with a `uses:` key: it runs a reusable workflow instead of steps. */
export interface ReusableCallJob extends JobBase {
  readonly kind: 'reusable-call';
  readonly usesNode: Node;
  /** Absent when `uses:` is not a string naming a workflow. */
  readonly uses?: Uses;
  readonly with?: MapNode;
  readonly secrets?: CallSecrets;
}

export type WorkflowJob = NormalJob | ReusableCallJob;

/** A GitHub Actions workflow file. */
export interface Workflow {
  readonly file: SourceFile;
  readonly root: MapNode;
  readonly name?: LocatedString;
  /** `run-name`: shown in the UI, and may interpolate event data. */
  readonly runName?: LocatedString;
  /** The `on:` value as written (also found under a `true:` key, as YAML 1.1 tools write it). */
  readonly on?: Node;
  readonly triggers: readonly Trigger[];
  readonly permissions: Permissions;
  readonly env?: MapNode;
  readonly defaults?: MapNode;
  readonly concurrency?: Node;
  readonly jobsNode?: Node;
  readonly jobs: readonly WorkflowJob[];
  /** Every context read in the file, in file order. */
  readonly references: readonly ContextReference[];
}

// ---------------------------------------------------------------------------------------------
// Action definitions (`action.yml`)

export interface ActionInput {
  readonly id: string;
  readonly idSpan: Span;
  readonly node: Node;
  readonly description?: LocatedString;
  /** True only when `required:` says `true`; GitHub does not enforce it, but callers read it. */
  readonly required: boolean;
  readonly requiredNode?: Node;
  readonly default?: Node;
  readonly deprecationMessage?: LocatedString;
}

export interface ActionOutput {
  readonly id: string;
  readonly idSpan: Span;
  readonly node: Node;
  readonly description?: LocatedString;
  /** Composite actions map each output to an expression. */
  readonly value?: Node;
}

/** A docker action's `image:`: a registry image, or a Dockerfile path built from the action's repository. */
export type DockerImage =
  | { readonly kind: 'registry'; readonly raw: string; readonly image: string; readonly tag?: string; readonly digest?: string; readonly node: ScalarNode }
  | { readonly kind: 'dockerfile'; readonly raw: string; readonly path: string; readonly node: ScalarNode };

interface RunsBase {
  readonly node: MapNode;
  readonly using: LocatedString;
}

export interface CompositeRuns extends RunsBase {
  readonly kind: 'composite';
  readonly steps: readonly Step[];
  readonly stepsNode?: Node;
}

export interface JavaScriptRuns extends RunsBase {
  readonly kind: 'javascript';
  readonly main?: LocatedString;
  readonly pre?: LocatedString;
  readonly post?: LocatedString;
  readonly preIf?: Node;
  readonly postIf?: Node;
}

export interface DockerRuns extends RunsBase {
  readonly kind: 'docker';
  readonly image?: DockerImage;
  readonly imageNode?: Node;
  readonly env?: MapNode;
  readonly args?: SeqNode;
  readonly entrypoint?: LocatedString;
  readonly preEntrypoint?: LocatedString;
  readonly postEntrypoint?: LocatedString;
  readonly preIf?: Node;
  readonly postIf?: Node;
}

/** `runs:` that is not a map, or whose `using:` is missing or names no known runtime. */
export interface OtherRuns {
  readonly kind: 'other';
  readonly node: Node;
  readonly using?: LocatedString;
}

export type ActionRuns = CompositeRuns | JavaScriptRuns | DockerRuns | OtherRuns;

export interface ActionDefinition {
  readonly file: SourceFile;
  readonly root: MapNode;
  readonly name?: LocatedString;
  readonly description?: LocatedString;
  readonly inputs: readonly ActionInput[];
  readonly inputsNode?: Node;
  readonly outputs: readonly ActionOutput[];
  readonly outputsNode?: Node;
  /** Absent when the file has no `runs:` key. */
  readonly runs?: ActionRuns;
  /** Every context read in the file, in file order. */
  readonly references: readonly ContextReference[];
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * The value a step passes for an input. GitHub matches input names case-insensitively, so
 * `with: {Token: …}` sets `token`; the last of several spellings wins, as it would at run time.
 */
export function stepInput(step: Pick<Step, 'with'>, name: string): Node | undefined {
  const entries = step.with?.entries;
  if (entries === undefined) return undefined;
  const wanted = name.toLowerCase();
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.key.toLowerCase() === wanted) return entry.value;
  }
  return undefined;
}

/** Every step of every job that has steps, in file order. */
/** How a message names a step: its id or name, quoted, else its place in the job (`#2`). */
export function stepLabel(step: Pick<Step, 'id' | 'name' | 'index'>): string {
  const named = step.id?.value ?? step.name?.value;
  return named !== undefined ? `"${named}"` : `#${step.index + 1}`;
}

export function workflowSteps(workflow: Pick<Workflow, 'jobs'>): { job: NormalJob; step: Step }[] {
  const all: { job: NormalJob; step: Step }[] = [];
  for (const job of workflow.jobs) if (job.kind === 'normal') for (const step of job.steps) all.push({ job, step });
  return all;
}
