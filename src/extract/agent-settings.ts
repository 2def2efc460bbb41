import { isMap, type StructuredDocument } from '../model/document.js';
import type { AgentSettings } from '../model/agent-settings.js';
import type { AgentClient } from '../model/file-kind.js';

/** A client settings file is one settings map: its root. */
export function extractAgentSettings(doc: StructuredDocument, client: AgentClient): AgentSettings[] {
  const root = doc.roots[0];
  return isMap(root) ? [{ file: doc.file, client, node: root }] : [];
}
