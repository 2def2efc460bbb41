import { agentJobs } from '../../src/agents/workflow.js';
import { commandsOf } from '../../src/agents/shell.js';
import { defineRule, formatKeyPath, isMap, stringValue, type NormalJob, type Step, type Workflow } from '../../src/rule.js';
import type { MapNode, Node } from '../../src/model/document.js';
import type { ContextReference } from '../../src/model/workflow.js';
import { stepInput, stepLabel } from '../../src/model/workflow.js';

/**
 * A registry API token kept in the repository's secrets publishes as its owner until someone
 * revokes it, from any machine it is copied to. PyPI, npm, crates.io, RubyGems.org and nuget.org
 * all accept GitHub's OIDC token instead ("trusted publishing"): the registry trusts this
 * repository's workflow, and the job gets a token that lives for minutes and publishes only the
 * packages configured for it. A stored token in a publishing job is one that trust would replace.
 */

type Registry = 'PyPI' | 'npm' | 'crates.io' | 'RubyGems.org' | 'nuget.org';

/** The trusted way to publish, per registry, for the message. */
const INSTEAD: Readonly<Record<Registry, string>> = {
  PyPI: 'pypa/gh-action-pypi-publish or uv publish with no password',
  npm: 'npm publish from npm 11.5.1 or later with no token',
  'crates.io': 'a token from rust-lang/crates-io-auth-action',
  'RubyGems.org': 'rubygems/release-gem, or rubygems/configure-rubygems-credentials with role-to-assume',
  'nuget.org': 'an API key from NuGet/login',
};

/** Whether a publish target (a URL or a configured name) is the registry that offers trusted publishing. */
const DEFAULT_TARGET: Readonly<Record<Registry, (value: string) => boolean>> = {
  PyPI: (value) => /^(?:https?:\/\/)?(?:upload\.|test\.)?pypi\.org(?:[/:]|$)/i.test(value) || ['pypi', 'testpypi', 'main', 'test'].includes(value.toLowerCase()),
  npm: (value) => /^(?:https?:)?\/\/registry\.(?:npmjs\.org|yarnpkg\.com)(?:\/|$)/i.test(value),
  'crates.io': (value) => value === 'crates-io' || /^(?:sparse\+)?https?:\/\/(?:index\.)?crates\.io(?:\/|$)/i.test(value),
  'RubyGems.org': (value) => /^https?:\/\/rubygems\.org\/?$/i.test(value),
  'nuget.org': (value) => /^nuget\.org$/i.test(value) || /^https?:\/\/(?:api|www)\.nuget\.org(?:\/|$)/i.test(value),
};

/**
 * Environment variables that hand a publishing tool its registry token. `needsPublish`: the name
 * is also used to install private packages, so it counts only where the job publishes.
 */
const TOKEN_ENV: ReadonlyMap<string, { readonly registry: Registry; readonly needsPublish: boolean }> = new Map([
  ['TWINE_PASSWORD', { registry: 'PyPI', needsPublish: false }],
  ['UV_PUBLISH_TOKEN', { registry: 'PyPI', needsPublish: false }],
  ['UV_PUBLISH_PASSWORD', { registry: 'PyPI', needsPublish: false }],
  ['POETRY_PYPI_TOKEN_PYPI', { registry: 'PyPI', needsPublish: false }],
  ['MATURIN_PYPI_TOKEN', { registry: 'PyPI', needsPublish: false }],
  ['MATURIN_PASSWORD', { registry: 'PyPI', needsPublish: false }],
  ['PDM_PUBLISH_PASSWORD', { registry: 'PyPI', needsPublish: false }],
  ['HATCH_INDEX_AUTH', { registry: 'PyPI', needsPublish: false }],
  ['FLIT_PASSWORD', { registry: 'PyPI', needsPublish: false }],
  ['NODE_AUTH_TOKEN', { registry: 'npm', needsPublish: true }],
  ['NPM_TOKEN', { registry: 'npm', needsPublish: true }],
  ['NPM_AUTH_TOKEN', { registry: 'npm', needsPublish: true }],
  ['YARN_NPM_AUTH_TOKEN', { registry: 'npm', needsPublish: true }],
  ['CARGO_REGISTRY_TOKEN', { registry: 'crates.io', needsPublish: false }],
  ['CARGO_REGISTRIES_CRATES_IO_TOKEN', { registry: 'crates.io', needsPublish: false }],
  ['GEM_HOST_API_KEY', { registry: 'RubyGems.org', needsPublish: false }],
]);

