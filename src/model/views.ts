import type { AgentSettings } from './agent-settings.js';
import type { McpServer } from './mcp.js';
import type { ActionDefinition, Workflow } from './workflow.js';

/** The typed views a file can feed, by the name of the rule hook that receives them. */
export interface ViewTypes {
  readonly workflow: Workflow;
  readonly action: ActionDefinition;
  readonly mcpServer: McpServer;
  readonly agentSettings: AgentSettings;
}
export type ViewName = keyof ViewTypes;
export const VIEW_NAMES: readonly ViewName[] = ['workflow', 'action', 'mcpServer', 'agentSettings'];
