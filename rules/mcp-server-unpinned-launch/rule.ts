import { SECRET_FLAG, scalarText, serverEnvironment } from '../../src/agents/mcp-environment.js';
import { packageName, serverLaunch, serverLaunches, type LaunchWord, type ServerLaunch } from '../../src/agents/mcp-launch.js';
import { displayName } from '../../src/credentials/mask.js';
import { isSecretKeyName, matchCredential } from '../../src/credentials/value.js';
import { clientStarts, defineRule, get, getPath, isSeq, stringValue, type AgentSettings, type McpServer, type Node, type SourceFile, type StructuredDocument } from '../../src/rule.js';

/**
 * An MCP server launched from a registry by name alone runs whatever release the registry serves
 * when the client starts it. A hijacked maintainer account or a typo-squatted update then runs on
 * every developer's machine and in every agent job, holding the server's tokens.
 */
export default defineRule({
  meta: {
    id: 'mcp-server-unpinned-launch',
    title: 'MCP server launched from a registry without a pinned version',
    description:
      'An MCP server entry starts its server with `npx`, `bunx`, `pnpm dlx`, `uvx`, `pipx run` or `docker run` and names no exact version (or `@latest`, a range, a mutable image tag). Each start downloads whatever the registry serves at that moment and runs it with the credentials the entry hands the server, so one compromised release reaches every machine and agent that loads the file. OpenCode `plugin` entries installed from npm or git the same way are judged alike.',
    remediation:
      'Pin the package to an exact version (`pkg@1.4.2`, `pkg==1.4.2`) or the image to a digest (`image@sha256:…`), and move the pin forward deliberately through review, as any other dependency.',
    category: 'unsafe-agent-setting',
    severity: 'medium',
    confidence: 'high',
    // Package manifests name what this repository publishes.
    kinds: ['mcp-config', 'codex-config', 'package-manifest'],
    messages: {
      floatingPackage:
        'MCP server "{server}" runs {launcher} {spec} with {why}: each start fetches whatever the registry serves then and runs it with {holding}; pin an exact version ({fix})',
      floatingImage:
        'MCP server "{server}" runs the container image {image} {why}: each start may pull a different image, run with {holding}; pin it by digest ({fix})',
      mutableTag:
        'MCP server "{server}" runs the container image {image} by a tag that moves to each new release it tracks; pin a release version or, better, a digest ({fix})',
      floatingPlugin:
        'OpenCode loads the plugin {spec} with {why}: each start installs whatever its source serves then and runs it inside the agent, as whoever starts it; pin an exact version ({fix})',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI04' },
      { framework: 'owasp-asi-2026', id: 'ASI05' },
      { framework: 'owasp-nhi-2025', id: 'NHI3' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'csa-maestro', id: 'L7' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'nist-ai-rmf-1.0', id: 'GOVERN-6.1' },
      { framework: 'cwe', id: '829' },
    ],
  },
  create: (context) => {
    /** Every floating launch, by what it fetches: the same line in several clients' files is one finding. */
    const launches = new Map<string, Floating[]>();
    /** The packages this repository publishes: running its own latest release is tracking itself. */
    const ownPackages = new Set<string>();
    /** OpenCode plugins, installed from npm at each start: judged once the repository's own packages are known. */
    const plugins: { node: Node; file: SourceFile; spec: string; why: string; fix: string; name: string }[] = [];
    return {
      document(doc: StructuredDocument) {
        const name = publishedName(doc);
        if (name !== undefined) ownPackages.add(normalName(name));
      },
      agentSettings(settings: AgentSettings) {
        if (settings.client !== 'opencode') return;
        const list = get(settings.node, 'plugin');
        for (const item of isSeq(list) ? list.items : []) {
          const spec = scalarText(item);
          if (spec === undefined || spec === '') continue;
          const pin = npmPin(spec);
          if (pin.state !== 'floating') continue;
          plugins.push({ node: item, file: settings.file, spec, why: pin.why, fix: pin.fix, name: packageName(spec) });
        }
      },
      mcpServer(server: McpServer) {
        // A server its client does not start reaches nothing.
        if (!clientStarts(server)) return;
        const credentials = credentialsGiven(server);
        for (const launch of serverLaunches(server)) {
          if (!launch.ecosystem) continue;
          for (const target of launch.fetched) {
            const floating = judge(server, launch, target, credentials);
            if (!floating) continue;
            const key = `${floating.messageId}\0${launch.launcher}\0${target.text}`;
            launches.set(key, [...(launches.get(key) ?? []), floating]);
          }
        }
      },
      project() {
        for (const plugin of plugins) {
          if (ownPackages.has(normalName(plugin.name))) continue;
          context.report({ node: plugin.node, file: plugin.file, messageId: 'floatingPlugin', severity: 'low', data: { spec: displayName(plugin.spec), why: plugin.why, fix: displayName(plugin.fix) } });
        }
        for (const [first, ...others] of launches.values()) {
          if (!first || (first.ecosystem !== 'docker' && ownPackages.has(normalName(first.packageName)))) continue;
          const credentials = [first, ...others].find((use) => use.credentials.length > 0)?.credentials ?? [];
          const holding = credentials.length > 0 ? `the credentials the entry gives it (${credentials.slice(0, 3).join(', ')}${credentials.length > 3 ? ' …' : ''})` : 'the access of whoever starts the client';
          context.report({
            node: first.word.node,
            file: first.server.file,
            messageId: first.messageId,
            // Untrusted code with the server's own credentials is worse than with the user's ambient access.
            severity: first.messageId === 'mutableTag' || credentials.length === 0 ? 'low' : 'medium',
            data: { ...first.data, holding },
            related: others.map((use) => ({ node: use.word.node, file: use.server.file, message: `the same launch for MCP server "${displayName(use.server.name)}" in ${use.server.file.path}` })),
          });
        }
      },
    };
  },
});

