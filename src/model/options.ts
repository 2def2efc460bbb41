/** A rule option's declared shape: `.nhiscan.yml` values are checked against it. */
export type OptionSpec =
  | { readonly type: 'number'; readonly default: number; readonly min?: number; readonly description: string }
  | { readonly type: 'boolean'; readonly default: boolean; readonly description: string }
  | { readonly type: 'string'; readonly default: string; readonly description: string }
  | { readonly type: 'string-list'; readonly default: readonly string[]; readonly description: string };

export type OptionValue = number | boolean | string | readonly string[];

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The value type an option spec declares. */
export type OptionValueOf<Spec extends OptionSpec> =
  Spec extends { readonly type: 'number' } ? number
  : Spec extends { readonly type: 'boolean' } ? boolean
  : Spec extends { readonly type: 'string' } ? string
  : readonly string[];

/** A rule's options as its code reads them: each typed from its spec, so rules need no casts. */
export type OptionValues<Specs extends OptionSpecs> = { readonly [Name in keyof Specs]: OptionValueOf<Specs[Name]> };
