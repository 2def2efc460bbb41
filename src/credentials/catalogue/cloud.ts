import type { CredentialType } from '../types.js';

export const CLOUD: readonly CredentialType[] = [];
