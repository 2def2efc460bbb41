#!/usr/bin/env node
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, DEFAULT_MAX_FILE_SIZE, RULES, scan, UnknownRuleError, UsageError } from './index.js';
import type { Finding } from './model/finding.js';
import type { ScanResult } from './model/scan-result.js';
import { formatRuleTable } from './output/rule-table.js';
import { atLeast, isSeverity, type Severity } from './model/severity.js';
import { TOOL_VERSION } from './version.js';

// ---------------------------------------------------------------------------------------------
// Usage texts

const SCAN_OPTIONS_HELP = `  --format text|json|sarif|markdown
                        output format (default text)
  -o, --output FILE     write the report to FILE instead of stdout (replaced whole; a symbolic
                        link there is refused)
  --fail-on SEVERITY    exit 1 when a finding at or above it remains: info, low, medium, high,
                        critical, or none (default high)
  --min-severity SEV    leave findings below SEV out of the report
  --rule ID             run only this rule (repeatable)
  --disable ID          skip this rule (repeatable; not one --rule names)
  --max-file-size BYTES files above it are not parsed, at least 1 (default ${DEFAULT_MAX_FILE_SIZE})
  --workers N           worker threads that read and search files beside the main one, 0 to 64
                        (default: one per core, at most 4, for a repository large enough)
  --config FILE         settings file (default: .nhiscan.yml or .nhiscan.yaml at the scan root)
  --include-home        also scan your own agent and IDE settings in your home directory
                        (~/.claude.json, ~/.cursor/mcp.json, ~/.codex/config.toml …), shown as ~/…
  --show-suppressed     include suppressed findings, marked as such
  --no-color            plain text output
  --quiet               findings only: no notifications, no summary
`;

const COLOR_HELP = `Colour: text on a terminal is coloured. --no-color or NO_COLOR=1 turns it off; FORCE_COLOR=1
colours without a terminal, FORCE_COLOR=0 turns it off. A report written with -o is never coloured.
`;

const EXIT_CODES_HELP = `Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error, 3 internal error.
`;

export const USAGE = `Usage: nhiscan <command> [options]

Commands:
  scan [PATH...]        scan files and directories (default: the current directory)
  rules [RULE-ID]       list rules, or print one rule's documentation
  help [COMMAND]        print this help, or a command's

Options of scan:
${SCAN_OPTIONS_HELP}
Other options:
  -h, --help            print this help (nhiscan <command> --help prints that command's)
  -V, --version         print the version

${COLOR_HELP}
${EXIT_CODES_HELP}`;

export const SCAN_USAGE = `Usage: nhiscan scan [PATH...] [options]

Scans files and directories (default: the current directory) for the non-human identities of
AI coding tools and reports what it finds.

Options:
${SCAN_OPTIONS_HELP}  -h, --help            print this help

${COLOR_HELP}
${EXIT_CODES_HELP}`;

export const RULES_USAGE = `Usage: nhiscan rules [RULE-ID] [options]

Without RULE-ID, lists every rule with its category, severity and frameworks.
With RULE-ID, prints that rule's documentation.

Options:
  -h, --help            print this help
`;

const COMMAND_USAGE: Readonly<Record<string, string>> = { scan: SCAN_USAGE, rules: RULES_USAGE };

// ---------------------------------------------------------------------------------------------
// Errors

/** A bad flag, value, path or rule id: one line on stderr, exit 2. */
class CliUsageError extends Error {}

/** The scan ran but its report could not be written: no usable output, exit 3. */
class OutputError extends Error {
  constructor(readonly target: string, readonly code: string) {
    super(`could not write the report to ${target} (${code}); no usable output was produced`);
  }
}

// ---------------------------------------------------------------------------------------------
// "Did you mean": a typo should cost one rerun, not a trip to the docs.

/** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The most edits a suggestion may be away from what was typed. */
const MAX_SUGGESTION_DISTANCE = 2;
/** A prefix shorter than this (dashes aside) says too little to suggest from. */
const MIN_PREFIX_LENGTH = 3;

