import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The current user's own agent and IDE config files (`--include-home`): where each client keeps
 * its user-level settings on Linux, macOS and Windows. Nothing here reads a file; the engine
 * reads each path that exists as it reads a repository's files (src/io/read.ts), after the
 * repository. Without `--include-home` none of this runs and nothing outside the scan root is read.
 */

/** Whose home to look in: the running user's (`currentUserHome`), or a test's temp folder. */
export interface UserHome {
  /** The home directory (`os.homedir()`). */
  readonly dir: string;
  /** Picks the layout: `win32`, `darwin`, anything else is read as Linux (XDG). */
  readonly platform: NodeJS.Platform;
  /** Read for `XDG_CONFIG_HOME`, `APPDATA`, `CODEX_HOME`, `CLAUDE_CONFIG_DIR`; a relative value is ignored. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function currentUserHome(): UserHome {
  return { dir: os.homedir(), platform: process.platform, env: process.env };
}

export type HomeLayout = 'linux' | 'darwin' | 'win32';

export function layoutOf(platform: NodeJS.Platform): HomeLayout {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux';
}

/** One user-level place a client reads. */
export interface HomeLocation {
  /** Absolute, in the layout's own separators. */
  readonly absolute: string;
  /**
   * The folder the path is trusted from: the home directory, or the folder an environment
   * variable names (`CODEX_HOME`). Every folder between it and the file must be a real one: a
   * symbolic link on the way is not followed, as in a repository.
   */
  readonly base: string;
  /** The adapter (src/engine/adapters.ts) that reads it, whatever its path looks like. */
  readonly adapter: string;
  /** A folder whose `*.json` files are each read (Amazon Q's agent folders). */
  readonly folder?: boolean;
}

/** VS Code's user folders: stable and Insiders. */
const VSCODE_APPS = ['Code', 'Code - Insiders'] as const;

/**
 * Every user-level config path the clients read, for one home and layout, in a fixed order,
 * each once. Sources, per client:
 * - Claude Code: `~/.claude.json` (user and local-scope MCP servers) and `~/.claude/settings.json`
 *   (code.claude.com/docs/en/mcp, "scopes"; /settings); `CLAUDE_CONFIG_DIR` moves `~/.claude`,
 *   and `.claude.json` with it, the old place still read (snyk/agent-scan `agents/claude_code.py`).
 * - Claude Desktop: `~/Library/Application Support/Claude/` and `%APPDATA%\Claude\`
 *   (playwright.dev/mcp/clients/claude-desktop); the unofficial Linux builds use `~/.config/Claude/`.
 * - Cursor: `~/.cursor/mcp.json` (cursor.com/docs/mcp, "Global Configuration"),
 *   `~/.cursor/permissions.json` (cursor.com/docs/reference/permissions), the CLI's
 *   `~/.cursor/cli-config.json`, `$XDG_CONFIG_HOME/cursor/cli-config.json` on Linux when set
 *   (Cursor CLI docs, "Config files").
 * - VS Code: the user folder, `~/.config/Code/User/` (Electron reads `$XDG_CONFIG_HOME` on Linux),
 *   `~/Library/Application Support/Code/User/`, `%APPDATA%\Code\User\`: `mcp.json`, and
 *   `settings.json` for its legacy `mcp` block (snyk/agent-scan `well_known_clients.py`);
 *   Insiders in `Code - Insiders`.
 * - Cline: `globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json` in the VS Code
 *   user folder, and the Cline CLI's `~/.cline/data/settings/cline_mcp_settings.json`
 *   (docs.cline.bot/mcp/configuring-mcp-servers, /cline-cli/configuration).
 * - Roo Code: `globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json`, its global
 *   `mcp_settings.json` (docs.roocode.com/features/mcp/using-mcp-in-roo).
 * - Windsurf `~/.codeium/windsurf/mcp_config.json`, Gemini CLI `~/.gemini/settings.json`, Kiro
 *   `~/.kiro/settings/mcp.json`, Amazon Q `~/.aws/amazonq/mcp.json` and `~/.aws/amazonq/agents/`
 *   (snyk/agent-scan `well_known_clients.py`); Amazon Q CLI agents `~/.aws/amazonq/cli-agents/`
 *   (aws/amazon-q-developer-cli `docs/agent-file-locations.md`).
 * - Codex: `$CODEX_HOME/config.toml`, default `~/.codex` (developers.openai.com/codex/environment-variables).
 * - OpenCode: `~/.config/opencode/opencode.json[c]` on every platform, `$XDG_CONFIG_HOME` honoured
 *   (opencode.ai/docs/config, "Global").
 * - Zed: `~/.config/zed/settings.json` on macOS and Linux (`$XDG_CONFIG_HOME/zed` on Linux only),
 *   `%APPDATA%\Zed\settings.json` on Windows (zed.dev/docs/configuring-zed).
 * - Continue: `~/.continue/config.yaml` (docs.continue.dev/model-setup/configuration).
 * - Goose: `~/.config/goose/config.yaml`, `%APPDATA%\Block\goose\config\config.yaml`
 *   (block.github.io/goose/docs/guides/config-files); its XDG app strategy honours `$XDG_CONFIG_HOME`.
 * - Aider: `~/.aider.conf.yml` (aider.chat/docs/config/aider_conf.html).
 */
export function userConfigLocations(home: UserHome): HomeLocation[] {
  const layout = layoutOf(home.platform);
  const p = layout === 'win32' ? path.win32 : path.posix;
  const dir = p.normalize(home.dir);
  const fromEnv = (name: string): string | undefined => {
    const value = home.env[name];
    return value && p.isAbsolute(value) ? p.normalize(value) : undefined;
  };
  const locations: HomeLocation[] = [];
  const add = (base: string, adapter: string, ...segments: string[]) => locations.push({ absolute: p.join(base, ...segments), base, adapter });
  const addFolder = (base: string, adapter: string, ...segments: string[]) => locations.push({ absolute: p.join(base, ...segments), base, adapter, folder: true });

  const xdg = fromEnv('XDG_CONFIG_HOME');
  const appData = layout === 'win32' ? fromEnv('APPDATA') : undefined;
  /** `%APPDATA%` (default `~\AppData\Roaming`), with the base its folders are checked from. */
  const roaming = (...segments: string[]): [string, ...string[]] => (appData ? [appData, ...segments] : [dir, 'AppData', 'Roaming', ...segments]);
  /** Where Electron apps (VS Code, Claude Desktop) keep user data: Electron's `appData`. */
  const electron = (...segments: string[]): [string, ...string[]] => {
    if (layout === 'win32') return roaming(...segments);
    if (layout === 'darwin') return [dir, 'Library', 'Application Support', ...segments];
    return xdg ? [xdg, ...segments] : [dir, '.config', ...segments];
  };
  const at = (adapter: string, [base, ...segments]: [string, ...string[]]) => add(base, adapter, ...segments);

  // Claude Code
  const claudeDir = fromEnv('CLAUDE_CONFIG_DIR');
  if (claudeDir) add(claudeDir, 'claude-code-user', '.claude.json');
  add(dir, 'claude-code-user', '.claude.json');
  if (claudeDir) add(claudeDir, 'claude-code-settings', 'settings.json');
  else add(dir, 'claude-code-settings', '.claude', 'settings.json');
  // Claude Desktop
  at('claude-desktop-config', electron('Claude', 'claude_desktop_config.json'));
  // Cursor
  add(dir, 'cursor-mcp', '.cursor', 'mcp.json');
  add(dir, 'cursor-settings', '.cursor', 'permissions.json');
  add(dir, 'cursor-settings', '.cursor', 'cli-config.json');
  if (layout === 'linux' && xdg) add(xdg, 'cursor-settings', 'cursor', 'cli-config.json');
  // VS Code, and the extensions that keep their servers in its global storage
  for (const app of VSCODE_APPS) {
    at('vscode-user-mcp', electron(app, 'User', 'mcp.json'));
    at('vscode-user-settings', electron(app, 'User', 'settings.json'));
    at('cline-mcp', electron(app, 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json'));
    at('roo-global-mcp', electron(app, 'User', 'globalStorage', 'rooveterinaryinc.roo-cline', 'settings', 'mcp_settings.json'));
  }
  add(dir, 'cline-mcp', '.cline', 'data', 'settings', 'cline_mcp_settings.json');
  // Windsurf
  add(dir, 'windsurf-mcp', '.codeium', 'windsurf', 'mcp_config.json');
  // Codex
  const codexHome = fromEnv('CODEX_HOME');
  if (codexHome) add(codexHome, 'codex-config', 'config.toml');
  else add(dir, 'codex-config', '.codex', 'config.toml');
  // Gemini CLI
  add(dir, 'gemini-settings', '.gemini', 'settings.json');
  // Amazon Q
  add(dir, 'amazonq-mcp', '.aws', 'amazonq', 'mcp.json');
  addFolder(dir, 'amazonq-agent', '.aws', 'amazonq', 'cli-agents');
  addFolder(dir, 'amazonq-agent', '.aws', 'amazonq', 'agents');
  // Kiro
  add(dir, 'kiro-mcp', '.kiro', 'settings', 'mcp.json');
  // OpenCode
  const opencodeBase = xdg ?? dir;
  const opencodeSegments = xdg ? ['opencode'] : ['.config', 'opencode'];
  add(opencodeBase, 'opencode-config', ...opencodeSegments, 'opencode.json');
  add(opencodeBase, 'opencode-config', ...opencodeSegments, 'opencode.jsonc');
  // Zed
  if (layout === 'win32') at('zed-settings', roaming('Zed', 'settings.json'));
  else if (layout === 'linux' && xdg) add(xdg, 'zed-settings', 'zed', 'settings.json');
  else add(dir, 'zed-settings', '.config', 'zed', 'settings.json');
  // Continue
  add(dir, 'continue-config', '.continue', 'config.yaml');
  // Goose
  if (layout === 'win32') at('goose-config', roaming('Block', 'goose', 'config', 'config.yaml'));
  else if (xdg) add(xdg, 'goose-config', 'goose', 'config.yaml');
  else add(dir, 'goose-config', '.config', 'goose', 'config.yaml');
  // Aider
  add(dir, 'aider-config', '.aider.conf.yml');

  const seen = new Set<string>();
  return locations.filter((location) => {
    const key = layout === 'linux' ? location.absolute : location.absolute.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * How a user-level path is shown: `~/…` under the home directory, else the absolute path, both
 * with forward slashes (`~/.cursor/mcp.json`, `/opt/codex/config.toml`, `C:/Users/me/…`).
 */
export function displayHomePath(home: UserHome, absolute: string): string {
  const p = layoutOf(home.platform) === 'win32' ? path.win32 : path.posix;
  const relative = p.relative(p.normalize(home.dir), absolute);
  const inside = relative !== '' && relative !== '..' && !relative.startsWith(`..${p.sep}`) && !p.isAbsolute(relative);
  return inside ? `~/${relative.split(p.sep).join('/')}` : absolute.split(p.sep).join('/');
}

/** What a user-level path turned out to be before it is opened. */
export type HomeReach =
  /** Every folder on the way is a real one: read the file (which is itself never followed). */
  | { readonly kind: 'reachable' }
  /** Missing, or a folder on the way is missing or not a folder: skipped without a word. */
  | { readonly kind: 'missing' }
  /** A folder on the way is a symbolic link: not followed, counted like a repository's link. */
  | { readonly kind: 'symlink'; readonly folder: string }
  /** A folder on the way could not be looked at (EACCES): a warning, as for a repository folder. */
  | { readonly kind: 'unreadable'; readonly folder: string; readonly code: string };

/**
 * Looks at every folder from the location's base down to the file's own folder (or to the folder
 * itself, for a folder location) with lstat, so a link on the way is never followed: O_NOFOLLOW
 * guards only the last component. Then whether the file is there at all: a missing one is no news.
 * What it is (a link, a FIFO) is left to the read, which looks again.
 */
export async function reach(location: HomeLocation, layout: HomeLayout): Promise<HomeReach> {
  const p = layout === 'win32' ? path.win32 : path.posix;
  const last = location.folder ? location.absolute : p.dirname(location.absolute);
  const relative = p.relative(location.base, last);
  const segments = relative === '' ? [] : relative.split(p.sep);
  let folder = location.base;
  for (const segment of segments) {
    folder = p.join(folder, segment);
    let stat;
    try {
      stat = await fs.lstat(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
      return { kind: 'unreadable', folder, code };
    }
    if (stat.isSymbolicLink()) return { kind: 'symlink', folder };
    if (!stat.isDirectory()) return { kind: 'missing' };
  }
  if (!location.folder) {
    try {
      await fs.lstat(location.absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    }
  }
  return { kind: 'reachable' };
}