/** Environment variables that point a publishing tool somewhere else than the public registry. */
const TARGET_ENV: ReadonlyMap<string, Registry> = new Map([
  ['TWINE_REPOSITORY_URL', 'PyPI'],
  ['TWINE_REPOSITORY', 'PyPI'],
  ['UV_PUBLISH_URL', 'PyPI'],
  ['MATURIN_REPOSITORY_URL', 'PyPI'],
  ['MATURIN_REPOSITORY', 'PyPI'],
  ['PDM_PUBLISH_REPO', 'PyPI'],
  ['HATCH_INDEX_REPO', 'PyPI'],
  ['FLIT_INDEX_URL', 'PyPI'],
  ['NPM_CONFIG_REGISTRY', 'npm'],
  ['YARN_NPM_REGISTRY_SERVER', 'npm'],
  ['RUBYGEMS_HOST', 'RubyGems.org'],
]);

/** Actions that publish, the input that takes a stored token, and the inputs that name another target. */
const PUBLISH_ACTIONS: ReadonlyMap<string, { readonly registry: Registry; readonly token?: string; readonly targets: readonly string[]; readonly when?: (step: Step) => boolean }> = new Map([
  ['pypa/gh-action-pypi-publish', { registry: 'PyPI', token: 'password', targets: ['repository-url', 'repository_url'] }],
  ['pyo3/maturin-action', { registry: 'PyPI', targets: [], when: (step: Step) => /^(?:upload|publish)$/i.test(stringValue(stepInput(step, 'command'))?.trim() ?? '') }],
  ['js-devtools/npm-publish', { registry: 'npm', token: 'token', targets: ['registry'] }],
  ['changesets/action', { registry: 'npm', targets: [], when: (step: Step) => stepInput(step, 'publish') !== undefined }],
  ['cycjimmy/semantic-release-action', { registry: 'npm', targets: [] }],
  ['katyo/publish-crates', { registry: 'crates.io', token: 'registry-token', targets: [] }],
  ['rubygems/release-gem', { registry: 'RubyGems.org', targets: [] }],
  ['rubygems/configure-rubygems-credentials', { registry: 'RubyGems.org', token: 'api-token', targets: ['gem-server'] }],
]);

/** A command line that publishes: the registry, how the message names it, where its token and target flags are. */
interface PublishTool {
  readonly registry: Registry;
  readonly tokenFlags: readonly string[];
  readonly targetFlags: readonly string[];
}

const TOOLS: ReadonlyMap<string, PublishTool & { readonly subcommands: readonly string[] }> = new Map([
  ['twine', { registry: 'PyPI', subcommands: ['upload'], tokenFlags: ['--password', '-p'], targetFlags: ['--repository-url', '--repository', '-r'] }],
  ['uv', { registry: 'PyPI', subcommands: ['publish'], tokenFlags: ['--token', '-t', '--password', '-p'], targetFlags: ['--publish-url', '--index'] }],
  ['poetry', { registry: 'PyPI', subcommands: ['publish'], tokenFlags: ['--password', '-p'], targetFlags: ['--repository', '-r'] }],
  ['pdm', { registry: 'PyPI', subcommands: ['publish'], tokenFlags: ['--password', '-P'], targetFlags: ['--repository', '-r'] }],
  ['hatch', { registry: 'PyPI', subcommands: ['publish'], tokenFlags: ['--auth', '-a'], targetFlags: ['--repo', '-r'] }],
  ['flit', { registry: 'PyPI', subcommands: ['publish'], tokenFlags: [], targetFlags: ['--repository'] }],
  ['maturin', { registry: 'PyPI', subcommands: ['upload', 'publish'], tokenFlags: ['--password', '-p'], targetFlags: ['--repository-url', '--repository', '-r'] }],
  ['cargo', { registry: 'crates.io', subcommands: ['publish'], tokenFlags: ['--token'], targetFlags: ['--registry', '--index'] }],
  ['npm', { registry: 'npm', subcommands: ['publish'], tokenFlags: [], targetFlags: ['--registry'] }],
  ['pnpm', { registry: 'npm', subcommands: ['publish'], tokenFlags: [], targetFlags: ['--registry'] }],
  ['yarn', { registry: 'npm', subcommands: ['publish'], tokenFlags: [], targetFlags: ['--registry'] }],
  ['bun', { registry: 'npm', subcommands: ['publish'], tokenFlags: [], targetFlags: ['--registry'] }],
  ['lerna', { registry: 'npm', subcommands: ['publish'], tokenFlags: [], targetFlags: ['--registry'] }],
  ['changeset', { registry: 'npm', subcommands: ['publish'], tokenFlags: [], targetFlags: [] }],
  ['semantic-release', { registry: 'npm', subcommands: [], tokenFlags: [], targetFlags: [] }],
  ['gem', { registry: 'RubyGems.org', subcommands: ['push'], tokenFlags: [], targetFlags: ['--host'] }],
  ['nuget', { registry: 'nuget.org', subcommands: ['push'], tokenFlags: ['-apikey'], targetFlags: ['-source'] }],
]);
const DOTNET_NUGET: PublishTool = { registry: 'nuget.org', tokenFlags: ['--api-key', '-k'], targetFlags: ['--source', '-s'] };

