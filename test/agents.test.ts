import { describe, expect, it } from 'vitest';
import { agentSteps } from '../src/agents/workflow.js';
import { commandsOf } from '../src/agents/shell.js';
import { extractWorkflow } from '../src/extract/workflow.js';
import type { SourceFile } from '../src/model/document.js';
import type { Workflow } from '../src/model/workflow.js';
import { parseYaml } from '../src/parse/yaml.js';

function workflowOf(text: string, path = '.github/workflows/ci.yml'): Workflow {
  const result = parseYaml(text);
  if (!result.ok) throw new Error(`expected a parse, got ${result.code}`);
  const file = { path, kind: 'github-workflow', syntax: 'yaml', adapter: 'test', text } as unknown as SourceFile;
  const workflow = extractWorkflow({ file, roots: result.roots });
  if (!workflow) throw new Error('expected a workflow');
  return workflow;
}

/** One job whose steps are the given `run:` scripts and `uses:` values. */
function stepsWorkflow(steps: readonly ({ run: string } | { uses: string })[]): string {
  const body = steps
    .map((step) => ('run' in step ? `      - run: |\n${step.run.split('\n').map((line) => `          ${line}`).join('\n')}\n` : `      - uses: ${step.uses}\n`))
    .join('');
  return `on: push\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n${body}`;
}

/** What the detector says of each step: `agent via [args]`. */
function detected(steps: readonly ({ run: string } | { uses: string })[]): string[] {
  return agentSteps(workflowOf(stepsWorkflow(steps))).map((found) => `${found.agent} ${found.via}${found.args ? ` ${JSON.stringify(found.args)}` : ''}`);
}

describe('agent actions', () => {
  it.each([
    ['anthropics/claude-code-action@v1', 'claude-code'],
    ['anthropics/claude-code-base-action@beta', 'claude-code'],
    ['openai/codex-action@v1', 'codex'],
    ['google-github-actions/run-gemini-cli@v0', 'gemini-cli'],
    ['google-gemini/gemini-cli-action@main', 'gemini-cli'],
    ['actions/ai-inference@v1', 'github-models'],
    ['sst/opencode/github@latest', 'opencode'],
    ['qodo-ai/pr-agent@main', 'pr-agent'],
    ['Anthropics/Claude-Code-Action@v1', 'claude-code'],
  ])('%s runs %s', (uses, agent) => {
    expect(detected([{ uses }])).toEqual([`${agent} action`]);
  });

  it('other actions run no agent', () => {
    expect(detected([{ uses: 'actions/checkout@v4' }, { uses: 'anthropics/other-action@v1' }, { uses: './.github/actions/claude' }])).toEqual([]);
  });
});

describe('agent CLIs in run:', () => {
  it.each([
    ['claude -p "fix the tests" --dangerously-skip-permissions', 'claude-code', ['-p', 'fix the tests', '--dangerously-skip-permissions']],
    ['npm install -g @anthropic-ai/claude-code\nclaude --print hello', 'claude-code', ['--print', 'hello']],
    ['npx -y @openai/codex@0.20.0 exec --full-auto "do it"', 'codex', ['exec', '--full-auto', 'do it']],
    ['npx --yes @google/gemini-cli --yolo -p hi', 'gemini-cli', ['--yolo', '-p', 'hi']],
    ['npx -p @openai/codex codex exec x', 'codex', ['exec', 'x']],
    ['pnpm dlx @anthropic-ai/claude-code -p x', 'claude-code', ['-p', 'x']],
    ['pipx run aider-chat --yes-always --message x', 'aider', ['--yes-always', '--message', 'x']],
    ['uvx --from aider-chat aider --message x', 'aider', ['--message', 'x']],
    ['docker run --rm -e KEY=1 -v "$PWD:/w" ghcr.io/acme/claude-code:1.0 -p hi', 'claude-code', ['-p', 'hi']],
    ['sudo -E env FOO=1 timeout 10m codex exec hi', 'codex', ['exec', 'hi']],
    ['if [ -n "$X" ]; then gemini -p hi; fi', 'gemini-cli', ['-p', 'hi']],
    ['OUT=$(claude -p "summarise")\necho "$OUT"', 'claude-code', ['-p', 'summarise']],
    ['ANTHROPIC_API_KEY=x /usr/local/bin/claude \\\n  -p hi \\\n  --allowedTools "Bash(*)"', 'claude-code', ['-p', 'hi', '--allowedTools', 'Bash(*)']],
    ['goose run --text "fix"', 'goose', ['run', '--text', 'fix']],
    ['opencode run "x"', 'opencode', ['run', 'x']],
    ['copilot -p "x" --allow-all-tools', 'copilot', ['-p', 'x', '--allow-all-tools']],
  ])('%j runs %s', (run, agent, args) => {
    expect(detected([{ run }])).toEqual([`${agent} cli ${JSON.stringify(args)}`]);
  });

  it.each([
    ['echo "claude -p hi"'],
    ['# claude -p hi'],
    ['cat <<EOF > prompt.md\nclaude, please fix\ngemini too\nEOF\necho done'],
    ['claude --version'],
    ['codex -h'],
    ['npm install -g @openai/codex @google/gemini-cli'],
    ['pip install aider-chat'],
    ['ls claude/ && ./scripts/gemini.sh'],
    ['git commit -m "ask claude"'],
    ['npx prettier --check .'],
  ])('%j runs no agent', (run) => {
    expect(detected([{ run }])).toEqual([]);
  });

  it('finds each agent of a script that runs several', () => {
    expect(detected([{ run: 'claude -p a\ncodex exec b && gemini -p c' }]).map((line) => line.split(' ')[0])).toEqual(['claude-code', 'codex', 'gemini-cli']);
  });
});

describe("the Copilot coding agent's setup job", () => {
  it('is an agent job in copilot-setup-steps.yml, and only there', () => {
    const text = 'on: workflow_dispatch\njobs:\n  copilot-setup-steps:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
    expect(agentSteps(workflowOf(text, '.github/workflows/copilot-setup-steps.yml')).map((found) => `${found.agent} ${found.via} ${found.job.id}`)).toEqual([
      'copilot copilot-setup copilot-setup-steps',
    ]);
    expect(agentSteps(workflowOf(text, '.github/workflows/other.yml'))).toEqual([]);
  });
});

describe('the shell splitter', () => {
  it('splits commands on separators and lines, keeps quoted words whole, and drops assignments and reserved words', () => {
    expect(commandsOf('A=1 B="x y" run a "b c" \'d;e\' | next; then last && done').map((command) => command.words)).toEqual([
      ['run', 'a', 'b c', 'd;e'],
      ['next'],
      ['last'],
    ]);
  });

  it('skips here-document bodies, stripped or not, and comments', () => {
    expect(commandsOf("cat <<-'END' >f\n\tclaude -p x\n\tEND\nrun # claude\n").map((command) => command.words)).toEqual([['cat', '>f'], ['run']]);
  });

  it('reads a long hostile script in one pass (a quadratic reading would outlast the test timeout)', () => {
    const script = `${'"\\'.repeat(100_000)}\n${'$('.repeat(100_000)}\n${'<<X '.repeat(50_000)}\nclaude -p x`;
    expect(commandsOf(script).length).toBeGreaterThan(0);
  });
});