type MessageId = 'floatingPackage' | 'floatingImage' | 'mutableTag';

interface Floating {
  readonly server: McpServer;
  readonly word: LaunchWord;
  readonly ecosystem: NonNullable<ServerLaunch['ecosystem']>;
  readonly packageName: string;
  readonly messageId: MessageId;
  readonly data: Readonly<Record<string, string>>;
  readonly credentials: readonly string[];
}

/** Whether what `target` names can change between two starts, and what to say about it. */
function judge(server: McpServer, launch: ServerLaunch, target: LaunchWord, credentials: readonly string[]): Floating | undefined {
  const name = displayName(server.name);
  const spec = target.text;
  const base = { server, word: target, ecosystem: launch.ecosystem!, packageName: packageName(spec), credentials };
  if (launch.ecosystem === 'docker') {
    const pin = imagePin(spec);
    if (pin.state === 'pinned' || pin.state === 'unknown') return undefined;
    const fix = displayName(`${pin.repository}@sha256:…`);
    if (pin.state === 'tagged') return { ...base, messageId: 'mutableTag', data: { server: name, image: displayName(spec), fix } };
    return { ...base, messageId: 'floatingImage', data: { server: name, image: displayName(spec), why: pin.why, fix } };
  }
  const pin = launch.ecosystem === 'npm' ? npmPin(spec) : pythonPin(spec);
  if (pin.state !== 'floating' || launch.datedResolution || runsRepositoryScript(launch, target)) return undefined;
  return { ...base, messageId: 'floatingPackage', data: { server: name, launcher: launch.launcher, spec: displayName(spec), why: pin.why, fix: displayName(pin.fix) } };
}

/** The secret-named variables and headers an entry hands its server, by name. */
function credentialsGiven(server: McpServer): string[] {
  const given = [
    // What the server process gets: in a container, only what `-e` passes in.
    ...serverEnvironment(server, serverLaunch(server)),
    ...(server.headers?.entries ?? []).map((entry) => ({ name: entry.key, value: scalarText(entry.value) })),
  ];
  const names = given
    // An empty value gives nothing; `MAX_TOKENS` counts a model's tokens, not a credential.
    .filter(({ name, value }) => value !== '' && !/tokens$|tokens?[-_]?(?:limit|count|budget)/i.test(name) && isSecretKeyName(name))
    .map(({ name }) => name);
  return [...new Set([...names, ...commandLineCredentials(server)])].map((name) => displayName(name, 40));
}

