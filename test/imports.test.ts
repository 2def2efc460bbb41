import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DYNAMIC, importRefs, importSpecifiers, resolveImport } from './support/imports.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('importSpecifiers', () => {
  it('reads import declarations in either quote style', () => {
    expect(importSpecifiers(`import a from 'single';\nimport { b } from "double";`, 'x.ts')).toEqual(['single', 'double']);
  });

  it('reads a side-effect import', () => {
    expect(importSpecifiers(`import './polyfill.js';\nimport "./other.js";`, 'x.ts')).toEqual(['./polyfill.js', './other.js']);
  });

  it('reads a type-only import and marks it erased', () => {
    const refs = importRefs(`import type { T } from './t.js';\nimport { type U } from './u.js';`, 'x.ts');
    expect(refs.map((ref) => [ref.specifier, ref.typeOnly])).toEqual([
      ['./t.js', true],
      // still loaded at run time under verbatimModuleSyntax
      ['./u.js', false],
    ]);
  });

  it('reads re-exports', () => {
    const source = `export { y } from "./y.js";\nexport * from './all.js';\nexport * as ns from './ns.js';\nexport type { T } from './t.js';\nexport const local = 1;`;
    expect(importSpecifiers(source, 'x.ts')).toEqual(['./y.js', './all.js', './ns.js', './t.js']);
  });

  it('reads dynamic imports of literal specifiers', () => {
    expect(importSpecifiers("await import('./a.js');\nawait import(\"./b.js\");\nawait import(`./c.js`);", 'x.ts')).toEqual(['./a.js', './b.js', './c.js']);
  });

  it('marks a dynamic import of a computed specifier', () => {
    const source = 'const name = "x";\nawait import(name);\nawait import(`./${name}.js`);\nawait import("./" + name);';
    expect(importSpecifiers(source, 'x.ts')).toEqual([DYNAMIC, DYNAMIC, DYNAMIC]);
  });

  it('reads import-equals declarations with an external module reference, not namespace aliases', () => {
    const source = `import fs = require('node:fs');\nimport type T = require("./t.js");\nnamespace N { export const a = 1; }\nimport A = N.a;`;
    expect(importSpecifiers(source, 'x.ts')).toEqual(['node:fs', './t.js']);
  });

  it('reads import types', () => {
    const refs = importRefs(`let x: import('./engine/run.js').Run;\ntype Y = typeof import("./y.js");`, 'x.ts');
    expect(refs.map((ref) => [ref.specifier, ref.typeOnly])).toEqual([
      ['./engine/run.js', true],
      ['./y.js', true],
    ]);
  });

  it('reads require calls, marking a computed one', () => {
    expect(importSpecifiers(`const a = require('./a.js');\nconst b = require("./b.cjs");\nconst c = require(a.name);`, 'x.js')).toEqual(['./a.js', './b.cjs', DYNAMIC]);
  });

  it('parses JSX in .tsx and .js files', () => {
    const source = `import React from 'react';\nexport const C = () => <div>{1}</div>;`;
    expect(importSpecifiers(source, 'c.tsx')).toEqual(['react']);
    expect(importSpecifiers(source, 'c.js')).toEqual(['react']);
  });

  it('finds nothing in a file without imports', () => {
    expect(importSpecifiers(`export const a = 1;\nconst s = "import x from 'y'";\n// import z from 'z'`, 'x.ts')).toEqual([]);
  });
});

describe('resolveImport', () => {
  it('maps an emitted .js path to the .ts source that exists', () => {
    expect(resolveImport('src/output/sarif.ts', '../model/finding.js')).toBe('src/model/finding.ts');
    expect(resolveImport('rules/index.ts', './expired-suppression/rule.js')).toBe('rules/expired-suppression/rule.ts');
  });

  it('keeps .js where no .ts exists, and package names as they are', () => {
    expect(resolveImport('src/a/b.ts', '../nowhere/x.js')).toBe('src/nowhere/x.js');
    expect(resolveImport('src/a/b.ts', 'yaml')).toBe('yaml');
    expect(resolveImport('src/a/b.ts', 'node:fs')).toBe('node:fs');
    expect(resolveImport('src/a/b.ts', DYNAMIC)).toBe(DYNAMIC);
  });
});

