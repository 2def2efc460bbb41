import type { SourceFile } from './document.js';

/**
 * Why a file a client would load was not scanned, or not all of it: it could not be read, it was
 * over `max-file-size`, or it went past a parser budget the client's own parser does not have.
 */
export type UnscannedReason = 'unreadable' | 'oversized' | 'too-deep' | 'too-many-nodes';

/**
 * An agent config, MCP config or workflow its client would load that the scan could not see whole.
 * Its `file` has no text when it could not be read at all.
 */
export interface UnscannedFile {
  readonly file: SourceFile;
  readonly reason: UnscannedReason;
  /** What was seen: an error code (`EACCES`), a size in bytes; never content. */
  readonly detail?: string;
}
