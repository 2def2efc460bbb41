/**
 * Names from scanned files (paths, server names, keys) are untrusted. Before they reach a
 * terminal, control characters go (no escape sequences repaint the screen); inside a GitHub
 * Actions log, a line starting with `::` would be read as a workflow command, so it is broken up.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}

export function forTerminal(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const clean = stripControl(text.replace(/[\r\n]+/g, ' '));
  return env.GITHUB_ACTIONS === 'true' ? clean.replace(/:(?=:)/g, ':\u200b') : clean;
}

/** One markdown metacharacter (or mention, reference, HTML or entity start) and what it becomes. */
const MARKDOWN_SPECIAL = /[\\`*_[\]()!|~$<>&@#]/g;
const MARKDOWN_REPLACEMENT: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  // GitHub links `@user`, `@org/team` and `user@host.tld` after rendering, so a backslash does not
  // stop them; invisible breaks around the `@` do (after it: mentions; before it: e-mail
  // autolinks). The same for `#123` references.
  '@': '\u200b@\u200b',
  '#': '#\u200b',
};

/**
 * Untrusted text (a path, a server name, a message quoting one) as inert inline GitHub-flavoured
 * markdown, for a table cell or a list item, never the start of a block: newlines become spaces
 * and control characters go (as `forTerminal`); HTML characters become entities; emphasis, code,
 * link, image, strikethrough, math and table-pipe characters are backslash-escaped; `@` mentions,
 * `#` references and `http://`/`www.` autolinks are broken with a zero-width space; and inside
 * GitHub Actions, `::` workflow-command sequences are broken as well.
 */
export function forMarkdown(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const clean = stripControl(text.replace(/[\r\n]+/g, ' '))
    .replace(MARKDOWN_SPECIAL, (c) => MARKDOWN_REPLACEMENT[c] ?? `\\${c}`)
    .replace(/:\/\//g, ':\u200b//')
    .replace(/www\./gi, (www) => `${www.slice(0, 3)}\u200b.`);
  // A lookahead, so a run of three or more colons keeps no `::` either.
  return env.GITHUB_ACTIONS === 'true' ? clean.replace(/:(?=:)/g, ':\u200b') : clean;
}
