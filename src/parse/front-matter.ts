/**
 * The YAML front matter of a Markdown file, in place: the text between a first line `---` and the
 * next line `---` (or `...`), with every other character but line breaks turned into a space. Offsets
 * into the result are offsets into the file, so the YAML parser's positions need no translation.
 * A file without front matter becomes blank: an empty document.
 */
export function frontMatterOnly(text: string): string {
  const open = /^\uFEFF?---[ \t]*\r?\n/.exec(text);
  if (!open) return blank(text);
  const close = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = text.slice(open[0].length);
  const end = close.exec(rest);
  const bodyStart = open[0].length + (end ? end.index : rest.length);
  return blank(text.slice(0, open[0].length)) + text.slice(open[0].length, bodyStart) + blank(text.slice(bodyStart));
}

function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}
