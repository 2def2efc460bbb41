import type { FileKind } from '../model/file-kind.js';
import { credentialKeywords, detectCredentials, type CredentialHit } from '../credentials/index.js';
import { readListed, type RawRead } from '../io/read.js';
import { decode, hasByteOrderMark, isBinary } from '../text/decode.js';
import { KeywordSet } from '../text/keywords.js';
import { adapterFor, classificationOf, type FileAdapter } from './adapters.js';
import { SUPPRESSION_MARKER } from './suppress.js';

/**
 * The per-file work that needs nothing but the file: reading, decoding, the keyword pass, the
 * credential catalogue and the suppression marker search. It is pure, so the
 * scan can run it on worker threads (prescan-pool.ts) and hand the main thread only what its rules
 * and the project store need; run inline, it is the very same code.
 */

/** What the rules of one run want from each file: the runner derives it, workers receive a copy. */
export interface PrescanPlan {
  /** The rules' text keywords, in the runner's order (hits are reported by index). */
  readonly keywords: readonly string[];
  /** Some rule's `text` hook runs on every file. */
  readonly textForAll: boolean;
  /** Run the credential catalogue. */
  readonly credentials: boolean;
  /** The kinds some rule or the store needs parsed. */
  readonly kindsToParse: readonly FileKind[];
}

/** A credential as it crosses between threads: its type by id (types hold functions). */
export type WireHit = Omit<CredentialHit, 'type'> & { readonly typeId: string };

/** What the prescan found in a text file. */
export interface TextFindings {
  /** Indexes into the plan's keywords, each once. */
  readonly keywords: readonly number[];
  readonly credentials: readonly WireHit[];
  /** The file holds the suppression marker (the runner reads the comments themselves). */
  readonly suppressionMarker: boolean;
}

/** One piece of a binary or oversized file with the credentials found in it (none already seen in the previous piece). */
export interface PieceFindings {
  /** The piece as Latin-1, so offsets are byte offsets. */
  readonly text: string;
  readonly firstLine: number;
  readonly offset: number;
  readonly binary: boolean;
  readonly credentials: readonly WireHit[];
}

/** What became of one listed file. `text` is left out when no rule and no store needs it. */
export type FileOutcome =
  | { readonly kind: 'text'; readonly text?: string; readonly findings: TextFindings }
  | { readonly kind: 'binary'; readonly pieces: readonly PieceFindings[] }
  | { readonly kind: 'oversized'; readonly size: number }
  | { readonly kind: 'not-regular' }
  | { readonly kind: 'symlink' }
  /** Listed, but no longer a file: skipped without a word, as git would. */
  | { readonly kind: 'gone' }
  | { readonly kind: 'unreadable'; readonly code: string };

/** Pieces of a large or binary file the credential pass reads at a time, and how much each repeats of the last. */
export const PIECE_BYTES = 1 << 20;
const PIECE_OVERLAP = 16 << 10;
/** Compressed and media formats: no credential survives in them as text. */
const OPAQUE = /\.(?:png|jpe?g|gif|webp|avif|ico|icns|bmp|tiff?|mp[34]|m4a|mov|avi|mkv|webm|ogg|wav|flac|woff2?|ttf|otf|eot|zip|gz|tgz|bz2|xz|zst|7z|rar|jar|war|whl|pdf)$/i;

/** A plan compiled for use: its keyword automaton built once per thread. */
export class Prescanner {
  private readonly keywordSet: KeywordSet;
  /** Every keyword any part of the prescan looks for, the suppression marker's included. */
  private readonly anyKeyword: KeywordSet;
  private readonly parsedKinds: ReadonlySet<FileKind>;

  constructor(readonly plan: PrescanPlan) {
    this.keywordSet = new KeywordSet(plan.keywords);
    const all = new Set([...plan.keywords, SUPPRESSION_MARKER, ...(plan.credentials ? credentialKeywords() : [])]);
    this.anyKeyword = new KeywordSet([...all]);
    this.parsedKinds = new Set(plan.kindsToParse);
  }

  /** What the prescan finds in a decoded text file. */
  findings(path: string, text: string): TextFindings {
    const keywords = this.plan.keywords.length > 0 ? [...this.keywordSet.find(text)] : [];
    const credentials = this.plan.credentials ? detectCredentials(text, path).map(toWire) : [];
    return { keywords, credentials, suppressionMarker: text.includes(SUPPRESSION_MARKER) };
  }

