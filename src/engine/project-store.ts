import { createHmac, randomBytes } from 'node:crypto';
import type { AgentUse, CredentialUse, IdentityHandle, ProjectFacts } from '../model/project.js';
import { agentSteps } from '../agents/workflow.js';
import { AgentReach } from '../agents/calls.js';
import type { ViewName, ViewTypes } from '../model/views.js';
import { identitiesOf } from '../extract/identities.js';

/** Which store list each view goes to. */
const LIST_OF: { readonly [View in ViewName]: 'workflows' | 'actions' | 'mcpServers' | 'agentSettings' } = {
  workflow: 'workflows',
  action: 'actions',
  mcpServer: 'mcpServers',
  agentSettings: 'agentSettings',
};

/**
 * The project-level facts, filled by the engine's extractors as files pass and read once every
 * file has: by rules' `project` hooks and by the inventory. Identity handles and credential uses
 * are small and kept whenever a project hook runs; a view holds a whole parsed file and is kept
 * only when a project hook declares it reads that view (`projectViews`): retained trees make every
 * garbage collection of the scan dearer.
 */
export class ProjectStore {
  private readonly lists = {
    workflows: [] as ViewTypes['workflow'][],
    actions: [] as ViewTypes['action'][],
    mcpServers: [] as ViewTypes['mcpServer'][],
    agentSettings: [] as ViewTypes['agentSettings'][],
    credentialUses: [] as CredentialUse[],
    identities: [] as IdentityHandle[],
    agentUses: [] as AgentUse[],
  };
  /** Keys the credential digests: the same secret matches within this run and cannot be confirmed outside it. */
  private readonly digestKey = randomBytes(32);

  /** What each workflow runs and calls, to give a calling job the agents of the workflows it calls. */
  private readonly reach = new AgentReach();
  private callsResolved = false;

  /** Keeps a file's views. Views hold whole parsed files: only those a project hook reads are kept. */
  add<View extends ViewName>(view: View, items: readonly ViewTypes[View][]): void {
    (this.lists[LIST_OF[view]] as ViewTypes[View][]).push(...items);
  }

  /** Records the identity handles a file's views name, and the agents its workflows run: small, so kept whenever a project hook runs. */
  addIdentities<View extends ViewName>(view: View, items: readonly ViewTypes[View][]): void {
    for (const item of items) this.lists.identities.push(...identitiesOf(view, item));
    if (view !== 'workflow') return;
    // Where agents run: small facts, not the steps (which hold the whole parsed file).
    for (const workflow of items as readonly ViewTypes['workflow'][]) {
      this.reach.add(workflow);
      for (const found of agentSteps(workflow)) {
        const user = found.step ? `jobs.${found.job.id}.steps[${found.step.index}]` : `jobs.${found.job.id}`;
        this.lists.agentUses.push({ agent: found.agent, via: found.via, file: workflow.file, span: found.span, user });
      }
    }
  }

  /** A credential's keyed digest: equal for equal secrets in this run, meaningless outside it. */
  digest(secret: string): string {
    return createHmac('sha256', this.digestKey).update(secret).digest('hex').slice(0, 32);
  }

  addCredentialUse(use: CredentialUse): void {
    this.lists.credentialUses.push(use);
  }

  facts(): ProjectFacts {
    if (!this.callsResolved) {
      // Calls are resolved once every workflow is known: the called file may come later in the listing.
      this.callsResolved = true;
      for (const call of this.reach.allCalls()) {
        for (const reached of this.reach.reachedFrom(call.target)) {
          this.lists.agentUses.push({ agent: reached.agent, via: 'reusable-workflow', through: reached.through, file: call.file, span: call.span, user: `jobs.${call.job}` });
        }
      }
    }
    return this.lists;
  }
}
