import ignore from 'ignore';
import type { SourceFile } from '../model/document.js';
import type { Finding } from '../model/finding.js';
import { isExpired, type ConfigSuppression, type InlineSuppression } from '../model/suppression.js';
import { LineIndex } from '../text/line-index.js';

type CommentStyle = 'hash' | 'slash' | 'both' | 'none';

/**
 * Which comments a file can carry, by syntax then extension. Strict JSON has none: such files
 * are suppressed from `.nhiscan.yml` only (docs/contract.md §7).
 */
function commentStyle(file: SourceFile): CommentStyle {
  const syntax: string | undefined = file.syntax;
  if (syntax === 'json') return 'none';
  if (syntax === 'jsonc' || syntax === 'source') return 'slash';
  if (syntax === 'yaml' || syntax === 'toml' || syntax === 'dotenv') return 'hash';
  if (/\.(?:[cm]?[jt]sx?|jsonc|go|rs|java|kt|swift|c|cc|cpp|h|cs)$/i.test(file.path)) return 'slash';
  if (/\.(?:tf|hcl)$/i.test(file.path)) return 'both';
  // Shell and other '#'-comment formats. Anything else (markdown, where '#' is a heading; plain
  // text; strict JSON) has no comment nhiscan can trust.
  if (/\.(?:sh|bash|zsh|ksh|py|rb|pl|r|ini|cfg|conf|properties|mk|dockerfile)$|(?:^|\/)(?:Dockerfile|Containerfile|Makefile|\.?[^/.]+rc)$/i.test(file.path)) return 'hash';
  return 'none';
}

const OPENERS: Record<Exclude<CommentStyle, 'none'>, readonly string[]> = {
  hash: ['#'],
  slash: ['//', '/*'],
  both: ['#', '//', '/*'],
};

export const SUPPRESSION_MARKER = 'nhiscan-ignore';
const MARKER = SUPPRESSION_MARKER;
const RULE_LIST = /^[ \t]+[A-Za-z0-9][A-Za-z0-9, \t-]*$/;

/** A comment line longer than this after the marker is not read as a suppression. */
const MAX_COMMENT = 1024;

/**
 * The suppression written at `markerAt`, if the marker opens a comment: only blanks between a
 * comment opener and the marker, then rule ids, then `: reason` to the end of the line (a block
 * comment's closing marker excluded). Plain string work bounded per marker: scanned lines can be
 * megabytes long and built to make a backtracking regex, or a rescan per marker, crawl.
 */
function readComment(text: string, markerAt: number, openers: readonly string[]): { end: number; ruleIds: string[]; reason?: string } | undefined {
  let before = markerAt;
  while (before > 0 && (text[before - 1] === ' ' || text[before - 1] === '\t')) before--;
  if (!openers.some((opener) => text.startsWith(opener, before - opener.length))) return undefined;
  const window = text.slice(markerAt + MARKER.length, markerAt + MARKER.length + MAX_COMMENT + 1);
  const newline = window.indexOf('\n');
  if (newline === -1 && window.length > MAX_COMMENT) return undefined;
  let rest = (newline === -1 ? window : window.slice(0, newline)).trimEnd();
  if (rest.endsWith('*/')) rest = rest.slice(0, -2).trimEnd();
  const colon = rest.indexOf(':');
  const list = colon === -1 ? rest : rest.slice(0, colon);
  if (list !== '' && !RULE_LIST.test(list)) return undefined; // `nhiscan-ignore-all`, prose
  const ruleIds = list.split(/[\s,]+/).filter((id) => id !== '');
  const reason = colon === -1 ? '' : rest.slice(colon + 1).trim();
  return { end: markerAt + MARKER.length + rest.length, ruleIds, ...(reason ? { reason } : {}) };
}

/**
 * Every `nhiscan-ignore RULE-ID[, RULE-ID…][: reason]` written in a comment of the file. Cheap on
 * files without the marker: one substring search.
 */
export function findInlineSuppressions(file: SourceFile): InlineSuppression[] {
  if (!file.text.includes(MARKER)) return [];
  const style = commentStyle(file);
  if (style === 'none') return [];
  const lines = new LineIndex(file.text);
  const found: InlineSuppression[] = [];
  for (let at = file.text.indexOf(MARKER); at !== -1; ) {
    const comment = readComment(file.text, at, OPENERS[style]);
    if (comment) {
      found.push({
        file,
        line: lines.position(at).line,
        span: { start: at, end: comment.end },
        ruleIds: comment.ruleIds,
        ...(comment.reason ? { reason: comment.reason } : {}),
      });
    }
    at = file.text.indexOf(MARKER, comment ? comment.end : at + MARKER.length);
  }
  return found;
}

/** A path outside the scan root (a user file under `--include-home` outside the home directory) is matched whole. */
const ABSOLUTE = /^(?:\/|[A-Za-z]:\/)/;

/**
 * Whether a suppression's `path` (gitignore syntax) covers a finding's path. A user file
 * (`--include-home`) is matched by the path its findings give: `~/.codex/config.toml` or
 * `~/.cursor/**`.
 */
function matchesPath(pattern: string, path: string): boolean {
  return pattern === path || (!ABSOLUTE.test(path) && ignore().add(pattern).ignores(path));
}

function configMatches(suppression: ConfigSuppression, finding: Finding): boolean {
  return (
    suppression.rule === finding.ruleId &&
    matchesPath(suppression.path, finding.path) &&
    (suppression.line === undefined || suppression.line === finding.region.startLine) &&
    (suppression.key === undefined || suppression.key === finding.anchor)
  );
}

/** Rules that police suppressions cannot themselves be suppressed: that would hide the policing. */
export const UNSUPPRESSIBLE = new Set(['expired-suppression', 'unexplained-suppression']);

/**
 * Marks each finding covered by a valid suppression: an inline one with a reason on the finding's
 * first line or the line before, or a config entry that has not expired. Findings stay in the
 * list, marked, so `--show-suppressed` and SARIF `suppressions[]` can show them.
 */
export function applySuppressions(
  findings: readonly Finding[],
  inline: ReadonlyMap<string, readonly InlineSuppression[]>,
  config: readonly ConfigSuppression[],
  now: Date,
): Finding[] {
  const active = config.filter((entry) => !isExpired(entry.expires, now));
  // Every entry comes from the one config file: index its lines once.
  const configIndex = config[0] ? new LineIndex(config[0].file.text) : undefined;
  const configLines = new Map(config.map((entry) => [entry, configIndex!.position(entry.node.span.start).line]));
  return findings.map((finding) => {
    if (UNSUPPRESSIBLE.has(finding.ruleId)) return finding;
    const comment = inline
      .get(finding.path)
      ?.find(
        (s) =>
          s.reason !== undefined &&
          s.ruleIds.includes(finding.ruleId) &&
          (s.line === finding.region.startLine || s.line === finding.region.startLine - 1),
      );
    if (comment) return { ...finding, suppression: { kind: 'inline', reason: comment.reason!, path: comment.file.path, line: comment.line } };
    const entry = active.find((s) => configMatches(s, finding));
    if (entry) {
      return {
        ...finding,
        suppression: {
          kind: 'config',
          reason: entry.reason,
          path: entry.file.path,
          line: configLines.get(entry)!,
          ...(entry.expires ? { expires: entry.expires } : {}),
        },
      };
    }
    return finding;
  });
}
