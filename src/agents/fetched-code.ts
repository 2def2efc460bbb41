/**
 * Command lines that run code the repository does not hold: a download piped into an interpreter
 * (`curl … | sh`, `iwr … | iex`), a download substituted into one (`sh -c "$(curl …)"`), or a
 * script hidden in base64. Read, never run; each pattern is bounded, so a hostile line costs
 * linear time. Used for commands a client runs on its own: VS Code tasks on folder open, MCP entries.
 */

/** A download piped straight into an interpreter: what runs is whatever the server sends that day. */
const PIPED_DOWNLOAD = /\b(?:curl|wget)\b[^|;&]{0,500}\|\s*(?:sudo\s+)?(?:(?:ba|z|da|k)?sh|python3?|node|perl|ruby)\b/i;
/** `sh -c "$(curl …)"`, `bash <(wget …)`. */
const SUBSTITUTED_DOWNLOAD = /(?:\$\(|<\()\s*(?:curl|wget)\b/i;
/** PowerShell fetching and evaluating, in either order. */
const POWERSHELL_DOWNLOAD = /\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring|downloadfile)\b[^\n]{0,500}\b(?:iex|invoke-expression)\b|\b(?:iex|invoke-expression)\b[^\n]{0,500}\b(?:iwr|irm|invoke-webrequest|invoke-restmethod|downloadstring)\b/i;
/** A script hidden in base64: `powershell -EncodedCommand …`, `echo … | base64 -d | sh`. */
const ENCODED = /\b(?:powershell|pwsh)(?:\.exe)?\b[^|;&]{0,200}\s-(?:e|ec|enc|encodedcommand)\s+[A-Za-z0-9+/=]{20,}|\bbase64\s+(?:-d|--decode|-D)\b[^;&]{0,200}\|\s*(?:ba|z|da)?sh\b/i;

/** How a command line fetches or hides the code it runs, or undefined. */
export function fetchedCode(line: string): string | undefined {
  if (PIPED_DOWNLOAD.test(line) || SUBSTITUTED_DOWNLOAD.test(line) || POWERSHELL_DOWNLOAD.test(line)) return 'downloads code and runs it, so what runs is not in the repository';
  if (ENCODED.test(line)) return 'decodes and runs a script hidden in base64, which no reviewer reads';
  return undefined;
}

