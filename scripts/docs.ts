/**
 * Rewrites the generated parts of the docs from the rules: each rule README's meta block and the
 * README's rule table. Run with `npm run docs`; test/meta.test.ts fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../src/index.js';
import { withClientTable, withRuleMeta, withRuleTable } from '../src/output/rule-docs.js';
import { ADAPTERS } from '../src/engine/adapters.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function rewrite(file: string, update: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = update(before);
  if (after !== before) {
    writeFileSync(file, after);
    process.stdout.write(`updated ${path.relative(root, file)}\n`);
  }
}

for (const rule of RULES) rewrite(path.join(root, 'rules', rule.meta.id, 'README.md'), (text) => withRuleMeta(text, rule));
rewrite(path.join(root, 'README.md'), (text) => withClientTable(withRuleTable(text, RULES), ADAPTERS, RULES));
