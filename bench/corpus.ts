/**
 * A deterministic benchmark corpus: a monorepo-shaped tree of TS/JS/Python/Go source, YAML/JSON/
 * TOML configs, GitHub workflows, `.env` files, lockfiles, minified bundles and markdown, with the
 * credentials and decoys of `planted.ts` written into random files on realistic lines. The same
 * seed and size give the same bytes, so timings and recall compare between runs and machines.
 * The tree is committed to a fresh git repository: nhiscan and the bench's floors list files with
 * `git ls-files`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statfsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLANTED, type Planted } from './planted.js';
import { ALNUM, BASE64, HEX, Random } from './random.js';

export const GIT = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null'];
const GIT_USER = ['-c', 'user.email=bench@nhiscan.invalid', '-c', 'user.name=bench'];
const CORPUS_SEED = 0x5eed2026;
const MB = 1024 * 1024;

/** Where one planted entry went: 1-based line of the value's first line. */
export interface Placement {
  readonly entry: Planted;
  readonly path: string;
  readonly line: number;
}

export interface Corpus {
  readonly dir: string;
  readonly bytes: number;
  readonly files: number;
  readonly placements: readonly Placement[];
  /** The size asked for, and the size generated after the free-space check. */
  readonly requestedMb: number;
  readonly megabytes: number;
}

/** How an assignment is written in a file of each kind. */
type Style = 'env' | 'shell' | 'ts' | 'py' | 'go' | 'yaml' | 'json' | 'toml';

type Kind = 'ts' | 'js' | 'py' | 'go' | 'yaml' | 'json' | 'toml' | 'workflow' | 'env' | 'md' | 'package-lock' | 'pnpm-lock' | 'bundle';

/** Share of files, size range in bytes, and the style planted lines take (none: nothing planted). */
const KINDS: Readonly<Record<Kind, { weight: number; min: number; max: number; style?: Style }>> = {
  ts: { weight: 30, min: 2_000, max: 12_000, style: 'ts' },
  js: { weight: 8, min: 2_000, max: 10_000, style: 'ts' },
  py: { weight: 15, min: 2_000, max: 10_000, style: 'py' },
  go: { weight: 10, min: 2_000, max: 12_000, style: 'go' },
  yaml: { weight: 6, min: 500, max: 4_000, style: 'yaml' },
  json: { weight: 6, min: 500, max: 4_000, style: 'json' },
  toml: { weight: 3, min: 300, max: 2_000, style: 'toml' },
  workflow: { weight: 3, min: 1_000, max: 4_000, style: 'yaml' },
  env: { weight: 3, min: 200, max: 1_000, style: 'env' },
  md: { weight: 10, min: 2_000, max: 15_000, style: 'shell' },
  'package-lock': { weight: 0.4, min: 80_000, max: 500_000 },
  'pnpm-lock': { weight: 0.2, min: 80_000, max: 500_000 },
  bundle: { weight: 0.6, min: 80_000, max: 400_000 },
};

const WORDS = (
  'account active adapter agent alert api archive audit auth batch billing buffer build cache cart catalog channel checkout client cluster config ' +
  'connect context cursor customer dashboard data deploy device digest dispatch document domain draft event export feature filter flag gateway ' +
  'graph handler header health index inventory invoice job ledger limit loader locale logger mailer manifest media merge metric migrate model ' +
  'monitor notify offset order owner package page parser payload payment policy pool preview profile project queue quota record region ' +
  'registry release render report request resolver resource retry route runner schedule schema search session shard shipment signal snapshot ' +
  'source storage stream subscriber summary sync tenant theme ticket timer topic trace tracker upload usage user validator vendor version widget worker'
).split(' ');

// ---------------------------------------------------------------- planning

interface FileSpec {
  readonly kind: Kind;
  readonly path: string;
  readonly size: number;
  readonly planted: Planted[];
}

