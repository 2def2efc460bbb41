// Reproduces the second agent-config draw (2026-12-02): for each client path of
// agent-config-pool-2.tsv (the first 25 repositories the file index listed holding that path), the
// repositories in order of sha256("nhiscan-agent-configs-2:" + name), skipping those already in the
// study; the first is held back, the next two are for tuning, and the fourth is held back again
// (held-back-3, drawn once held-back-2 was spent), and the fifth too (held-back-4, drawn once
// held-back-3 was spent), and the sixth (held-back-5, once held-back-4 was). A drawn repository `fetch` had no snapshot of
// is replaced, in its role, by the next of its path not yet taken.
//   node accuracy/draw-agent-configs-2.mjs
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);
const rows = (file) => readFileSync(new URL(file, here), 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
/** Listed by the index, but `fetch` had no snapshot of them. */
const UNAVAILABLE = new Set([
  '01eks1i/Overseer', '0merUfuk/heimdall', '0hickenduck/singing_identity', '007-alok/mcp-test', '0GiS0/mcp-server-as-a-proxy',
  '0BlueYan0/moegirl-wiki-mcp-fix', '03dipak/xat-practice', 'SvetimFM/ai-knowledge-base-demo', '09055776992/ThesisSoftware', '06-Benjamin-V/Krono',
  '0-virus/zero-verse', '0000masa/react-laravel-practice-public', '006shido/Hackathena', '0xJonaseb11/firex.mgt', '129besan/kiro-university-challenge',
  '0124212/memogram-rs', '0marm0/COORD-Harness', '000Sean000/GraspPortable', 'Azuremis/news-agents',
  '0-1-no/dealbook-plugin', '0xKHA1ED/agentic-workbench', '0-V-linuxdo/Void',
]);
const taken = new Set(rows('agent-config-repositories.tsv').filter(([, , set]) => set === 'tuning' || set === 'held-back').map(([repository]) => repository));
const order = (name) => createHash('sha256').update(`nhiscan-agent-configs-2:${name}`).digest('hex');
const pool = rows('agent-config-pool-2.tsv');
for (const path of [...new Set(pool.map(([p]) => p))]) {
  const ranked = pool
    .filter(([p, name]) => p === path && !taken.has(name))
    .map(([, name]) => name)
    .sort((a, b) => (order(a) < order(b) ? -1 : 1));
  let next = 3;
  const pick = (first) => {
    let name = first;
    taken.add(name);
    while (UNAVAILABLE.has(name)) {
      name = ranked[next++];
      taken.add(name);
    }
    return name;
  };
  ranked.slice(0, 3).forEach((first, i) => console.log(`${pick(first)}\t${i === 0 ? 'held-back-2' : 'tuning-2'}\t${path}`));
  console.log(`${pick(ranked[next++])}\theld-back-3\t${path}`);
  console.log(`${pick(ranked[next++])}\theld-back-4\t${path}`);
  console.log(`${pick(ranked[next++])}\theld-back-5\t${path}`);
}
