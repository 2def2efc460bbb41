/**
 * Exports the credential catalogue's patterns as a ripgrep PATTERNS file (`rg -f FILE`), one regex
 * per line, so the bench can time ripgrep doing the same search work as nhiscan's first pass.
 *
 *   node build/scripts/rg-patterns.js [OUT]     (default: rg-patterns.txt)
 *
 * JavaScript and ripgrep's Rust regex differ: Rust has no lookaround and no backreferences. Each
 * pattern is translated to an approximation that matches at least what the original matches:
 * lookarounds are dropped (so a token inside a longer word matches too), `\k<name>` is dropped,
 * named groups `(?<name>` become plain `(?:` (rg -f joins all lines with `|`, where two groups of
 * one name are an error, and nothing here reads groups), `\/` becomes `/`, and the `i`/`m` flags
 * become a scoped `(?i:…)` (a bare `(?i)` would leak into the lines joined after it), and an upper
 * bound over 64 is dropped (`{100,8000}` → `{100,}`: Rust compiles a bounded repetition into that
 * many copies, and the catalogue's large ones made rg's automaton so big it ran 4× slower on the
 * bench corpus; unbounded matches a superset, and rg searches line by line anyway). Each result is
 * checked with `rg` itself when it is on PATH; one it rejects is skipped and counted. ripgrep is a
 * speed baseline only: no checksums, no decoding, no context, so its match counts are not findings.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE } from '../src/credentials/catalogue/index.js';

export interface RgExport {
  /** Translated patterns ripgrep accepted (or all, untested, when rg is missing). */
  readonly patterns: readonly string[];
  /** Type ids whose translation ripgrep rejected. */
  readonly skipped: readonly string[];
  /** False when rg was not on PATH, so nothing was checked. */
  readonly tested: boolean;
}

/** Index just past the group that opens at `open` (a `(`), skipping escapes and classes. */
function groupEnd(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return source.length;
}

const LOOKAROUND = ['(?<!', '(?<=', '(?!', '(?='];
const MAX_BOUND = 64;

/** A JavaScript regex source in Rust regex syntax, by the rules in the header. */
export function toRust(source: string, flags: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (next === 'k' && source[i + 2] === '<') {
        i = source.indexOf('>', i); // drop the backreference
        continue;
      }
      out += next === '/' ? '/' : c + next;
      i++;
      continue;
    }
    if (inClass) {
      inClass = c !== ']';
      out += c;
      continue;
    }
    if (c === '[') inClass = true;
    const bound = /^\{(\d+),(\d+)\}/.exec(source.slice(i, i + 16));
    if (bound && Number(bound[2]) > MAX_BOUND) {
      out += `{${bound[1]},}`;
      i += bound[0].length - 1;
      continue;
    }
    if (c === '(' && LOOKAROUND.some((open) => source.startsWith(open, i))) {
      i = groupEnd(source, i) - 1;
      continue;
    }
    if (c === '(' && source.startsWith('(?<', i)) {
      out += '(?:';
      i = source.indexOf('>', i);
      continue;
    }
    out += c;
  }
  const inline = (flags.includes('i') ? 'i' : '') + (flags.includes('m') ? 'm' : '');
  return inline ? `(?${inline}:${out})` : out;
}

function hasRipgrep(): boolean {
  return spawnSync('rg', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** ripgrep exits 2 on a pattern it cannot compile, 1 on no match in the empty file. */
function ripgrepAccepts(pattern: string, emptyFile: string): boolean {
  const status = spawnSync('rg', ['--no-config', '--regexp', pattern, '--', emptyFile], { stdio: 'ignore' }).status;
  return status === 0 || status === 1;
}

/** The catalogue's patterns in ripgrep syntax; writes them to `file` when given. */
export function exportPatterns(file?: string): RgExport {
  const tested = hasRipgrep();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'nhiscan-rg-'));
  const empty = path.join(scratch, 'empty');
  writeFileSync(empty, '');
  const patterns: string[] = [];
  const skipped: string[] = [];
  try {
    for (const type of CATALOGUE) {
      const rust = toRust(type.pattern.source, type.pattern.flags);
      if (tested && !ripgrepAccepts(rust, empty)) skipped.push(type.id);
      else patterns.push(rust);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (file) writeFileSync(file, patterns.join('\n') + '\n');
  return { patterns, skipped, tested };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? 'rg-patterns.txt';
  const result = exportPatterns(out);
  process.stdout.write(`${out}: ${result.patterns.length} of ${CATALOGUE.length} patterns exported${result.tested ? '' : ' (untested: rg not on PATH)'}\n`);
  for (const id of result.skipped) process.stdout.write(`  skipped (rejected by rg): ${id}\n`);
}