/** One path per file, grouped ~80 to a folder like a real monorepo. */
function pathFor(kind: Kind, n: number, rng: Random): string {
  const group = Math.floor(n / 80);
  const name = `${rng.pick(WORDS)}-${rng.pick(WORDS)}-${n}`;
  switch (kind) {
    case 'ts': return `packages/${WORDS[group % WORDS.length]}-${group}/src/${name}.ts`;
    case 'js': return `packages/${WORDS[group % WORDS.length]}-js-${group}/lib/${name}.js`;
    case 'py': return `services/${WORDS[group % WORDS.length]}_${group}/app/${name.replace(/-/g, '_')}.py`;
    case 'go': return `cmd/${WORDS[group % WORDS.length]}${group}/internal/${name.replace(/-/g, '_')}.go`;
    case 'yaml': return `deploy/${WORDS[group % WORDS.length]}-${group}/${name}.yaml`;
    case 'json': return `config/${WORDS[group % WORDS.length]}-${group}/${name}.json`;
    case 'toml': return `config/toml-${group}/${name}.toml`;
    case 'workflow': return `.github/workflows/${name}.yml`;
    case 'env': return `services/env-${n}/${n % 3 === 0 ? '.env.production' : '.env'}`;
    case 'md': return `docs/${WORDS[group % WORDS.length]}-${group}/${name}.md`;
    case 'package-lock': return `apps/app-${n}/package-lock.json`;
    case 'pnpm-lock': return `workspaces/ws-${n}/pnpm-lock.yaml`;
    case 'bundle': return `public/assets/${name}.min.js`;
  }
}

function pickKind(rng: Random): Kind {
  const entries = Object.entries(KINDS) as [Kind, (typeof KINDS)[Kind]][];
  let roll = rng.next() * entries.reduce((sum, [, k]) => sum + k.weight, 0);
  for (const [kind, spec] of entries) if ((roll -= spec.weight) < 0) return kind;
  return 'ts';
}

/** The list of files, their sizes, and which planted entries each one gets. */
function plan(rng: Random, budget: number): FileSpec[] {
  const specs: FileSpec[] = [];
  const counters = new Map<Kind, number>();
  for (let total = 0; total < budget; ) {
    const kind = pickKind(rng);
    const n = counters.get(kind) ?? 0;
    counters.set(kind, n + 1);
    const size = rng.int(KINDS[kind].min, KINDS[kind].max);
    specs.push({ kind, path: pathFor(kind, n, rng), size, planted: [] });
    total += size;
  }
  const plantable = specs.filter((spec) => KINDS[spec.kind].style);
  for (const entry of PLANTED) rng.pick(plantable).planted.push(entry);
  return specs;
}

// ---------------------------------------------------------------- planted lines

/** An assignment of `value` to `key` in `style`; `valueLine` is where the value starts. */
function assignment(style: Style, key: string, value: string): { lines: string[]; valueLine: number } {
  const lines = value.split('\n');
  const multi = lines.length > 1;
  switch (style) {
    case 'env': return { lines: `${key}=${multi ? `"${value}"` : value}`.split('\n'), valueLine: 0 };
    case 'shell': return { lines: `export ${key}="${value}"`.split('\n'), valueLine: 0 };
    case 'ts': return { lines: (multi ? `const ${key} = \`${value}\`;` : `const ${key} = '${value}';`).split('\n'), valueLine: 0 };
    case 'py': return { lines: (multi ? `${key} = """${value}"""` : `${key} = "${value}"`).split('\n'), valueLine: 0 };
    case 'go': return { lines: (multi ? `var ${key} = \`${value}\`` : `var ${key} = "${value}"`).split('\n'), valueLine: 0 };
    case 'toml': return { lines: (multi ? `${key} = """${value}"""` : `${key} = "${value}"`).split('\n'), valueLine: 0 };
    // JSON strings carry newlines as `\n`: one line whatever the value.
    case 'json': return { lines: [`"${key}": ${JSON.stringify(value)},`], valueLine: 0 };
    // A block scalar puts the value on the line after its key.
    case 'yaml': return multi ? { lines: [`${key}: |`, ...lines.map((l) => `  ${l}`)], valueLine: 1 } : { lines: [`${key}: ${value}`], valueLine: 0 };
  }
}

// ---------------------------------------------------------------- file bodies

/** A file's text around its slot: planted lines go between `before` and `after`, indented. */
interface Body {
  readonly before: string[];
  readonly after: string[];
  readonly indent: string;
}

const ident = (rng: Random) => rng.pick(WORDS) + rng.pick(WORDS).replace(/^./, (c) => c.toUpperCase());

