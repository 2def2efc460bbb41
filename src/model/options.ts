/** A rule option's declared shape: `.nhiscan.yml` values are checked against it. */
export type OptionSpec =
  | { readonly type: 'number'; readonly default: number; readonly min?: number; readonly description: string }
  | { readonly type: 'boolean'; readonly default: boolean; readonly description: string }
  | { readonly type: 'string'; readonly default: string; readonly description: string }
  | { readonly type: 'string-list'; readonly default: readonly string[]; readonly description: string };

export type OptionValue = number | boolean | string | readonly string[];
