import { KeywordSet } from '../text/keywords.js';
import { looksLikePlaceholder } from './placeholder.js';
import type { CredentialHit, CredentialType } from './types.js';

/** How far past its window's end a match may run, unless the type says (PEM keys run long). */
const DEFAULT_MAX_LENGTH = 1_024;
/** Characters kept before a window so a pattern's lookbehind sees what precedes its match. */
const LOOKBEHIND = 64;

interface Window {
  start: number;
  end: number;
}

/**
 * Finds every credential of a catalogue in a text. One case-folding pass finds every keyword
 * occurrence; each type's pattern then runs only in the windows around its own keywords, on a
 * slice of the text (V8 slices share the text, nothing is copied). Most files hold no keyword
 * and cost the one pass.
 */
export class CredentialDetector {
  readonly types: readonly CredentialType[];
  private readonly keywords: KeywordSet;
  /** For each keyword, the indexes (into `types`) of the types that use it. */
  private readonly typesByKeyword: readonly (readonly number[])[];

  constructor(types: readonly CredentialType[]) {
    for (const type of types) checkType(type);
    const ids = new Set(types.map((type) => type.id));
    if (ids.size !== types.length) throw new Error('credential type ids must be distinct');
    this.types = types;
    const keywords = [...new Set(types.flatMap((type) => type.keywords))];
    this.keywords = new KeywordSet(keywords);
    this.typesByKeyword = keywords.map((keyword) => types.flatMap((type, index) => (type.keywords.includes(keyword) ? [index] : [])));
  }

  /** The credentials in `text` (the file at `path`), in text order, each span reported once. */
  detect(text: string, path: string): CredentialHit[] {
    const windows = new Map<number, Window[]>();
    this.keywords.scan(text, (keyword, at) => {
      for (const typeIndex of this.typesByKeyword[keyword]!) {
        const type = this.types[typeIndex]!;
        if (type.paths && !type.paths.test(path)) continue;
        const start = Math.max(0, at - (type.window?.before ?? 0));
        const end = at + (type.window?.after ?? 0);
        const list = windows.get(typeIndex);
        const last = list?.at(-1);
        // Hits arrive in text order, so a window can only merge with the one before it. Windows
        // closer than a match's length share their search anyway: one search covers both, so a
        // file dense with a keyword (10,000 `eyJ` fragments) costs one pass, not one per hit.
        if (last && start <= last.end + (type.maxLength ?? DEFAULT_MAX_LENGTH)) last.end = Math.max(last.end, end);
        else if (list) list.push({ start, end });
        else windows.set(typeIndex, [{ start, end }]);
      }
    });
    if (windows.size === 0) return [];

    const hits: CredentialHit[] = [];
    // Catalogue order is precedence: a specific type claims a span before a generic one can.
    for (const typeIndex of [...windows.keys()].sort((a, b) => a - b)) {
      const type = this.types[typeIndex]!;
      for (const window of windows.get(typeIndex)!) hits.push(...matchWindow(type, text, path, window));
    }
    return claimSpans(hits);
  }
}

function matchWindow(type: CredentialType, text: string, path: string, window: Window): CredentialHit[] {
  const sliceStart = Math.max(0, window.start - LOOKBEHIND);
  const sliceEnd = Math.min(text.length, window.end + (type.maxLength ?? DEFAULT_MAX_LENGTH));
  const slice = text.slice(sliceStart, sliceEnd);
  // Patterns are shared data; their lastIndex is set here before every use, and nothing else
  // runs between one exec and the next that could use the same pattern.
  const pattern = type.pattern;
  pattern.lastIndex = window.start - sliceStart;
  const found: CredentialHit[] = [];
  for (let match = pattern.exec(slice); match !== null; match = pattern.exec(slice)) {
    if (match.index + sliceStart > window.end) break;
    if (match[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    const secret = match.groups?.secret ?? match[0];
    const offset = match.indices?.groups?.secret?.[0] ?? match.index;
    if (secret === '' || looksLikePlaceholder(secret)) continue;
    // The check sees the whole text, with the match's offsets moved back into it.
    const inspection = type.inspect ? type.inspect(secret, { text, match: rebase(match, sliceStart), path }) : {};
    if (inspection === undefined) continue;
    found.push({
      type,
      start: sliceStart + offset,
      end: sliceStart + offset + secret.length,
      secret,
      name: inspection.name ?? type.name,
      lifetime: inspection.lifetime ?? { class: type.lifetime },
      ...(inspection.validity ? { validity: inspection.validity } : {}),
    });
  }
  return found;
}

function rebase(match: RegExpExecArray, by: number): RegExpExecArray {
  if (by === 0) return match;
  const moved = Object.assign([...match], match, { index: match.index + by }) as unknown as RegExpExecArray;
  return moved;
}

/**
 * Keeps the first hit (in precedence order) for any overlapping span. `kept` stays sorted and
 * free of overlaps, so a new hit need only be checked against its two neighbours.
 */
function claimSpans(hits: readonly CredentialHit[]): CredentialHit[] {
  const kept: CredentialHit[] = [];
  for (const hit of hits) {
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (kept[middle]!.start < hit.start) low = middle + 1;
      else high = middle;
    }
    const before = kept[low - 1];
    const after = kept[low];
    if ((before && before.end > hit.start) || (after && after.start < hit.end)) continue;
    kept.splice(low, 0, hit);
  }
  return kept;
}

function checkType(type: CredentialType): void {
  const { flags, source } = type.pattern;
  if (!flags.includes('g') || flags.includes('y')) throw new Error(`credential type ${type.id}: pattern needs the g flag and not y`);
  if (source.includes('(?<secret>') && !flags.includes('d')) throw new Error(`credential type ${type.id}: a secret group needs the d flag for its offset`);
  if (type.keywords.length === 0) throw new Error(`credential type ${type.id}: at least one keyword`);
}
