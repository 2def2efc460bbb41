import type { CredentialType } from '../types.js';

export const GENERIC: readonly CredentialType[] = [];
