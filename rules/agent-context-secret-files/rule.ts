import { describeSecret, displayName } from '../../src/credentials/mask.js';
import { isDocumentation } from '../../src/credentials/places.js';
import { gitignoreMatcher, type PathMatcher } from '../../src/model/agent-ignore.js';
import { defineRule, get, isSeq, stringValue, type FoundCredential, type Lifetime, type SourceFile, type StructuredDocument } from '../../src/rule.js';

/**
 * An agent that works in a repository reads its files: Claude Code, Codex and Gemini CLI read any
 * workspace file without asking, and Cursor's agent any file outside its ignore lists. A committed
 * (or unignored) env file, private key or cloud credentials file is then one read away from the
 * model's context, a transcript and whatever a steered agent sends on. The rule reports such a
 * file where a client that reads the workspace is configured in the repository and nothing the
 * client honours keeps the file out: a Claude Code `Read(…)` deny rule, `.cursorignore`,
 * `.geminiignore`, or a `.gitignore` that Cursor and Gemini CLI follow.
 */

/** The clients the rule knows to read the workspace, and how each can be kept from a file. */
type Reader = 'claude-code' | 'cursor' | 'gemini-cli' | 'codex';
const READERS: readonly Reader[] = ['claude-code', 'cursor', 'gemini-cli', 'codex'];

const READER_NAMES: Readonly<Record<Reader, string>> = {
  'claude-code': 'Claude Code',
  cursor: 'Cursor',
  'gemini-cli': 'Gemini CLI',
  codex: 'Codex',
};

/**
 * What Cursor keeps out of its agent's reach unless the user changes it: its default global
 * ignore list (cursor.com/docs/context/ignore-files, "Global ignore files").
 */
const CURSOR_DEFAULTS: PathMatcher = gitignoreMatcher(['**/.env', '**/.env.*', '**/credentials.json', '**/secrets.json', '**/*.key', '**/*.pem', '**/id_rsa']);

/** Which clients honour an ignore file, by its name. */
const IGNORE_FILES: Readonly<Record<string, readonly Reader[]>> = {
  '.cursorignore': ['cursor'],
  '.geminiignore': ['gemini-cli'],
  // Cursor's agent and Gemini CLI's file tools both skip what git ignores. Their matchers read the
  // patterns, not git's index, so a file tracked in spite of a pattern is taken as kept out too.
  '.gitignore': ['cursor', 'gemini-cli'],
};

