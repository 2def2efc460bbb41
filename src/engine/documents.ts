import type { SourceFile, StructuredDocument } from '../model/document.js';
import type { Notification } from '../model/finding.js';
import { parseJson } from '../parse/json.js';
import type { ParseResult } from '../parse/result.js';
import { parseYaml } from '../parse/yaml.js';
import { LineIndex } from './locate.js';

export type DocumentOutcome =
  | { readonly ok: true; readonly document: StructuredDocument; readonly notification?: Notification }
  | { readonly ok: false; readonly notification: Notification };

function parse(file: SourceFile): ParseResult | undefined {
  switch (file.syntax) {
    case 'yaml':
      return parseYaml(file.text);
    case 'json':
      return parseJson(file.text, { jsonc: false });
    case 'jsonc':
      return parseJson(file.text, { jsonc: true });
    default:
      return undefined;
  }
}

/**
 * Parses a structured file into the located-node model. A parse failure becomes a notification
 * that names the error kind and position only: never the parser's message, never a key name.
 */
export function loadDocument(file: SourceFile, lines: LineIndex): DocumentOutcome | undefined {
  const result = parse(file);
  if (result === undefined) return undefined;
  if (!result.ok) {
    const { line, column } = lines.position(result.offset);
    return {
      ok: false,
      notification: {
        level: 'warning',
        kind: 'parse-error',
        message: `could not parse as ${file.syntax === 'yaml' ? 'YAML' : file.syntax === 'jsonc' ? 'JSON with comments' : 'JSON'} (${result.code} at ${line}:${column}); structured rules skipped this file`,
        path: file.path,
        line,
        column,
      },
    };
  }
  const document: StructuredDocument = { file, roots: result.roots };
  if (result.truncated === undefined) return { ok: true, document };
  return {
    ok: true,
    document,
    notification: {
      level: 'warning',
      kind: 'document-too-large',
      message: result.truncated === 'depth'
        ? 'nesting deeper than the scan allows; the deeper part was not examined'
        : 'more nodes than the scan allows (aliases expand into copies); the rest was not examined',
      path: file.path,
    },
  };
}
