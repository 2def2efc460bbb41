import type { CredentialType } from '../types.js';

export const CREDENTIAL_FILES: readonly CredentialType[] = [];
