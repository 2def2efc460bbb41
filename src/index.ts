/**
 * The library API and composition root: the only place that hands the rule list to the engine.
 */
import { RULES } from '../rules/index.js';
import { loadConfig, type Config } from './config/config.js';
import type { FileReader } from './io/read.js';
import { resolveTarget, scanTarget } from './engine/run.js';
import { currentUserHome, type UserHome } from './engine/home.js';
import type { ScanResult } from './model/scan-result.js';
import type { Rule } from './rule.js';

export { RULES };
export type { Config };
export type { ScanResult } from './model/scan-result.js';
export type { UserHome } from './engine/home.js';
export type { Finding, Notification } from './model/finding.js';
export { UsageError, DEFAULT_MAX_FILE_SIZE } from './engine/run.js';
export { ConfigError } from './config/config.js';
export { formatSarif, toSarif } from './output/sarif.js';
export { formatText } from './output/text.js';

export interface RuleSelection {
  /** Run only these rules (empty: every rule the config leaves enabled). */
  readonly only?: readonly string[];
  readonly disable?: readonly string[];
}

export class UnknownRuleError extends Error {
  constructor(readonly ruleId: string) {
    super(`unknown rule id: ${ruleId}`);
  }
}

/**
 * The rules a scan runs: `--rule` names them outright (even ones the config disables); otherwise
 * every rule the config leaves enabled; then `--disable` removes some.
 */
export function selectRules(selection: RuleSelection = {}, config?: Config): Rule[] {
  const known = new Set(RULES.map((rule) => rule.meta.id));
  for (const id of [...(selection.only ?? []), ...(selection.disable ?? [])]) if (!known.has(id)) throw new UnknownRuleError(id);
  const only = selection.only?.length ? new Set(selection.only) : undefined;
  const disabled = new Set(selection.disable ?? []);
  return RULES.filter(
    (rule) => (only ? only.has(rule.meta.id) : config?.rules.get(rule.meta.id)?.enabled !== false) && !disabled.has(rule.meta.id),
  );
}

export interface ScanOptions extends RuleSelection {
  /** Directories or files to scan; relative ones resolve against `cwd`. */
  readonly paths: readonly string[];
  readonly cwd: string;
  /** `--config FILE`; by default `.nhiscan.yml` or `.nhiscan.yaml` at the scan root, if present. */
  readonly configPath?: string;
  /** Overrides the config's `max-file-size`. */
  readonly maxFileSize?: number;
  readonly reader?: FileReader;
  readonly now?: Date;
  /** How much of one binary or oversized file the credential pass reads (default 256 MiB). */
  readonly credentialPassLimit?: number;
  /** `--workers`: worker threads that read and prescan files beside the main thread (0: none); default by core count and repository size. */
  readonly workers?: number;
  /**
   * `--include-home`: also scan the user's own agent and IDE config files (`~/.claude.json`,
   * `~/.cursor/mcp.json` …). `true` means the running user's home, layout and environment; tests
   * pass a `UserHome` of their own. Off by default, and never set by the GitHub Action: without
   * it nothing outside the scanned paths is read.
   */
  readonly includeHome?: boolean | UserHome;
}

/** Resolves the root, loads and validates the config, selects the rules and scans. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const target = await resolveTarget(options.paths, options.cwd);
  const config = loadConfig(target.root, options.configPath, options.cwd, RULES);
  const maxFileSize = options.maxFileSize ?? config.maxFileSize;
  return scanTarget(target, {
    rules: selectRules(options, config),
    knownRuleIds: new Set(RULES.map((rule) => rule.meta.id)),
    config,
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
    ...(options.reader ? { reader: options.reader } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.credentialPassLimit !== undefined ? { credentialPassLimit: options.credentialPassLimit } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.includeHome === true ? { home: currentUserHome() } : options.includeHome ? { home: options.includeHome } : {}),
  });
}