// ---------------------------------------------------------------------------------------------
// the layers

/** An import a layer allows: `from` narrows the files it applies to, `to` the targets (both globs). */
interface Exception {
  readonly from?: string;
  readonly to?: string;
  /** Only when erased at compile time, so it costs no load order or cycle at run time. */
  readonly typeOnly?: boolean;
}

interface Layer {
  readonly from: readonly string[];
  readonly forbid: readonly string[];
  readonly except?: readonly Exception[];
}

const RULE_API = ['src/rule.ts', 'src/model/**', 'src/credentials/**', 'src/agents/**', 'src/frameworks/**'];

/**
 * The architecture, bottom up: model ← config, output ← engine ← index ← cli; rules see only the
 * rule API, and the engine gets them through `src/index.ts`, so a new caller cannot pull the rule
 * set (or a rule pull the engine) in by a side door. Globs are over repository-relative paths;
 * targets are resolved (`.js` → `.ts`), package names kept.
 */
const LAYERS: readonly Layer[] = [
  // Output and config are handed a result or a text; the engine drives them, never the reverse.
  { from: ['src/output/**', 'src/config/**'], forbid: ['src/engine/**'] },
  // One entry to the rule set, so the engine never depends on a rule and a script never bypasses the index.
  {
    from: ['**'],
    forbid: ['rules/**'],
    except: [{ from: 'src/index.ts' }, { from: 'rules/index.ts', to: 'rules/*/rule.ts' }],
  },
  // A rule is written against the rule API alone, so the engine can change under it.
  { from: ['rules/*/rule.ts'], forbid: ['**'], except: RULE_API.map((to) => ({ to })) },
  // The agent detector reads the model and nothing of the engine, so rules can share it.
  { from: ['src/agents/**'], forbid: ['src/engine/**', 'src/output/**', 'src/extract/**', 'src/config/**', 'src/rule.ts'] },
  // The model is the bottom layer; a scan result only names the rule and config types it carries.
  {
    from: ['src/model/**'],
    forbid: ['src/engine/**', 'src/output/**', 'src/extract/**', 'src/config/**', 'src/rule.ts'],
    except: [
      { from: 'src/model/scan-result.ts', to: 'src/rule.ts', typeOnly: true },
      { from: 'src/model/scan-result.ts', to: 'src/config/config.ts', typeOnly: true },
    ],
  },
  // A computed import is an edge no row above can see. The lazy parser loader in
  // src/parse/source.ts imports literal package names, so it needs no exemption.
  { from: ['src/**', 'rules/**'], forbid: [DYNAMIC] },
];