/** Appends blocks from `make` until the lines hold about `size` bytes. */
function fill(lines: string[], size: number, make: () => string): string[] {
  let bytes = lines.reduce((sum, line) => sum + line.length + 1, 0);
  while (bytes < size) {
    const block = make();
    lines.push(block);
    bytes += block.length + 1;
  }
  return lines;
}

function tsBody(rng: Random, size: number, typed: boolean): Body {
  const t = (type: string) => (typed ? `: ${type}` : '');
  const before = [`import { ${ident(rng)} } from './${rng.pick(WORDS)}.js';`, `import { ${ident(rng)}, ${ident(rng)} } from '@acme/${rng.pick(WORDS)}';`, ''];
  const after = fill([''], size, () => {
    const [fn, arg, v] = [ident(rng), rng.pick(WORDS), rng.pick(WORDS) + 'Value'];
    return `export function ${fn}(${arg}${t('Record<string, number>')}, limit${t('number')} = ${rng.int(1, 500)})${t('number')} {\n  const ${v} = Object.keys(${arg}).length * ${rng.int(2, 9)};\n  if (${v} > limit) return ${v} - limit; // ${rng.pick(WORDS)} ${rng.pick(WORDS)} overflow\n  return ${ident(rng)}(${v}, '${rng.pick(WORDS)}-${rng.pick(WORDS)}');\n}\n`;
  });
  return { before, after, indent: '' };
}

function pyBody(rng: Random, size: number): Body {
  const before = ['"""' + `${rng.pick(WORDS)} ${rng.pick(WORDS)} service helpers.` + '"""', 'import logging', `from .${rng.pick(WORDS)} import ${ident(rng)}`, ''];
  const after = fill(['', 'log = logging.getLogger(__name__)', ''], size, () => {
    const [fn, arg] = [`${rng.pick(WORDS)}_${rng.pick(WORDS)}`, rng.pick(WORDS)];
    return `\ndef ${fn}(${arg}, limit=${rng.int(1, 500)}):\n    """Return the ${rng.pick(WORDS)} count for ${arg}."""\n    value = len(${arg}) * ${rng.int(2, 9)}\n    if value > limit:\n        log.warning("%s over limit", "${rng.pick(WORDS)}")\n        return value - limit\n    return ${ident(rng)}(value, "${rng.pick(WORDS)}")\n`;
  });
  return { before, after, indent: '' };
}

function goBody(rng: Random, size: number): Body {
  const before = [`package ${rng.pick(WORDS)}`, '', 'import (', '\t"fmt"', '\t"strings"', ')', ''];
  const after = fill([''], size, () => {
    const [fn, arg] = [ident(rng).replace(/^./, (c) => c.toUpperCase()), rng.pick(WORDS)];
    return `// ${fn} reports the ${rng.pick(WORDS)} size.\nfunc ${fn}(${arg} string, limit int) (int, error) {\n\tvalue := len(strings.TrimSpace(${arg})) * ${rng.int(2, 9)}\n\tif value > limit {\n\t\treturn 0, fmt.Errorf("${rng.pick(WORDS)}: %d over %d", value, limit)\n\t}\n\treturn value, nil\n}\n`;
  });
  return { before, after, indent: '' };
}

function yamlBody(rng: Random, size: number): Body {
  const before = ['service:', `  name: ${rng.pick(WORDS)}-${rng.pick(WORDS)}`, `  replicas: ${rng.int(1, 12)}`, 'env:', '  LOG_LEVEL: info', `  PORT: "${rng.int(3000, 9000)}"`];
  const after = fill(['routes:'], size, () => `  - path: /${rng.pick(WORDS)}/${rng.pick(WORDS)}\n    upstream: http://${rng.pick(WORDS)}:${rng.int(3000, 9000)}\n    timeout: ${rng.int(1, 60)}s`);
  return { before, after, indent: '  ' };
}

function workflowBody(rng: Random, size: number): Body {
  const before = [`name: ${rng.pick(WORDS)} ci`, 'on:', '  push:', '    branches: [main]', '  pull_request:', 'permissions:', '  contents: read', 'env:', '  NODE_VERSION: "20"'];
  let job = 0;
  const after = fill(['jobs:'], size, () => `  ${rng.pick(WORDS)}-${job++}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: \${{ env.NODE_VERSION }}\n      - run: npm ci && npm test -- --shard=${rng.int(1, 8)}/8`);
  return { before, after, indent: '  ' };
}

