import type { CredentialType } from '../types.js';

export const SAAS: readonly CredentialType[] = [];
