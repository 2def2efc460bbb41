import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../src/credentials/catalogue/index.js';
import { CredentialDetector } from '../src/credentials/detect.js';

const detector = new CredentialDetector(CATALOGUE);

/**
 * Each catalogue type carries its own proof: every true sample is found as exactly that type
 * (and, where the sample names it, exactly that secret), every false sample is not found as it.
 * The samples run through the whole catalogue, so a type that shadows another shows up here.
 */
describe.each(CATALOGUE.map((type) => [type.id, type] as const))('%s', (_, type) => {
  it('has true and false samples, keywords and a lifetime', () => {
    expect(type.samples.true.length).toBeGreaterThan(0);
    expect(type.samples.false.length).toBeGreaterThan(0);
    expect(type.keywords.every((keyword) => keyword === keyword.toLowerCase())).toBe(true);
    expect(type.lifetimeNote.length).toBeGreaterThan(0);
  });

  it.each(type.samples.true.map((sample) => [typeof sample === 'string' ? sample : sample.text, sample] as const))('finds %j', (_, sample) => {
    const text = typeof sample === 'string' ? sample : sample.text;
    const path = typeof sample === 'string' ? 'sample.txt' : (sample.path ?? 'sample.txt');
    const hits = detector.detect(text, path);
    expect(hits.map((hit) => hit.type.id)).toEqual([type.id]);
    if (typeof sample !== 'string') expect(hits[0]!.secret).toBe(sample.secret);
    expect(text.slice(hits[0]!.start, hits[0]!.end)).toBe(hits[0]!.secret);
  });

  it.each(type.samples.false.map((sample) => [typeof sample === 'string' ? sample : sample.text, sample] as const))('does not find %j', (_, sample) => {
    const text = typeof sample === 'string' ? sample : sample.text;
    const path = typeof sample === 'string' ? 'sample.txt' : (sample.path ?? 'sample.txt');
    expect(detector.detect(text, path).map((hit) => hit.type.id)).not.toContain(type.id);
  });
});

describe('the catalogue', () => {
  it('ids are distinct kebab-case', () => {
    const ids = CATALOGUE.map((type) => type.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});
