import type { IdentityHandle } from '../model/project.js';
import type { ContextReference } from '../model/workflow.js';
import type { ViewName, ViewTypes } from '../model/views.js';

/** Who a reference is made for: the job (and step) it sits in, or the workflow's top level. */
function userOf(reference: ContextReference): string {
  if (reference.jobId === undefined) return 'top level';
  return reference.stepIndex === undefined ? `jobs.${reference.jobId}` : `jobs.${reference.jobId}.steps[${reference.stepIndex}]`;
}

/**
 * The identity handles a view names: today every repository or organisation secret a workflow
 * reads by name. A whole-context read (`toJSON(secrets)`) names no one secret.
 */
export function identitiesOf<View extends ViewName>(view: View, item: ViewTypes[View]): IdentityHandle[] {
  if (view !== 'workflow') return [];
  const { file, references } = item as ViewTypes['workflow'];
  return references
    .filter((reference) => reference.context === 'secrets' && reference.name !== '*')
    .map((reference) => ({ type: 'secret-name', name: reference.name, file, span: reference.span, user: userOf(reference) }));
}