  /** Whether the main thread needs the file's text: some hook, the parser or the store will read it. */
  needsText(kind: FileKind, findings: TextFindings): boolean {
    return (
      this.plan.textForAll ||
      findings.keywords.length > 0 ||
      findings.credentials.length > 0 ||
      findings.suppressionMarker ||
      this.parsedKinds.has(kind)
    );
  }

  /** Reads one file through the guarded reader and prescans it: what a worker does with each file it is sent. */
  readAndPrescan(absolutePath: string, path: string, maxFileSize: number): FileOutcome {
    let raw: RawRead;
    try {
      raw = readListed(absolutePath, maxFileSize);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      return code === 'ELOOP' ? { kind: 'symlink' } : { kind: 'unreadable', code };
    }
    return this.outcome(path, raw);
  }

  /** One read file, decoded and prescanned; `adapter` when the file's name does not choose it (a pinned user file). */
  outcome(path: string, raw: RawRead, adapter: FileAdapter = adapterFor(path)): FileOutcome {
    if (raw.kind === 'oversized') return { kind: 'oversized', size: raw.size };
    if (raw.kind === 'not-regular' || raw.kind === 'symlink' || raw.kind === 'gone') return { kind: raw.kind };
    const kind = classificationOf(adapter).kind;
    // Most files hold no keyword at all and are not parsed: then nothing reads their text, and
    // it is never decoded. (A byte-order mark means UTF-16 maybe: decoded first, as always.)
    if (!this.plan.textForAll && !this.parsedKinds.has(kind) && !hasByteOrderMark(raw.bytes) && !this.anyKeyword.occursIn(raw.bytes)) {
      if (!isBinary(raw.bytes)) return { kind: 'text', findings: NOTHING_FOUND };
    }
    const decoded = decode(raw.bytes);
    if (decoded.kind === 'binary') {
      // Its bytes are in memory already (a binary file is at most max-file-size): no second read.
      const pieces = this.plan.credentials && !OPAQUE.test(path) ? [...this.pieces(piecesOf(raw.bytes), path, true).found] : [];
      return { kind: 'binary', pieces };
    }
    const findings = this.findings(path, decoded.text);
    return this.needsText(kind, findings) ? { kind: 'text', text: decoded.text, findings } : { kind: 'text', findings };
  }

  /**
   * The credential pass over a file too large or too binary to parse: its bytes (as Latin-1, so
   * offsets are byte offsets and every token stays whole) in overlapping pieces, each starting at a
   * line where one is near, so padding a config past `max-file-size` or hiding a token in a binary
   * hides nothing. Only pieces holding a credential not already found in the previous piece are
   * yielded. `read` counts the bytes taken, for the caller's limit note; a read error ends the
   * pass quietly (the file was already counted as skipped).
   */
  pieces(chunks: Iterable<Buffer>, path: string, binary: boolean): { found: Iterable<PieceFindings>; read: () => number } {
    let read = 0;
    function* found(): Generator<PieceFindings> {
      let carry = Buffer.alloc(0);
      let offset = 0;
      let line = 1;
      let seenUntil = 0;
      const iterator = chunks[Symbol.iterator]();
      for (;;) {
        let next: IteratorResult<Buffer>;
        try {
          next = iterator.next();
        } catch {
          return;
        }
        if (next.done) return;
        const chunk = next.value;
        read += chunk.length;
        const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        const text = bytes.toString('latin1');
        const fresh = seenUntil - offset;
        const credentials = detectCredentials(text, path).filter((hit) => hit.end > fresh);
        if (credentials.length > 0) yield { text, firstLine: line, offset, binary, credentials: credentials.map(toWire) };
        let cut = Math.max(0, bytes.length - PIECE_OVERLAP);
        const newline = bytes.indexOf(0x0a, cut);
        if (newline >= 0 && newline + 1 < bytes.length) cut = newline + 1;
        for (let at = bytes.indexOf(0x0a); at >= 0 && at < cut; at = bytes.indexOf(0x0a, at + 1)) line++;
        seenUntil = offset + bytes.length;
        offset += cut;
        carry = Buffer.from(bytes.subarray(cut));
      }
    }
    return { found: found(), read: () => read };
  }
}

const NOTHING_FOUND: TextFindings = { keywords: [], credentials: [], suppressionMarker: false };

function toWire(hit: CredentialHit): WireHit {
  const { type, ...rest } = hit;
  return { ...rest, typeId: type.id };
}

/** Bytes already read, in the pieces the credential pass takes. */
function* piecesOf(bytes: Buffer): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += PIECE_BYTES) yield bytes.subarray(start, start + PIECE_BYTES);
}
