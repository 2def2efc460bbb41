import type { Rule } from '../rule.js';
import { frameworkLines } from './rule-help.js';
import { ruleTableMarkdown } from './rule-table.js';

/**
 * Generated blocks inside hand-written markdown. The text between the markers is owned by the
 * generator (`npm run docs`); a test fails when a committed copy is stale.
 */
export const META_BEGIN = '<!-- begin generated meta: npm run docs -->';
export const META_END = '<!-- end generated meta -->';
export const TABLE_BEGIN = '<!-- begin generated rule table: npm run docs -->';
export const TABLE_END = '<!-- end generated rule table -->';
export const CLIENT_TABLE_BEGIN = '<!-- begin generated client table: npm run docs -->';
export const CLIENT_TABLE_END = '<!-- end generated client table -->';

/** What the client table needs of a file adapter: whose file it is, what it is, and where it lives. */
export interface ClientFile {
  readonly client?: string;
  readonly kind: string;
  readonly files?: readonly string[];
}

export function ruleMetaBlock(rule: Rule): string {
  const { meta } = rule;
  return [
    META_BEGIN,
    '',
    `| id | category | default severity | confidence | file kinds |`,
    `|---|---|---|---|---|`,
    `| \`${meta.id}\` | \`${meta.category}\` | ${meta.severity} | ${meta.confidence} | ${meta.kinds.length === 0 ? 'every file' : meta.kinds.map((k) => `\`${k}\``).join(', ')} |`,
    '',
    ...frameworkLines(rule),
    '',
    ...optionLines(rule),
    META_END,
  ].join('\n');
}

/** The rule's options as `.nhiscan.yml` takes them, or nothing. */
function optionLines(rule: Rule): string[] {
  const options = Object.entries(rule.meta.options ?? {});
  if (options.length === 0) return [];
  return [
    'Options (`.nhiscan.yml`: `rules.' + rule.meta.id + '.options`):',
    '',
    '| option | type | default | meaning |',
    '|---|---|---|---|',
    ...options.map(([name, spec]) => `| \`${name}\` | ${spec.type} | \`${JSON.stringify(spec.default)}\` | ${spec.description} |`),
    '',
  ];
}

export function replaceBlock(markdown: string, begin: string, end: string, block: string): string {
  const start = markdown.indexOf(begin);
  const stop = markdown.indexOf(end);
  if (start === -1 || stop === -1 || stop < start) throw new Error(`markers ${begin} … ${end} not found`);
  return markdown.slice(0, start) + block + markdown.slice(stop + end.length);
}

export function withRuleMeta(readme: string, rule: Rule): string {
  return replaceBlock(readme, META_BEGIN, META_END, ruleMetaBlock(rule));
}

export function withRuleTable(readme: string, rules: readonly Rule[]): string {
  return replaceBlock(readme, TABLE_BEGIN, TABLE_END, `${TABLE_BEGIN}\n\n${ruleTableMarkdown(rules)}\n${TABLE_END}`);
}

/**
 * Client × files × rules: for each AI client, the project files nhiscan reads as that client's, and
 * the rules that read those files' kinds and judge that client's settings (`meta.clients`). The
 * credential rules read every file and are left out of the rows.
 */
export function clientTableMarkdown(adapters: readonly ClientFile[], rules: readonly Rule[]): string {
  const clients = new Map<string, ClientFile[]>();
  for (const adapter of adapters) {
    if (adapter.client === undefined) continue;
    clients.set(adapter.client, [...(clients.get(adapter.client) ?? []), adapter]);
  }
  const rows = [...clients].map(([client, files]) => {
    const kinds = new Set(files.map((file) => file.kind));
    const paths = files.flatMap((file) => file.files ?? []).map((path) => `\`${path}\``);
    const readers = rules
      .filter((rule) => rule.meta.kinds.some((kind) => kinds.has(kind)) && (rule.meta.clients === undefined || rule.meta.clients.some((own) => own === client)))
      .map((rule) => `\`${rule.meta.id}\``);
    return `| ${client} | ${paths.join(', ')} | ${readers.join(', ')} |`;
  });
  return ['| client | files | rules |', '|---|---|---|', ...rows, ''].join('\n');
}

export function withClientTable(readme: string, adapters: readonly ClientFile[], rules: readonly Rule[]): string {
  return replaceBlock(readme, CLIENT_TABLE_BEGIN, CLIENT_TABLE_END, `${CLIENT_TABLE_BEGIN}\n\n${clientTableMarkdown(adapters, rules)}\n${CLIENT_TABLE_END}`);
}
