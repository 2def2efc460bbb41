import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAPTERS, adapterFor } from '../src/engine/adapters.js';
import { displayHomePath, userConfigLocations, type UserHome } from '../src/engine/home.js';
import { RuleRunner } from '../src/engine/rule-runner.js';
import { formatText, scan, toSarif, type ScanOptions } from '../src/index.js';
import { toJsonReport } from '../src/output/json.js';
import { formatKeyPath, isScalar, type Node } from '../src/model/document.js';
import { git, githubToken, leaks, makeTempDir, removeTempDirs } from './support/fixtures.js';

/**
 * `--include-home`: the user-level paths of each layout, the adapters that read them, and the
 * engine reading a temp home (never the real one) as it reads a repository.
 */

afterAll(removeTempDirs);

const TOKEN = githubToken('nhiscanHOME4Qx8Lm2Wz7Rt3Kc9Vb5');

/** Every location as `adapter display`, for a home at `dir` with the given layout and environment. */
function listing(platform: NodeJS.Platform, dir: string, env: Record<string, string> = {}): string[] {
  const home: UserHome = { dir, platform, env };
  return userConfigLocations(home).map((location) => `${location.adapter} ${displayHomePath(home, location.absolute)}${location.folder ? '/*.json' : ''}`);
}

describe('the user-level paths of each layout', () => {
  it('Linux, no overrides', () => {
    expect(listing('linux', '/home/me')).toEqual([
      'claude-code-user ~/.claude.json',
      'claude-code-settings ~/.claude/settings.json',
      'claude-desktop-config ~/.config/Claude/claude_desktop_config.json',
      'cursor-mcp ~/.cursor/mcp.json',
      'cursor-settings ~/.cursor/permissions.json',
      'cursor-settings ~/.cursor/cli-config.json',
      'vscode-user-mcp ~/.config/Code/User/mcp.json',
      'vscode-user-settings ~/.config/Code/User/settings.json',
      'cline-mcp ~/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      'roo-global-mcp ~/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
      'vscode-user-mcp ~/.config/Code - Insiders/User/mcp.json',
      'vscode-user-settings ~/.config/Code - Insiders/User/settings.json',
      'cline-mcp ~/.config/Code - Insiders/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      'roo-global-mcp ~/.config/Code - Insiders/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
      'cline-mcp ~/.cline/data/settings/cline_mcp_settings.json',
      'windsurf-mcp ~/.codeium/windsurf/mcp_config.json',
      'codex-config ~/.codex/config.toml',
      'gemini-settings ~/.gemini/settings.json',
      'amazonq-mcp ~/.aws/amazonq/mcp.json',
      'amazonq-agent ~/.aws/amazonq/cli-agents/*.json',
      'amazonq-agent ~/.aws/amazonq/agents/*.json',
      'kiro-mcp ~/.kiro/settings/mcp.json',
      'opencode-config ~/.config/opencode/opencode.json',
      'opencode-config ~/.config/opencode/opencode.jsonc',
      'zed-settings ~/.config/zed/settings.json',
      'continue-config ~/.continue/config.yaml',
      'goose-config ~/.config/goose/config.yaml',
      'aider-config ~/.aider.conf.yml',
    ]);
  });

  it('Linux honours XDG_CONFIG_HOME, CODEX_HOME and CLAUDE_CONFIG_DIR', () => {
    const paths = listing('linux', '/home/me', { XDG_CONFIG_HOME: '/xdg', CODEX_HOME: '/opt/codex', CLAUDE_CONFIG_DIR: '/home/me/claude' });
    expect(paths).toEqual(
      expect.arrayContaining([
        'claude-code-user ~/claude/.claude.json',
        'claude-code-user ~/.claude.json',
        'claude-code-settings ~/claude/settings.json',
        'claude-desktop-config /xdg/Claude/claude_desktop_config.json',
        'cursor-settings /xdg/cursor/cli-config.json',
        'vscode-user-mcp /xdg/Code/User/mcp.json',
        'codex-config /opt/codex/config.toml',
        'opencode-config /xdg/opencode/opencode.json',
        'zed-settings /xdg/zed/settings.json',
        'goose-config /xdg/goose/config.yaml',
      ]),
    );
    expect(paths.filter((line) => line.includes('.codex') || line.includes('~/.config'))).toEqual([]);
  });

  it('a relative override is ignored, as XDG says', () => {
    expect(listing('linux', '/home/me', { XDG_CONFIG_HOME: 'cfg', CODEX_HOME: 'codex' })).toEqual(listing('linux', '/home/me'));
  });

  it('macOS: Application Support for Electron apps, ~/.config for Zed, OpenCode and Goose', () => {
    const paths = listing('darwin', '/Users/me', { XDG_CONFIG_HOME: '/xdg' });
    expect(paths).toEqual(
      expect.arrayContaining([
        'claude-desktop-config ~/Library/Application Support/Claude/claude_desktop_config.json',
        'vscode-user-mcp ~/Library/Application Support/Code/User/mcp.json',
        'vscode-user-settings ~/Library/Application Support/Code - Insiders/User/settings.json',
        'cline-mcp ~/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
        // Zed reads XDG_CONFIG_HOME on Linux only; OpenCode and Goose on macOS too.
        'zed-settings ~/.config/zed/settings.json',
        'opencode-config /xdg/opencode/opencode.json',
        'goose-config /xdg/goose/config.yaml',
        'cursor-settings ~/.cursor/cli-config.json',
      ]),
    );
    expect(paths.some((line) => line.startsWith('cursor-settings /xdg'))).toBe(false);
  });

  it('Windows: %APPDATA%, with its default under the home folder', () => {
    const defaults = listing('win32', 'C:\\Users\\me');
    expect(defaults).toEqual(
      expect.arrayContaining([
        'claude-code-user ~/.claude.json',
        'claude-desktop-config ~/AppData/Roaming/Claude/claude_desktop_config.json',
        'vscode-user-mcp ~/AppData/Roaming/Code/User/mcp.json',
        'roo-global-mcp ~/AppData/Roaming/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
        'zed-settings ~/AppData/Roaming/Zed/settings.json',
        'goose-config ~/AppData/Roaming/Block/goose/config/config.yaml',
        'codex-config ~/.codex/config.toml',
        'opencode-config ~/.config/opencode/opencode.json',
      ]),
    );
    const moved = listing('win32', 'C:\\Users\\me', { APPDATA: 'D:\\Roaming', CODEX_HOME: 'C:\\Users\\me\\codex' });
    expect(moved).toEqual(
      expect.arrayContaining([
        'claude-desktop-config D:/Roaming/Claude/claude_desktop_config.json',
        'vscode-user-settings D:/Roaming/Code/User/settings.json',
        'zed-settings D:/Roaming/Zed/settings.json',
        'goose-config D:/Roaming/Block/goose/config/config.yaml',
        'codex-config ~/codex/config.toml',
      ]),
    );
  });

  it.each(['linux', 'darwin', 'win32'] as const)('on %s, every default path is read by the adapter its name selects', (platform) => {
    const home: UserHome = { dir: platform === 'win32' ? 'C:\\Users\\me' : '/home/me', platform, env: {} };
    for (const location of userConfigLocations(home)) {
      expect(ADAPTERS.some((adapter) => adapter.id === location.adapter), location.adapter).toBe(true);
      const shown = displayHomePath(home, location.folder ? `${location.absolute}${platform === 'win32' ? '\\' : '/'}default.json` : location.absolute);
      expect(adapterFor(shown).id, shown).toBe(location.adapter);
    }
  });
});