/**
 * The one candidate the user most likely meant: the only one `typed` is a prefix of, or else
 * the only one nearest to it within MAX_SUGGESTION_DISTANCE edits. A tie suggests nothing: a
 * coin toss would mislead more than it helps.
 */
export function suggest(typed: string, candidates: readonly string[]): string | undefined {
  if (typed.replace(/^-+/, '').length >= MIN_PREFIX_LENGTH) {
    const extending = candidates.filter((candidate) => candidate.startsWith(typed) && candidate !== typed);
    if (extending.length === 1) return extending[0];
  }
  let best: string | undefined;
  let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
  let tied = false;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate);
    if (distance < bestDistance) [best, bestDistance, tied] = [candidate, distance, false];
    else if (distance === bestDistance) tied = true;
  }
  return tied ? undefined : best;
}

/** ` (did you mean X?)` when there is a likely X, else `fallback` (which may be empty). */
function hint(typed: string, candidates: readonly string[], fallback = ''): string {
  const suggestion = suggest(typed, candidates);
  return suggestion === undefined ? fallback : ` (did you mean ${suggestion}?)`;
}

const RULE_IDS = RULES.map((rule) => rule.meta.id);

function unknownRuleMessage(id: string): string {
  return `unknown rule id: ${id}${hint(id, RULE_IDS, ' (nhiscan rules lists them)')}`;
}

// ---------------------------------------------------------------------------------------------
// Flags

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;

const SCAN_OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  'min-severity': { type: 'string' },
  rule: { type: 'string', multiple: true },
  disable: { type: 'string', multiple: true },
  'max-file-size': { type: 'string' },
  workers: { type: 'string' },
  'no-color': { type: 'boolean' },
  quiet: { type: 'boolean' },
  config: { type: 'string' },
  'show-suppressed': { type: 'boolean' },
  'include-home': { type: 'boolean' },
  ...HELP_OPTION,
} as const satisfies Options;

const RULES_OPTIONS = { ...HELP_OPTION } as const satisfies Options;

/** A flag as typed: `rawName` is what the user wrote (`-o`), `name` the option it means (`output`). */
interface FlagToken {
  readonly name: string;
  readonly rawName: string;
}

/**
 * The flags of a command line, read leniently (unknown ones included), ahead of the strict
 * parse: so that --help can win over anything else on the line, and an unknown flag can get a
 * suggestion, which node:util's own message cannot give.
 */
function lenientFlags(args: readonly string[], options: Options): FlagToken[] {
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  return tokens.flatMap((token) => (token.kind === 'option' ? [token] : []));
}

function helpAsked(flags: readonly FlagToken[]): boolean {
  return flags.some((flag) => flag.name === 'help');
}

function rejectUnknownFlags(command: string, flags: readonly FlagToken[], options: Options): void {
  const unknown = flags.find((flag) => !Object.hasOwn(options, flag.name));
  if (unknown === undefined) return;
  // Only long flags get a suggestion: one letter off a short flag is any other short flag.
  const fallback = ` (nhiscan ${command} --help lists them)`;
  const longFlags = Object.keys(options).map((name) => `--${name}`);
  const suffix = unknown.rawName.startsWith('--') ? hint(unknown.rawName, longFlags, fallback) : fallback;
  throw new CliUsageError(`unknown option: ${unknown.rawName}${suffix}`);
}

function severityOption(name: string, value: string): Severity {
  if (!isSeverity(value)) {
    const expected = name === 'fail-on' ? 'info, low, medium, high, critical or none' : 'info, low, medium, high or critical';
    throw new CliUsageError(`--${name}: expected ${expected}, got "${value}"`);
  }
  return value;
}

/** The least `max-file-size` that `.nhiscan.yml` accepts (src/config/config.ts); the flag takes the same. */
const MIN_MAX_FILE_SIZE = 1;

/** 0 would leave every file unparsed and report a clean scan: refused, as the config refuses it. */
function maxFileSizeOption(value: string): number {
  const bytes = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(bytes) || bytes < MIN_MAX_FILE_SIZE) {
    throw new CliUsageError(`--max-file-size: expected a whole number of bytes of at least ${MIN_MAX_FILE_SIZE}, got "${value}"`);
  }
  return bytes;
}

