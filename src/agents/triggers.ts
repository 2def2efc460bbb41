import type { Workflow } from '../model/workflow.js';

/**
 * Events only the repository's writers (or the repository itself) can cause: pushing, dispatching,
 * scheduling, releasing, labelling. A workflow started by nothing else takes no instructions from
 * outsiders, whatever an agent's own allow-list says. Everything else — issues, comments, pull
 * requests from forks, stars, reviews, discussions — can be caused by any GitHub user, and a
 * `workflow_call` or `workflow_run` inherits whoever started its caller.
 */
const WRITER_EVENTS: ReadonlySet<string> = new Set([
  'push',
  'workflow_dispatch',
  'schedule',
  'repository_dispatch',
  'release',
  'merge_group',
  'create',
  'delete',
  'deployment',
  'deployment_status',
  'page_build',
  'registry_package',
  'label',
  'milestone',
  'project',
  'project_card',
  'project_column',
  'branch_protection_rule',
]);

/** Whether only writers can start the workflow: it has triggers, and each is a writer's event. */
export function startedOnlyByWriters(workflow: Pick<Workflow, 'triggers'>): boolean {
  return workflow.triggers.length > 0 && workflow.triggers.every((trigger) => WRITER_EVENTS.has(trigger.event));
}
