import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  FRAMEWORKS,
  displayId,
  framework,
  tagFor,
  taxon,
  type Framework,
  type FrameworkId,
  type FrameworkRef,
} from '../src/frameworks/catalog.js';

/** The SARIF tag grammar of docs/contract.md §5, with the categories spelled out. */
const TAG: RegExp =
  /^(security|long-lived-credential|shared-identity|missing-ttl|over-broad-scope|unsafe-agent-setting|secret-exposure|governance|owasp-asi\/ASI(0[1-9]|10)|owasp-nhi\/NHI([1-9]|10)|maestro\/L[1-7]|nist-ai-rmf\/(GOVERN|MAP|MEASURE|MANAGE)-[0-9]+\.[0-9]+|external\/cwe\/cwe-[0-9]+)$/;

const UUID_V4: RegExp = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const ID_PATTERN: Readonly<Record<FrameworkId, RegExp>> = {
  'owasp-asi-2026': /^ASI(0[1-9]|10)$/,
  'owasp-nhi-2025': /^NHI([1-9]|10)$/,
  'csa-maestro': /^L[1-7]$/,
  'nist-ai-rmf-1.0': /^(GOVERN|MAP|MEASURE|MANAGE)-[0-9]+\.[0-9]+$/,
  cwe: /^[1-9][0-9]*$/,
  'nist-csf-2.0': /^PR\.AA-0[1-6]$/,
};

function ids(id: FrameworkId): string[] {
  return [...framework(id).taxa.keys()];
}

function allRefs(): FrameworkRef[] {
  return FRAMEWORKS.flatMap((f: Framework): FrameworkRef[] =>
    [...f.taxa.keys()].map((id: string): FrameworkRef => ({ framework: f.id, id })),
  );
}

describe('framework list', () => {
  it('holds the six frameworks in citation order', () => {
    expect(FRAMEWORKS.map((f: Framework) => f.id)).toEqual([
      'owasp-asi-2026',
      'owasp-nhi-2025',
      'csa-maestro',
      'nist-ai-rmf-1.0',
      'cwe',
      'nist-csf-2.0',
    ]);
  });

  it('gives every framework a lowercase UUID-v4-shaped guid, distinct from the others', () => {
    const guids: string[] = FRAMEWORKS.map((f: Framework) => f.guid);
    for (const guid of guids) {
      expect(guid).toMatch(UUID_V4);
    }
    expect(new Set(guids).size).toBe(guids.length);
  });

  it('marks the five frameworks every rule must cite as required, and CSF as optional', () => {
    const required: FrameworkId[] = FRAMEWORKS.filter((f: Framework) => f.required).map(
      (f: Framework) => f.id,
    );
    expect(required).toEqual(['owasp-asi-2026', 'owasp-nhi-2025', 'csa-maestro', 'nist-ai-rmf-1.0', 'cwe']);
    expect(framework('nist-csf-2.0').required).toBe(false);
  });

  it('fills every descriptive field, with https URLs', () => {
    for (const f of FRAMEWORKS) {
      expect(f.name.trim()).not.toBe('');
      expect(f.shortName.trim()).not.toBe('');
      expect(f.version.trim()).not.toBe('');
      expect(f.organization.trim()).not.toBe('');
      expect(f.informationUri).toMatch(/^https:\/\/[^\s]+$/);
    }
  });

  it('records the expected versions and organizations', () => {
    expect(FRAMEWORKS.map((f: Framework) => [f.id, f.version, f.organization])).toEqual([
      ['owasp-asi-2026', '2026', 'OWASP GenAI Security Project'],
      ['owasp-nhi-2025', '2025', 'OWASP'],
      ['csa-maestro', '2025', 'Cloud Security Alliance'],
      ['nist-ai-rmf-1.0', '1.0', 'NIST'],
      ['cwe', '4.20', 'MITRE'],
      ['nist-csf-2.0', '2.0', 'NIST'],
    ]);
    expect(framework('owasp-asi-2026').name).toBe('OWASP Top 10 for Agentic Applications');
    expect(framework('owasp-asi-2026').shortName).toBe('OWASP Agentic 2026');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(FRAMEWORKS)).toBe(true);
    for (const f of FRAMEWORKS) {
      expect(Object.isFrozen(f)).toBe(true);
      for (const t of f.taxa.values()) {
        expect(Object.isFrozen(t)).toBe(true);
      }
    }
  });

  it('looks a framework up by id and rejects an unknown one', () => {
    for (const f of FRAMEWORKS) {
      expect(framework(f.id)).toBe(f);
    }
    expect(() => framework('owasp-llm-2025' as FrameworkId)).toThrow(/unknown framework/);
  });
});

