import type { Severity } from '../model/severity.js';

/**
 * Folders whose files are test data or examples rather than configuration anything runs with.
 * A finding there is usually a planted sample; it is still reported, at low severity, so it
 * neither fails a build by default nor disappears.
 */
const TEST_SEGMENT = /^(?:tests?|__tests__|spec|specs|fixtures?|__fixtures__|testdata|test-data|examples?|samples?)$/i;

export function isTestPath(path: string): boolean {
  return path.split('/').slice(0, -1).some((segment) => TEST_SEGMENT.test(segment));
}

export function contextualSeverity(severity: Severity, path: string): Severity {
  return isTestPath(path) && (severity === 'critical' || severity === 'high' || severity === 'medium') ? 'low' : severity;
}
