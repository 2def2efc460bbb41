/** The tool's identity in every output. Kept in step with package.json by a test. */
export const TOOL_NAME = 'nhiscan';
export const TOOL_VERSION = '0.1.0';
export const TOOL_URI = 'https://github.com/nhiscan/nhiscan';

export function ruleHelpUri(ruleId: string): string {
  return `${TOOL_URI}/blob/main/rules/${ruleId}/README.md`;
}