/** What the inventory gathers from files: every server, as one line. */
function servers(files: Record<string, string>): string[] {
  const runner = new RuleRunner([], { collectProject: true });
  for (const [file, text] of Object.entries(files)) runner.addFile(file, text);
  const { notifications } = runner.finish();
  expect(notifications).toEqual([]);
  const text = (node: Node | undefined) => (isScalar(node) ? String(node.value) : undefined);
  return runner.projectFacts().mcpServers.map((server) => {
    const parts = [`${server.client} ${server.name} ${server.transport}`];
    if (server.command) parts.push(`cmd=${[text(server.command), ...server.args.map(text)].join(' ')}`);
    if (server.env) parts.push(`env=${server.env.entries.map((entry) => entry.key).join(',')}`);
    if (server.url) parts.push(`url=${text(server.url)}`);
    if (server.headers) parts.push(`headers=${server.headers.entries.map((entry) => entry.key).join(',')}`);
    parts.push(`at=${formatKeyPath(server.node.path)}`);
    return parts.join(' ');
  });
}

describe('the user-level files no project adapter read', () => {
  it('Goose config.yaml: extensions with cmd, envs and uri', () => {
    const config = `GOOSE_MODE: smart_approve
extensions:
  developer:
    bundled: true
    enabled: true
    name: developer
    timeout: 300
    type: builtin
  github:
    type: stdio
    name: github
    enabled: true
    cmd: npx
    args: ["-y", "@modelcontextprotocol/server-github"]
    envs:
      GITHUB_PERSONAL_ACCESS_TOKEN: x
    env_keys: []
    timeout: 300
  remote-tools:
    type: streamable_http
    enabled: true
    uri: "https://example.com/mcp"
    headers: { Authorization: "Bearer x" }
  old:
    type: sse
    uri: "http://localhost:8080/sse"
`;
    expect(servers({ '~/.config/goose/config.yaml': config })).toEqual([
      'goose developer unknown at=extensions.developer',
      'goose github stdio cmd=npx -y @modelcontextprotocol/server-github env=GITHUB_PERSONAL_ACCESS_TOKEN at=extensions.github',
      'goose remote-tools http url=https://example.com/mcp headers=Authorization at=extensions.remote-tools',
      'goose old sse url=http://localhost:8080/sse at=extensions.old',
    ]);
    // Windows' place, and a dotfiles repository's copy, are Goose's too; another config.yaml is not.
    expect(adapterFor('~/AppData/Roaming/Block/goose/config/config.yaml').id).toBe('goose-config');
    expect(adapterFor('dotfiles/.config/goose/config.yaml').id).toBe('goose-config');
    expect(adapterFor('goose/config.yaml').id).toBe('yaml');
  });

  it('Cline and Roo Code global settings, VS Code user mcp.json and settings.json, Zed user settings, Amazon Q global mcp.json', () => {
    const mcp = JSON.stringify({ mcpServers: { gh: { command: 'npx', args: ['-y', 'pkg'], alwaysAllow: ['*'], disabled: false } } });
    expect(
      servers({
        '~/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json': mcp,
        '~/.cline/data/settings/cline_mcp_settings.json': mcp,
        '~/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json': mcp,
        '~/Library/Application Support/Code/User/mcp.json': '{ "servers": { "web": { "type": "http", "url": "https://x.example/mcp" } } }',
        '~/.config/Code - Insiders/User/settings.json': '{ // user settings\n "chat.tools.global.autoApprove": true, "mcp": { "servers": { "old": { "command": "node" } } } }',
        '~/.config/zed/settings.json': '{ "context_servers": { "z": { "command": "zed-mcp" } } }',
        '~/.aws/amazonq/mcp.json': mcp,
        '~/.aws/amazonq/cli-agents/dev.json': mcp,
      }),
    ).toEqual([
      'cline gh stdio cmd=npx -y pkg at=mcpServers.gh',
      'cline gh stdio cmd=npx -y pkg at=mcpServers.gh',
      'roo gh stdio cmd=npx -y pkg at=mcpServers.gh',
      'vscode web http url=https://x.example/mcp at=servers.web',
      'vscode old stdio cmd=node at=mcp.servers.old',
      'zed z stdio cmd=zed-mcp at=context_servers.z',
      'amazonq gh stdio cmd=npx -y pkg at=mcpServers.gh',
      'amazonq gh stdio cmd=npx -y pkg at=mcpServers.gh',
    ]);
  });
});