describe('taxa', () => {
  it('keys every taxon by its own id, in its framework id pattern, with a title', () => {
    for (const f of FRAMEWORKS) {
      expect(f.taxa.size).toBeGreaterThan(0);
      for (const [key, t] of f.taxa) {
        expect(t.id).toBe(key);
        expect(t.id).toMatch(ID_PATTERN[f.id]);
        expect(t.title.trim()).toBe(t.title);
        expect(t.title).not.toBe('');
      }
    }
  });

  it('holds every ASI, NHI, MAESTRO layer and CSF PR.AA item', () => {
    expect(ids('owasp-asi-2026')).toEqual([
      'ASI01', 'ASI02', 'ASI03', 'ASI04', 'ASI05', 'ASI06', 'ASI07', 'ASI08', 'ASI09', 'ASI10',
    ]);
    expect(ids('owasp-nhi-2025')).toEqual([
      'NHI1', 'NHI2', 'NHI3', 'NHI4', 'NHI5', 'NHI6', 'NHI7', 'NHI8', 'NHI9', 'NHI10',
    ]);
    expect(ids('csa-maestro')).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7']);
    expect(ids('nist-csf-2.0')).toEqual(['PR.AA-01', 'PR.AA-02', 'PR.AA-03', 'PR.AA-04', 'PR.AA-05', 'PR.AA-06']);
    expect(framework('owasp-asi-2026').taxa.size).toBe(10);
    expect(framework('owasp-nhi-2025').taxa.size).toBe(10);
    expect(framework('csa-maestro').taxa.size).toBe(7);
    expect(framework('nist-csf-2.0').taxa.size).toBe(6);
  });

  it('holds exactly the NIST AI RMF subcategories and CWEs nhiscan cites', () => {
    expect(ids('nist-ai-rmf-1.0').sort()).toEqual(
      [
        'GOVERN-1.6', 'GOVERN-1.7', 'GOVERN-2.1', 'GOVERN-3.2', 'GOVERN-6.1',
        'MAP-3.5', 'MAP-4.1', 'MAP-4.2',
        'MEASURE-2.7', 'MEASURE-2.8',
        'MANAGE-2.4', 'MANAGE-3.1', 'MANAGE-4.1',
      ].sort(),
    );
    expect(ids('cwe').map(Number).sort((a: number, b: number) => a - b)).toEqual([
      250, 269, 272, 312, 319, 324, 522, 526, 613, 653, 693, 732, 798, 829, 862, 1188, 1427,
    ]);
  });

  it('links every CWE and NHI item to its own page, and no other item', () => {
    for (const t of framework('cwe').taxa.values()) {
      expect(t.uri).toBe(`https://cwe.mitre.org/data/definitions/${t.id}.html`);
    }
    for (const t of framework('owasp-nhi-2025').taxa.values()) {
      const n: string = t.id.slice('NHI'.length);
      expect(t.uri).toMatch(
        new RegExp(`^https://owasp\\.org/www-project-non-human-identities-top-10/2025/${n}-[a-z0-9-]+/$`),
      );
    }
    expect(taxon({ framework: 'owasp-nhi-2025', id: 'NHI7' })?.uri).toBe(
      'https://owasp.org/www-project-non-human-identities-top-10/2025/7-long-lived-secrets/',
    );
    for (const id of ['owasp-asi-2026', 'csa-maestro', 'nist-ai-rmf-1.0', 'nist-csf-2.0'] as const) {
      for (const t of framework(id).taxa.values()) {
        expect(t.uri).toBeUndefined();
      }
    }
  });

  it('spells the spot-checked titles exactly', () => {
    const title = (ref: FrameworkRef): string | undefined => taxon(ref)?.title;
    expect(title({ framework: 'owasp-asi-2026', id: 'ASI03' })).toBe('Identity and Privilege Abuse');
    expect(title({ framework: 'owasp-nhi-2025', id: 'NHI7' })).toBe('Long-Lived Secrets');
    expect(title({ framework: 'csa-maestro', id: 'L4' })).toBe('Deployment and Infrastructure');
    expect(title({ framework: 'cwe', id: '798' })).toBe('Use of Hard-coded Credentials');
    expect(title({ framework: 'cwe', id: '526' })).toBe(
      'Cleartext Storage of Sensitive Information in an Environment Variable',
    );
    expect(title({ framework: 'nist-csf-2.0', id: 'PR.AA-03' })).toBe(
      'Users, services, and hardware are authenticated',
    );
  });

  it('answers undefined for an item outside the catalog', () => {
    expect(taxon({ framework: 'owasp-asi-2026', id: 'ASI11' })).toBeUndefined();
    expect(taxon({ framework: 'owasp-nhi-2025', id: 'NHI7:2025' })).toBeUndefined();
    expect(taxon({ framework: 'cwe', id: 'CWE-798' })).toBeUndefined();
    expect(taxon({ framework: 'nist-ai-rmf-1.0', id: 'GOVERN 3.2' })).toBeUndefined();
    expect(taxon({ framework: 'nist-ai-rmf-1.0', id: 'GOVERN-6.2' })).toBeUndefined();
    expect(taxon({ framework: 'owasp-llm-2025' as FrameworkId, id: 'LLM06' })).toBeUndefined();
  });
});