/** Globs with `*` (within a path segment) and `**` (any depth); nothing else is special. */
function globRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      pattern += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      pattern += '.*';
      i += 1;
    } else if (c === '*') {
      pattern += '[^/]*';
    } else {
      pattern += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${pattern}$`);
}

const globs = new Map<string, RegExp>();
function matches(file: string, glob: string): boolean {
  let re = globs.get(glob);
  if (re === undefined) globs.set(glob, (re = globRegExp(glob)));
  return re.test(file);
}

/** The imports of one file that break a layer, each as `from-file → target`. */
function layerViolations(file: string, source: string): string[] {
  const violations = new Set<string>();
  for (const ref of importRefs(source, file)) {
    const resolved = resolveImport(file, ref.specifier);
    // A relative .js left unmapped names a source not (or no longer) on disk; tsc reports that, and
    // its layer is still the one its path says, so judge it by the source's name.
    const target = ref.specifier.startsWith('.') ? resolved.replace(/\.js$/, '.ts') : resolved;
    for (const layer of LAYERS) {
      if (!layer.from.some((glob) => matches(file, glob))) continue;
      if (!layer.forbid.some((glob) => matches(target, glob))) continue;
      const excepted = (layer.except ?? []).some(
        (e) => (e.from === undefined || matches(file, e.from)) && (e.to === undefined || matches(target, e.to)) && (!e.typeOnly || ref.typeOnly),
      );
      if (!excepted) violations.add(`${file} → ${target}`);
    }
  }
  return [...violations];
}

/** The project's own TypeScript; rule cases are scanned input, not code. */
function projectFiles(): string[] {
  return ['src', 'rules', 'scripts', 'bench'].flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .map((file) => path.posix.join(dir, file.replaceAll('\\', '/')))
      .filter((file) => file.endsWith('.ts') && !/^rules\/[^/]+\/cases\//.test(file)),
  );
}

describe('the layers', () => {
  const files = projectFiles();

  it('scan the whole tree and see its imports', () => {
    expect(files).toContain('src/index.ts');
    expect(files).toContain('rules/index.ts');
    expect(files.some((file) => file.startsWith('scripts/'))).toBe(true);
    expect(files.some((file) => file.startsWith('bench/'))).toBe(true);
    const edges = files.flatMap((file) => importSpecifiers(readFileSync(path.join(ROOT, file), 'utf8'), file));
    expect(edges.length).toBeGreaterThan(100);
  });

  it('hold in the real tree', () => {
    const violations = files.flatMap((file) => layerViolations(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(violations).toEqual([]);
  });

  it('allow what the architecture allows', () => {
    expect(layerViolations('src/index.ts', `import { RULES } from '../rules/index.js';`)).toEqual([]);
    expect(layerViolations('rules/index.ts', `import a from './expired-suppression/rule.js';\nimport type { Rule } from '../src/rule.js';`)).toEqual([]);
    expect(layerViolations('rules/expired-suppression/rule.ts', `import { defineRule } from '../../src/rule.js';\nimport type { Span } from "../../src/model/document.js";`)).toEqual([]);
    expect(layerViolations('src/model/scan-result.ts', `import type { Rule } from '../rule.js';\nimport type { Config } from '../config/config.js';`)).toEqual([]);
    expect(layerViolations('src/parse/source.ts', `await import('typescript');`)).toEqual([]);
  });

  it('reject a re-export from the engine in output', () => {
    expect(layerViolations('src/output/x.ts', `export { y } from "../engine/run.js";`)).toEqual(['src/output/x.ts → src/engine/run.ts']);
  });

  it('reject a dynamic import of the engine in output', () => {
    expect(layerViolations('src/output/x.ts', `const run = await import('../engine/run.js');`)).toEqual(['src/output/x.ts → src/engine/run.ts']);
  });

  it('reject a side-effect import of the rule set outside src/index.ts', () => {
    expect(layerViolations('src/cli.ts', `import "../rules/index.js";`)).toEqual(['src/cli.ts → rules/index.ts']);
  });

  it('reject a type-only import of the engine in a rule', () => {
    expect(layerViolations('rules/some-rule/rule.ts', `import type { X } from '../../src/engine/views.js';`)).toEqual(['rules/some-rule/rule.ts → src/engine/views.ts']);
  });

  it('reject a rule importing another rule, a package or a computed module', () => {
    const source = `import other from '../expired-suppression/rule.js';\nimport yaml from 'yaml';\nconst m = await import(name);`;
    expect(layerViolations('rules/some-rule/rule.ts', source)).toEqual([
      'rules/some-rule/rule.ts → rules/expired-suppression/rule.ts',
      'rules/some-rule/rule.ts → yaml',
      `rules/some-rule/rule.ts → ${DYNAMIC}`,
    ]);
  });

  it('reject a value import of the rule API in the model, and a type import elsewhere in it', () => {
    expect(layerViolations('src/model/scan-result.ts', `import { defineRule } from '../rule.js';`)).toEqual(['src/model/scan-result.ts → src/rule.ts']);
    expect(layerViolations('src/model/finding.ts', `import type { Rule } from '../rule.js';`)).toEqual(['src/model/finding.ts → src/rule.ts']);
  });

  it('reject a computed import anywhere in src', () => {
    expect(layerViolations('src/parse/source.ts', 'const m = await import(`./${name}.js`);')).toEqual([`src/parse/source.ts → ${DYNAMIC}`]);
  });
});
