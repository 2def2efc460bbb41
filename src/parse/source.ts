import type * as Estree from '@typescript-eslint/typescript-estree';
import type * as TS from 'typescript';
import type { SourceProgram } from '../model/document.js';
import { DEFAULT_BUDGET, type TreeBudget } from './result.js';

/**
 * TypeScript and JavaScript through `@typescript-eslint/typescript-estree`: an ESTree program with
 * `range` (offsets into the text) and `loc` on every node, and the comments.
 *
 * The parser and TypeScript (~10 MB of JavaScript) are loaded only by {@link loadSourceParser},
 * which the engine awaits once before a scan whose rules want TS/JS files; a scan without such a
 * rule never loads them. Parsing itself is synchronous. Only type imports name them here.
 *
 * A failure is an error kind and an offset: TypeScript's messages quote the code ("'x' expected"),
 * so they never leave this module. The kind is TypeScript's diagnostic number (`TS1005`) when the
 * error is one of TypeScript's own syntax errors, else `invalid-syntax` (a check of the converter).
 */
export type SourceParseResult =
  | { readonly ok: true; readonly program: SourceProgram }
  | { readonly ok: false; readonly code: string; readonly offset: number };

interface Loaded {
  readonly estree: typeof Estree;
  readonly ts: typeof TS;
  readonly scanner: TS.Scanner;
}

let loaded: Loaded | undefined;
let loading: Promise<void> | undefined;
let unavailable = false;

/** CommonJS packages come through `import()` as a namespace whose `default` is `module.exports`. */
function moduleExports<T extends object>(namespace: T & { default?: T }, probe: keyof T): T {
  return probe in namespace && namespace[probe] !== undefined ? namespace : (namespace.default ?? namespace);
}

/**
 * Loads the TS/JS parser; idempotent and cheap once done. If the packages cannot be loaded the
 * scan goes on, and each TS/JS file gets a `parser-unavailable` parse failure.
 */
export function loadSourceParser(): Promise<void> {
  loading ??= (async () => {
    try {
      const [estreeNamespace, tsNamespace] = await Promise.all([import('@typescript-eslint/typescript-estree'), import('typescript')]);
      const estree = moduleExports(estreeNamespace as typeof Estree & { default?: typeof Estree }, 'parse');
      const ts = moduleExports(tsNamespace as typeof TS & { default?: typeof TS }, 'createScanner');
      loaded = { estree, ts, scanner: ts.createScanner(ts.ScriptTarget.Latest, true) };
    } catch {
      unavailable = true;
    }
  })();
  return loading;
}

export function isSourceParserLoaded(): boolean {
  return loaded !== undefined;
}

/** An absolute directory for the parser's file name to sit in (it never reads it). */
const ROOT = process.platform === 'win32' ? 'C:\\' : '/';

const JSX_EXTENSIONS = new Set(['.tsx', '.jsx', '.js', '.mjs', '.cjs']);
const KNOWN_EXTENSIONS = new Set([...JSX_EXTENSIONS, '.ts', '.mts', '.cts']);

function extensionOf(path: string): string {
  const match = /\.[A-Za-z]+$/.exec(path);
  const extension = match ? match[0].toLowerCase() : '.ts';
  return KNOWN_EXTENSIONS.has(extension) ? extension : '.ts';
}

/**
 * Parses a TS/JS file; its extension chooses TypeScript or JavaScript and JSX as TypeScript
 * chooses them (`.js`, `.mjs`, `.cjs`, `.jsx` and `.tsx` allow JSX). Never throws.
 */
