import { lstatSync } from 'node:fs';
import path from 'node:path';
import { formatKeyPath, get, isMap, isScalar, isSeq, type KeyPath, type MapNode, type Node, type SourceFile } from '../model/document.js';
import type { OptionValue } from '../model/options.js';
import { isSeverity, type Severity } from '../model/severity.js';
import type { ConfigSuppression } from '../model/suppression.js';
import { LineIndex } from '../text/line-index.js';
import { decode } from '../text/decode.js';
import { readGuarded } from '../io/read.js';
import { displayName, escapeControl } from '../credentials/mask.js';
import { parseYaml } from '../parse/yaml.js';
import type { Rule } from '../rule.js';

/** What `.nhiscan.yml` says, validated (docs/contract.md §7). Absent keys stay absent: the CLI's defaults apply. */
export interface Config {
  readonly file?: SourceFile;
  readonly failOn?: Severity | 'none';
  readonly minSeverity?: Severity;
  readonly maxFileSize?: number;
  readonly ignore: readonly string[];
  readonly rules: ReadonlyMap<string, RuleSettings>;
  readonly suppressions: readonly ConfigSuppression[];
}

export interface RuleSettings {
  readonly enabled?: boolean;
  readonly severity?: Severity;
  readonly options: Readonly<Record<string, OptionValue>>;
}

export const EMPTY_CONFIG: Config = { ignore: [], rules: new Map(), suppressions: [] };

export const CONFIG_NAMES = ['.nhiscan.yml', '.nhiscan.yaml'] as const;

/** A config file that cannot be used: exit 2, one line naming the file, position, key path and what was expected. */
export class ConfigError extends Error {}

class Checker {
  private readonly lines: LineIndex;

  constructor(private readonly file: SourceFile) {
    this.lines = new LineIndex(file.text);
  }

  fail(node: Node | undefined, path: KeyPath, problem: string): never {
    const where = node ? this.lines.position(node.keySpan?.start ?? node.span.start) : undefined;
    const position = where ? `:${where.line}:${where.column}` : '';
    // Keys come from the file: a pasted token is described, control characters escaped.
    const key = path.length ? `${formatKeyPath(path.map((segment) => (typeof segment === 'string' ? displayName(segment) : segment)))}: ` : '';
    throw new ConfigError(`${escapeControl(this.file.path)}${position}: ${key}${problem}`);
  }

  map(node: Node, path: KeyPath, allowed: readonly string[]): MapNode {
    if (!isMap(node)) this.fail(node, path, 'expected a mapping');
    for (const entry of node.entries) {
      if (!allowed.includes(entry.key)) this.fail(entry.value, [...path, entry.key], `unknown key (expected one of ${allowed.join(', ')})`);
    }
    return node;
  }

  severity(node: Node, path: KeyPath, allowNone = false): Severity | 'none' {
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === 'string' && (isSeverity(value) || (allowNone && value === 'none'))) return value;
    return this.fail(node, path, `expected info, low, medium, high or critical${allowNone ? ' or none' : ''}`);
  }

  string(node: Node, path: KeyPath): string {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
    return this.fail(node, path, 'expected a non-empty string');
  }

  integer(node: Node, path: KeyPath, min: number): number {
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= min) return node.value;
    return this.fail(node, path, `expected a whole number of at least ${min}`);
  }

  boolean(node: Node, path: KeyPath): boolean {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    return this.fail(node, path, 'expected true or false');
  }

  stringList(node: Node, path: KeyPath): string[] {
    if (!isSeq(node)) this.fail(node, path, 'expected a list of strings');
    return node.items.map((item, index) => this.string(item, [...path, index]));
  }

  date(node: Node, path: KeyPath): string {
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)) return value;
    return this.fail(node, path, 'expected a date as YYYY-MM-DD');
  }
}

const TOP_KEYS = ['rules', 'ignore', 'suppressions', 'fail-on', 'min-severity', 'max-file-size'] as const;
const RULE_KEYS = ['enabled', 'severity', 'options'] as const;
const SUPPRESSION_KEYS = ['rule', 'path', 'line', 'key', 'reason', 'expires'] as const;

function ruleSettings(check: Checker, node: Node, path: KeyPath, rule: Rule): RuleSettings {
  const map = check.map(node, path, RULE_KEYS);
  const enabled = get(map, 'enabled');
  const severity = get(map, 'severity');
  const optionsNode = get(map, 'options');
  const specs = rule.meta.options ?? {};
  const options: Record<string, OptionValue> = {};
  if (optionsNode) {
    const optionsMap = check.map(optionsNode, [...path, 'options'], Object.keys(specs).length ? Object.keys(specs) : ['(this rule has no options)']);
    for (const entry of optionsMap.entries) {
      const spec = specs[entry.key]!;
      const at = [...path, 'options', entry.key];
      options[entry.key] =
        spec.type === 'number' ? check.integer(entry.value, at, spec.min ?? 0)
        : spec.type === 'boolean' ? check.boolean(entry.value, at)
        : spec.type === 'string' ? check.string(entry.value, at)
        : check.stringList(entry.value, at);
    }
  }
  return {
    ...(enabled ? { enabled: check.boolean(enabled, [...path, 'enabled']) } : {}),
    ...(severity ? { severity: check.severity(severity, [...path, 'severity']) as Severity } : {}),
    options,
  };
}

