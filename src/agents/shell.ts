/**
 * The simple commands of a shell script, as words, the way a POSIX shell would split them: enough
 * to tell which program each command runs and with which flags, never to run anything. Quotes
 * join words and hide separators; `#` comments and here-document bodies (often an agent's prompt)
 * are not commands; `$(…)` and backquotes open a command of their own. One pass, linear in the
 * script's length.
 */

export interface ShellCommand {
  /** The words with quotes removed; leading `NAME=value` assignments and reserved words dropped. */
  readonly words: readonly string[];
}

/** Words that open or continue a compound command rather than name a program. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'case', 'esac', '!', '{', '}', 'function']);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;

/** A script longer than this is read up to it: a workflow's `run:` is a few kilobytes at most. */
const MAX_SCRIPT = 1 << 20;

export function commandsOf(script: string): ShellCommand[] {
  const text = script.length > MAX_SCRIPT ? script.slice(0, MAX_SCRIPT) : script;
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let word: string | undefined;
  /** Here-document delimiters waiting for the end of the current line: [delimiter, strip tabs]. */
  const heredocs: [string, boolean][] = [];

  const endWord = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = (): void => {
    endWord();
    let start = 0;
    while (start < words.length && (ASSIGNMENT.test(words[start]!) || RESERVED.has(words[start]!))) start++;
    if (start < words.length) commands.push({ words: words.slice(start) });
    words = [];
  };

  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\\') {
      if (text[i + 1] === '\n') i += 2; // a line continuation
      else {
        word = (word ?? '') + (text[i + 1] ?? '');
        i += 2;
      }
      continue;
    }
    if (char === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close === -1 ? text.length : close;
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (char === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1]!)) {
          if (text[j + 1] !== '\n') value += text[j + 1];
          j += 2;
        } else value += text[j++];
      }
      word = (word ?? '') + value;
      i = j + 1;
      continue;
    }
    if (char === '#' && word === undefined) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline;
      continue;
    }
    if (char === '\n') {
      endCommand();
      i++;
      if (heredocs.length > 0) i = skipHeredocs(text, i, heredocs.splice(0));
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      endWord();
      i++;
      continue;
    }
    if (char === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      // `<<WORD`, `<<-WORD`, `<<'WORD'`, `<<"WORD"`: the body starts on the next line.
      endWord();
      let j = i + 2;
      const strip = text[j] === '-';
      if (strip) j++;
      while (text[j] === ' ' || text[j] === '\t') j++;
      const quote = text[j] === "'" || text[j] === '"' ? text[j] : undefined;
      if (quote) j++;
      const start = j;
      while (j < text.length && !(quote ? text[j] === quote : /[\s;&|<>()]/.test(text[j]!))) j++;
      const delimiter = text.slice(start, j);
      if (quote) j++;
      if (delimiter !== '') heredocs.push([delimiter, strip]);
      i = j;
      continue;
    }
    if (char === ';' || char === '&' || char === '|' || char === '(' || char === ')' || char === '`') {
      endCommand();
      i++;
      continue;
    }
    if (char === '$' && text[i + 1] === '(') {
      // The substitution's command stands on its own; the outer word goes on after it.
      endCommand();
      i += 2;
      continue;
    }
    word = (word ?? '') + char;
    i++;
  }
  endCommand();
  return commands;
}

/** Skips the bodies of the here-documents opened on the line before `at`; returns where commands go on. */
function skipHeredocs(text: string, at: number, pending: readonly [string, boolean][]): number {
  let i = at;
  for (const [delimiter, strip] of pending) {
    for (;;) {
      if (i >= text.length) return text.length;
      const newline = text.indexOf('\n', i);
      const end = newline === -1 ? text.length : newline;
      const line = text.slice(i, end);
      i = end + 1;
      if ((strip ? line.replace(/^\t+/, '') : line) === delimiter) break;
    }
  }
  return Math.min(i, text.length);
}

/** An action input holding a command line's arguments (`claude_args`, `codex-args`), as the words the CLI gets. */
export function argumentWords(text: string): string[] {
  return commandsOf(text.replace(/\n/g, ' ')).flatMap((command) => [...command.words]);
}

/** The program a word names, without its directory or Windows extension: `/usr/local/bin/npx`, `C:\\nodejs\\npx.cmd` → `npx`. */
export function programName(word: string): string {
  return word.replace(/^.*[\\/]/, '').replace(/\.(?:exe|cmd|bat|ps1)$/i, '').toLowerCase();
}