export function parseSource(text: string, path: string, budget: TreeBudget = DEFAULT_BUDGET): SourceParseResult {
  if (loaded === undefined) return { ok: false, code: unavailable ? 'parser-unavailable' : 'parser-not-loaded', offset: 0 };
  const { estree, ts } = loaded;
  const extension = extensionOf(path);
  const jsx = JSX_EXTENSIONS.has(extension);
  // A name with the right extension, not the file's own: the parser must not look at the disk.
  const filePath = `input${extension}`;

  try {
    const tooDeep = nestingExceeds(loaded, text, jsx, 2 * budget.maxDepth);
    if (tooDeep !== undefined) return { ok: false, code: 'too-deeply-nested', offset: tooDeep };
  } catch (error) {
    return { ok: false, code: error instanceof RangeError ? 'too-deeply-nested' : 'parser-failure', offset: 0 };
  }

  try {
    const program = estree.parse(text, {
      loc: true,
      range: true,
      comment: true,
      tokens: false,
      jsx,
      filePath,
      tsconfigRootDir: ROOT,
      jsDocParsingMode: 'none',
      loggerFn: false,
      suppressDeprecatedPropertyWarnings: true,
    });
    return { ok: true, program };
  } catch (error) {
    if (error instanceof estree.TSError) {
      const offset = Math.max(0, Math.min(error.index, text.length));
      return { ok: false, code: diagnosticCode(ts, text, filePath, offset), offset };
    }
    // The nesting check refuses what would overflow the parser's stack; this is a case it missed.
    return { ok: false, code: error instanceof RangeError ? 'too-deeply-nested' : 'parser-failure', offset: 0 };
  }
}

/**
 * TypeScript's diagnostic number for the syntax error at `offset`, found by parsing once more
 * with TypeScript alone (failures only); `invalid-syntax` when the converter raised it.
 */
