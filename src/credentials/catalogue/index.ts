import type { CredentialType } from '../types.js';
import { GITHUB } from './github.js';

/**
 * Every credential type nhiscan knows, in precedence order: where two types match overlapping
 * text, the earlier one claims it. Specific, prefixed formats come first; structural ones (JWT,
 * PEM, URLs with passwords) next; credential files by shape, then generic assignments, last.
 */
export const CATALOGUE: readonly CredentialType[] = [...GITHUB];
