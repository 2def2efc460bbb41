import { describe, expect, it } from 'vitest';
import { serverLaunch, serverLaunches, type ServerLaunch } from '../src/agents/mcp-launch.js';
import { RuleRunner } from '../src/engine/rule-runner.js';
import type { McpServer } from '../src/model/mcp.js';

/** The one server of a `.mcp.json` holding `entry`. */
function server(entry: Record<string, unknown>): McpServer {
  const runner = new RuleRunner([], { collectProject: true });
  runner.addFile('.mcp.json', JSON.stringify({ mcpServers: { s: entry } }));
  runner.finish();
  const [only] = runner.projectFacts().mcpServers;
  return only!;
}

/** A launch as one line: launcher, registry, what is fetched, target, the server's own args, container options. */
function describe_(launch: ServerLaunch | undefined): string | undefined {
  if (!launch) return undefined;
  const parts = [launch.launcher, launch.ecosystem ?? '-', `fetch=[${launch.fetched.map((w) => w.text).join(' ')}]`, `target=${launch.target}`, `args=[${launch.args.map((w) => w.text).join(' ')}]`];
  if (launch.container) parts.push(`container=[${launch.container.map((w) => w.text).join(' ')}]`);
  if (launch.datedResolution) parts.push('dated');
  return parts.join(' ');
}

const launchOf = (entry: Record<string, unknown>) => describe_(serverLaunch(server(entry)));

describe('serverLaunch', () => {
  it.each([
    [{ command: 'npx', args: ['-y', '@scope/pkg@1.2.3', '--flag'] }, 'npx npm fetch=[@scope/pkg@1.2.3] target=@scope/pkg args=[--flag]'],
    [{ command: 'npx', args: ['-y', '-p', 'a@1', '-p', 'b', 'bin', 'x'] }, 'npx npm fetch=[a@1 b] target=a args=[x]'],
    [{ command: 'npx -y pkg@latest /data' }, 'npx npm fetch=[pkg@latest] target=pkg args=[/data]'],
    [{ command: 'C:\\Program Files\\nodejs\\npx.cmd', args: ['-y', 'pkg'] }, 'npx npm fetch=[pkg] target=pkg args=[]'],
    [{ command: 'cmd', args: ['/c', 'npx', '-y', 'pkg'] }, 'npx npm fetch=[pkg] target=pkg args=[]'],
    [{ command: 'cmd', args: ['/c', 'npx -y pkg --a'] }, 'npx npm fetch=[pkg] target=pkg args=[--a]'],
    [{ command: 'bash', args: ['-lc', 'cd /srv && npx -y pkg@2.0.0'] }, 'npx npm fetch=[pkg@2.0.0] target=pkg args=[]'],
    [{ command: 'env', args: ['A=1', 'uvx', '--from', 'tool==1.0', 'tool-cli', '--x'] }, 'uvx python fetch=[tool==1.0] target=tool args=[--x]'],
    [{ command: 'uvx', args: ['--exclude-newer', '2025-01-01', 'awslabs.aws-api-mcp-server'] }, 'uvx python fetch=[awslabs.aws-api-mcp-server] target=awslabs.aws-api-mcp-server args=[] dated'],
    [{ command: 'uv', args: ['run', '--with', 'x', 'python', '-m', 'srv.main'] }, 'python - fetch=[] target=srv.main args=[]'],
    [{ command: 'uv', args: ['tool', 'run', 'pkg'] }, 'uv tool run python fetch=[pkg] target=pkg args=[]'],
    [{ command: 'pipx', args: ['run', '--spec', 'p==1', 'p-cli'] }, 'pipx run python fetch=[p==1] target=p args=[]'],
    [{ command: 'pnpm', args: ['dlx', 'pkg'] }, 'pnpm dlx npm fetch=[pkg] target=pkg args=[]'],
    [{ command: 'pnpm', args: ['exec', 'mcp-server-filesystem', '/'] }, 'mcp-server-filesystem - fetch=[] target=mcp-server-filesystem args=[/]'],
    [{ command: 'docker', args: ['run', '-i', '--rm', '-e', 'TOKEN', '-v', '/:/host', 'ghcr.io/o/img:v1', 'stdio'] }, 'docker run docker fetch=[ghcr.io/o/img:v1] target=ghcr.io/o/img args=[stdio] container=[-i --rm -e TOKEN -v /:/host]'],
    [{ command: 'docker', args: ['ps'] }, 'docker - fetch=[] target=docker args=[ps]'],
    [{ command: 'node', args: ['--inspect', 'dist\\server.js', '--port', '1'] }, 'node - fetch=[] target=dist/server.js args=[--port 1]'],
    [{ command: '/usr/local/bin/my-server', args: ['--root', '/'] }, 'my-server - fetch=[] target=my-server args=[--root /]'],
    [{ url: 'https://example.com/mcp' }, undefined],
  ])('%j', (entry, expected) => {
    expect(launchOf(entry)).toBe(expected);
  });

  it('reads every command of a shell script, and stops two shells deep', () => {
    const launches = serverLaunches(server({ command: 'sh', args: ['-c', 'npx -y a; uvx b'] })).map(describe_);
    expect(launches).toEqual(['npx npm fetch=[a] target=a args=[]', 'uvx python fetch=[b] target=b args=[]']);
    expect(serverLaunches(server({ command: 'sh', args: ['-c', 'bash -c "sh -c \'npx x\'"'] }))).toEqual([]);
  });

  it('points each word at the node it came from', () => {
    const entry = server({ command: 'npx', args: ['-y', 'pkg'] });
    const launch = serverLaunch(entry)!;
    expect(launch.targetWord.node).toBe(entry.args[1]);
  });
});
