import { matchCredential } from './value.js';
import { detectCredentials } from './index.js';
import { displayName, maskLine } from './mask.js';

/**
 * `KEY: value`, `"KEY": "value"`, `KEY=value` on one line. Keys and values are bounded, so a
 * hostile line costs linear time.
 */
const KEY_VALUE = /(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,100})\1[ \t]*[:=][ \t]*(["']?)([^"'\s,;}]{1,500})\3/g;

/** Where on a line a value sits that a credential detector flags by itself or by its key's name. */
export function keyedSecretSpans(line: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const match of line.matchAll(KEY_VALUE)) {
    const [whole, , key, , value] = match;
    const found = matchCredential(value!, key!);
    if (!found) continue;
    const valueStart = match.index + whole.length - value!.length - match[3]!.length;
    spans.push({ start: valueStart + found.start, end: valueStart + found.end });
  }
  return spans;
}

/**
 * A line fit for any output: the given secret spans (every finding's on this line, not only the
 * one shown), every credential the catalogue finds in it, every value flagged under its key, and
 * every other high-entropy token, each replaced by its description.
 */
export function redactLine(line: string, secretSpans: readonly { start: number; end: number }[] = []): string {
  const known = detectCredentials(line, 'line').map(({ start, end }) => ({ start, end }));
  return maskLine(line, [...secretSpans, ...known, ...keyedSecretSpans(line)]);
}

/** A command line as a message may show it, in backticks: anything that looks like a secret described, never shown, and cut short. */
export function shownCommand(line: string): string {
  return `\`${displayName(redactLine(line), 80)}\``;
}
