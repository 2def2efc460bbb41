/**
 * Names from scanned files (paths, server names, keys) are untrusted. Before they reach a
 * terminal, control characters go (no escape sequences repaint the screen); inside a GitHub
 * Actions log, a line starting with `::` would be read as a workflow command, so it is broken up.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
}

export function forTerminal(text: string, env: NodeJS.ProcessEnv = process.env): string {
  const clean = stripControl(text.replace(/[\r\n]+/g, ' '));
  return env.GITHUB_ACTIONS === 'true' ? clean.replace(/::/g, ':\u200b:') : clean;
}
