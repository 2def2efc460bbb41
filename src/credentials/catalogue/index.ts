import type { CredentialType } from '../types.js';
import { AI } from './ai.js';
import { CLOUD } from './cloud.js';
import { CREDENTIAL_FILES } from './files.js';
import { GENERIC } from './generic.js';
import { GITHUB } from './github.js';
import { SAAS } from './saas.js';
import { STRUCTURAL } from './structural.js';

/**
 * Every credential type nhiscan knows, in precedence order: where two types match overlapping
 * text, the earlier one claims it. Specific, prefixed formats come first; structural ones (JWT,
 * PEM, URLs with passwords) next; credential files by shape, then generic assignments, last.
 */
export const CATALOGUE: readonly CredentialType[] = [...GITHUB, ...CLOUD, ...AI, ...SAAS, ...STRUCTURAL, ...CREDENTIAL_FILES, ...GENERIC];