const MAX_WORKERS_OPTION = 64;

function workersOption(value: string): number {
  const workers = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(workers) || workers > MAX_WORKERS_OPTION) {
    throw new CliUsageError(`--workers: expected a whole number from 0 to ${MAX_WORKERS_OPTION}, got "${value}"`);
  }
  return workers;
}

/** `-o ''` would otherwise surface as an internal error from the file system. */
function outputOption(value: string): string {
  if (value === '') throw new CliUsageError('--output: expected a file name, got ""');
  return value;
}

/** An empty PATH (`scan ""`, often an unset shell variable) would otherwise scan the current directory. */
function scanPaths(positionals: readonly string[]): readonly string[] {
  if (positionals.includes('')) throw new CliUsageError('empty path "" (leave PATH out to scan the current directory)');
  return positionals;
}

/**
 * `--rule` and `--disable` ids, checked before the scan so a typo gets a suggestion. One id in
 * both would select a rule only to drop it: an empty scan that looks clean, so it is refused.
 */
function ruleSelection(only: readonly string[] = [], disable: readonly string[] = []) {
  for (const id of [...only, ...disable]) if (!RULE_IDS.includes(id)) throw new CliUsageError(unknownRuleMessage(id));
  const both = only.find((id) => disable.includes(id));
  if (both !== undefined) throw new CliUsageError(`--rule and --disable both name ${both}: run it or skip it, not both`);
  return { only, disable };
}

/** FORCE_COLOR values that mean "off", as most tools read them. */
const FORCE_COLOR_OFF = ['0', 'false'];

