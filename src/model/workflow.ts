import type { MapNode, Node, Span, SourceFile } from './document.js';

export interface WorkflowJob {
  readonly id: string;
  readonly idSpan: Span;
  readonly node: MapNode;
  readonly permissions?: Node;
  /** A job that calls a reusable workflow (`jobs.<id>.uses`) runs with the called workflow's steps. */
  readonly uses?: string;
}

/** A GitHub Actions workflow file, typed just enough for rules to walk it. */
export interface Workflow {
  readonly file: SourceFile;
  readonly root: MapNode;
  readonly permissions?: Node;
  readonly jobs: readonly WorkflowJob[];
}
