import { RULES } from '../../rules/index.js';
import { RuleRunner } from '../../src/engine/rule-runner.js';
import { EMPTY_CONFIG } from '../../src/config/config.js';
import type { ScanResult } from '../../src/model/scan-result.js';

/** A scan result from in-memory files, for writer tests: every rule, no disk, fixed times. */
export function scanOf(files: Readonly<Record<string, string>>, overrides: Partial<ScanResult> = {}): ScanResult {
  const runner = new RuleRunner(RULES);
  for (const [path, text] of Object.entries(files)) runner.addFile(path, text);
  const { findings, notifications } = runner.finish();
  return {
    root: '/repo',
    findings,
    notifications,
    skipped: { binary: 0, oversized: 0, 'not-regular': 0, symlink: 0 },
    filesScanned: Object.keys(files).length,
    startTime: new Date('2026-11-25T10:00:00Z'),
    endTime: new Date('2026-11-25T10:00:01Z'),
    rules: RULES,
    config: EMPTY_CONFIG,
    ...overrides,
  };
}
