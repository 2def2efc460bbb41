import type { MapNode, SourceFile } from './document.js';
import type { AgentClient } from './file-kind.js';

/**
 * The settings an AI client reads from one file: Claude Code's `settings.json`, Codex's
 * `config.toml`. The node is the settings map itself; client-specific keys are read from it by
 * the rules that know them, so the typed fields grow as rules need them.
 */
export interface AgentSettings {
  readonly file: SourceFile;
  readonly client: AgentClient;
  readonly node: MapNode;
}