/** Programs that run another program: what follows them (after their own flags) is the command. */
const WRAPPERS = new Set(['sudo', 'time', 'exec', 'command', 'nice', 'nohup', 'npx', 'bunx', 'pnpx', 'uvx', 'env']);
/** `<tool> <word>` pairs that run another program: `pnpm dlx`, `uv run`, `bundle exec`, `pipx run`. */
const WRAPPER_SUBCOMMANDS = new Map([
  ['pnpm', ['dlx', 'exec']],
  ['yarn', ['dlx', 'exec']],
  ['uv', ['run']],
  ['pipx', ['run']],
  ['poetry', ['run']],
  ['pdm', ['run']],
  ['hatch', ['run']],
  ['bundle', ['exec']],
]);
/** Wrapper flags that take a value, which is not the command. */
const WRAPPER_VALUE_FLAGS = new Set(['--with', '--from', '--python', '-p', '--package', '-u', '--user']);

/** A program's name from the word that runs it: `/usr/bin/twine` → `twine`, `nuget.exe` → `nuget`. */
function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1).replace(/\.(?:exe|cmd)$/i, '').toLowerCase();
}

/** Drops leading flags (and the values of the ones that take one) and `NAME=value` words. */
function afterFlags(words: readonly string[]): readonly string[] {
  let i = 0;
  while (i < words.length && (words[i]!.startsWith('-') || /^[A-Za-z_]\w*=/.test(words[i]!))) {
    i += WRAPPER_VALUE_FLAGS.has(words[i]!) ? 2 : 1;
  }
  return words.slice(i);
}

/** The command a wrapper runs, or the words themselves when they run no wrapper. */
function unwrap(words: readonly string[]): readonly string[] {
  let current = words;
  for (let guard = 0; guard < 6 && current.length > 0; guard++) {
    const program = programName(current[0]!);
    const rest = current.slice(1);
    if (WRAPPERS.has(program)) current = afterFlags(rest);
    else if (program === 'timeout') current = afterFlags(rest).slice(1);
    else if (/^python[\d.]*$|^py$/.test(program) && rest[0] === '-m') current = rest.slice(1);
    else if (WRAPPER_SUBCOMMANDS.get(program)?.includes(afterFlags(rest)[0] ?? '')) current = afterFlags(afterFlags(rest).slice(1));
    else return current;
  }
  return current;
}

interface PublishCommand {
  readonly tool: PublishTool;
  /** How the message names it: `twine upload`, `dotnet nuget push`. */
  readonly name: string;
  readonly args: readonly string[];
}

/** Subcommands of a package manager that run something else, never a publish of its own. */
const NOT_PUBLISH = new Set(['run', 'run-script', 'exec', 'x', 'dlx', 'info', 'view', 'pkg', 'config', 'help']);

/** The publish a command line runs, if it runs one for real (`--dry-run` publishes nothing). */
function publishCommand(words: readonly string[]): PublishCommand | undefined {
  const command = unwrap(words);
  if (command.length === 0) return undefined;
  const program = programName(command[0]!);
  const args = command.slice(1);
  if (args.includes('--dry-run') || (program === 'cargo' && args.includes('-n'))) return undefined;
  if (program === 'dotnet') {
    const rest = afterFlags(args);
    return rest[0] === 'nuget' && rest[1] === 'push' ? { tool: DOTNET_NUGET, name: 'dotnet nuget push', args: rest.slice(2) } : undefined;
  }
  const tool = TOOLS.get(program);
  if (tool === undefined) return undefined;
  if (tool.subcommands.length === 0) return { tool, name: program, args };
  const first = afterFlags(args.filter((arg) => !arg.startsWith('+')))[0];
  if (tool.registry === 'npm' || program === 'cargo') {
    // `pnpm --filter app publish`, `yarn npm publish`, `cargo workspaces publish`: the word may come later.
    if (first === undefined || NOT_PUBLISH.has(first) || !args.includes('publish')) return undefined;
    return { tool, name: `${program} publish`, args };
  }
  return first !== undefined && tool.subcommands.includes(first) ? { tool, name: `${program} ${first}`, args } : undefined;
}

