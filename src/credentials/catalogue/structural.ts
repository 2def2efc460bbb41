import type { CredentialType } from '../types.js';

export const STRUCTURAL: readonly CredentialType[] = [];
