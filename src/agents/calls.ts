import type { Span, SourceFile } from '../model/document.js';
import type { AgentId } from '../model/project.js';
import type { ReusableCallJob, Workflow } from '../model/workflow.js';
import { agentSteps } from './workflow.js';

/**
 * Following calls into reusable workflows of the same repository: a job that calls
 * `./.github/workflows/review.yml` runs what that workflow's jobs run, agents included, with the
 * caller's token and the secrets it passes. GitHub resolves a local `uses:` from the repository
 * root, which is the scan root; calls nest (up to ten levels), so reach is followed transitively.
 * Only small facts are kept per workflow, never the parsed file, so the project store can hold
 * them for a whole scan.
 */

/** An agent a workflow runs in one of its own jobs. */
export interface OwnAgent {
  readonly agent: AgentId;
  readonly file: SourceFile;
  readonly span: Span;
  readonly job: string;
  /** Whether that job sets its own `permissions:` (or the called workflow does at the top). */
  readonly narrowed: boolean;
}

/** A call from one job to a workflow of the same repository. */
export interface LocalCall {
  readonly file: SourceFile;
  readonly job: string;
  readonly span: Span;
  /** The called workflow's path from the repository root: `.github/workflows/review.yml`. */
  readonly target: string;
}

/** An agent a call reaches, and the chain of workflow paths that leads to it (the caller's first). */
export interface ReachedAgent extends OwnAgent {
  readonly through: readonly string[];
}

/** GitHub's limit on nested reusable workflows (a caller and nine levels below it). */
const MAX_DEPTH = 10;

/** The workflow path a local `uses:` names, from the repository root; undefined for a call elsewhere. */
export function localCallTarget(job: ReusableCallJob): string | undefined {
  if (job.uses?.kind !== 'local') return undefined;
  return job.uses.path.replace(/^\.\//, '');
}

export class AgentReach {
  private readonly agents = new Map<string, OwnAgent[]>();
  private readonly calls = new Map<string, LocalCall[]>();

  /** Records what a workflow runs itself and which local workflows its jobs call. */
  add(workflow: Workflow): void {
    const path = workflow.file.path;
    const own: OwnAgent[] = [];
    const seenJobs = new Set<string>();
    for (const found of agentSteps(workflow)) {
      if (seenJobs.has(found.job.id)) continue;
      seenJobs.add(found.job.id);
      const narrowed = workflow.permissions.kind !== 'absent' || found.job.permissions.kind !== 'absent';
      own.push({ agent: found.agent, file: workflow.file, span: found.step?.uses?.node.span ?? found.span, job: found.job.id, narrowed });
    }
    this.agents.set(path, own);
    const calls: LocalCall[] = [];
    for (const job of workflow.jobs) {
      if (job.kind !== 'reusable-call') continue;
      const target = localCallTarget(job);
      if (target !== undefined) calls.push({ file: workflow.file, job: job.id, span: job.usesNode.span, target });
    }
    this.calls.set(path, calls);
  }

  /** Every local call of every workflow recorded, in the order they were added. */
  allCalls(): LocalCall[] {
    return [...this.calls.values()].flat();
  }

  /**
   * The agents a call into `target` ends up running, in the called workflow or any it calls in
   * turn; each agent once, by its nearest path. A cycle or a missing workflow ends that branch.
   */
  reachedFrom(target: string): ReachedAgent[] {
    const reached: ReachedAgent[] = [];
    const visited = new Set<string>();
    let frontier: { path: string; through: string[] }[] = [{ path: target, through: [target] }];
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
      const next: typeof frontier = [];
      for (const { path, through } of frontier) {
        if (visited.has(path)) continue;
        visited.add(path);
        for (const own of this.agents.get(path) ?? []) reached.push({ ...own, through });
        for (const call of this.calls.get(path) ?? []) next.push({ path: call.target, through: [...through, call.target] });
      }
      frontier = next;
    }
    return reached;
  }
}
