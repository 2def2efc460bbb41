import { fetchedCode } from '../../src/agents/fetched-code.js';
import { displayName } from '../../src/credentials/mask.js';
import { shownCommand } from '../../src/credentials/redact.js';
import { defineRule, get, isMap, isScalar, isSeq, stringValue, type Node, type Severity, type StructuredDocument } from '../../src/rule.js';

/**
 * A task in `.vscode/tasks.json` with `"runOptions": { "runOn": "folderOpen" }` runs its command
 * when the folder is opened, before anyone asks the agent anything. VS Code 1.109 and later ask
 * once per workspace (`task.allowAutomaticTasks` defaults to `off` and only user settings may
 * change it); earlier releases ran such tasks in every trusted workspace, and VS Code forks that
 * ship with Workspace Trust off run them in every folder. Whoever can change the task, or the
 * script it calls, runs code on every developer's machine the next time they open the folder.
 */

/** One part of a command line: a string, or `{ "value": …, "quoting": … }`. */
function part(node: Node | undefined): string | undefined {
  if (isScalar(node)) return node.value === null ? undefined : String(node.value);
  if (isMap(node)) return part(get(node, 'value'));
  if (isSeq(node)) return node.items.map(part).filter((item) => item !== undefined).join(' ');
  return undefined;
}

/** The command line a task (or one of its `windows`/`linux`/`osx` overrides) runs, or undefined. */
function commandLine(task: Node | undefined, type: string | undefined): string | undefined {
  const command = part(get(task, 'command'));
  const args = get(task, 'args');
  const argv = isSeq(args) ? args.items.map(part).filter((item) => item !== undefined) : [];
  if (command !== undefined) return [command, ...argv].join(' ').replace(/\s+/g, ' ').trim();
  const script = stringValue(get(task, 'script'));
  if (type === 'npm' && script !== undefined) return `npm run ${script}`;
  return undefined;
}

/** How a task keeps out of sight: hidden from the task list or silent, with its terminal never shown. */
function hiddenHow(task: Node): string | undefined {
  const presentation = get(task, 'presentation');
  if (stringValue(get(presentation, 'reveal')) !== 'never') return undefined;
  const ways = ['`"reveal": "never"`'];
  const hide = get(task, 'hide');
  if (isScalar(hide) && hide.value === true) ways.push('`"hide": true`');
  const echo = get(presentation, 'echo');
  if (isScalar(echo) && echo.value === false) ways.push('`"echo": false`');
  return ways.length > 1 ? ways.join(', ') : undefined;
}

export default defineRule({
  meta: {
    id: 'vscode-task-on-folder-open',
    title: 'a VS Code task runs a command whenever the folder is opened',
    description:
      'A task in `.vscode/tasks.json` has `"runOptions": { "runOn": "folderOpen" }`: its command runs when the folder is opened, before anyone has read it. Editors built on VS Code that run automatic tasks without asking (VS Code before 1.109 in a trusted workspace, forks such as Cursor with Workspace Trust off) run it at once, with every credential the developer holds; whoever changes the task or the script it calls, an agent with loose edit approvals included, runs code on every machine that opens the folder next.',
    remediation:
      'Remove `runOn: "folderOpen"` and run the task by hand, from a launch configuration or as a `preLaunchTask`. A task that must start on open should call a script committed in the repository, never a download or an encoded command, and stay visible. Keep edits to `.vscode/` behind the agent\'s confirmation, and turn Workspace Trust on in editors that ship with it off.',
    category: 'unsafe-agent-setting',
    severity: 'low',
    confidence: 'high',
    kinds: ['vscode-tasks'],
    clients: ['vscode'],
    messages: {
      folderOpen: 'task "{label}" runs {command} whenever the folder is opened; VS Code before 1.109 and forks with Workspace Trust off, such as Cursor, run it without asking; run it by hand instead',
      hidden: 'task "{label}" runs {command} out of sight ({how}) whenever the folder is opened; show it, or run it by hand',
      fetchesCode: 'task "{label}" runs {command} whenever the folder is opened: it {how}; remove runOn "folderOpen" and check what it ran',
    },
    frameworks: [
      { framework: 'owasp-asi-2026', id: 'ASI05' },
      { framework: 'owasp-asi-2026', id: 'ASI04' },
      { framework: 'owasp-nhi-2025', id: 'NHI8' },
      { framework: 'csa-maestro', id: 'L4' },
      { framework: 'nist-ai-rmf-1.0', id: 'MAP-4.2' },
      { framework: 'cwe', id: '829' },
    ],
  },
  create: (context) => ({
    document(doc: StructuredDocument) {
      const tasks = get(doc.roots[0], 'tasks');
      if (!isSeq(tasks)) return;
      tasks.items.forEach((task, index) => {
        if (!isMap(task)) return;
        const runOn = get(get(task, 'runOptions'), 'runOn');
        if (stringValue(runOn) !== 'folderOpen') return;
        const type = stringValue(get(task, 'type'));
        const label = displayName(stringValue(get(task, 'label')) ?? stringValue(get(task, 'taskName')) ?? `tasks[${index}]`, 60);
        // The task's own command line first, then each platform's.
        const lines = [task, get(task, 'windows'), get(task, 'linux'), get(task, 'osx')]
          .map((node) => commandLine(node, type))
          .filter((line) => line !== undefined);
        const fetching = lines.map((line) => ({ line, how: fetchedCode(line) })).find((found) => found.how !== undefined);
        if (fetching) {
          context.report({ node: runOn!, at: 'entry', messageId: 'fetchesCode', data: { label, how: fetching.how!, command: shownCommand(fetching.line) }, severity: 'high' });
          return;
        }
        const command = lines[0] !== undefined ? shownCommand(lines[0]) : type !== undefined ? `a "${displayName(type, 40)}" task` : 'its command';
        const how = hiddenHow(task);
        const severity: Severity = how ? 'medium' : 'low';
        if (how) context.report({ node: runOn!, at: 'entry', messageId: 'hidden', data: { label, command, how }, severity });
        else context.report({ node: runOn!, at: 'entry', messageId: 'folderOpen', data: { label, command }, severity });
      });
    },
  }),
});