function jsonBody(rng: Random, size: number): Body {
  const before = ['{', `  "name": "${rng.pick(WORDS)}-${rng.pick(WORDS)}",`, `  "version": "${rng.int(0, 9)}.${rng.int(0, 30)}.${rng.int(0, 30)}",`];
  const items: string[] = [];
  fill(items, size - 200, () => `    { "id": "${rng.pick(WORDS)}-${rng.int(1, 9999)}", "enabled": ${rng.next() < 0.5}, "weight": ${rng.int(0, 100)} }`);
  return { before, after: ['  "features": [', items.join(',\n'), '  ]', '}'], indent: '  ' };
}

function tomlBody(rng: Random, size: number): Body {
  const before = ['[package]', `name = "${rng.pick(WORDS)}"`, `version = "${rng.int(0, 9)}.${rng.int(0, 30)}.0"`, '', '[env]'];
  const after = fill([''], size, () => `[[${rng.pick(WORDS)}]]\nname = "${rng.pick(WORDS)}"\nretries = ${rng.int(0, 9)}\n`);
  return { before, after, indent: '' };
}

function envBody(rng: Random, size: number): Body {
  const before = ['NODE_ENV=production', `PORT=${rng.int(3000, 9000)}`, 'LOG_LEVEL=info'];
  const after = fill([`DATABASE_HOST=db-${rng.int(1, 9)}.internal.corp`], size, () => `${rng.pick(WORDS).toUpperCase()}_${rng.pick(WORDS).toUpperCase()}_ENABLED=${rng.next() < 0.5}`);
  return { before, after, indent: '' };
}

function markdownBody(rng: Random, size: number): Body {
  const sentence = () => `The ${rng.pick(WORDS)} ${rng.pick(WORDS)} sends each ${rng.pick(WORDS)} to the ${rng.pick(WORDS)} before the ${rng.pick(WORDS)} runs.`;
  const before = [`# ${rng.pick(WORDS)} ${rng.pick(WORDS)}`, '', sentence() + ' ' + sentence(), '', '```bash'];
  const after = fill(['npm run start', '```', ''], size, () => `## ${rng.pick(WORDS)}\n\n${sentence()} ${sentence()} ${sentence()}\n`);
  return { before, after, indent: '' };
}

const version = (rng: Random) => `${rng.int(0, 12)}.${rng.int(0, 40)}.${rng.int(0, 20)}`;
const integrity = (rng: Random) => `sha512-${rng.string(BASE64, 86)}==`;

function packageLock(rng: Random, size: number): string {
  const entries: string[] = [`    "": { "name": "${rng.pick(WORDS)}", "version": "1.0.0" }`];
  fill(entries, size, () => {
    const name = `${rng.pick(WORDS)}-${rng.pick(WORDS)}`;
    const v = version(rng);
    return `    "node_modules/${name}": {\n      "version": "${v}",\n      "resolved": "https://registry.npmjs.org/${name}/-/${name}-${v}.tgz",\n      "integrity": "${integrity(rng)}",\n      "license": "MIT"\n    }`;
  });
  return `{\n  "name": "app",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n${entries.join(',\n')}\n  }\n}\n`;
}

function pnpmLock(rng: Random, size: number): string {
  const lines = fill(["lockfileVersion: '9.0'", '', 'packages:', ''], size, () => `  ${rng.pick(WORDS)}-${rng.pick(WORDS)}@${version(rng)}:\n    resolution: {integrity: ${integrity(rng)}}\n    engines: {node: '>=18'}\n`);
  return lines.join('\n') + '\n';
}

/** Minified code: long lines of short identifiers, a newline every few hundred statements. */
function bundle(rng: Random, size: number): string {
  const id = () => rng.string('abcdefghijklmnopqrstuvwxyz', 1) + rng.string(ALNUM, rng.int(0, 2));
  const statements = [
    () => `function ${id()}(${id()},${id()}){return ${id()}.${rng.pick(WORDS)}(${id()})||${rng.int(0, 999)}}`,
    () => `var ${id()}="${rng.pick(WORDS)}-${rng.pick(WORDS)}",${id()}=0x${rng.string(HEX, 6)}`,
    () => `${id()}.exports={${rng.pick(WORDS)}:${id()},${rng.pick(WORDS)}:function(){return"${rng.pick(WORDS)}"}}`,
  ];
  const lines: string[] = [];
  let bytes = 0;
  while (bytes < size) {
    const line = Array.from({ length: 300 }, () => rng.pick(statements)()).join(';');
    lines.push(line);
    bytes += line.length + 1;
  }
  return '!function(){"use strict";' + lines.join('\n') + '}();\n';
}

