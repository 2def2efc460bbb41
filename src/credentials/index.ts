import { CATALOGUE } from './catalogue/index.js';
import { CredentialDetector } from './detect.js';
import type { CredentialHit, CredentialType } from './types.js';

export type { CredentialHit, CredentialType, Validity } from './types.js';
export { CATALOGUE } from './catalogue/index.js';

/** The catalogue compiled once: its keyword table is built on first use, shared by every caller. */
let detector: CredentialDetector | undefined;

/** Every catalogue credential in `text`, the content of the file at `path` (relative, forward slashes). */
export function detectCredentials(text: string, path: string): CredentialHit[] {
  detector ??= new CredentialDetector(CATALOGUE);
  return detector.detect(text, path);
}

/** Every keyword of the catalogue: a text holding none of them holds no catalogue credential. */
export function credentialKeywords(): readonly string[] {
  return [...new Set(CATALOGUE.flatMap((type) => type.keywords))];
}

let byId: Map<string, CredentialType> | undefined;

/** The catalogue's type with this id (a hit that crossed threads names its type by id). */
export function credentialType(id: string): CredentialType {
  byId ??= new Map(CATALOGUE.map((type) => [type.id, type]));
  const type = byId.get(id);
  if (!type) throw new Error(`no credential type ${id}`);
  return type;
}
