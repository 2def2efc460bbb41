/**
 * Every rule, in id order. The meta-test fails when a folder under rules/ is missing here or an
 * entry here has no folder, so this list cannot drift from the tree.
 */
import type { Rule } from '../src/rule.js';
import agentContextSecretFiles from './agent-context-secret-files/rule.js';
import agentPromptInjection from './agent-prompt-injection/rule.js';
import agentSettingsInlineSecret from './agent-settings-inline-secret/rule.js';
import claudeBypassPermissions from './claude-bypass-permissions/rule.js';
import claudeKeyHelperFixedKey from './claude-key-helper-fixed-key/rule.js';
import claudePermissionScope from './claude-permission-scope/rule.js';
import codexUnsafeSetting from './codex-unsafe-setting/rule.js';
import committedCredential from './committed-credential/rule.js';
import cursorPermissionScope from './cursor-permission-scope/rule.js';
import devcontainerInlineSecret from './devcontainer-inline-secret/rule.js';
import devcontainerSecretExposure from './devcontainer-secret-exposure/rule.js';
import expiredSuppression from './expired-suppression/rule.js';
import mcpInlineSecret from './mcp-inline-secret/rule.js';
import mcpServerAutoApprove from './mcp-server-auto-approve/rule.js';
import mcpServerBroadScope from './mcp-server-broad-scope/rule.js';
import mcpServerExcessCredentials from './mcp-server-excess-credentials/rule.js';
import mcpServerInsecureTransport from './mcp-server-insecure-transport/rule.js';
import mcpServerSharedIdentity from './mcp-server-shared-identity/rule.js';
import mcpServerShellCommand from './mcp-server-shell-command/rule.js';
import mcpServerUnpinnedLaunch from './mcp-server-unpinned-launch/rule.js';
import sharedCredential from './shared-credential/rule.js';
import tokenTtl from './token-ttl/rule.js';
import unexplainedSuppression from './unexplained-suppression/rule.js';
import unscannedAgentConfig from './unscanned-agent-config/rule.js';
import vscodeChatAutoApprove from './vscode-chat-auto-approve/rule.js';
import vscodeTaskOnFolderOpen from './vscode-task-on-folder-open/rule.js';
import workflowAgentBroadAccess from './workflow-agent-broad-access/rule.js';
import workflowAgentInheritsSecrets from './workflow-agent-inherits-secrets/rule.js';
import workflowAgentSharedIdentity from './workflow-agent-shared-identity/rule.js';
import workflowAgentUnsafeSetting from './workflow-agent-unsafe-setting/rule.js';
import workflowAgentUntrustedTrigger from './workflow-agent-untrusted-trigger/rule.js';
import workflowAppTokenScope from './workflow-app-token-scope/rule.js';
import workflowContainerPassword from './workflow-container-password/rule.js';
import workflowDefaultPermissions from './workflow-default-permissions/rule.js';
import workflowPersonalAccessToken from './workflow-personal-access-token/rule.js';
import workflowRegistryToken from './workflow-registry-token/rule.js';
import workflowSecretExposure from './workflow-secret-exposure/rule.js';
import workflowStaticCloudCredentials from './workflow-static-cloud-credentials/rule.js';
import workflowTokenLifetime from './workflow-token-lifetime/rule.js';

export const RULES: readonly Rule[] = [
  agentContextSecretFiles,
  agentPromptInjection,
  agentSettingsInlineSecret,
  claudeBypassPermissions,
  claudeKeyHelperFixedKey,
  claudePermissionScope,
  codexUnsafeSetting,
  committedCredential,
  cursorPermissionScope,
  devcontainerInlineSecret,
  devcontainerSecretExposure,
  expiredSuppression,
  mcpInlineSecret,
  mcpServerAutoApprove,
  mcpServerBroadScope,
  mcpServerExcessCredentials,
  mcpServerInsecureTransport,
  mcpServerSharedIdentity,
  mcpServerShellCommand,
  mcpServerUnpinnedLaunch,
  sharedCredential,
  tokenTtl,
  unexplainedSuppression,
  unscannedAgentConfig,
  vscodeChatAutoApprove,
  vscodeTaskOnFolderOpen,
  workflowAgentBroadAccess,
  workflowAgentInheritsSecrets,
  workflowAgentSharedIdentity,
  workflowAgentUnsafeSetting,
  workflowAgentUntrustedTrigger,
  workflowAppTokenScope,
  workflowContainerPassword,
  workflowDefaultPermissions,
  workflowPersonalAccessToken,
  workflowRegistryToken,
  workflowSecretExposure,
  workflowStaticCloudCredentials,
  workflowTokenLifetime,
];
