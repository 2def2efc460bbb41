import { describe, expect, it } from 'vitest';
import { frontMatterOnly } from '../src/parse/front-matter.js';
import { parseYaml } from '../src/parse/yaml.js';

describe('frontMatterOnly', () => {
  it('keeps the front matter in place and blanks the rest, line breaks kept', () => {
    const text = '---\nname: a\ntools: [Read]\n---\n# Title\nname: not this\n';
    const kept = frontMatterOnly(text);
    expect(kept.length).toBe(text.length);
    expect(kept).toBe('   \nname: a\ntools: [Read]\n   \n       \n              \n');
  });

  it('gives positions that are the file\'s own', () => {
    const text = '---\r\nname: agent\r\npermissionMode: plan\r\n...\r\nbody\r\n';
    const result = parseYaml(frontMatterOnly(text));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const root = result.roots[0]!;
    expect(root.type).toBe('map');
    if (root.type !== 'map') return;
    const mode = root.entries[1]!.value;
    expect(text.slice(mode.span.start, mode.span.end)).toBe('plan');
  });

  it('reads nothing from a file that does not open with a front matter line', () => {
    expect(frontMatterOnly('# Agent\n---\nname: x\n---\n').trim()).toBe('');
    expect(frontMatterOnly('\n---\nname: x\n---\n').trim()).toBe('');
  });

  it('takes an unclosed front matter to the end of the file, and skips a byte order mark', () => {
    expect(frontMatterOnly('---\nname: x\n')).toBe('   \nname: x\n');
    expect(frontMatterOnly('\uFEFF---\nname: x\n---\n')).toBe('    \nname: x\n   \n');
  });
});
