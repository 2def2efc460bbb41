import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { ConfigError, parseConfig } from '../src/config/config.js';

const parse = (text: string) => parseConfig('.nhiscan.yml', text, RULES);

function errorOf(text: string): string {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('.nhiscan.yml', () => {
  it('reads every key', () => {
    const config = parse(`fail-on: medium
min-severity: low
max-file-size: 1048576
ignore:
  - vendor/
  - "**/*.generated.json"
rules:
  workflow-default-permissions:
    enabled: false
  mcp-inline-secret:
    severity: critical
    options:
      min-secret-length: 24
suppressions:
  - rule: claude-bypass-permissions
    path: sandbox/.claude/settings.json
    key: permissions.defaultMode
    line: 3
    reason: devcontainer only
    expires: 2027-01-31
`);
    expect(config.failOn).toBe('medium');
    expect(config.minSeverity).toBe('low');
    expect(config.maxFileSize).toBe(1048576);
    expect(config.ignore).toEqual(['vendor/', '**/*.generated.json']);
    expect(config.rules.get('workflow-default-permissions')).toEqual({ enabled: false, options: {} });
    expect(config.rules.get('mcp-inline-secret')).toEqual({ severity: 'critical', options: { 'min-secret-length': 24 } });
    expect(config.suppressions).toHaveLength(1);
    const [entry] = config.suppressions;
    expect({ ...entry, file: undefined, node: undefined, expiresNode: undefined }).toEqual({
      file: undefined,
      node: undefined,
      expiresNode: undefined,
      rule: 'claude-bypass-permissions',
      path: 'sandbox/.claude/settings.json',
      key: 'permissions.defaultMode',
      line: 3,
      reason: 'devcontainer only',
      expires: '2027-01-31',
    });
  });

  it('accepts an empty file and fail-on none', () => {
    expect(parse('').rules.size).toBe(0);
    expect(parse('# nothing yet\n').suppressions).toEqual([]);
    expect(parse('fail-on: none\n').failOn).toBe('none');
  });

  it.each([
    ['colour: red\n', '.nhiscan.yml:1:1: colour: unknown key (expected one of rules, ignore, suppressions, fail-on, min-severity, max-file-size)'],
    ['rules:\n  no-such-rule: {}\n', '.nhiscan.yml:2:3: rules.no-such-rule: unknown rule id (nhiscan rules lists them)'],
    ['rules:\n  mcp-inline-secret:\n    sevrity: high\n', '.nhiscan.yml:3:5: rules.mcp-inline-secret.sevrity: unknown key (expected one of enabled, severity, options)'],
    ['rules:\n  mcp-inline-secret:\n    severity: urgent\n', '.nhiscan.yml:3:5: rules.mcp-inline-secret.severity: expected info, low, medium, high or critical'],
    ['rules:\n  mcp-inline-secret:\n    enabled: "no"\n', '.nhiscan.yml:3:5: rules.mcp-inline-secret.enabled: expected true or false'],
    ['rules:\n  mcp-inline-secret:\n    options:\n      min-secret-length: 4\n', '.nhiscan.yml:4:7: rules.mcp-inline-secret.options.min-secret-length: expected a whole number of at least 8'],
    ['rules:\n  mcp-inline-secret:\n    options:\n      entropy: 3\n', '.nhiscan.yml:4:7: rules.mcp-inline-secret.options.entropy: unknown key (expected one of min-secret-length)'],
    ['rules:\n  claude-bypass-permissions:\n    options:\n      x: 1\n', '.nhiscan.yml:4:7: rules.claude-bypass-permissions.options.x: unknown key (expected one of (this rule has no options))'],
    ['suppressions:\n  - rule: mcp-inline-secret\n    path: a.json\n', '.nhiscan.yml:2:5: suppressions[0]: missing required key "reason"'],
    ['suppressions:\n  - rule: mcp-inline-secret\n    path: a.json\n    reason: "  "\n', '.nhiscan.yml:4:5: suppressions[0].reason: expected a non-empty string'],
    ['suppressions:\n  - rule: mcp-secret\n    path: a.json\n    reason: r\n', '.nhiscan.yml:2:5: suppressions[0].rule: unknown rule id "mcp-secret" (nhiscan rules lists them)'],
    ['suppressions:\n  - rule: mcp-inline-secret\n    path: a.json\n    reason: r\n    expires: 2026-02-30\n', '.nhiscan.yml:5:5: suppressions[0].expires: expected a date as YYYY-MM-DD'],
    ['suppressions:\n  - rule: mcp-inline-secret\n    path: a.json\n    reason: r\n    expires: next week\n', '.nhiscan.yml:5:5: suppressions[0].expires: expected a date as YYYY-MM-DD'],
    ['suppressions:\n  - rule: mcp-inline-secret\n    path: a.json\n    reason: r\n    line: 0\n', '.nhiscan.yml:5:5: suppressions[0].line: expected a whole number of at least 1'],
    ['suppressions: {}\n', '.nhiscan.yml:1:1: suppressions: expected a list'],
    ['ignore: vendor/\n', '.nhiscan.yml:1:1: ignore: expected a list of strings'],
    ['max-file-size: -1\n', '.nhiscan.yml:1:1: max-file-size: expected a whole number of at least 1'],
    ['fail-on: never\n', '.nhiscan.yml:1:1: fail-on: expected info, low, medium, high or critical or none'],
    ['min-severity: none\n', '.nhiscan.yml:1:1: min-severity: expected info, low, medium, high or critical'],
    ['- just\n- a list\n', '.nhiscan.yml:1:1: expected a mapping'],
    ['rules: [\n', '.nhiscan.yml:2:1: not valid YAML (BAD_INDENT)'],
    ['a: 1\n---\nb: 2\n', '.nhiscan.yml: expected one YAML document, found 2'],
  ])('rejects %j', (text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});
