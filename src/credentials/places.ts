import type { SourceFile } from '../model/document.js';

/** Where a file sits, as a reader of the finding would say it. */
export function placeOf(file: SourceFile): string {
  if (file.piece?.binary) return 'a binary file';
  switch (file.kind) {
    case 'github-workflow':
      return 'a GitHub workflow';
    case 'github-action':
      return 'a GitHub action';
    case 'mcp-config':
    case 'codex-config':
    case 'claude-settings':
    case 'agent-settings':
      return 'an agent config';
    case 'dotenv':
      return 'an env file';
    case 'devcontainer':
      return 'a dev container config';
    case 'source-ts':
      return 'source code';
    default:
      for (const [pattern, place] of PLACES) if (pattern.test(file.path)) return place;
      return 'a file';
  }
}

const DOCS = /\.(?:md|mdx|markdown|rst|adoc|txt)$/i;

const PLACES: readonly (readonly [RegExp, string])[] = [
  [DOCS, 'documentation'],
  [/\.(?:sh|bash|zsh|ps1|bat|cmd)$/i, 'a script'],
  [/\.(?:py|rb|go|java|kt|cs|php|rs|swift|scala|c|cc|cpp|h|m|pl|lua|r|dart|ex|exs|clj|groovy|ipynb)$/i, 'source code'],
  [/\.(?:tf|tfvars|hcl|bicep)$|(?:^|\/)(?:Dockerfile|docker-compose[^/]{0,50}\.ya?ml|compose\.ya?ml)$/i, 'infrastructure code'],
  [/\.(?:json|jsonc|ya?ml|toml|ini|cfg|conf|properties|xml|plist|env)$|(?:^|\/)\.(?:npmrc|pypirc|netrc|git-credentials)$/i, 'a config file'],
];

/** Prose: a README or a guide quotes a credential; no tool loads it from there. */
export function isDocumentation(path: string): boolean {
  return DOCS.test(path);
}