function diagnosticCode(ts: typeof TS, text: string, filePath: string, offset: number): string {
  try {
    const file = ts.createSourceFile(filePath, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false);
    const first = (file as unknown as { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics?.[0];
    if (first !== undefined && first.start === offset && Number.isInteger(first.code)) return `TS${first.code}`;
  } catch {
    // TypeScript alone threw: no diagnostic to name
  }
  return 'invalid-syntax';
}

// ---------------------------------------------------------------------------------------------
// nesting, before the parser

type FrameKind = 'group' | 'call' | 'bracket' | 'brace' | 'template' | 'jsx-tag' | 'jsx-children' | 'jsx-close';

/** Operator precedence classes, lowest first; `PRIMARY` is prefix, postfix, member access and calls. */
const SEQUENCE = 0;
const ASSIGNMENT = 1;
const PRIMARY = 14;
const LEVELS = PRIMARY + 1;

interface Snapshot {
  readonly chain: readonly number[];
  readonly carry: number;
  readonly statement: number;
}

/**
 * One open bracket (or the top level) and the statement being read in it. `chain[p]` counts the
 * operators of precedence `p` in the current chain: a lower operator closes the terms of higher
 * ones, whose depth then lives on in `carry` (a term is a subtree: its depth adds once, not per
 * term). `statement` counts keywords that nest statements (`if`, `else`, `function`…).
 */
class Frame {
  readonly chain = new Array<number>(LEVELS).fill(0);
  carry = 0;
  statement = 0;
  total = 0;

  constructor(public kind: FrameKind) {}

  /** An operator of precedence `level` (or a nesting keyword when undefined); returns the change in total. */
  add(level: number | undefined, count: number): number {
    if (level === undefined) {
      this.statement += count;
    } else {
      let closed = 0;
      for (let higher = level + 1; higher < LEVELS; higher++) {
        closed += this.chain[higher]!;
        this.chain[higher] = 0;
      }
      this.carry = Math.max(this.carry, closed);
      this.chain[level]! += count;
    }
    return this.update();
  }

  snapshot(): Snapshot {
    return { chain: [...this.chain], carry: this.carry, statement: this.statement };
  }

  /** Back to a snapshot; returns the change in total. */
  restore(snapshot: Snapshot): number {
    this.chain.splice(0, LEVELS, ...snapshot.chain);
    this.carry = snapshot.carry;
    this.statement = snapshot.statement;
    return this.update();
  }

  /** A statement or list element ends; returns the change in total. */
  reset(): number {
    this.chain.fill(0);
    this.carry = 0;
    this.statement = 0;
    return this.update();
  }

  private update(): number {
    let total = this.statement + this.carry;
    for (const count of this.chain) total += count;
    const change = total - this.total;
    this.total = total;
    return change;
  }
}

/**
 * TypeScript's parser and the ESTree converter recurse once per level of the syntax tree, and a
 * few hundred levels overflow the stack (a stack overflow is not reliably catchable: V8 can abort
 * the process). Before parsing, this walks TypeScript's scanner over the text and estimates the
 * tree's depth, then refuses the first token past `limit`:
 * - 2 for each open parenthesis, bracket, brace, template substitution and JSX element;
 * - for the statement or expression being read in each of those, the operators, calls and
 *   keywords that nest: a chain of one precedence nests one level per operator (`a || b || c`,
 *   `!!x`, `a.b.c`, `f()()`, `a = b = c`), a term of a higher one once (`x >= 1 && x <= 2 || …`
 *   is as deep as its `||` chain, plus its deepest term), and statements one level per `if`,
 *   `else`, `for`, `while`, `function`, `return`…; `<` counts 2 (type arguments nest deeper).
 *   The count restarts where a statement ends (`;`, a closing brace, a line break before a token
 *   that starts a statement, as ASI reads it; an `else` after them continues the statement) and
 *   at a `,` outside parentheses.
 * Measured on TypeScript 6 with Node's default stack: a chain of 900 operators, 380 nested object
 * literals or 270 nested functions overflow it; at the limit (400) every construct tried uses
 * under half of it.
 *
 * Regular expressions, templates and JSX text are told apart as TypeScript's parser would, from
 * the token before; a misreading costs a wrong estimate, never a wrong parse.
 */
function nestingExceeds({ ts, scanner }: Loaded, text: string, jsx: boolean, limit: number): number | undefined {
  const K = ts.SyntaxKind;
  scanner.setText(text);
  scanner.setLanguageVariant(jsx ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard);
  scanner.setOnError(undefined);
  scanner.resetTokenState(0);

  const frames: Frame[] = [];
  const base = new Frame('brace');
  /** 2 per open frame plus every open frame's total: the estimate. */
  let weight = 0;
  /** Whether the last token ends an operand: then `/` divides, `(` calls and `<` compares. */
  let afterOperand = false;
  let selfClosing = false;
  /** The statement a `;` just ended, continued if `else` follows. */
  let endedBySemicolon: Snapshot | undefined;
  let afterCloseBrace = false;

  const current = (): Frame => frames.at(-1) ?? base;
  const add = (level: number | undefined, count = 1): void => {
    weight += current().add(level, count);
  };
  const reset = (): void => {
    weight += current().reset();
  };
  const push = (kind: FrameKind): void => {
    frames.push(new Frame(kind));
    weight += 2;
  };
  const pop = (): void => {
    const frame = frames.pop();
    if (frame) weight -= 2 + frame.total;
  };

  try {
    for (;;) {
      const top = frames.at(-1);
      const inChildren = top?.kind === 'jsx-children';
      let token = inChildren ? scanner.scanJsxToken() : scanner.scan();
      if (token === K.EndOfFileToken) return undefined;
      const start = scanner.getTokenStart();

      if (inChildren) {
        if (token === K.OpenBraceToken) push('brace');
        else if (token === K.LessThanToken) push('jsx-tag');
        else if (token === K.LessThanSlashToken) top.kind = 'jsx-close';
        afterOperand = false;
      } else if (top?.kind === 'jsx-tag' || top?.kind === 'jsx-close') {
        // Inside `<name attr="…" attr={…}>`: only the end of the tag and `{` matter.
        if (token === K.GreaterThanToken) {
          if (top.kind === 'jsx-close' || selfClosing) {
            pop();
            afterOperand = true;
          } else {
            weight += top.reset();
            top.kind = 'jsx-children';
          }
        } else if (token === K.OpenBraceToken) {
          push('brace');
          afterOperand = false;
        }
        selfClosing = token === K.SlashToken;
      } else {
        if (token === K.ElseKeyword) {
          // `if (a) b; else …`: the `;` did not end the `if` statement
          if (endedBySemicolon !== undefined) weight += current().restore(endedBySemicolon);
        } else if (((afterOperand && scanner.hasPrecedingLineBreak()) || afterCloseBrace) && startsStatement(ts, token)) {
          reset();
        }
        endedBySemicolon = undefined;
        afterCloseBrace = false;
        switch (token) {
          case K.OpenParenToken:
          case K.OpenBracketToken:
            // after an operand: a call or an index, one level more than the callee
            if (afterOperand) add(PRIMARY);
            push(token === K.OpenBracketToken ? 'bracket' : afterOperand ? 'call' : 'group');
            afterOperand = false;
            break;
          case K.OpenBraceToken:
            push('brace');
            afterOperand = false;
            break;
          case K.TemplateHead:
            if (afterOperand) add(PRIMARY);
            push('template');
            afterOperand = false;
            break;
          case K.NoSubstitutionTemplateLiteral:
            // after an operand, a tagged template: one level more than the tag
            if (afterOperand) add(PRIMARY);
            afterOperand = true;
            break;
          case K.CloseParenToken:
          case K.CloseBracketToken:
            pop();
            afterOperand = true;
            break;
          case K.CloseBraceToken:
            if (top?.kind === 'template') {
              token = scanner.reScanTemplateToken(false);
              if (token === K.TemplateTail) {
                pop();
                afterOperand = true;
              } else {
                reset();
                afterOperand = false;
              }
            } else {
              pop();
              afterOperand = true;
              afterCloseBrace = true;
            }
            break;
          case K.SemicolonToken:
            endedBySemicolon = current().snapshot();
            reset();
            afterOperand = false;
            break;
          case K.CommaToken:
            // `(a, b, c)` is a sequence, nested per comma; elsewhere a comma separates.
            if (top?.kind === 'group') add(SEQUENCE);
            else reset();
            afterOperand = false;
            break;
          case K.SlashToken:
          case K.SlashEqualsToken:
            if (afterOperand) {
              add(token === K.SlashToken ? 12 : ASSIGNMENT);
              afterOperand = false;
            } else {
              scanner.reScanSlashToken();
              afterOperand = true;
            }
            break;
          case K.LessThanToken:
            if (jsx && !afterOperand) {
              push('jsx-tag');
              selfClosing = false;
            } else {
              add(9, 2);
            }
            afterOperand = false;
            break;
          case K.PlusToken:
          case K.MinusToken:
            add(afterOperand ? 11 : PRIMARY);
            afterOperand = false;
            break;
          case K.PlusPlusToken:
          case K.MinusMinusToken:
          case K.ExclamationToken:
            // prefix or postfix (`!` after an operand is TypeScript's non-null assertion)
            add(PRIMARY);
            break;
          default: {
            const level = precedence(ts, token);
            if (level !== null) {
              add(level);
              afterOperand = false;
            } else {
              afterOperand = endsOperand(ts, token);
            }
          }
        }
      }
      if (weight > limit) return start;
    }
  } finally {
    scanner.setText(undefined);
  }
}

/**
 * The precedence class of an operator or nesting keyword (undefined: a statement keyword), or
 * null for a token that does not nest. `<`, `,`, `/`, `+`, `-`, `!`, `++` and `--` are handled by
 * the caller. A function or class body costs more stack per level than its braces say, hence
 * `function`, `class` and `return`.
 */
function precedence(ts: typeof TS, token: TS.SyntaxKind): number | undefined | null {
  const K = ts.SyntaxKind;
  switch (token) {
    case K.FunctionKeyword:
    case K.ClassKeyword:
    case K.ReturnKeyword:
    case K.ThrowKeyword:
    case K.IfKeyword:
    case K.ElseKeyword:
    case K.ForKeyword:
    case K.WhileKeyword:
    case K.DoKeyword:
    case K.WithKeyword:
    case K.ExtendsKeyword:
    case K.KeyOfKeyword:
    case K.InferKeyword:
      return undefined;
    case K.EqualsGreaterThanToken:
    case K.QuestionToken:
    case K.ColonToken:
    case K.YieldKeyword:
      return ASSIGNMENT;
    case K.QuestionQuestionToken:
      return 2;
    case K.BarBarToken:
      return 3;
    case K.AmpersandAmpersandToken:
      return 4;
    case K.BarToken:
      return 5;
    case K.CaretToken:
      return 6;
    case K.AmpersandToken:
      return 7;
    case K.EqualsEqualsToken:
    case K.ExclamationEqualsToken:
    case K.EqualsEqualsEqualsToken:
    case K.ExclamationEqualsEqualsToken:
      return 8;
    case K.GreaterThanToken:
    case K.LessThanEqualsToken:
    case K.GreaterThanEqualsToken:
    case K.InstanceOfKeyword:
    case K.InKeyword:
    case K.AsKeyword:
    case K.SatisfiesKeyword:
      return 9;
    case K.LessThanLessThanToken:
    case K.GreaterThanGreaterThanToken:
    case K.GreaterThanGreaterThanGreaterThanToken:
      return 10;
    case K.AsteriskToken:
    case K.PercentToken:
      return 12;
    case K.AsteriskAsteriskToken:
      return 13;
    case K.TildeToken:
    case K.TypeOfKeyword:
    case K.VoidKeyword:
    case K.DeleteKeyword:
    case K.AwaitKeyword:
    case K.NewKeyword:
    case K.DotToken:
    case K.QuestionDotToken:
      return PRIMARY;
    default:
      // every assignment operator
      return token >= K.FirstAssignment && token <= K.LastAssignment ? ASSIGNMENT : null;
  }
}

/** Tokens after which `/` divides, `(` calls and `<` compares. */
function endsOperand(ts: typeof TS, token: TS.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  switch (token) {
    case K.Identifier:
    case K.PrivateIdentifier:
    case K.NumericLiteral:
    case K.BigIntLiteral:
    case K.StringLiteral:
    case K.RegularExpressionLiteral:
    case K.TemplateTail:
    case K.ThisKeyword:
    case K.SuperKeyword:
    case K.NullKeyword:
    case K.TrueKeyword:
    case K.FalseKeyword:
      return true;
    default:
      // `type`, `get`, `from`, `async`… are names as often as keywords; `if`, `return`, `typeof`… never are
      return token > K.LastReservedWord && token <= K.LastKeyword;
  }
}

function isIdentifierOrKeyword(ts: typeof TS, token: TS.SyntaxKind): boolean {
  return token === ts.SyntaxKind.Identifier || (token >= ts.SyntaxKind.FirstKeyword && token <= ts.SyntaxKind.LastKeyword);
}

/** A token a statement can start with, so a line break before it may end the one before (ASI). */
function startsStatement(ts: typeof TS, token: TS.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  switch (token) {
    case K.InKeyword:
    case K.InstanceOfKeyword:
    case K.AsKeyword:
    case K.SatisfiesKeyword:
    case K.OfKeyword:
    case K.ElseKeyword:
    case K.ExtendsKeyword:
      return false;
    case K.NumericLiteral:
    case K.BigIntLiteral:
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.PrivateIdentifier:
    case K.AtToken:
      return true;
    default:
      return isIdentifierOrKeyword(ts, token);
  }
}