export interface ColorSetting {
  readonly toFile: boolean;
  readonly noColorFlag: boolean;
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Colour for the text report. A file never gets escape codes (it outlives the terminal). Asking
 * for no colour (--no-color, NO_COLOR) beats asking for colour (FORCE_COLOR, for CI logs that
 * render it); FORCE_COLOR=0 or false forces it off; otherwise colour only on a terminal.
 */
export function colorEnabled({ toFile, noColorFlag, isTTY, env }: ColorSetting): boolean {
  if (toFile || noColorFlag || env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !FORCE_COLOR_OFF.includes(force.trim().toLowerCase());
  return isTTY;
}

// ---------------------------------------------------------------------------------------------
// The report file

/**
 * Checked before the scan so a refusal costs nothing. A symbolic link at the target could point
 * anywhere (another user's file, a dangling name planted to create one): refused, exit 2. A
 * directory cannot take a report: exit 3, as a failed write. Anything else, absence included,
 * is left to the write.
 */
async function checkOutputTarget(target: string): Promise<void> {
  const stat = await fs.lstat(target).catch(() => undefined);
  if (stat?.isSymbolicLink()) throw new CliUsageError(`--output: refusing to write through a symbolic link: ${target}`);
  if (stat?.isDirectory()) throw new OutputError(target, 'EISDIR');
}

/**
 * Writes the report to a new file beside the target (exclusive create, so never through a link
 * and never over another file), then renames it over the target. rename() replaces a directory
 * entry and never follows a link there, so even a link planted after checkOutputTarget is only
 * replaced; readers see the old report or the whole new one, never half.
 */
async function writeReportFile(target: string, report: string): Promise<void> {
  const temp = path.join(path.dirname(target), `.nhiscan-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    // A report being replaced keeps its permissions, as it did when written in place (say 0600).
    const replaced = await fs.lstat(target).catch(() => undefined);
    const handle = await fs.open(temp, 'wx');
    created = true;
    try {
      if (replaced?.isFile()) await handle.chmod(replaced.mode & 0o777);
      await handle.writeFile(report);
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
  } catch (error) {
    // Only our own temp file is removed: with 'wx' an existing one was never ours.
    if (created) await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new OutputError(target, (error as NodeJS.ErrnoException).code ?? 'error');
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

function packageRoot(): string {
  // build/src/cli.js → the package root two levels up, where rules/<id>/README.md ship.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

async function runRules(args: readonly string[]): Promise<number> {
  const flags = lenientFlags(args, RULES_OPTIONS);
  if (helpAsked(flags)) return printUsage(RULES_USAGE);
  rejectUnknownFlags('rules', flags, RULES_OPTIONS);
  const { positionals } = parseArgs({ args: [...args], options: RULES_OPTIONS, strict: true, allowPositionals: true });
  if (positionals.length > 1) throw new CliUsageError('rules takes at most one RULE-ID');
  const id = positionals[0];
  if (id === undefined) {
    process.stdout.write(formatRuleTable(RULES));
    return 0;
  }
  if (!RULE_IDS.includes(id)) throw new CliUsageError(unknownRuleMessage(id));
  process.stdout.write(await fs.readFile(path.join(packageRoot(), 'rules', id, 'README.md'), 'utf8'));
  return 0;
}

async function runScan(args: readonly string[]): Promise<number> {
  const flags = lenientFlags(args, SCAN_OPTIONS);
  if (helpAsked(flags)) return printUsage(SCAN_USAGE);
  rejectUnknownFlags('scan', flags, SCAN_OPTIONS);
  const { values, positionals } = parseArgs({ args: [...args], options: SCAN_OPTIONS, strict: true, allowPositionals: true });
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new CliUsageError(`--format: expected ${FORMATS.join(', ')}, got "${values.format}"`);
  const failOnFlag = values['fail-on'] === 'none' ? 'none' : values['fail-on'] === undefined ? undefined : severityOption('fail-on', values['fail-on']);
  const minSeverityFlag = values['min-severity'] === undefined ? undefined : severityOption('min-severity', values['min-severity']);
  const maxFileSize = values['max-file-size'] === undefined ? undefined : maxFileSizeOption(values['max-file-size']);
  const workers = values.workers === undefined ? undefined : workersOption(values.workers);
  const output = values.output === undefined ? undefined : outputOption(values.output);
  const paths = scanPaths(positionals);
  const rules = ruleSelection(values.rule, values.disable);
  if (output !== undefined) await checkOutputTarget(output);

  const color = colorEnabled({ toFile: output !== undefined, noColorFlag: values['no-color'] === true, isTTY: process.stdout.isTTY === true, env: process.env });
  // Loaded while the scan runs: a scan pays only for the writer it uses.
  const writer = writerFor(format, { color, quiet: values.quiet === true });
  const result = await scan({
    paths,
    cwd: process.cwd(),
    ...rules,
    ...(values.config !== undefined ? { configPath: values.config } : {}),
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
    ...(workers !== undefined ? { workers } : {}),
    ...(values['include-home'] === true ? { includeHome: true } : {}),
  });
  // Flags win over .nhiscan.yml, which wins over the defaults.
  const failOn = failOnFlag ?? result.config.failOn ?? 'high';
  const minSeverity = minSeverityFlag ?? result.config.minSeverity ?? 'info';
  const showSuppressed = values['show-suppressed'] === true;
  const shown = result.findings.filter((finding) => atLeast(finding.severity, minSeverity) && (showSuppressed || !finding.suppression));
  // Counted for the text summary, so a filtered report does not pass for a complete one.
  const hidden = { count: result.findings.filter((finding) => !finding.suppression && !atLeast(finding.severity, minSeverity)).length, below: minSeverity };
  const report = (await writer)(result, shown, { hidden, pathPrefix: await textPathPrefix(result.root) });
  if (output !== undefined) await writeReportFile(output, report);
  else process.stdout.write(report);
  const failing = shown.filter((finding) => !finding.suppression && failOn !== 'none' && atLeast(finding.severity, failOn));
  return failing.length > 0 ? 1 : 0;
}

function printUsage(usage: string): number {
  process.stdout.write(usage);
  return 0;
}

/** `nhiscan help [COMMAND]`. */
function runHelp(args: readonly string[]): number {
  const [command] = args;
  if (command === undefined) return printUsage(USAGE);
  const usage = COMMAND_USAGE[command];
  if (usage === undefined) throw new CliUsageError(`unknown command: ${command}${hint(command, Object.keys(COMMAND_USAGE), ' (try nhiscan --help)')}`);
  return printUsage(usage);
}

/** What may come first on the command line, for suggestions. */
const TOP_LEVEL = ['scan', 'rules', 'help', '--help', '--version'];

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await runScan(rest);
      case 'rules':
        return await runRules(rest);
      case '--version':
      case '-V':
      case '-v':
        process.stdout.write(`${TOOL_VERSION}\n`);
        return 0;
      case 'help':
        return runHelp(rest);
      case '--help':
      case '-h':
        return printUsage(USAGE);
      case undefined:
        // No command is a usage error, though the usage itself is what to print.
        process.stdout.write(USAGE);
        return 2;
      default:
        throw new CliUsageError(`unknown command: ${command}${hint(command, TOP_LEVEL, ' (try nhiscan --help)')}`);
    }
  } catch (error) {
    return reportError(error);
  }
}

/** One line on stderr for any failure, and its exit code: 2 for the user's input, 3 otherwise. */
function reportError(error: unknown): number {
  if (error instanceof UnknownRuleError) {
    process.stderr.write(`nhiscan: ${unknownRuleMessage(error.ruleId)}\n`);
    return 2;
  }
  if (error instanceof CliUsageError || error instanceof UsageError || error instanceof ConfigError) {
    process.stderr.write(`nhiscan: ${error.message}\n`);
    return 2;
  }
  if (error instanceof OutputError) {
    process.stderr.write(`nhiscan: ${error.message}\n`);
    return 3;
  }
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    // node:util's messages name the flag the user typed, nothing scanned.
    process.stderr.write(`nhiscan: ${(error as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  // An internal error: say so in one line; the details only when asked, as they may quote input.
  process.stderr.write(`nhiscan: internal error (${error instanceof Error ? error.name : 'unknown'}); no usable output was produced\n`);
  if (process.env.NHISCAN_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return 3;
}

/**
 * `nhiscan scan | head -1`: once the reader has gone, the rest of the report has nowhere to go,
 * and that is the reader's choice, not a failure: without a listener Node would print an
 * unhandled 'error' stack trace. The exit code stays the one the scan decided. Any other
 * stdout failure means no usable output: one line, exit 3.
 */
function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`nhiscan: could not write to stdout (${error.code ?? 'error'}); no usable output was produced\n`);
    process.exit(3);
  });
}

const invokedDirectly = process.argv[1] !== undefined && (await fs.realpath(process.argv[1]).catch(() => process.argv[1])) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  endQuietlyOnClosedPipe();
  process.exitCode = await main(process.argv.slice(2));
}

/** What only the text report shows: it is read in a terminal, so its paths are from the current directory. */
interface TextContext {
  readonly hidden: { readonly count: number; readonly below: Severity };
  readonly pathPrefix: string;
}

type Writer = (result: ScanResult, shown: readonly Finding[], context: TextContext) => string;

/**
 * From the current directory to the scan root (`fixtures/agents/`), so text paths open from the
 * terminal. A root outside the current directory is given whole (`/srv/repo/`): a `../../` chain
 * is harder to read and breaks when the terminal moves.
 */
async function textPathPrefix(root: string): Promise<string> {
  const relative = path.relative(await fs.realpath(process.cwd()), root);
  if (relative === '') return '';
  const prefix = relative.startsWith('..') || path.isAbsolute(relative) ? root : relative;
  return prefix.endsWith(path.sep) ? prefix.split(path.sep).join('/') : `${prefix.split(path.sep).join('/')}/`;
}

async function writerFor(format: Format, text: { color: boolean; quiet: boolean }): Promise<Writer> {
  switch (format) {
    case 'sarif': {
      const { formatSarif } = await import('./output/sarif.js');
      return (result, shown) => formatSarif(result, shown);
    }
    case 'json': {
      const { formatJson } = await import('./output/json.js');
      return (result, shown) => formatJson(result, shown);
    }
    case 'markdown': {
      const { formatMarkdown } = await import('./output/markdown.js');
      return (result, shown) => formatMarkdown(result, shown);
    }
    case 'text': {
      const { formatText } = await import('./output/text.js');
      return (result, shown, context) => formatText(result, shown, { ...text, ...context });
    }
  }
}
