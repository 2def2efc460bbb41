import { displayId, framework, taxon } from '../frameworks/catalog.js';
import type { Rule } from '../rule.js';

/** The framework mapping of a rule as markdown bullet lines, one per framework, in catalog order. */
export function frameworkLines(rule: Rule): string[] {
  const byFramework = new Map<string, string[]>();
  for (const ref of rule.meta.frameworks) {
    const title = taxon(ref)?.title ?? '';
    const name = framework(ref.framework).shortName;
    const list = byFramework.get(name) ?? [];
    list.push(`${displayId(ref)} ${title}`.trim());
    byFramework.set(name, list);
  }
  return [...byFramework].map(([name, items]) => `- ${name}: ${items.join('; ')}`);
}

/** SARIF help text: why, how to fix, and the full framework mapping. */
export function helpText(rule: Rule): string {
  return [rule.meta.description, '', `How to fix: ${rule.meta.remediation}`, '', 'Frameworks:', ...frameworkLines(rule)].join('\n');
}

export function helpMarkdown(rule: Rule): string {
  return [
    rule.meta.description,
    '',
    '**How to fix.** ' + rule.meta.remediation,
    '',
    '**Frameworks**',
    '',
    ...frameworkLines(rule),
  ].join('\n');
}
