import type { CredentialType } from '../types.js';

export const AI: readonly CredentialType[] = [];
