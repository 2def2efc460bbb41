import { CATALOGUE } from './catalogue/index.js';
import { CredentialDetector } from './detect.js';
import type { CredentialHit } from './types.js';

export type { CredentialHit, CredentialType, Validity } from './types.js';
export { CATALOGUE } from './catalogue/index.js';

/** The catalogue compiled once: its keyword table is built on first use, shared by every caller. */
let detector: CredentialDetector | undefined;

/** Every catalogue credential in `text`, the content of the file at `path` (relative, forward slashes). */
export function detectCredentials(text: string, path: string): CredentialHit[] {
  detector ??= new CredentialDetector(CATALOGUE);
  return detector.detect(text, path);
}