async function write(root: string, relative: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await fs.writeFile(path.join(root, relative), content);
}

/** A repository with one clean file, in git. */
async function repository(): Promise<string> {
  const root = await makeTempDir('nhiscan-repo-');
  await write(root, 'README.md', '# project\n');
  await git(root, ['init', '-q', '.']);
  await git(root, ['add', '-A']);
  await git(root, ['commit', '-q', '--no-verify', '-m', 'tree']);
  return root;
}

/** A temp home holding a Cursor config with a literal token and a Codex config that never asks. */
async function plantedHome(): Promise<string> {
  const home = await makeTempDir('nhiscan-home-');
  await write(home, '.cursor/mcp.json', `${JSON.stringify({ mcpServers: { github: { command: 'npx', env: { GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN } } } }, null, 2)}\n`);
  await write(home, '.codex/config.toml', 'approval_policy = "never"\n');
  return home;
}

function userHome(dir: string, env: Record<string, string> = {}): UserHome {
  return { dir, platform: process.platform, env };
}

/** A reader that records every path the scan asks for. */
function recordingReader(): { reader: NonNullable<ScanOptions['reader']>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    reader: {
      async read(absolutePath) {
        asked.push(absolutePath);
        if ((await fs.lstat(absolutePath)).isSymbolicLink()) return { kind: 'symlink' };
        return { kind: 'bytes', bytes: await fs.readFile(absolutePath) };
      },
    },
  };
}