/** A set of gitignore patterns and the folder they are relative to (`''` for the root). */
interface Exclusion {
  readonly dir: string;
  readonly matcher: PathMatcher;
  /** Everything under `dir` (a bare `Read` deny rule, `Read(**)`). */
  readonly all?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Credential files

/** Templates an env file is named for: their values are placeholders by intent. */
const SAMPLE = /(?:^|[._-])(?:example|examples|sample|samples|template|templates|tmpl|tpl|dist|default|defaults|schema|stub|placeholder)(?:[._-]|$)/i;

/**
 * Test data and examples by their folder or name (`test/`, `__fixtures__/`, `examples/`,
 * `test_files/`, `.env.test`, `e2e/`): a fixture's fake key in an agent's reach is no exposure.
 */
const TEST_DATA = /(?:^|[._-])(?:tests?|testing|testdata|specs?|fixtures?|mocks?|e2e|examples?|samples?|dummy|fake)(?:[._-]|$)/i;

/** What a credential file is, by its path and what the catalogue found in it; undefined for any other file. */
function credentialFile(file: SourceFile, typeId: string): string | undefined {
  const path = file.path;
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (file.kind === 'dotenv') return SAMPLE.test(name.replace(/^\.env/, '')) ? undefined : 'an env file';
  if (typeId === 'private-key' && (/^id_(?:rsa|dsa|ecdsa|ed25519)$/.test(name) || /\.(?:pem|key|p8|ppk)$/.test(name))) return 'a private key file';
  if (typeId === 'gcp-service-account-key' && name.endsWith('.json')) return 'a service account key file';
  if (/(?:^|\/)\.aws\/credentials$/i.test(path)) return 'an AWS credentials file';
  if (/^(?:\.npmrc|\.pypirc|\.netrc|_netrc|\.git-credentials)$/.test(name) || /(?:^|\/)\.docker\/config\.json$|(?:^|\/)\.kube\/config$/i.test(path)) return 'a credentials file';
  return undefined;
}

interface Candidate {
  readonly file: SourceFile;
  readonly what: string;
  readonly name: string;
  readonly secret: string;
  readonly start: number;
  readonly end: number;
  readonly typeId: string;
  readonly lifetime: Lifetime;
}

// ---------------------------------------------------------------------------------------------
// Claude Code deny rules

/**
 * The gitignore pattern a `Read` deny rule covers, relative to the folder the settings belong to;
 * `'all'` for every file. Claude Code reads `//path` as absolute and `~/path` from the home
 * folder, neither of which names a file of the repository; `/path` is relative to the project and
 * `path` or `./path` to the folder Claude starts in, read here as the project too
 * (code.claude.com/docs/en/permissions, "Read & Edit"). A pattern without a slash is given every
 * depth, as gitignore does: when unsure, the rule assumes the file is kept out.
 */
function readDenyPattern(rule: string): string | 'all' | undefined {
  const trimmed = rule.trim();
  if (trimmed === 'Read' || trimmed === 'Read(*)' || trimmed === 'Read(**)' || trimmed === 'Read(./**)' || trimmed === 'Read(/**)') return 'all';
  const match = /^Read\((.{1,1000})\)$/.exec(trimmed);
  if (!match) return undefined;
  const pattern = match[1]!.trim();
  if (pattern.startsWith('//') || pattern.startsWith('~')) return undefined;
  return pattern.replace(/^\.\//, '');
}

/** The folder a file in `.claude/` or another settings folder speaks for: the project that holds it. */
function projectOf(path: string, marker: string): string {
  const at = path.lastIndexOf(`${marker}/`);
  return at <= 0 ? '' : path.slice(0, at - 1);
}

/** `path` relative to `dir`, or undefined when it is not inside it. */
function within(path: string, dir: string): string | undefined {
  if (dir === '') return path;
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
}

function excludedBy(exclusions: readonly Exclusion[], path: string): boolean {
  return exclusions.some((exclusion) => {
    const relative = within(path, exclusion.dir);
    if (relative === undefined) return false;
    return exclusion.all === true || exclusion.matcher(relative);
  });
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

export default defineRule({
  meta: {
    id: 'agent-context-secret-files',
    title: 'a credential file sits where the repository\'s agents read it',
    description:
      'The repository configures an AI agent that reads workspace files without asking (Claude Code, Codex, Gemini CLI, or Cursor outside its default ignore list) and also holds an env file, private key or cloud credentials file with a live credential that nothing keeps from that agent: no Claude Code `Read(…)` deny rule, `.cursorignore`, `.geminiignore` or `.gitignore` entry. One read puts the secret in the model\'s context, the session transcript and the reach of anything that steers the agent; Gemini CLI also loads a `.env` into its environment.',
    remediation:
      'Take the secret out of the workspace: rotate it, keep it in a secret manager or an untracked file, and commit only a template such as `.env.example`. Where the file must stay, exclude it for every agent configured here: `Read(./.env)` in `permissions.deny` of `.claude/settings.json`, the path in `.cursorignore` and `.geminiignore`. Codex honours no ignore file, and Gemini CLI loads `.env` whatever its ignore file says.',
    category: 'secret-exposure',
    severity: 'medium',
    confidence: 'medium',
    kinds: ['mcp-config', 'claude-settings', 'codex-config', 'agent-settings', 'agent-ignore'],
    clients: ['claude-code', 'cursor', 'gemini-cli', 'codex'],
    messages: {
      exposed: '{what} with a secret in it ({credential}, {secret}) is within reach of {readers}, and nothing in the repository keeps it out; {fix}',
      loaded: "{what} with a secret in it ({credential}, {secret}) is loaded into Gemini CLI's environment{where}, whatever .geminiignore says{also}; {fix}",
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI2' },
      { framework: 'csa-maestro', id: 'L3' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '522' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-05' },
    ],
  },
  create: (context) => {
    /** The clients configured in the repository. */
    const configured = new Set<Reader>();
    const exclusions: Record<Reader, Exclusion[]> = { 'claude-code': [], cursor: [], 'gemini-cli': [], codex: [] };
    const candidates = new Map<string, Candidate>();

    return {
      document(doc: StructuredDocument) {
        const { file } = doc;
        if (file.kind === 'agent-ignore') {
          const name = file.path.slice(file.path.lastIndexOf('/') + 1).toLowerCase();
          const readers = IGNORE_FILES[name];
          if (!readers) return;
          const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
          const matcher = gitignoreMatcher(file.text);
          for (const reader of readers) exclusions[reader].push({ dir, matcher });
          return;
        }
        const client = file.client as string | undefined;
        if (client === undefined || !(READERS as readonly string[]).includes(client)) return;
        configured.add(client as Reader);
        if (file.kind !== 'claude-settings') return;
        const deny = get(get(doc.roots[0], 'permissions'), 'deny');
        if (!isSeq(deny)) return;
        const dir = projectOf(file.path, '.claude');
        const patterns: string[] = [];
        for (const item of deny.items) {
          const pattern = readDenyPattern(stringValue(item) ?? '');
          if (pattern === 'all') exclusions['claude-code'].push({ dir, matcher: () => true, all: true });
          else if (pattern !== undefined) patterns.push(pattern);
        }
        if (patterns.length > 0) exclusions['claude-code'].push({ dir, matcher: gitignoreMatcher(patterns) });
      },

      credential({ file, hit }: FoundCredential) {
        if (file.piece?.binary || candidates.has(file.path) || hit.lifetime.class === 'short') return;
        if (isDocumentation(file.path) || file.path.split('/').some((segment) => TEST_DATA.test(segment))) return;
        const what = credentialFile(file, hit.type.id);
        if (!what) return;
        candidates.set(file.path, { file, what, name: hit.name, secret: hit.secret, start: hit.start, end: hit.end, typeId: hit.type.id, lifetime: hit.lifetime });
      },

      project() {
        if (configured.size === 0) return;
        for (const candidate of candidates.values()) {
          const path = candidate.file.path;
          const name = path.slice(path.lastIndexOf('/') + 1);
          const reading: string[] = [];
          const fixes: string[] = [];
          let loaded = false;
          let codex = false;
          for (const reader of READERS) {
            if (!configured.has(reader)) continue;
            if (reader === 'cursor' && CURSOR_DEFAULTS(path)) continue;
            // Gemini CLI loads the first `.env` it finds from its working folder up into its own
            // environment, which its shell commands inherit, whatever .geminiignore says.
            if (reader === 'gemini-cli' && name === '.env' && candidate.file.kind === 'dotenv') {
              loaded = true;
              continue;
            }
            if (excludedBy(exclusions[reader], path)) continue;
            reading.push(READER_NAMES[reader]);
            if (reader === 'claude-code') fixes.push(`Read(./${displayName(path)}) in permissions.deny of .claude/settings.json`);
            else if (reader === 'cursor') fixes.push(`${displayName(path)} in .cursorignore`);
            else if (reader === 'gemini-cli') fixes.push(`${displayName(path)} in .geminiignore`);
            else codex = true;
          }
          if (reading.length === 0 && !loaded) continue;
          const cannot = [...(codex ? ['Codex honours no ignore file'] : [])];
          const fix =
            fixes.length === 0
              ? `take the secret out of the workspace${cannot.length > 0 ? ` (${list(cannot)})` : ''}`
              : `take the secret out of the workspace, or exclude the file: ${list(fixes)}${cannot.length > 0 ? ` (${list(cannot)})` : ''}`;
          const data = { what: candidate.what, credential: candidate.name, secret: describeSecret(candidate.secret), fix };
          context.report({
            span: { start: candidate.start, end: candidate.end },
            file: candidate.file,
            anchor: `secret-file.${candidate.typeId}`,
            ...(loaded
              ? {
                  messageId: 'loaded' as const,
                  data: {
                    ...data,
                    where: path.includes('/') ? ` when it runs in ${displayName(path.slice(0, path.lastIndexOf('/')))}/` : '',
                    also: reading.length > 0 ? `, and is within reach of ${list(reading)} with nothing in the repository keeping it out` : '',
                  },
                }
              : { messageId: 'exposed' as const, data: { ...data, readers: list(reading) } }),
            secret: candidate.secret,
            lifetime: candidate.lifetime,
          });
        }
      },
    };
  },
});