/**
 * Credentials on the launch line: a flag that names one and its value (`--api-key=…`,
 * `--token $T`), or an argument in a format the catalogue knows (a bare `figd_…`), named by place.
 */
function commandLineCredentials(server: McpServer): string[] {
  const words = server.args.map(scalarText);
  return words.flatMap((word, index) => {
    if (word === undefined || word === '') return [];
    const flag = /^(--?[A-Za-z][A-Za-z0-9_-]{0,60})(?:=(.*))?$/s.exec(word);
    if (flag && SECRET_FLAG.test(flag[1]!)) {
      const value = flag[2] ?? words[index + 1];
      return value && !value.startsWith('-') ? [flag[1]!] : [];
    }
    const known = matchCredential(word, '');
    return known && known.kind !== 'high-entropy value' && known.kind !== 'password' ? [`args[${index}]`] : [];
  });
}

/** `@Scope/Name` and `my_pkg` / `My.Pkg` compare as npm and PyPI compare them. */
function normalName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The package name a manifest publishes: `name` of a package.json, `[project]` or `[tool.poetry]` `name` of a pyproject.toml. */
function publishedName(doc: StructuredDocument): string | undefined {
  const root = doc.roots[0];
  return stringValue(get(root, 'name')) ?? stringValue(getPath(root, ['project', 'name'])) ?? stringValue(getPath(root, ['tool', 'poetry', 'name']));
}

/**
 * Script runners (`npx tsx ./server.ts`) are devDependencies in nearly every repository that uses
 * them, and npx prefers the copy the lockfile installed; the code they run is the repository's.
 */
const SCRIPT_RUNNERS = new Set(['tsx', 'ts-node', 'vite-node', 'esno', 'esrun', 'jiti', 'nodemon', 'tsm', 'node']);

function runsRepositoryScript(launch: ServerLaunch, target: LaunchWord): boolean {
  if (launch.ecosystem !== 'npm' || launch.fetched.length !== 1 || !SCRIPT_RUNNERS.has(target.text)) return false;
  const script = launch.args.find((word) => !word.text.startsWith('-'));
  return script !== undefined && /^(?:\.{1,2}\/|[\w@.-]+\/)?[\w@./-]*\.[cm]?[jt]sx?$/.test(script.text);
}

type Pin = { readonly state: 'pinned' } | { readonly state: 'local' } | { readonly state: 'unknown' } | { readonly state: 'floating'; readonly why: string; readonly fix: string };

/** A reference (`${VERSION}`, `$PKG`) is resolved elsewhere: nothing to judge here. */
const REFERENCE = /\$/;
const LOCAL_PATH = /^(?:\.{1,2}(?:[\\/]|$)|[\\/~]|[A-Za-z]:[\\/]|file:)/;
const EXACT_SEMVER = /^=?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const GIT_SHA = /^[0-9a-f]{7,40}$/i;

