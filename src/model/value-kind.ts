import type { AgentClient } from './file-kind.js';

/**
 * What a string value in a client's config is, read in that client's own interpolation syntax:
 * - `literal`: the characters are what the server gets;
 * - `env`: a reference to an environment variable (or a secret store the client reads as one);
 * - `input`: a value the client prompts for;
 * - `file`: a value read from a file;
 * - `mixed`: literal characters and a reference together (`https://host/${KEY}/sse`), or
 *   references of different kinds. An auth scheme before one reference (`Bearer ${TOKEN}`) is no
 *   literal worth the name: that value is `env`.
 */
export type ValueKind = 'literal' | 'env' | 'input' | 'file' | 'mixed';

type ReferenceKind = Exclude<ValueKind, 'literal' | 'mixed'>;

/**
 * One reference form: where it matches, what it refers to, or `literal` for a built-in the client
 * fills with no secret (`${workspaceFolder}`). The first group of `pattern` that takes part names
 * what the reference reads: the variable, the input's id, the file's path.
 */
interface ReferenceForm {
  readonly pattern: RegExp;
  readonly kind: (match: RegExpExecArray) => ReferenceKind | 'literal' | 'mixed';
}

const env = (): ReferenceKind => 'env';

/**
 * Claude Code: `${VAR}` and `${VAR:-default}` expand in command, args, env, url and headers; a
 * bare `$VAR` does not (code.claude.com/docs/en/mcp, "Environment variable expansion in
 * .mcp.json"; dev.to/rulestack "Six ${VAR} forms…" tested it). A non-empty default is a literal
 * the server gets whenever the variable is unset.
 */
const CLAUDE_CODE: readonly ReferenceForm[] = [
  { pattern: /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, kind: (m) => (m[2] ? 'mixed' : 'env') },
];

/** VS Code's predefined variables: paths and names it fills in, no secret among them. */
const VSCODE_BUILTIN = /^(?:workspaceFolder|workspaceFolderBasename|userHome|pathSeparator|\/|cwd|file|fileBasename|fileDirname|relativeFile|execPath|defaultBuildTask|lineNumber|selectedText)(?::[^}]*)?$/;

/**
 * VS Code `mcp.json`: `${env:VAR}`, `${input:id}` (an `inputs[]` prompt, `password: true` for a
 * secret) and the predefined variables (code.visualstudio.com/docs/copilot/reference/mcp-configuration,
 * "Input variables for sensitive data", and /docs/reference/variables-reference).
 */
const VSCODE: readonly ReferenceForm[] = [
  { pattern: /\$\{env:([^}]+)\}/g, kind: env },
  { pattern: /\$\{input:([^}]+)\}/g, kind: () => 'input' },
  { pattern: /\$\{([^}:]+)(?::[^}]*)?\}/g, kind: (m) => (VSCODE_BUILTIN.test(m[1]!) ? 'literal' : 'mixed') },
];

/**
 * Cursor `mcp.json`: `${env:NAME}`, `${userHome}`, `${workspaceFolder}`,
 * `${workspaceFolderBasename}`, `${pathSeparator}` / `${/}` (cursor.com/docs/context/mcp, "Config
 * interpolation"). Cursor documents no prompt input; `${input:…}` is read as VS Code reads it in
 * case Cursor's VS Code base honours it.
 */
const CURSOR = VSCODE;

/**
 * Gemini CLI: every string value in `settings.json` may reference `$VAR_NAME` or `${VAR_NAME}`,
 * resolved when the settings load, an unset one left as written (geminicli.com/docs/cli/configuration,
 * "Note on environment variables in settings"; the resolver in packages/cli/src/utils/envVarResolver.ts
 * takes any word characters after `$`, digits first included, and anything but `}` inside braces).
 */
const GEMINI: readonly ReferenceForm[] = [{ pattern: /\$(?:(\w+)|\{([^}]+)\})/g, kind: env }];

/**
 * OpenCode: `{env:VAR}` and `{file:path}` are substituted in the config text before it is parsed
 * (opencode.ai/docs/config, "Variables"; packages/core/src/config/variable.ts).
 */
const OPENCODE: readonly ReferenceForm[] = [
  { pattern: /\{env:([^}]+)\}/g, kind: env },
  { pattern: /\{file:([^}]+)\}/g, kind: () => 'file' },
];

/**
 * The Copilot coding agent substitutes only secrets and variables of its `copilot` environment
 * named `COPILOT_MCP_*`, as `$COPILOT_MCP_X` or `${COPILOT_MCP_X}` (docs.github.com, "Extending
 * Copilot coding agent with MCP", "Setting up Copilot agent secrets").
 */
const COPILOT: readonly ReferenceForm[] = [
  { pattern: /\$\{(COPILOT_MCP_[A-Za-z0-9_]*)(?::-[^}]*)?\}|\$(COPILOT_MCP_[A-Za-z0-9_]*)/g, kind: env },
  // Custom agent profiles: `${{ secrets.COPILOT_MCP_X }}`, `${{ vars.COPILOT_MCP_X }}` (github/docs, custom-agents-configuration).
  { pattern: /\$\{\{\s*(?:secrets|vars)\.([A-Za-z0-9_]+)\s*\}\}/g, kind: env },
];

