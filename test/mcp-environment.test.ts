import { describe, expect, it } from 'vitest';
import { envFileOf, flagSetting, headerSetting, serverEnvironment, serverUrl, switchedOn, variablesRead, type Setting } from '../src/agents/mcp-environment.js';
import { serverLaunch } from '../src/agents/mcp-launch.js';
import { prepareParsers } from '../src/engine/documents.js';
import { RuleRunner } from '../src/engine/rule-runner.js';
import type { AgentClient } from '../src/model/file-kind.js';
import type { McpServer } from '../src/model/mcp.js';
import { valueReferences } from '../src/model/value-kind.js';

/** The one server of a client file. */
async function serverIn(path: string, text: string): Promise<McpServer> {
  const runner = new RuleRunner([], { collectProject: true });
  await prepareParsers(runner.kindsToParse);
  runner.addFile(path, text);
  runner.finish();
  const [only] = runner.projectFacts().mcpServers;
  return only!;
}

/** The one server of a `.mcp.json` holding `entry`. */
const server = (entry: Record<string, unknown>) => serverIn('.mcp.json', JSON.stringify({ mcpServers: { s: entry } }));

/** A setting as one line: its value (or `?` when the file gives none) and the text of the node that sets it. */
function describe_(setting: Setting | undefined, file: McpServer['file']): string | undefined {
  if (!setting) return undefined;
  return `${setting.value ?? '?'} @ ${file.text.slice(setting.node.span.start, setting.node.span.end)}`;
}

async function environmentOf(entry: Record<string, unknown> | McpServer): Promise<string[]> {
  const found = 'file' in entry ? (entry as McpServer) : await server(entry);
  return serverEnvironment(found, serverLaunch(found)).map((variable) => `${variable.name}=${describe_(variable, found.file)}`);
}