function suppression(check: Checker, file: SourceFile, node: Node, path: KeyPath, ruleIds: ReadonlySet<string>): ConfigSuppression {
  const map = check.map(node, path, SUPPRESSION_KEYS);
  const required = (key: string): Node => get(map, key) ?? check.fail(map, path, `missing required key "${key}"`);
  const rule = check.string(required('rule'), [...path, 'rule']);
  if (!ruleIds.has(rule)) check.fail(get(map, 'rule'), [...path, 'rule'], `unknown rule id "${displayName(rule)}" (nhiscan rules lists them)`);
  const line = get(map, 'line');
  const key = get(map, 'key');
  const expires = get(map, 'expires');
  return {
    file,
    node: map,
    rule,
    path: check.string(required('path'), [...path, 'path']),
    reason: check.string(required('reason'), [...path, 'reason']),
    ...(line ? { line: check.integer(line, [...path, 'line'], 1) } : {}),
    ...(key ? { key: check.string(key, [...path, 'key']) } : {}),
    ...(expires ? { expires: check.date(expires, [...path, 'expires']), expiresNode: expires } : {}),
  };
}

/** Validates a parsed config against the known rules. Throws ConfigError naming the first problem. */
export function validateConfig(file: SourceFile, root: Node | undefined, rules: readonly Rule[]): Config {
  const check: Checker = new Checker(file);
  if (root === undefined || (isScalar(root) && root.value === null)) return { ...EMPTY_CONFIG, file };
  const top = check.map(root, [], TOP_KEYS);
  const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));

  const ruleMap = new Map<string, RuleSettings>();
  const rulesNode = get(top, 'rules');
  if (rulesNode) {
    if (!isMap(rulesNode)) check.fail(rulesNode, ['rules'], 'expected a mapping of rule ids');
    for (const entry of rulesNode.entries) {
      const rule = byId.get(entry.key) ?? check.fail(entry.value, ['rules', entry.key], 'unknown rule id (nhiscan rules lists them)');
      ruleMap.set(entry.key, ruleSettings(check, entry.value, ['rules', entry.key], rule));
    }
  }

  const suppressionsNode = get(top, 'suppressions');
  let suppressions: ConfigSuppression[] = [];
  if (suppressionsNode) {
    if (!isSeq(suppressionsNode)) check.fail(suppressionsNode, ['suppressions'], 'expected a list');
    const ids = new Set(byId.keys());
    suppressions = suppressionsNode.items.map((item, index) => suppression(check, file, item, ['suppressions', index], ids));
  }

  const failOn = get(top, 'fail-on');
  const minSeverity = get(top, 'min-severity');
  const maxFileSize = get(top, 'max-file-size');
  const ignore = get(top, 'ignore');
  return {
    file,
    ignore: ignore ? check.stringList(ignore, ['ignore']) : [],
    rules: ruleMap,
    suppressions,
    ...(failOn ? { failOn: check.severity(failOn, ['fail-on'], true) } : {}),
    ...(minSeverity ? { minSeverity: check.severity(minSeverity, ['min-severity']) as Severity } : {}),
    ...(maxFileSize ? { maxFileSize: check.integer(maxFileSize, ['max-file-size'], 1) } : {}),
  };
}

/** Parses config text; the path is what messages and suppressions name (relative to the scan root when inside it). */
export function parseConfig(displayPath: string, text: string, rules: readonly Rule[]): Config {
  const file: SourceFile = { path: displayPath, kind: 'yaml', syntax: 'yaml', adapter: 'nhiscan-config', text };
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    const { line, column } = new LineIndex(text).position(parsed.offset);
    throw new ConfigError(`${displayPath}:${line}:${column}: not valid YAML (${parsed.code})`);
  }
  if (parsed.roots.length > 1) throw new ConfigError(`${displayPath}: expected one YAML document, found ${parsed.roots.length}`);
  return validateConfig(file, parsed.roots[0], rules);
}

/**
 * The config for a scan: `--config FILE` if given (it must exist), else `.nhiscan.yml` or
 * `.nhiscan.yaml` at the scan root if present, else none.
 */
export function loadConfig(root: string, explicit: string | undefined, cwd: string, rules: readonly Rule[]): Config {
  const candidates = explicit !== undefined ? [path.resolve(cwd, explicit)] : CONFIG_NAMES.map((name) => path.join(root, name));
  // lstat, not exists: a dangling link at the root is still the repository's config, to refuse.
  const found = candidates.find((candidate) => lstatSync(candidate, { throwIfNoEntry: false }) !== undefined);
  if (found === undefined) {
    if (explicit !== undefined) throw new ConfigError(`--config: file not found: ${escapeControl(explicit)}`);
    return EMPTY_CONFIG;
  }
  const name = escapeControl(explicit ?? path.basename(found));
  const text = readConfigText(found, name, explicit !== undefined);
  const relative = path.relative(root, found);
  const displayPath = relative.startsWith('..') || path.isAbsolute(relative) ? found : relative.split(path.sep).join('/');
  return parseConfig(displayPath, text, rules);
}

/** Far larger than any real config: a bigger one is refused before it is read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The config's text, read as a scanned file is: a config found in the scanned repository is
 * attacker-controlled, so a link to `/dev/zero` or `/etc/shadow`, a FIFO or a huge file is refused
 * in one line naming it, before a byte is read. A file named by `--config` is the user's choice,
 * and may be a link.
 */
function readConfigText(file: string, name: string, named: boolean): string {
  let raw;
  try {
    raw = readGuarded(file, MAX_CONFIG_BYTES, { followLink: named });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ELOOP') throw new ConfigError(`${name}: refusing to read a symbolic link (a config in the scanned tree must be a regular file)`);
    throw new ConfigError(`${name}: could not read (${code})`);
  }
  if (raw.kind === 'not-regular') throw new ConfigError(`${name}: not a regular file (a FIFO, device or directory is refused)`);
  if (raw.kind === 'oversized') throw new ConfigError(`${name}: larger than ${MAX_CONFIG_BYTES} bytes`);
  const decoded = decode(raw.bytes);
  if (decoded.kind === 'binary') throw new ConfigError(`${name}: not a text file`);
  return decoded.text;
}
