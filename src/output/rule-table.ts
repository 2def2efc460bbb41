import { displayId, FRAMEWORKS } from '../frameworks/catalog.js';
import type { Rule } from '../rule.js';

interface Row {
  readonly id: string;
  readonly category: string;
  readonly severity: string;
  readonly frameworks: string;
  readonly title: string;
}

function rows(rules: readonly Rule[]): Row[] {
  return [...rules]
    .sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))
    .map((rule) => ({
      id: rule.meta.id,
      category: rule.meta.category,
      severity: rule.meta.severity,
      // In catalog order, every id the rule cites.
      frameworks: FRAMEWORKS.flatMap((fw) => rule.meta.frameworks.filter((ref) => ref.framework === fw.id).map(displayId)).join(', '),
      title: rule.meta.title,
    }));
}

/** The table `nhiscan rules` prints. */
export function formatRuleTable(rules: readonly Rule[]): string {
  const table = rows(rules);
  const width = (pick: (row: Row) => string, header: string) => Math.max(header.length, ...table.map((row) => pick(row).length));
  const idWidth = width((r) => r.id, 'RULE');
  const categoryWidth = width((r) => r.category, 'CATEGORY');
  const severityWidth = width((r) => r.severity, 'SEVERITY');
  const line = (a: string, b: string, c: string, d: string) => `${a.padEnd(idWidth)}  ${b.padEnd(categoryWidth)}  ${c.padEnd(severityWidth)}  ${d}`;
  return [line('RULE', 'CATEGORY', 'SEVERITY', 'FRAMEWORKS'), ...table.map((r) => line(r.id, r.category, r.severity, r.frameworks))].join('\n') + '\n';
}

/** The README's rule table, generated from the rules; a test fails when the README's copy is stale. */
export function ruleTableMarkdown(rules: readonly Rule[]): string {
  const lines = ['| rule | category | severity | what it finds | frameworks |', '|---|---|---|---|---|'];
  for (const row of rows(rules)) {
    lines.push(`| [\`${row.id}\`](rules/${row.id}/README.md) | \`${row.category}\` | ${row.severity} | ${row.title} | ${row.frameworks} |`);
  }
  return lines.join('\n') + '\n';
}