const NOW = new Date('2026-12-01T00:00:00Z');
/** The rules these tests look at (others, added later, may find more in the same files). */
const only = ['mcp-inline-secret', 'codex-unsafe-setting', 'committed-credential', 'shared-credential', 'unscanned-agent-config'];

describe('scanning a home directory', () => {
  it('without includeHome, nothing outside the scanned repository is read', async () => {
    const [root, home] = [await repository(), await plantedHome()];
    const { reader, asked } = recordingReader();
    const result = await scan({ paths: [root], cwd: root, reader, now: NOW });
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((file) => !file.startsWith(`${root}${path.sep}`))).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.userFiles).toBeUndefined();
    expect(JSON.stringify(toSarif(result))).not.toContain(home);
  });

  it('with includeHome, the home files are read after the repository and judged by the same rules', async () => {
    const [root, home] = [await repository(), await plantedHome()];
    const { reader, asked } = recordingReader();
    const result = await scan({ paths: [root], cwd: root, reader, now: NOW, only, includeHome: userHome(home) });
    expect(asked.slice(-2)).toEqual([path.join(home, '.cursor', 'mcp.json'), path.join(home, '.codex', 'config.toml')]);
    expect(result.findings.map((finding) => `${finding.path} ${finding.ruleId}`)).toEqual([
      '~/.codex/config.toml codex-unsafe-setting',
      '~/.cursor/mcp.json mcp-inline-secret',
    ]);
    expect(result.userFiles).toEqual(new Map([
      ['~/.cursor/mcp.json', path.join(home, '.cursor', 'mcp.json')],
      ['~/.codex/config.toml', path.join(home, '.codex', 'config.toml')],
    ]));
    expect(result.notifications).toEqual([
      { level: 'note', kind: 'home-files', message: '--include-home: read 2 user-level config files: ~/.cursor/mcp.json, ~/.codex/config.toml' },
    ]);

    const text = formatText(result, result.findings, { color: false, quiet: false, pathPrefix: 'repo/' });
    expect(text).toContain('\n~/.cursor/mcp.json\n');
    expect(text).not.toContain('repo/~');

    const run = toSarif(result).runs[0]!;
    const uris = run.results!.map((result) => result.locations![0]!.physicalLocation!.artifactLocation);
    expect(uris).toEqual([
      { uri: pathToFileURL(path.join(home, '.codex', 'config.toml')).href },
      { uri: pathToFileURL(path.join(home, '.cursor', 'mcp.json')).href },
    ]);
    const json = toJsonReport(result);
    expect(json.findings.map((finding) => finding.path)).toEqual(uris.map((uri) => uri?.uri));
    for (const output of [text, JSON.stringify(run), JSON.stringify(json)]) expect(leaks(output, [TOKEN])).toEqual([]);
  });

  it('an empty home is said to be empty, without a warning', async () => {
    const root = await repository();
    const home = await makeTempDir('nhiscan-home-');
    const result = await scan({ paths: [root], cwd: root, now: NOW, only, includeHome: userHome(home) });
    expect(result.notifications).toEqual([{ level: 'note', kind: 'home-files', message: '--include-home: no user-level agent or IDE config file found' }]);
    expect(result.userFiles).toEqual(new Map());
  });

  it('a symbolic link in the home, to a file or on the way to one, is not followed', async () => {
    const root = await repository();
    const home = await makeTempDir('nhiscan-home-');
    const elsewhere = await plantedHome();
    await fs.symlink(path.join(elsewhere, '.cursor'), path.join(home, '.cursor'));
    await fs.mkdir(path.join(home, '.codex'));
    await fs.symlink(path.join(elsewhere, '.codex', 'config.toml'), path.join(home, '.codex', 'config.toml'));
    const { reader, asked } = recordingReader();
    const result = await scan({ paths: [root], cwd: root, reader, now: NOW, only, includeHome: userHome(home) });
    expect(result.findings).toEqual([]);
    expect(asked.filter((file) => file.startsWith(elsewhere) || file.startsWith(path.join(home, '.cursor')))).toEqual([]);
    expect(result.skipped.symlink).toBe(2);
    expect(result.notifications.map((note) => note.message)).toContain('2 symbolic links not followed: ~/.codex/config.toml, ~/.cursor');
  });

  it('an unreadable home config is a warning and, as a client config, an unscanned-agent-config finding', async () => {
    const root = await repository();
    const home = await plantedHome();
    const reader: NonNullable<ScanOptions['reader']> = {
      async read(absolutePath) {
        if (absolutePath.endsWith(path.join('.codex', 'config.toml'))) throw Object.assign(new Error('denied'), { code: 'EACCES' });
        return { kind: 'bytes', bytes: await fs.readFile(absolutePath) };
      },
    };
    const result = await scan({ paths: [root], cwd: root, reader, now: NOW, only, includeHome: userHome(home) });
    expect(result.notifications).toContainEqual({ level: 'warning', kind: 'unreadable', message: 'could not read file (EACCES)', path: '~/.codex/config.toml' });
    expect(result.findings.map((finding) => `${finding.path} ${finding.ruleId}`)).toContain('~/.codex/config.toml unscanned-agent-config');
  });

  it('inline suppressions work in home files, and .nhiscan.yml suppressions match their ~/ paths', async () => {
    const root = await repository();
    const home = await plantedHome();
    await write(home, '.codex/config.toml', '# nhiscan-ignore codex-unsafe-setting: my own machine, sandboxed VM\napproval_policy = "never"\n');
    await write(
      root,
      '.nhiscan.yml',
      'suppressions:\n  - rule: mcp-inline-secret\n    path: "~/.cursor/**"\n    reason: personal token, rotated monthly\n',
    );
    const result = await scan({ paths: [root], cwd: root, now: NOW, only, includeHome: userHome(home) });
    expect(result.findings.map((finding) => `${finding.path} ${finding.ruleId} ${finding.suppression?.kind ?? 'open'}`)).toEqual([
      '~/.codex/config.toml codex-unsafe-setting inline',
      '~/.cursor/mcp.json mcp-inline-secret config',
    ]);
  });

  it('a file moved by an environment variable is read by its client adapter and shown by its absolute path', async () => {
    const root = await repository();
    const home = await makeTempDir('nhiscan-home-');
    const codexHome = await makeTempDir('nhiscan-codex-');
    await write(codexHome, 'config.toml', 'sandbox_mode = "danger-full-access"\n');
    // A path-pattern suppression is matched against ~/ paths only: an absolute one is compared whole.
    await write(root, '.nhiscan.yml', 'suppressions:\n  - rule: codex-unsafe-setting\n    path: "**/config.toml"\n    reason: not this one\n');
    const result = await scan({ paths: [root], cwd: root, now: NOW, only, includeHome: userHome(home, { CODEX_HOME: codexHome }) });
    expect(result.findings.map((finding) => finding.suppression)).toEqual([undefined]);
    const shown = path.join(codexHome, 'config.toml').split(path.sep).join('/');
    expect(result.findings.map((finding) => `${finding.path} ${finding.ruleId}`)).toEqual([`${shown} codex-unsafe-setting`]);
    expect(toSarif(result).runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation).toEqual({
      uri: pathToFileURL(path.join(codexHome, 'config.toml')).href,
    });
  });

  it('reads Amazon Q agent folders, and leaves a home file inside the scanned folder to the repository scan', async () => {
    const home = await makeTempDir('nhiscan-home-');
    const agent = (token: string) => JSON.stringify({ mcpServers: { gh: { command: 'npx', env: { GITHUB_PERSONAL_ACCESS_TOKEN: token } } } });
    const other = githubToken('nhiscanHOME7Wq2Zt5Lm8Rk3Xv6Nb1');
    await write(home, '.aws/amazonq/cli-agents/dev.json', agent(TOKEN));
    await write(home, '.aws/amazonq/cli-agents/notes.txt', 'see the agent\n');
    await write(home, '.cursor/mcp.json', agent(other));
    const outside = await repository();
    const fromOutside = await scan({ paths: [outside], cwd: outside, now: NOW, only, includeHome: userHome(home) });
    expect(fromOutside.findings.map((finding) => `${finding.path} ${finding.ruleId}`)).toEqual([
      '~/.aws/amazonq/cli-agents/dev.json mcp-inline-secret',
      '~/.cursor/mcp.json mcp-inline-secret',
    ]);
    // Scanning the home folder itself: each file once, under its repository path.
    const fromHome = await scan({ paths: [home], cwd: home, now: NOW, only, includeHome: userHome(home) });
    expect(fromHome.findings.map((finding) => `${finding.path} ${finding.ruleId}`)).toEqual([
      '.aws/amazonq/cli-agents/dev.json mcp-inline-secret',
      '.cursor/mcp.json mcp-inline-secret',
    ]);
  });
});