/** A flag's values in a command line: `--token X` and `--token=X`; NuGet's `-ApiKey` in any case. */
function flagValues(args: readonly string[], flags: readonly string[]): { flag: string; value: string }[] {
  const values: { flag: string; value: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!.toLowerCase();
    for (const flag of flags) {
      if (arg === flag && i + 1 < args.length) values.push({ flag: args[i]!, value: args[i + 1]! });
      else if (flag.startsWith('--') && arg.startsWith(`${flag}=`)) values.push({ flag, value: args[i]!.slice(flag.length + 1) });
    }
  }
  return values;
}

/** Whether a command names a target other than the public registry. */
function targetsElsewhere(command: PublishCommand): boolean {
  return flagValues(command.args, command.tool.targetFlags).some(({ value }) => !DEFAULT_TARGET[command.tool.registry](value));
}

// ---------------------------------------------------------------------------------------------
// Expressions in a `run:` script

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const SECRET_READ = /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([^'"]+)['"]\s*\])/gi;
const PLACEHOLDER = /NHIEXPR(\d+)Z/g;

/**
 * A `run:` script with each `${{ … }}` replaced by a word the shell splitter keeps whole, and the
 * secret references each one reads, so a word of a command line leads back to the place in the
 * file its secret is written.
 */
interface Script {
  readonly text: string;
  referencesIn(word: string): ContextReference[];
}

function scriptOf(step: Step): Script | undefined {
  const run = step.run;
  if (run === undefined || typeof run.value !== 'string') return undefined;
  const queues = new Map<string, ContextReference[]>();
  for (const reference of step.references) {
    if (reference.node !== run || reference.context !== 'secrets' || reference.name === '*') continue;
    const key = reference.name.toUpperCase();
    queues.set(key, [...(queues.get(key) ?? []), reference]);
  }
  const byExpression: ContextReference[][] = [];
  const text = run.value.replace(EXPRESSION, (_, body: string) => {
    const found: ContextReference[] = [];
    for (const match of body.matchAll(SECRET_READ)) {
      const next = queues.get((match[1] ?? match[2]!).toUpperCase())?.shift();
      if (next) found.push(next);
    }
    byExpression.push(found);
    return `NHIEXPR${byExpression.length - 1}Z`;
  });
  return {
    text,
    referencesIn: (word) => [...word.matchAll(PLACEHOLDER)].flatMap((match) => byExpression[Number(match[1])] ?? []),
  };
}

/** A shell word that is only a variable: `$TOKEN`, `${TOKEN}`, PowerShell `$env:TOKEN`, cmd `%TOKEN%`. */
function variableOf(word: string): string | undefined {
  return /^\$\{?([A-Za-z_]\w*)\}?$/.exec(word)?.[1] ?? /^\$env:([A-Za-z_]\w*)$/i.exec(word)?.[1] ?? /^%([A-Za-z_]\w*)%$/.exec(word)?.[1];
}

// ---------------------------------------------------------------------------------------------

/** The secret references in a node's scalar, the job's own token left out (it is short-lived). */
function storedSecrets(workflow: Workflow, node: Node | undefined): ContextReference[] {
  if (node === undefined || node.type !== 'scalar') return [];
  return workflow.references.filter((reference) => reference.node === node && reference.context === 'secrets' && reference.name !== '*' && reference.name.toUpperCase() !== 'GITHUB_TOKEN');
}

function envEntry(env: MapNode | undefined, name: string) {
  return isMap(env) ? [...env.entries].reverse().find((entry) => entry.key.toUpperCase() === name.toUpperCase()) : undefined;
}

/** What one job shows about publishing: the registries it publishes to, and those it points elsewhere. */
interface JobFacts {
  readonly publishes: Set<Registry>;
  readonly elsewhere: Set<Registry>;
  /** Steps whose own script runs a publish. */
  readonly publishingSteps: Set<Step>;
}

function uses(step: Step): string | undefined {
  return step.uses?.kind === 'repository' ? `${step.uses.owner}/${step.uses.repo}`.toLowerCase() : undefined;
}

function markTargets(env: MapNode | undefined, elsewhere: Set<Registry>): void {
  if (!isMap(env)) return;
  for (const entry of env.entries) {
    const registry = TARGET_ENV.get(entry.key.toUpperCase());
    const value = stringValue(entry.value)?.trim();
    if (registry !== undefined && value !== undefined && value !== '' && !DEFAULT_TARGET[registry](value)) elsewhere.add(registry);
  }
}

function factsOf(workflow: Workflow, job: NormalJob): JobFacts {
  const publishes = new Set<Registry>();
  const elsewhere = new Set<Registry>();
  const publishingSteps = new Set<Step>();
  markTargets(workflow.env, elsewhere);
  markTargets(job.env, elsewhere);
  for (const step of job.steps) {
    markTargets(step.env, elsewhere);
    const action = uses(step);
    if (action === 'actions/setup-node') {
      const registryUrl = stringValue(stepInput(step, 'registry-url'))?.trim();
      if (registryUrl && !DEFAULT_TARGET.npm(registryUrl)) elsewhere.add('npm');
    }
    const publisher = action !== undefined ? PUBLISH_ACTIONS.get(action) : undefined;
    if (publisher && (publisher.when?.(step) ?? true)) {
      publishes.add(publisher.registry);
      for (const input of publisher.targets) {
        const value = stringValue(stepInput(step, input))?.trim();
        if (value && !DEFAULT_TARGET[publisher.registry](value)) elsewhere.add(publisher.registry);
      }
    }
    const script = scriptOf(step);
    if (script === undefined) continue;
    for (const { words } of commandsOf(script.text)) {
      const command = publishCommand(words);
      if (!command) continue;
      publishes.add(command.tool.registry);
      publishingSteps.add(step);
      if (targetsElsewhere(command)) elsewhere.add(command.tool.registry);
    }
  }
  return { publishes, elsewhere, publishingSteps };
}

export default defineRule({
  meta: {
    id: 'workflow-registry-token',
    title: 'a workflow publishes a package with a stored registry token where trusted publishing would do',
    description:
      'A workflow publishes to PyPI, npm, crates.io, RubyGems.org or nuget.org with an API token kept in the repository\'s secrets (`pypa/gh-action-pypi-publish` `password:`, `TWINE_PASSWORD`, `NODE_AUTH_TOKEN` in a publishing job, `CARGO_REGISTRY_TOKEN`, `GEM_HOST_API_KEY`, `dotnet nuget push --api-key`). The token publishes as its owner until someone revokes it, from wherever it is copied to; every step of the job can read it, an AI agent included. Each of these registries accepts GitHub\'s OIDC token instead (trusted publishing), which yields a token that lives for minutes and publishes only from the workflow the registry trusts.',
    remediation:
      'Configure a trusted publisher for the package on the registry (the repository, the workflow file and, ideally, a deployment environment), give the publishing job `permissions: id-token: write`, and publish without a token: `pypa/gh-action-pypi-publish` or `uv publish` with no password; `npm publish` from npm 11.5.1 or later; a token from `rust-lang/crates-io-auth-action`; `rubygems/release-gem`; an API key from `NuGet/login`. Then delete the secret and revoke the token on the registry.',
    category: 'long-lived-credential',
    severity: 'medium',
    confidence: 'high',
    kinds: ['github-workflow'],
    messages: {
      token: '{where}: {via} publishes to {registry} with {secret}, a long-lived API token{agent}; publish with trusted publishing (id-token: write) instead: {instead}',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI03' },
      { framework: 'owasp-nhi-2025', id: 'NHI7' },
      { framework: 'owasp-nhi-2025', id: 'NHI6' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MEASURE-2.7' },
      { framework: 'cwe', id: '522' },
      { framework: 'nist-csf-2.0', id: 'PR.AA-01' },
    ],
  },
  create: (context) => ({
    workflow(workflow) {
      const withAgents = agentJobs(workflow);
      const normalJobs = workflow.jobs.filter((job): job is NormalJob => job.kind === 'normal');
      const facts = new Map(normalJobs.map((job) => [job, factsOf(workflow, job)]));
      const reported = new Set<ContextReference>();
      const anchors = new Map<string, number>();

      const report = (references: readonly ContextReference[], registry: Registry, via: string, where: string, jobs: readonly NormalJob[]) => {
        const agentHere = jobs.some((job) => withAgents.has(job));
        const agent = !agentHere ? '' : jobs.length === 1 ? ', in a job that runs an AI agent' : ', handed to every job, one of which runs an AI agent';
        for (const reference of references) {
          if (reported.has(reference)) continue;
          reported.add(reference);
          const base = `${formatKeyPath(reference.path)}/secrets.${reference.name.toUpperCase()}`;
          const seen = anchors.get(base) ?? 0;
          anchors.set(base, seen + 1);
          context.report({
            span: reference.span,
            anchor: seen === 0 ? base : `${base}#${seen}`,
            messageId: 'token',
            data: { where, via, registry, secret: reference.name, agent, instead: INSTEAD[registry] },
            lifetime: { class: 'long', source: 'kind:registry-api-token' },
            ...(agentHere ? { severity: 'high' as const } : {}),
          });
        }
      };

      /** Whether a token for this registry, seen by these jobs (and this step, if any), is used to publish there. */
      const publishesWith = (registry: Registry, needsPublish: boolean, jobs: readonly NormalJob[], step?: Step) =>
        jobs.some((job) => {
          const known = facts.get(job)!;
          if (known.elsewhere.has(registry)) return false;
          if (!needsPublish) return true;
          // A script step that publishes nothing (`npm ci` with a read token) is installing, not publishing.
          if (step?.run !== undefined) return known.publishingSteps.has(step) && known.publishes.has(registry);
          return known.publishes.has(registry);
        });

      const checkEnv = (env: MapNode | undefined, where: string, jobs: readonly NormalJob[], step?: Step) => {
        if (!isMap(env)) return;
        for (const entry of env.entries) {
          const credential = TOKEN_ENV.get(entry.key.toUpperCase());
          if (credential === undefined || !publishesWith(credential.registry, credential.needsPublish, jobs, step)) continue;
          report(storedSecrets(workflow, entry.value), credential.registry, `env ${entry.key}`, where, jobs);
        }
      };

      checkEnv(workflow.env, 'workflow', normalJobs);
      for (const job of normalJobs) {
        const known = facts.get(job)!;
        checkEnv(job.env, `job "${job.id}"`, [job]);
        for (const step of job.steps) {
          const where = `job "${job.id}" step ${stepLabel(step)}`;
          checkEnv(step.env, where, [job], step);

          const action = uses(step);
          const publisher = action !== undefined ? PUBLISH_ACTIONS.get(action) : undefined;
          if (publisher?.token !== undefined && !known.elsewhere.has(publisher.registry)) {
            report(storedSecrets(workflow, stepInput(step, publisher.token)), publisher.registry, `input ${publisher.token} of ${action}`, where, [job]);
          }

          const script = scriptOf(step);
          if (script === undefined) continue;
          for (const { words } of commandsOf(script.text)) {
            const command = publishCommand(words);
            if (command !== undefined) {
              const registry = command.tool.registry;
              if (known.elsewhere.has(registry)) continue;
              for (const { flag, value } of flagValues(command.args, command.tool.tokenFlags)) {
                report(script.referencesIn(value), registry, `${command.name} ${flag}`, where, [job]);
                const variable = variableOf(value);
                if (variable === undefined) continue;
                const entry = envEntry(step.env, variable) ?? envEntry(job.env, variable) ?? envEntry(workflow.env, variable);
                if (entry) report(storedSecrets(workflow, entry.value), registry, `${command.name} ${flag} (through env ${entry.key})`, where, [job]);
              }
              continue;
            }
            // A token written into the tool's own credentials file: `.npmrc`, `~/.gem/credentials`.
            const line = words.join(' ');
            if (/registry\.npmjs\.org\/:_authToken=/i.test(line) && known.publishes.has('npm') && !known.elsewhere.has('npm')) {
              report(script.referencesIn(line), 'npm', 'an .npmrc auth token written in run:', where, [job]);
            } else if (/rubygems_api_key/i.test(line) && !known.elsewhere.has('RubyGems.org')) {
              report(script.referencesIn(line), 'RubyGems.org', 'a RubyGems credentials file written in run:', where, [job]);
            }
          }
        }
      }
    },
  }),
});
