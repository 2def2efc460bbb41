#!/usr/bin/env node
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, DEFAULT_MAX_FILE_SIZE, RULES, scan, UnknownRuleError, UsageError } from './index.js';
import type { Finding } from './model/finding.js';
import type { ScanResult } from './model/scan-result.js';
import { formatRuleTable } from './output/rule-table.js';
import { atLeast, isSeverity, type Severity } from './model/severity.js';
import { TOOL_VERSION } from './version.js';

const USAGE = `Usage: nhiscan <command> [options]

Commands:
  scan [PATH...]        scan files and directories (default: the current directory)
  rules [RULE-ID]       list rules, or print one rule's documentation

Options of scan:
  --format text|json|sarif|markdown
                        output format (default text)
  -o, --output FILE     write the report to FILE instead of stdout
  --fail-on SEVERITY    exit 1 when a finding at or above it remains: info, low, medium, high,
                        critical, or none (default high)
  --min-severity SEV    leave findings below SEV out of the report
  --rule ID             run only this rule (repeatable)
  --disable ID          skip this rule (repeatable)
  --max-file-size BYTES files above it are not parsed (default ${DEFAULT_MAX_FILE_SIZE})
  --config FILE         settings file (default: .nhiscan.yml or .nhiscan.yaml at the scan root)
  --show-suppressed     include suppressed findings, marked as such
  --no-color            plain text output
  --quiet               findings only: no notifications, no summary

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error, 3 internal error.
`;

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

class CliUsageError extends Error {}

/** The scan ran but its report could not be written: no usable output, exit 3. */
class OutputError extends Error {
  constructor(readonly target: string, readonly code: string) {
    super(`could not write the report to ${target} (${code}); no usable output was produced`);
  }
}

function severityOption(name: string, value: string): Severity {
  if (!isSeverity(value)) {
    const expected = name === 'fail-on' ? 'info, low, medium, high, critical or none' : 'info, low, medium, high or critical';
    throw new CliUsageError(`--${name}: expected ${expected}, got "${value}"`);
  }
  return value;
}

function packageRoot(): string {
  // build/src/cli.js → the package root two levels up, where rules/<id>/README.md ship.
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

async function runRules(args: readonly string[]): Promise<number> {
  if (args.length > 1) throw new CliUsageError('rules takes at most one RULE-ID');
  const id = args[0];
  if (id === undefined) {
    process.stdout.write(formatRuleTable(RULES));
    return 0;
  }
  if (!RULES.some((rule) => rule.meta.id === id)) throw new CliUsageError(`unknown rule id: ${id} (nhiscan rules lists them)`);
  process.stdout.write(await fs.readFile(path.join(packageRoot(), 'rules', id, 'README.md'), 'utf8'));
  return 0;
}

async function runScan(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      'min-severity': { type: 'string' },
      rule: { type: 'string', multiple: true },
      disable: { type: 'string', multiple: true },
      'max-file-size': { type: 'string' },
      'no-color': { type: 'boolean' },
      quiet: { type: 'boolean' },
      config: { type: 'string' },
      'show-suppressed': { type: 'boolean' },
    },
  });
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new CliUsageError(`--format: expected ${FORMATS.join(', ')}, got "${values.format}"`);
  const failOnFlag = values['fail-on'] === 'none' ? 'none' : values['fail-on'] === undefined ? undefined : severityOption('fail-on', values['fail-on']);
  const minSeverityFlag = values['min-severity'] === undefined ? undefined : severityOption('min-severity', values['min-severity']);
  let maxFileSize: number | undefined;
  if (values['max-file-size'] !== undefined) {
    if (!/^\d+$/.test(values['max-file-size'])) throw new CliUsageError(`--max-file-size: expected a number of bytes, got "${values['max-file-size']}"`);
    maxFileSize = Number(values['max-file-size']);
  }

  const toFile = values.output !== undefined;
  const color = !toFile && !values['no-color'] && process.stdout.isTTY === true && !process.env.NO_COLOR;
  // Loaded while the scan runs: a scan pays only for the writer it uses.
  const writer = writerFor(format, { color, quiet: values.quiet === true });
  const result = await scan({
    paths: positionals,
    cwd: process.cwd(),
    only: values.rule ?? [],
    disable: values.disable ?? [],
    ...(values.config !== undefined ? { configPath: values.config } : {}),
    ...(maxFileSize !== undefined ? { maxFileSize } : {}),
  });
  // Flags win over .nhiscan.yml, which wins over the defaults.
  const failOn = failOnFlag ?? result.config.failOn ?? 'high';
  const minSeverity = minSeverityFlag ?? result.config.minSeverity ?? 'info';
  const showSuppressed = values['show-suppressed'] === true;
  const shown = result.findings.filter((finding) => atLeast(finding.severity, minSeverity) && (showSuppressed || !finding.suppression));
  const report = (await writer)(result, shown);
  if (toFile) {
    try {
      await fs.writeFile(values.output!, report);
    } catch (error) {
      throw new OutputError(values.output!, (error as NodeJS.ErrnoException).code ?? 'error');
    }
  }
  else process.stdout.write(report);
  const failing = shown.filter((finding) => !finding.suppression && failOn !== 'none' && atLeast(finding.severity, failOn));
  return failing.length > 0 ? 1 : 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await runScan(rest);
      case 'rules':
        return await runRules(rest);
      case '--version':
      case '-v':
        process.stdout.write(`${TOOL_VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new CliUsageError(`unknown command: ${command} (try nhiscan --help)`);
    }
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof UsageError || error instanceof UnknownRuleError || error instanceof ConfigError) {
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
}

const invokedDirectly = process.argv[1] !== undefined && (await fs.realpath(process.argv[1]).catch(() => process.argv[1])) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2));
}

type Writer = (result: ScanResult, shown: readonly Finding[]) => string;

async function writerFor(format: Format, text: { color: boolean; quiet: boolean }): Promise<Writer> {
  switch (format) {
    case 'sarif':
      return (await import('./output/sarif.js')).formatSarif;
    case 'json':
      return (await import('./output/json.js')).formatJson;
    case 'markdown':
      return (await import('./output/markdown.js')).formatMarkdown;
    case 'text': {
      const { formatText } = await import('./output/text.js');
      return (result, shown) => formatText(result, shown, text);
    }
  }
}
