import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/index.js';
import { colorEnabled, editDistance, RULES_USAGE, SCAN_USAGE, suggest, USAGE, type ColorSetting } from '../src/cli.js';
import { formatText } from '../src/output/text.js';
import { PROJECT_ROOT } from './support/cli.js';
import { scanOf } from './support/scan-of.js';

/**
 * The CLI's pieces that need no process: suggestions for typos, the colour decision, the usage
 * texts, the text summary's plurals and the packaging script. End-to-end runs are in e2e.test.ts.
 */

const RULE_IDS = RULES.map((rule) => rule.meta.id);
const SCAN_FLAGS = ['--format', '--output', '--fail-on', '--min-severity', '--rule', '--disable', '--max-file-size', '--workers', '--no-color', '--quiet', '--config', '--show-suppressed', '--include-home', '--help'];

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['--fial-on', '--fail-on', 2],
    ['mcp-inline-secrets', 'mcp-inline-secret', 1],
    ['mcp-inline-secrt', 'mcp-inline-secret', 1],
    ['same', 'same', 0],
  ])('%j → %j is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('suggest', () => {
  it('names the rule id within two edits', () => {
    expect(suggest('mcp-inline-secrets', RULE_IDS)).toBe('mcp-inline-secret');
    expect(suggest('mcp-inline-secrt', RULE_IDS)).toBe('mcp-inline-secret');
    expect(suggest('mcp-inline-secert', RULE_IDS)).toBe('mcp-inline-secret'); // a swap is two edits
    expect(suggest('mcp-inlin-secert', RULE_IDS)).toBeUndefined(); // three is too far
  });

  it('names the flag within two edits, or the one flag a clear prefix starts', () => {
    expect(suggest('--fial-on', SCAN_FLAGS)).toBe('--fail-on');
    expect(suggest('--no-colour', SCAN_FLAGS)).toBe('--no-color');
    expect(suggest('--max-file', SCAN_FLAGS)).toBe('--max-file-size');
    expect(suggest('--show', SCAN_FLAGS)).toBe('--show-suppressed');
    expect(suggest('--include', SCAN_FLAGS)).toBe('--include-home');
    expect(suggest('--include-hom', SCAN_FLAGS)).toBe('--include-home');
  });

  it('suggests nothing when nothing is near, or when two are equally near', () => {
    expect(suggest('no-such-rule', RULE_IDS)).toBeUndefined();
    expect(suggest('--bogus', SCAN_FLAGS)).toBeUndefined();
    expect(suggest('ab', ['ax', 'ay'])).toBeUndefined(); // a tie
    expect(suggest('--f', SCAN_FLAGS)).toBeUndefined(); // too short a prefix, and ambiguous
  });
});

describe('colorEnabled', () => {
  const base: ColorSetting = { toFile: false, noColorFlag: false, isTTY: false, env: {} };
  it.each<[string, Partial<ColorSetting>, boolean]>([
    ['a terminal', { isTTY: true }, true],
    ['a pipe', {}, false],
    ['a pipe with FORCE_COLOR=1', { env: { FORCE_COLOR: '1' } }, true],
    ['a pipe with FORCE_COLOR=true', { env: { FORCE_COLOR: 'true' } }, true],
    ['a pipe with FORCE_COLOR=3', { env: { FORCE_COLOR: '3' } }, true],
    ['a pipe with FORCE_COLOR set empty', { env: { FORCE_COLOR: '' } }, true],
    ['a terminal with FORCE_COLOR=0', { isTTY: true, env: { FORCE_COLOR: '0' } }, false],
    ['a terminal with FORCE_COLOR=false', { isTTY: true, env: { FORCE_COLOR: 'false' } }, false],
    ['FORCE_COLOR=1 and NO_COLOR=1', { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }, false],
    ['FORCE_COLOR=1 and --no-color', { noColorFlag: true, env: { FORCE_COLOR: '1' } }, false],
    ['FORCE_COLOR=1 and -o FILE', { toFile: true, env: { FORCE_COLOR: '1' } }, false],
    ['a terminal with NO_COLOR=1', { isTTY: true, env: { NO_COLOR: '1' } }, false],
    ['a terminal with NO_COLOR set empty (no-color.org: ignored)', { isTTY: true, env: { NO_COLOR: '' } }, true],
  ])('%s → %s', (_, setting, expected) => {
    expect(colorEnabled({ ...base, ...setting })).toBe(expected);
  });
});

describe('usage texts', () => {
  it('the general usage names help, version and every command', () => {
    expect(USAGE).toMatch(/^Usage: nhiscan <command> \[options\]\n/);
    expect(USAGE).toContain('  -h, --help ');
    expect(USAGE).toContain('  -V, --version ');
    expect(USAGE).toContain('FORCE_COLOR=1');
  });

  it('scan and rules each have their own, with -h, --help', () => {
    expect(SCAN_USAGE).toMatch(/^Usage: nhiscan scan \[PATH\.\.\.\] \[options\]\n/);
    expect(RULES_USAGE).toMatch(/^Usage: nhiscan rules \[RULE-ID\] \[options\]\n/);
    for (const usage of [SCAN_USAGE, RULES_USAGE]) expect(usage).toContain('  -h, --help ');
    for (const flag of SCAN_FLAGS) expect(SCAN_USAGE).toContain(flag);
  });
});

describe('text summary plurals', () => {
  const secret = `sk-ant-api03-${'Qw4Er7Ty1Ui'.repeat(4)}`;
  const mcp = `{"mcpServers": {"s": {"command": "x", "env": {"ANTHROPIC_API_KEY": "${secret}"}}}}`;
  const summary = (files: Record<string, string>, overrides = {}) => {
    const scan = scanOf(files, overrides);
    return formatText(scan, scan.findings, { color: false, quiet: false }).trimEnd().split('\n').at(-1);
  };

  it('"1 finding" and "1 file", singular', () => {
    expect(summary({ '.mcp.json': mcp })).toBe('1 finding (1 high) in 1 file scanned');
    expect(summary({ 'README.md': 'hello\n' })).toBe('no findings in 1 file scanned');
  });

  it('plural for 0 and for 2 or more', () => {
    expect(summary({})).toBe('no findings in 0 files scanned');
    // Two different secrets: the same one in two files would also be a shared credential.
    expect(summary({ '.mcp.json': mcp, 'a/.mcp.json': mcp.replace('Qw4Er', 'Zx8Lp') })).toBe('2 findings (2 high) in 2 files scanned');
  });
});

describe('package.json', () => {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  it('builds before packing, so a tarball made from a fresh clone holds build/', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.json$/);
  });
});
