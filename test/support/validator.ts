import { execFile } from 'node:child_process';
import { promises as fs, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './cli.js';

/**
 * The SARIF validator of docs/contract.md §5: `Sarif.Multitool validate --rule-kind "Sarif;Gh"`,
 * the self-contained Linux binary called directly. The npm shim would pass the arguments through
 * a shell, which splits `Sarif;Gh` at the semicolon, so it is not used.
 */
export const MULTITOOL = path.join(PROJECT_ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');

export interface ValidatorIssue {
  readonly ruleId: string;
  readonly level: 'error' | 'warning' | 'note' | 'none';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface Validation {
  /** Every result of level `error`: a valid file has none. */
  readonly errors: readonly ValidatorIssue[];
  /** Everything the validator said, errors included (a result without a level is a warning). */
  readonly all: readonly ValidatorIssue[];
}

/** npm 11 skips the package's postinstall chmod, so the binary may lack its run bit. */
async function ensureExecutable(): Promise<void> {
  const stat = await fs.stat(MULTITOOL);
  if ((stat.mode & constants.S_IXUSR) === 0) await fs.chmod(MULTITOOL, stat.mode | constants.S_IXUSR);
}

interface ReportResult {
  readonly ruleId?: string;
  readonly level?: string;
  readonly message?: { readonly text?: string; readonly id?: string; readonly arguments?: readonly string[] };
  readonly locations?: readonly { readonly physicalLocation?: { readonly region?: { readonly startLine?: number; readonly startColumn?: number } } }[];
}

function issueOf(result: ReportResult): ValidatorIssue {
  const region = result.locations?.[0]?.physicalLocation?.region;
  const level = result.level === 'error' || result.level === 'note' || result.level === 'none' ? result.level : 'warning';
  const message = result.message?.text ?? [result.message?.id, ...(result.message?.arguments ?? [])].filter(Boolean).join(': ');
  return {
    ruleId: result.ruleId ?? '(no rule id)',
    level,
    message,
    ...(region?.startLine !== undefined ? { line: region.startLine } : {}),
    ...(region?.startColumn !== undefined ? { column: region.startColumn } : {}),
  };
}

/**
 * Validates one SARIF file. The validator exits 0 even when it reports errors, so the verdict
 * comes from the report it writes: every result whose `level` is `error`. The report goes to a
 * fresh folder each call, because an existing `-o` file makes it exit 1 and keep the stale report.
 */
export async function validateSarifFile(sarifFile: string): Promise<Validation> {
  await ensureExecutable();
  const reportDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nhiscan-validator-'));
  const report = path.join(reportDir, 'report.sarif');
  try {
    const outcome = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        MULTITOOL,
        ['validate', '--rule-kind', 'Sarif;Gh', '-o', report, sarifFile],
        { encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error && typeof (error as { code?: unknown }).code !== 'number') reject(error);
          else resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
        },
      );
    });
    let text: string;
    try {
      text = await fs.readFile(report, 'utf8');
    } catch {
      throw new Error(`Sarif.Multitool wrote no report (exit ${outcome.code}):\n${outcome.stdout}\n${outcome.stderr}`);
    }
    if (outcome.code !== 0) throw new Error(`Sarif.Multitool exited ${outcome.code}:\n${outcome.stdout}\n${outcome.stderr}`);
    const log = JSON.parse(text) as { runs?: { results?: ReportResult[] }[] };
    const all = (log.runs ?? []).flatMap((run) => run.results ?? []).map(issueOf);
    return { errors: all.filter((issue) => issue.level === 'error'), all };
  } finally {
    await fs.rm(reportDir, { recursive: true, force: true });
  }
}

/** Validates SARIF text by writing it to a temporary file first. */
export async function validateSarifText(sarif: string): Promise<Validation> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nhiscan-sarif-'));
  try {
    const file = path.join(dir, 'input.sarif');
    await fs.writeFile(file, sarif);
    return await validateSarifFile(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** One line per issue, for assertion messages. */
export function describeIssues(issues: readonly ValidatorIssue[]): string {
  return issues.map((issue) => `${issue.level} ${issue.ruleId} ${issue.line ?? '?'}:${issue.column ?? '?'} ${issue.message}`).join('\n');
}
