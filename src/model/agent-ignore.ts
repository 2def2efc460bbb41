import ignore from 'ignore';

/**
 * Gitignore patterns as the AI clients read them (`.cursorignore`, `.geminiignore`, `.gitignore`,
 * and the paths of Claude Code's `Read(…)` rules, which follow the same specification): a test of
 * a path relative to the folder the patterns belong to. `#` comments, `!` negation, a trailing `/`
 * for folders, a leading `/` to anchor, `*` within a segment and `**` across them.
 */
export type PathMatcher = (relativePath: string) => boolean;

export function gitignoreMatcher(patterns: string | readonly string[]): PathMatcher {
  const matcher = ignore().add(typeof patterns === 'string' ? patterns : [...patterns]);
  return (relativePath) => {
    try {
      return matcher.ignores(relativePath);
    } catch {
      // A path the matcher refuses (empty, absolute, `./…`) is matched by nothing.
      return false;
    }
  };
}