describe('displayId', () => {
  it('writes each framework in its usual form', () => {
    expect(displayId({ framework: 'owasp-asi-2026', id: 'ASI03' })).toBe('ASI03');
    expect(displayId({ framework: 'owasp-nhi-2025', id: 'NHI7' })).toBe('NHI7:2025');
    expect(displayId({ framework: 'csa-maestro', id: 'L4' })).toBe('MAESTRO L4');
    expect(displayId({ framework: 'nist-ai-rmf-1.0', id: 'GOVERN-3.2' })).toBe('GOVERN 3.2');
    expect(displayId({ framework: 'cwe', id: '798' })).toBe('CWE-798');
    expect(displayId({ framework: 'nist-csf-2.0', id: 'PR.AA-05' })).toBe('PR.AA-05');
  });

  it('gives every catalog item a distinct display id', () => {
    const shown: string[] = allRefs().map(displayId);
    expect(new Set(shown).size).toBe(shown.length);
  });
});

describe('tagFor', () => {
  it('writes the tag grammar GitHub code scanning reads', () => {
    expect(tagFor({ framework: 'owasp-asi-2026', id: 'ASI03' })).toBe('owasp-asi/ASI03');
    expect(tagFor({ framework: 'owasp-nhi-2025', id: 'NHI7' })).toBe('owasp-nhi/NHI7');
    expect(tagFor({ framework: 'csa-maestro', id: 'L4' })).toBe('maestro/L4');
    expect(tagFor({ framework: 'nist-ai-rmf-1.0', id: 'GOVERN-3.2' })).toBe('nist-ai-rmf/GOVERN-3.2');
    expect(tagFor({ framework: 'cwe', id: '798' })).toBe('external/cwe/cwe-798');
  });

  it('tags every item of every tagged framework within the contract regex', () => {
    for (const ref of allRefs()) {
      const tag: string | undefined = tagFor(ref);
      if (ref.framework === 'nist-csf-2.0') {
        expect(tag).toBeUndefined();
      } else {
        expect(tag).toBeDefined();
        expect(tag).toMatch(TAG);
      }
    }
  });

  it('has no tag for CSF and none for an item outside the catalog', () => {
    expect(tagFor({ framework: 'nist-csf-2.0', id: 'PR.AA-05' })).toBeUndefined();
    expect(tagFor({ framework: 'owasp-asi-2026', id: 'ASI11' })).toBeUndefined();
    expect(tagFor({ framework: 'cwe', id: '79' })).toBeUndefined();
    expect(tagFor({ framework: 'owasp-llm-2025' as FrameworkId, id: 'LLM06' })).toBeUndefined();
  });
});

describe('docs/frameworks.md', () => {
  const doc: string = readFileSync(new URL('../docs/frameworks.md', import.meta.url), 'utf8');

  it('names every framework with its version and URL, and every item nhiscan can cite', () => {
    for (const f of FRAMEWORKS) {
      expect(doc).toContain(f.shortName);
      expect(doc).toContain(f.informationUri);
      expect(doc).toContain(`| ${f.version} |`);
      for (const t of f.taxa.values()) {
        const shown: string = displayId({ framework: f.id, id: t.id });
        expect(doc, `${shown} missing from docs/frameworks.md`).toContain(shown);
        expect(doc, `title of ${shown} missing from docs/frameworks.md`).toContain(t.title);
      }
    }
  });
});
