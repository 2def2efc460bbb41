/** Finding categories: stable strings that appear in SARIF as `properties.category` (docs/contract.md §2). */
export const CATEGORIES = [
  'long-lived-credential',
  'shared-identity',
  'missing-ttl',
  'over-broad-scope',
  'unsafe-agent-setting',
  'secret-exposure',
  'governance',
] as const;
export type Category = (typeof CATEGORIES)[number];
