/**
 * Values a template or a document leaves for the reader to fill in, dressed in a real format:
 * `ghp_xxxxxxxx…`, `sk-your-key-here`, `AKIAIOSFODNN7EXAMPLE`. A random secret holds none of
 * these (a run of eight equal characters in 40 random base62 ones has odds under 1 in 10^12).
 */
const PLACEHOLDER_WORD = /example|placeholder|your[-_]?(?:api|key|token|secret|own|pass)|changeme|redacted|dummy|insert[-_]?(?:your|key|token)|replace[-_]?(?:me|with)|<[^>]*>|\$\{|\{\{|\*{4}/i;
const RUN_OF_ONE = /(.)\1{7}/;
const SEQUENCE = /0123456|1234567|2345678|3456789|9876543|8765432|7654321|6543210|abcdefgh|ABCDEFGH|a1b2c3d4|A1B2C3D4/;

/**
 * Runs and sequences count only in short secrets: a key file's body is long and structured (an
 * unencrypted OpenSSH key's header holds a run of `A`s), where one run says nothing.
 */
const SHORT_SECRET = 200;

export function looksLikePlaceholder(secret: string): boolean {
  if (PLACEHOLDER_WORD.test(secret)) return true;
  if (secret.length > SHORT_SECRET) return false;
  return RUN_OF_ONE.test(secret) || SEQUENCE.test(secret) || new Set(secret).size < 6;
}

/**
 * Whole values a template leaves blank, whatever they stand for: `<token>`, `[profile]`, `xxx`,
 * `***`, `...`, `your-key`, `key-here`, `changeme`, `todo`, `none`, `example…`. Unlike
 * `looksLikePlaceholder` it judges names too (a profile, an account, a context), so it reads no
 * shape into a short value: `prod` and `dev` are names, not blanks.
 */
const FILL_IN = /^(?:<[^>]*>|\[[^\]]*\]|x{3,}|\*{3,}|\.{3,}|your[-_ ].*|.*[-_ ]here|changeme|placeholder|todo|tbd|none|null|example.*)$/i;

export function looksLikeFillIn(value: string): boolean {
  const text = value.trim();
  return text === '' || FILL_IN.test(text);
}