/** The text of one file, and the lines its planted entries went to. */
function render(spec: FileSpec, rng: Random): { text: string; placements: Placement[] } {
  const style = KINDS[spec.kind].style;
  let body: Body;
  switch (spec.kind) {
    case 'package-lock': return { text: packageLock(rng, spec.size), placements: [] };
    case 'pnpm-lock': return { text: pnpmLock(rng, spec.size), placements: [] };
    case 'bundle': return { text: bundle(rng, spec.size), placements: [] };
    case 'ts': body = tsBody(rng, spec.size, true); break;
    case 'js': body = tsBody(rng, spec.size, false); break;
    case 'py': body = pyBody(rng, spec.size); break;
    case 'go': body = goBody(rng, spec.size); break;
    case 'yaml': body = yamlBody(rng, spec.size); break;
    case 'workflow': body = workflowBody(rng, spec.size); break;
    case 'json': body = jsonBody(rng, spec.size); break;
    case 'toml': body = tomlBody(rng, spec.size); break;
    case 'env': body = envBody(rng, spec.size); break;
    case 'md': body = markdownBody(rng, spec.size); break;
  }
  const slot: string[] = [];
  const placements: Placement[] = [];
  for (const entry of spec.planted) {
    const { lines, valueLine } = assignment(style!, entry.key, entry.value);
    // Line numbers count the text's lines: `before` may hold blocks with newlines in them.
    const line = countLines(body.before) + slot.length + valueLine + 1;
    placements.push({ entry, path: spec.path, line });
    slot.push(...lines.map((l) => body.indent + l));
  }
  return { text: [...body.before, ...slot, ...body.after].join('\n') + '\n', placements };
}

const countLines = (blocks: readonly string[]) => blocks.reduce((sum, block) => sum + block.split('\n').length, 0);

// ---------------------------------------------------------------- writing

/** Free bytes where the corpus goes; the size is scaled down so 3× fits (files, git objects, slack). */
function fitToDisk(parent: string, megabytes: number): number {
  const stats = statfsSync(parent);
  const free = Number(stats.bavail) * Number(stats.bsize);
  if (free >= 3 * megabytes * MB) return megabytes;
  const fitted = Math.floor(free / 3 / MB);
  if (fitted < 1) throw new Error(`bench: only ${(free / MB).toFixed(0)} MB free in ${parent}; the corpus needs at least 3 MB`);
  process.stdout.write(`notice: ${(free / MB).toFixed(0)} MB free in ${parent}, under 3× ${megabytes} MB; generating ${fitted} MB instead\n`);
  return fitted;
}

function commit(dir: string): void {
  execFileSync('git', [...GIT, 'init', '-q'], { cwd: dir });
  execFileSync('git', [...GIT, ...GIT_USER, 'add', '-A'], { cwd: dir });
  execFileSync('git', [...GIT, ...GIT_USER, 'commit', '-qm', 'bench corpus'], { cwd: dir });
}

/** Generates, writes and commits a corpus of about `megabytes` MB in a new temp folder. */
export function generateCorpus(requestedMb: number, parent = os.tmpdir()): Corpus {
  const megabytes = fitToDisk(parent, requestedMb);
  const rng = new Random(CORPUS_SEED);
  const specs = plan(rng, megabytes * MB);
  const dir = mkdtempSync(path.join(parent, 'nhiscan-corpus-'));
  const made = new Set<string>();
  const placements: Placement[] = [];
  let bytes = 0;
  for (const spec of specs) {
    const file = path.join(dir, spec.path);
    const folder = path.dirname(file);
    if (!made.has(folder)) mkdirSync(folder, { recursive: true }), made.add(folder);
    const rendered = render(spec, rng);
    writeFileSync(file, rendered.text);
    bytes += Buffer.byteLength(rendered.text);
    placements.push(...rendered.placements);
  }
  commit(dir);
  return { dir, bytes, files: specs.length, placements, requestedMb, megabytes };
}