/**
 * Continue's YAML: `${{ secrets.NAME }}` (from the hub, `.env` at the workspace root or in
 * `.continue/`, or `~/.continue/.env`) and `${{ inputs.NAME }}` (docs.continue.dev/reference,
 * "Local Blocks" and "Inputs"). A hub secret may be fully qualified (`secrets.owner/package/NAME`):
 * Continue's template pattern takes any characters but `}` and spaces
 * (packages/config-yaml/src/load/unroll.ts, `TEMPLATE_VAR_REGEX`).
 */
const CONTINUE: readonly ReferenceForm[] = [
  { pattern: /\$\{\{\s*secrets\.([^}\s]+)\s*\}\}/g, kind: env },
  { pattern: /\$\{\{\s*inputs\.([^}\s]+)\s*\}\}/g, kind: () => 'input' },
];

/**
 * Roo Code and Kilo Code: `${env:VAR}` in `mcp.json` (docs.roocode.com/features/mcp, "Environment
 * variables"). Windsurf: `${env:VAR}` in `mcp_config.json` (docs.windsurf.com, "Config interpolation").
 * Cline: `${env:VAR}` in `cline_mcp_settings.json` since cline/cline#8079.
 */
const ENV_COLON: readonly ReferenceForm[] = [{ pattern: /\$\{env:([^}]+)\}/g, kind: env }];

/** Kiro expands `${VAR}` in `mcp.json` for the variables the user approved (kiro.dev/docs/cli/mcp/configuration). */
const KIRO: readonly ReferenceForm[] = [{ pattern: /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, kind: env }];

/**
 * The forms each client substitutes. A client with none passes every value verbatim: Zed (its
 * settings have no interpolation), Codex (which names variables in keys instead, see
 * `CODEX_ENV_FIELDS`), Claude Desktop, Aider, Goose (its `env_keys` name variables instead);
 * Amazon Q is not known to substitute.
 */
const FORMS: Readonly<Record<AgentClient, readonly ReferenceForm[]>> = {
  'claude-code': CLAUDE_CODE,
  'claude-desktop': [],
  codex: [],
  cursor: CURSOR,
  vscode: VSCODE,
  roo: ENV_COLON,
  kilocode: ENV_COLON,
  amazonq: [],
  kiro: KIRO,
  windsurf: ENV_COLON,
  'gemini-cli': GEMINI,
  opencode: OPENCODE,
  zed: [],
  continue: CONTINUE,
  aider: [],
  cline: ENV_COLON,
  goose: [],
  copilot: COPILOT,
};

/**
 * Fields whose value is the name of something else, whatever its characters: Codex's
 * `bearer_token_env_var`, `env_vars` items and `env_http_headers` values name environment
 * variables (developers.openai.com/codex/config-reference, `mcp_servers.<id>`); an `envFile`
 * (VS Code, Cursor) names a dotenv file.
 */
const NAMING_FIELDS: Readonly<Record<string, ReferenceKind>> = {
  bearer_token_env_var: 'env',
  env_vars: 'env',
  env_http_headers: 'env',
  envFile: 'file',
};

/** An auth scheme before a reference is structure, not a literal credential. */
const SCHEME = /^\s*(?:Bearer|Basic|Token|token|Bot)\s+/;

/** One reference in a value: what it refers to, and what it names (a variable, an input's id, a file's path). */
export interface ValueReference {
  /** `mixed` for a reference that is partly a literal (`${VAR:-default}`), or one the client may leave as written (VS Code's `${VAR}`). */
  readonly kind: Exclude<ValueKind, 'literal'>;
  readonly name: string;
}

/**
 * The references in `text` as `client` reads them, in the order they appear, and what is left
 * when they are taken out. Each match gives way to NULs of its own length, so a later form never
 * matches inside an earlier one and every offset stays that of the original text.
 */
function scan(client: AgentClient, text: string): { references: ValueReference[]; rest: string } {
  const found: { at: number; reference: ValueReference }[] = [];
  let rest = text;
  if (text.length <= 100_000) {
    for (const form of FORMS[client]) {
      rest = rest.replace(form.pattern, (...groups) => {
        // The match and its groups, without the offset and the whole string replace appends.
        const match = groups.slice(0, -2) as unknown as RegExpExecArray;
        const kind = form.kind(match);
        if (kind === 'literal') return match[0];
        const name = match.slice(1).find((group) => group !== undefined) ?? match[0];
        found.push({ at: groups.at(-2) as number, reference: { kind, name } });
        return '\u0000'.repeat(match[0].length);
      });
    }
  }
  return { references: found.sort((a, b) => a.at - b.at).map(({ reference }) => reference), rest };
}

/** The references `client` substitutes in `text`, in order: `${env:A}/${input:b}` in VS Code is `A` (env), then `b` (input). */
export function valueReferences(client: AgentClient, text: string): ValueReference[] {
  return scan(client, text).references;
}

/**
 * How `client` reads `text`. `field` is the key the value sits under, for the fields whose value
 * is a name (`bearer_token_env_var`, `envFile`): their kind does not depend on their characters.
 */
export function valueKind(client: AgentClient, text: string, field?: string): ValueKind {
  const named = field === undefined ? undefined : NAMING_FIELDS[field];
  if (named) return named;
  const { references, rest } = scan(client, text);
  const kinds = new Set<ValueKind>(references.map((reference) => reference.kind));
  if (kinds.size === 0) return 'literal';
  if (kinds.has('mixed') || kinds.size > 1) return 'mixed';
  const [only] = kinds;
  const literalPart = rest.replace(SCHEME, '').replaceAll('\u0000', '').trim();
  return literalPart === '' ? only! : 'mixed';
}