/** An npm package spec: `name`, `@scope/name@1.2.3`, `name@latest`, `name@^1`, `github:o/r#sha`, `./dir`. */
function npmPin(spec: string): Pin {
  if (REFERENCE.test(spec)) return { state: 'unknown' };
  if (LOCAL_PATH.test(spec) || /\.(?:tgz|tar\.gz)$/i.test(spec)) return { state: 'local' };
  const git = /^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:)|^[\w.-]+\/[\w.-]+(?:#|$)/.test(spec) && !spec.startsWith('@');
  if (git) {
    const ref = spec.includes('#') ? spec.slice(spec.lastIndexOf('#') + 1) : '';
    return GIT_SHA.test(ref) ? { state: 'pinned' } : { state: 'floating', why: ref ? `the git ref "${ref}", which can move` : 'no commit', fix: `${spec.replace(/#.*$/, '')}#<commit sha>` };
  }
  const bare = spec.replace(/^npm:/, '');
  const at = bare.indexOf('@', bare.startsWith('@') ? 1 : 0);
  const name = at === -1 ? bare : bare.slice(0, at);
  const version = at === -1 ? '' : bare.slice(at + 1);
  if (EXACT_SEMVER.test(version)) return { state: 'pinned' };
  // `name@git+https://…`: the package comes from that source, judged as one.
  if (/^(?:git\+|git:|github:|gitlab:|bitbucket:)/.test(version)) {
    const source = npmPin(version);
    return source.state === 'floating' ? { ...source, fix: `${name}@${source.fix}` } : source;
  }
  const fix = `${name}@<version>`;
  if (version === '') return { state: 'floating', why: 'no version', fix };
  if (version === 'latest') return { state: 'floating', why: '@latest', fix };
  if (/^[A-Za-z][\w.-]*$/.test(version)) return { state: 'floating', why: `the dist-tag @${version}`, fix };
  return { state: 'floating', why: `the range @${version}`, fix };
}

/** A Python requirement as uvx and pipx take it: `name`, `name==1.2`, `name@1.2`, `name[extra]>=1`, `git+https://…@sha`. */
function pythonPin(spec: string): Pin {
  if (REFERENCE.test(spec)) return { state: 'unknown' };
  if (LOCAL_PATH.test(spec) || /\.(?:whl|tar\.gz|zip)$/i.test(spec)) return { state: 'local' };
  if (/^git\+/i.test(spec)) {
    const ref = /@([^@/#]+)(?:#.*)?$/.exec(spec.replace(/^git\+[a-z]+:\/\/[^/]*@/i, 'git+'))?.[1] ?? '';
    return GIT_SHA.test(ref) ? { state: 'pinned' } : { state: 'floating', why: ref ? `the git ref "${ref}", which can move` : 'no commit', fix: `${spec.replace(/@[^@/]*$/, '')}@<commit sha>` };
  }
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(spec);
  if (!match) return { state: 'unknown' };
  const name = `${match[1]}${match[2] ?? ''}`;
  const constraint = match[3]!.trim();
  const fix = `${name}==<version>`;
  if (/^===?\s*[\w.+!-]+$/.test(constraint) && !constraint.includes('*')) return { state: 'pinned' };
  if (constraint.startsWith('@')) {
    const version = constraint.slice(1).trim();
    if (version === 'latest') return { state: 'floating', why: '@latest', fix };
    if (/^\d[\w.+!-]*$/.test(version)) return { state: 'pinned' };
  }
  if (constraint === '') return { state: 'floating', why: 'no version', fix };
  return { state: 'floating', why: `the range ${constraint}`, fix };
}

type ImagePin = { readonly state: 'pinned' } | { readonly state: 'unknown' } | { readonly state: 'tagged'; readonly repository: string } | { readonly state: 'floating'; readonly why: string; readonly repository: string };

/** `repo`, `repo:tag`, `registry:5000/repo:tag`, `repo@sha256:…`. Only a digest names one image. */
function imagePin(image: string): ImagePin {
  if (REFERENCE.test(image)) return { state: 'unknown' };
  if (/@sha(?:256|384|512):[0-9a-f]{32,}$/i.test(image)) return { state: 'pinned' };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > slash ? image.slice(colon + 1) : '';
  const repository = colon > slash ? image.slice(0, colon) : image;
  if (tag === '') return { state: 'floating', why: 'with no tag (so :latest)', repository };
  if (tag === 'latest') return { state: 'floating', why: 'at :latest', repository };
  // A full release tag (`v0.20.1`) is a version its publisher does not move by convention: weaker
  // than a digest, but reviewed like an npm version. Tags that track a line (`1.2`, `stable`) move.
  if (EXACT_SEMVER.test(tag)) return { state: 'pinned' };
  return { state: 'tagged', repository };
}
