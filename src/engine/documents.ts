import type { SourceFile, StructuredDocument } from '../model/document.js';
import type { FileKind, Syntax } from '../model/file-kind.js';
import type { Notification } from '../model/finding.js';
import { parseDotenv } from '../parse/dotenv.js';
import { frontMatterOnly } from '../parse/front-matter.js';
import { parseJson } from '../parse/json.js';
import type { ParseResult } from '../parse/result.js';
import { loadSourceParser, parseSource } from '../parse/source.js';
import { parseToml } from '../parse/toml.js';
import { parseYaml } from '../parse/yaml.js';
import { LineIndex } from '../text/line-index.js';

/** A parser budget the file went past: its client, with no such budget, reads what the scan did not. */
export type BudgetExceeded = 'too-deep' | 'too-many-nodes';

export type DocumentOutcome =
  | { readonly ok: true; readonly document: StructuredDocument; readonly notification?: Notification; readonly exceeded?: BudgetExceeded }
  | { readonly ok: false; readonly notification: Notification; readonly exceeded?: BudgetExceeded };

/** The kinds whose parser is loaded on demand: TS/JS needs TypeScript, megabytes a scan without such files never loads. */
const LAZY_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['source-ts']);

/**
 * Loads the parsers that the given file kinds need and that are not loaded at start-up. Call it
 * once, before the first `loadDocument`, with every kind the run parses (`RuleRunner.kindsToParse`);
 * parsing is synchronous afterwards. Kinds without a lazily loaded parser cost nothing: a scan whose rules
 * want no TS/JS file never loads TypeScript.
 */
export async function prepareParsers(kinds: Iterable<FileKind>): Promise<void> {
  for (const kind of kinds) {
    if (LAZY_KINDS.has(kind)) {
      await loadSourceParser();
      return;
    }
  }
}

const SYNTAX_NAMES: Readonly<Record<Syntax, string>> = {
  yaml: 'YAML',
  json: 'JSON',
  jsonc: 'JSON with comments',
  toml: 'TOML',
  dotenv: 'dotenv',
  source: 'TypeScript',
  frontmatter: 'Markdown front matter',
};

function syntaxName(file: SourceFile): string {
  if (file.syntax === 'source') return /\.[cm]?jsx?$/i.test(file.path) ? 'JavaScript' : 'TypeScript';
  return file.syntax ? SYNTAX_NAMES[file.syntax] : 'text';
}

type Parsed = ParseResult | { readonly ok: true; readonly program: NonNullable<StructuredDocument['program']> };

function parse(file: SourceFile): Parsed | undefined {
  switch (file.syntax) {
    case 'yaml':
      return parseYaml(file.text);
    case 'json':
      return parseJson(file.text, { jsonc: false });
    case 'jsonc':
      return parseJson(file.text, { jsonc: true });
    case 'toml':
      return parseToml(file.text);
    case 'dotenv':
      return parseDotenv(file.text);
    case 'source':
      return parseSource(file.text, file.path);
    case 'frontmatter':
      return parseYaml(frontMatterOnly(file.text));
    default:
      return undefined;
  }
}

/**
 * Parses a structured file into the located-node model (a TS/JS file into its ESTree program).
 * A parse failure becomes a notification that names the error kind and position only: never the
 * parser's message, never a key name.
 */
export function loadDocument(file: SourceFile, lines: LineIndex): DocumentOutcome | undefined {
  const result = parse(file);
  if (result === undefined) return undefined;
  if (!result.ok) {
    const { line, column } = lines.position(result.offset);
    return {
      ok: false,
      ...(result.code === 'too-deeply-nested' || result.code === 'parser-limit' ? { exceeded: 'too-deep' as const } : {}),
      notification: {
        level: 'warning',
        kind: 'parse-error',
        message: `could not parse as ${syntaxName(file)} (${result.code} at ${line}:${column}); structured rules skipped this file`,
        path: file.path,
        line,
        column,
      },
    };
  }
  if ('program' in result) return { ok: true, document: { file, roots: [], program: result.program } };
  const document: StructuredDocument = { file, roots: result.roots };
  if (result.truncated === undefined) return { ok: true, document };
  return {
    ok: true,
    document,
    exceeded: result.truncated === 'depth' ? 'too-deep' : 'too-many-nodes',
    notification: {
      level: 'warning',
      kind: 'document-too-large',
      message: result.truncated === 'depth'
        ? 'nesting deeper than the scan allows; the deeper part was not examined'
        : file.syntax === 'yaml'
          ? 'more nodes than the scan allows (aliases expand into copies); the rest was not examined'
          : 'more nodes than the scan allows; the rest was not examined',
      path: file.path,
    },
  };
}