describe('serverEnvironment', () => {
  it.each([
    [
      'the env map: text, numbers and booleans; null and lists are no value',
      { command: 'npx', args: ['-y', 'pkg'], env: { A: 'one', B: 2, C: true, D: null, E: ['x'] } },
      ['A=one @ "one"', 'B=2 @ 2', 'C=true @ true'],
    ],
    [
      'a container gets only what -e passes: NAME=value, NAME from the entry, NAME from the client',
      { command: 'docker', args: ['run', '-i', '--rm', '-e', 'A=1', '--env', 'B', '-e', 'C', '--env=D=4', 'img:1'], env: { B: 'two', NOT_PASSED: 'x' } },
      ['A=1 @ "A=1"', 'B=two @ "two"', 'C=? @ "C"', 'D=4 @ "--env=D=4"'],
    ],
    [
      'a Windows launch: cmd /c in front of docker',
      { command: 'cmd', args: ['/c', 'docker', 'run', '-i', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', '-e', 'GITHUB_READ_ONLY=1', 'ghcr.io/github/github-mcp-server:v1'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${GITHUB_PAT}' } },
      ['GITHUB_PERSONAL_ACCESS_TOKEN=${GITHUB_PAT} @ "${GITHUB_PAT}"', 'GITHUB_READ_ONLY=1 @ "GITHUB_READ_ONLY=1"'],
    ],
    [
      'a Windows launch: cmd /c with the whole line in one word',
      { command: 'cmd', args: ['/c', 'docker run -i -e TOKEN -e MODE=ro img:1'] },
      ['TOKEN=? @ "docker run -i -e TOKEN -e MODE=ro img:1"', 'MODE=ro @ "docker run -i -e TOKEN -e MODE=ro img:1"'],
    ],
    ['a remote server gets nothing', { type: 'http', url: 'https://mcp.example.com/mcp' }, []],
  ])('%s', async (_name, entry, expected) => {
    expect(await environmentOf(entry)).toEqual(expected);
  });

  it("reads OpenCode's environment map and Codex's env_vars", async () => {
    const opencode = await serverIn('opencode.json', JSON.stringify({ mcp: { s: { type: 'local', command: ['npx', '-y', 'pkg'], environment: { TOKEN: '{env:GH}' } } } }));
    expect(await environmentOf(opencode)).toEqual(['TOKEN={env:GH} @ "{env:GH}"']);
    const codex = await serverIn('.codex/config.toml', '[mcp_servers.s]\ncommand = "npx"\nargs = ["-y", "pkg"]\nenv = { A = "1" }\nenv_vars = ["A", "GITHUB_TOKEN"]\n');
    expect(await environmentOf(codex)).toEqual(['A=1 @ "1"', 'GITHUB_TOKEN=? @ "GITHUB_TOKEN"']);
    // In a container, `-e NAME` passes on what `env_vars` forwarded.
    const container = await serverIn('.codex/config.toml', '[mcp_servers.s]\ncommand = "docker"\nargs = ["run", "-e", "GITHUB_TOKEN", "img:1"]\nenv_vars = ["GITHUB_TOKEN"]\n');
    expect(await environmentOf(container)).toEqual(['GITHUB_TOKEN=? @ "GITHUB_TOKEN"']);
    const [variable] = serverEnvironment(container, serverLaunch(container));
    expect(container.file.text.slice(0, variable!.node.span.start)).toMatch(/env_vars = \[$/);
  });

  it('finds the env file a launch reads', async () => {
    const docker = await server({ command: 'docker', args: ['run', '--env-file', 'a.env', '--env-file=b.env', 'img:1'] });
    expect(envFileOf(serverLaunch(docker)!)?.text).toBe('b.env');
    const own = await server({ command: 'mcp-atlassian', args: ['--env-file', '.env'] });
    expect(envFileOf(serverLaunch(own)!)?.text).toBe('.env');
    expect(envFileOf(serverLaunch(await server({ command: 'npx', args: ['-y', 'pkg'] }))!)).toBeUndefined();
  });
});

describe('variablesRead', () => {
  it.each<[AgentClient, string, string[]]>([
    // Claude Code: ${VAR} and ${VAR:-default}; a bare $VAR and another client's form are text
    ['claude-code', '${GITHUB_TOKEN}', ['GITHUB_TOKEN']],
    ['claude-code', 'Bearer ${A:-x} $B ${env:C}', ['A']],
    ['claude-code', '$GITHUB_TOKEN', []],
    // Cursor: ${env:NAME}; its built-ins read no variable
    ['cursor', '${env:GITHUB_TOKEN}', ['GITHUB_TOKEN']],
    ['cursor', '${userHome}/${env:SUBDIR}', ['SUBDIR']],
    // VS Code: ${env:NAME}; an input is a prompt, not a variable; an unknown ${NAME} still names one
    ['vscode', '${input:token} ${env:A}', ['A']],
    ['vscode', '${input:token}', []],
    ['vscode', '${GITHUB_TOKEN:-}', ['GITHUB_TOKEN']],
    ['vscode', '${workspaceFolder}/.env', []],
    // OpenCode: {env:NAME}; {file:path} is a file
    ['opencode', 'Bearer {env:GITHUB_TOKEN}', ['GITHUB_TOKEN']],
    ['opencode', '{file:~/.token}', []],
    ['opencode', '${GITHUB_TOKEN}', []],
    // Codex substitutes nothing: it names variables in keys instead
    ['codex', '${GITHUB_TOKEN}', []],
    ['codex', '$GITHUB_TOKEN', []],
    // Copilot's agents: only COPILOT_MCP_* names
    ['copilot', '$COPILOT_MCP_TOKEN', ['COPILOT_MCP_TOKEN']],
    ['copilot', '${COPILOT_MCP_A}/$GITHUB_TOKEN', ['COPILOT_MCP_A']],
    ['copilot', '${GITHUB_TOKEN}', []],
    // Gemini CLI: $NAME and ${NAME}, in order
    ['gemini-cli', '${B} then $A', ['B', 'A']],
    // Continue: ${{ secrets.NAME }}; an input is a prompt
    ['continue', '${{ secrets.GITHUB_TOKEN }}', ['GITHUB_TOKEN']],
    ['continue', '${{ inputs.token }}', []],
    // Roo Code: ${env:NAME}, whatever characters the name holds
    ['roo', '${env:MY-PAT}', ['MY-PAT']],
  ])('%s %s', (client, text, expected) => {
    expect(variablesRead(client, text)).toEqual(expected);
  });

  it('names inputs and files too, in the order they appear', () => {
    expect(valueReferences('vscode', '${input:b} ${env:A}')).toEqual([
      { kind: 'input', name: 'b' },
      { kind: 'env', name: 'A' },
    ]);
    expect(valueReferences('opencode', '{file:~/.token}')).toEqual([{ kind: 'file', name: '~/.token' }]);
    expect(valueReferences('continue', '${{ inputs.token }}')).toEqual([{ kind: 'input', name: 'token' }]);
  });
});

describe('switchedOn', () => {
  it.each<[string | undefined, boolean, boolean]>([
    // A value the file does not show (a bare flag, a variable from the client, an env file) is on
    [undefined, false, true],
    ['1', false, true],
    ['true', false, true],
    [' YES ', false, true],
    ['on', false, true],
    ['t', false, true],
    ['false', false, false],
    ['0', false, false],
    ['', false, false],
    ['maybe', false, false],
    // A reference in any client's or shell's syntax is decided elsewhere
    ['${READ_ONLY}', false, true],
    ['{env:READ_ONLY}', false, true],
    ['$READ_ONLY', false, true],
    ['%READ_ONLY%', false, true],
    // A server that reads only the string `true`
    ['true', true, true],
    ['True', true, false],
    ['1', true, false],
    ['${READ_ONLY}', true, true],
  ])('%j (exactly: %s)', (value, exactly, expected) => {
    const node = { type: 'scalar', value: value ?? null, path: [], span: { start: 0, end: 0 } } as const;
    expect(switchedOn(value === undefined ? { node } : { value, node }, exactly)).toBe(expected);
  });

  it('is off when nothing sets it', () => {
    expect(switchedOn(undefined)).toBe(false);
  });
});

describe('flags, headers and URLs', () => {
  it.each<[string[], string[], boolean, string | undefined]>([
    [['stdio', '--read-only'], ['--read-only'], false, '? @ "--read-only"'],
    [['--read-only=false', '--read-only'], ['--read-only', '--read_only'], false, 'false @ "--read-only=false"'],
    [['--toolsets', 'repos,issues'], ['--toolsets'], true, 'repos,issues @ "repos,issues"'],
    [['--toolsets=all'], ['--toolsets'], true, 'all @ "--toolsets=all"'],
    [['--toolsets'], ['--toolsets'], true, undefined],
    [['stdio'], ['--read-only'], false, undefined],
  ])('%j %j', async (args, names, takesValue, expected) => {
    const found = await server({ command: 'github-mcp-server', args });
    expect(describe_(flagSetting(serverLaunch(found)!.args, names, takesValue), found.file)).toBe(expected);
  });

  it('reads a header whatever its case, the last of a name', async () => {
    const remote = await serverIn('.vscode/mcp.json', '{"servers": {"s": {"type": "http", "url": "https://api.githubcopilot.com/mcp/", "headers": {"X-MCP-Readonly": "false", "x-mcp-readonly": "true"}}}}');
    expect(describe_(headerSetting(remote, 'X-MCP-READONLY'), remote.file)).toBe('true @ "true"');
    expect(headerSetting(remote, 'authorization')).toBeUndefined();
  });

  it.each([
    ['https://api.githubcopilot.com/mcp/', 'api.githubcopilot.com'],
    ['not a url', undefined],
    ['', undefined],
  ])('%j', async (url, host) => {
    expect(serverUrl(await server({ type: 'http', url }))?.hostname).toBe(host);
  });
});
