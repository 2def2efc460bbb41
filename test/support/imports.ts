import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse, simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Stands for an import whose target is computed at run time: no guard can say where it leads, so
 * a guard should treat it as a violation of its own.
 */
export const DYNAMIC = '<dynamic>';

export interface ImportRef {
  readonly specifier: string;
  /** Erased at compile time (`import type`, `export type`, `import('x').T`): no run-time edge. */
  readonly typeOnly: boolean;
  readonly line: number;
}

const JSX_EXTENSIONS = new Set(['.tsx', '.jsx', '.js', '.mjs', '.cjs']);

/** The specifier when `node` is a string known before run time, else undefined. */
function staticString(node: TSESTree.Node | undefined): string | undefined {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]!.value.cooked ?? undefined;
  return undefined;
}

/**
 * Every module a TS/JS file imports, in any syntax TypeScript accepts. A `import()` or `require()`
 * whose argument is computed comes back as {@link DYNAMIC}.
 */
export function importRefs(source: string, fileName: string): ImportRef[] {
  const ast = parse(source, { loc: true, jsx: JSX_EXTENSIONS.has(path.extname(fileName).toLowerCase()), filePath: fileName });
  const refs: ImportRef[] = [];
  const add = (specifier: string, typeOnly: boolean, node: TSESTree.Node): void => {
    refs.push({ specifier, typeOnly, line: node.loc.start.line });
  };
  simpleTraverse(ast, {
    enter(node) {
      switch (node.type) {
        case 'ImportDeclaration':
          // `import { type X }` alone still loads the module under verbatimModuleSyntax; only `import type` is erased.
          add(node.source.value, node.importKind === 'type', node);
          break;
        case 'ExportNamedDeclaration':
        case 'ExportAllDeclaration':
          if (node.source) add(node.source.value, node.exportKind === 'type', node);
          break;
        case 'ImportExpression':
          add(staticString(node.source) ?? DYNAMIC, false, node);
          break;
        case 'TSImportEqualsDeclaration':
          if (node.moduleReference.type === 'TSExternalModuleReference') add(node.moduleReference.expression.value, node.importKind === 'type', node);
          break;
        case 'TSImportType':
          add(node.source.value, true, node);
          break;
        case 'CallExpression':
          if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length > 0) {
            add(staticString(node.arguments[0]) ?? DYNAMIC, false, node);
          }
          break;
      }
    },
  });
  return refs;
}

export function importSpecifiers(source: string, fileName: string): string[] {
  return importRefs(source, fileName).map((ref) => ref.specifier);
}

const SOURCE_OF: Readonly<Record<string, string>> = { '.js': '.ts', '.jsx': '.tsx', '.mjs': '.mts', '.cjs': '.cts' };

/**
 * Where `specifier`, imported by the repository-relative `fromFile`, leads: a repository-relative
 * posix path, with the emitted extension (`.js`) turned back into the source's (`.ts`) when that
 * source exists. Package names, `node:` modules and {@link DYNAMIC} come back unchanged.
 */
export function resolveImport(fromFile: string, specifier: string): string {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return specifier;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile.replaceAll('\\', '/')), specifier));
  const extension = path.posix.extname(target);
  const sourceExtension = SOURCE_OF[extension];
  if (sourceExtension !== undefined) {
    const candidate = target.slice(0, -extension.length) + sourceExtension;
    if (existsSync(path.join(ROOT, candidate))) return candidate;
  }
  return target;
}
