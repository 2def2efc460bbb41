/**
 * The framework catalog: every framework, version, URL and item (taxon) that nhiscan cites.
 *
 * This file is the one source of truth for framework references. Rules list `{ framework, id }`
 * pairs; a meta-test checks each pair against this catalog, and the SARIF writer builds
 * `runs[].taxonomies[]`, `relationships[]`, tags and the help text from it.
 *
 * Id spellings inside the catalog (Taxon.id and FrameworkRef.id):
 *   owasp-asi-2026   ASI01 … ASI10
 *   owasp-nhi-2025   NHI1 … NHI10            (displayed as NHI7:2025)
 *   csa-maestro      L1 … L7                 (architectural layers; MAESTRO has no threat ids)
 *   nist-ai-rmf-1.0  GOVERN-1.6, MAP-4.2 …   (displayed as GOVERN 1.6)
 *   cwe              '798'                   (displayed as CWE-798)
 *   nist-csf-2.0     PR.AA-01 … PR.AA-06
 *
 * Sources the titles were checked against (see docs/frameworks.md for the user-facing page):
 *   ASI   OWASP GenAI Security Project, "OWASP Top 10 for Agentic Applications 2026" (Dec 2025).
 *   NHI   OWASP/www-project-non-human-identities-top-10, 2025/docs/top-10-2025.md and 2025/mkdocs.yml;
 *         per-risk pages are 2025/<n>-<slug>/ in the same repository.
 *   L1–L7 CSA blog "Agentic AI Threat Modeling Framework: MAESTRO" (Ken Huang, 6 Feb 2025).
 *   AI RMF NIST AI 100-1 subcategory statements (titles here are shortened, meaning kept).
 *   CWE   cwe.mitre.org definitions; catalog version 4.20.
 *   CSF   NIST CSWP 29 (CSF 2.0), PR.AA subcategories.
 */

export type FrameworkId =
  | 'owasp-asi-2026'
  | 'owasp-nhi-2025'
  | 'csa-maestro'
  | 'nist-ai-rmf-1.0'
  | 'cwe'
  | 'nist-csf-2.0';

/** One item of a framework: an ASI risk, an NHI risk, a MAESTRO layer, a subcategory, a CWE. */
export interface Taxon {
  readonly id: string;
  readonly title: string;
  /** Per-item page where one exists; otherwise absent and the framework's informationUri applies. */
  readonly uri?: string;
}

export interface Framework {
  readonly id: FrameworkId;
  /** SARIF toolComponent name. */
  readonly name: string;
  /** Short human label, e.g. for help text. */
  readonly shortName: string;
  readonly version: string;
  readonly organization: string;
  readonly informationUri: string;
  /** Fixed SARIF toolComponent guid; never generated at run time. */
  readonly guid: string;
  /** True for the five frameworks every rule must cite. */
  readonly required: boolean;
  readonly taxa: ReadonlyMap<string, Taxon>;
}

export interface FrameworkRef {
  readonly framework: FrameworkId;
  readonly id: string;
}

/** [id, title] or [id, title, uri]. */
type TaxonSpec = readonly [id: string, title: string, uri?: string];

function taxa(specs: readonly TaxonSpec[]): ReadonlyMap<string, Taxon> {
  const map: Map<string, Taxon> = new Map<string, Taxon>();
  for (const [id, title, uri] of specs) {
    if (map.has(id)) {
      throw new Error(`framework catalog: duplicate taxon id ${id}`);
    }
    const item: Taxon = uri === undefined ? { id, title } : { id, title, uri };
    map.set(id, Object.freeze(item));
  }
  return map;
}

function define(framework: Framework): Framework {
  return Object.freeze(framework);
}

// ---------------------------------------------------------------------------------------------
// OWASP Top 10 for Agentic Applications 2026
// ---------------------------------------------------------------------------------------------

const OWASP_ASI: Framework = define({
  id: 'owasp-asi-2026',
  name: 'OWASP Top 10 for Agentic Applications',
  shortName: 'OWASP Agentic 2026',
  version: '2026',
  organization: 'OWASP GenAI Security Project',
  informationUri: 'https://genai.owasp.org/resource/owasp-top-10-for-agentic-applications-for-2026/',
  guid: 'e676099a-1f19-411c-8e7b-3570ed402d93',
  required: true,
  taxa: taxa([
    ['ASI01', 'Agent Goal Hijack'],
    ['ASI02', 'Tool Misuse and Exploitation'],
    ['ASI03', 'Identity and Privilege Abuse'],
    ['ASI04', 'Agentic Supply Chain Vulnerabilities'],
    ['ASI05', 'Unexpected Code Execution (RCE)'],
    ['ASI06', 'Memory & Context Poisoning'],
    ['ASI07', 'Insecure Inter-Agent Communication'],
    ['ASI08', 'Cascading Failures'],
    ['ASI09', 'Human-Agent Trust Exploitation'],
    ['ASI10', 'Rogue Agents'],
  ]),
});

// ---------------------------------------------------------------------------------------------
// OWASP Non-Human Identities Top 10 (2025)
// ---------------------------------------------------------------------------------------------

const NHI_BASE_URI: string = 'https://owasp.org/www-project-non-human-identities-top-10/2025/';

function nhi(n: number, title: string, slug: string): TaxonSpec {
  return [`NHI${n}`, title, `${NHI_BASE_URI}${n}-${slug}/`];
}

const OWASP_NHI: Framework = define({
  id: 'owasp-nhi-2025',
  name: 'OWASP Non-Human Identities Top 10',
  shortName: 'OWASP NHI 2025',
  version: '2025',
  organization: 'OWASP',
  informationUri: NHI_BASE_URI,
  guid: 'e4b120e8-9382-4388-852e-9178db7ad463',
  required: true,
  taxa: taxa([
    nhi(1, 'Improper Offboarding', 'improper-offboarding'),
    nhi(2, 'Secret Leakage', 'secret-leakage'),
    nhi(3, 'Vulnerable Third-Party NHI', 'vulnerable-third-party-nhi'),
    nhi(4, 'Insecure Authentication', 'insecure-authentication'),
    nhi(5, 'Overprivileged NHI', 'overprivileged-nhi'),
    nhi(6, 'Insecure Cloud Deployment Configurations', 'insecure-cloud-deployment-configurations'),
    nhi(7, 'Long-Lived Secrets', 'long-lived-secrets'),
    nhi(8, 'Environment Isolation', 'environment-isolation'),
    nhi(9, 'NHI Reuse', 'nhi-reuse'),
    nhi(10, 'Human Use of NHI', 'human-use-of-nhi'),
  ]),
});

// ---------------------------------------------------------------------------------------------
// CSA MAESTRO: seven architectural layers. MAESTRO publishes no threat ids and no version number;
// the version recorded here is the year CSA published it.
// ---------------------------------------------------------------------------------------------

const CSA_MAESTRO: Framework = define({
  id: 'csa-maestro',
  name: 'CSA MAESTRO Agentic AI Threat Modeling Framework',
  shortName: 'CSA MAESTRO',
  version: '2025',
  organization: 'Cloud Security Alliance',
  informationUri:
    'https://cloudsecurityalliance.org/blog/2025/02/06/agentic-ai-threat-modeling-framework-maestro',
  guid: 'a0a3c349-b869-4faf-bf69-1217cbb792e5',
  required: true,
  taxa: taxa([
    ['L1', 'Foundation Models'],
    ['L2', 'Data Operations'],
    ['L3', 'Agent Frameworks'],
    ['L4', 'Deployment and Infrastructure'],
    ['L5', 'Evaluation and Observability'],
    ['L6', 'Security and Compliance'],
    ['L7', 'Agent Ecosystem'],
  ]),
});

// ---------------------------------------------------------------------------------------------
// NIST AI RMF 1.0 (NIST AI 100-1): only the subcategories nhiscan cites. Titles are the
// subcategory outcome statements, shortened where the original runs on.
// ---------------------------------------------------------------------------------------------

const NIST_AI_RMF: Framework = define({
  id: 'nist-ai-rmf-1.0',
  name: 'NIST AI Risk Management Framework',
  shortName: 'NIST AI RMF 1.0',
  version: '1.0',
  organization: 'NIST',
  informationUri: 'https://nvlpubs.nist.gov/nistpubs/ai/NIST.AI.100-1.pdf',
  guid: '9b31e292-2704-4856-a658-52c2343a5dab',
  required: true,
  taxa: taxa([
    ['GOVERN-1.6', 'Mechanisms are in place to inventory AI systems'],
    [
      'GOVERN-1.7',
      'Processes and procedures are in place for decommissioning and phasing out AI systems safely',
    ],
    [
      'GOVERN-2.1',
      'Roles, responsibilities and lines of communication for mapping, measuring and managing AI risks are documented and clear',
    ],
    [
      'GOVERN-3.2',
      'Policies and procedures define and differentiate roles and responsibilities for human-AI configurations and oversight of AI systems',
    ],
    ['GOVERN-6.1', 'Policies and procedures address AI risks associated with third-party entities'],
    ['MAP-3.5', 'Processes for human oversight are defined, assessed, and documented'],
    [
      'MAP-4.1',
      'Approaches for mapping AI technology and legal risks of components, including third-party data or software, are in place, followed, and documented',
    ],
    [
      'MAP-4.2',
      'Internal risk controls for components of the AI system, including third-party AI technologies, are identified and documented',
    ],
    ['MEASURE-2.7', 'AI system security and resilience are evaluated and documented'],
    ['MEASURE-2.8', 'Risks associated with transparency and accountability are examined and documented'],
    [
      'MANAGE-2.4',
      'Mechanisms and assigned responsibilities are in place to supersede, disengage, or deactivate AI systems whose performance or outcomes are inconsistent with intended use',
    ],
    [
      'MANAGE-3.1',
      'AI risks and benefits from third-party resources are regularly monitored, and risk controls are applied and documented',
    ],
    [
      'MANAGE-4.1',
      'Post-deployment AI system monitoring plans are implemented, including override, decommissioning, incident response, recovery, and change management',
    ],
  ]),
});

// ---------------------------------------------------------------------------------------------
// CWE: only the entries nhiscan cites, with MITRE's titles.
// ---------------------------------------------------------------------------------------------

function cwe(n: number, title: string): TaxonSpec {
  return [String(n), title, `https://cwe.mitre.org/data/definitions/${n}.html`];
}

const MITRE_CWE: Framework = define({
  id: 'cwe',
  name: 'CWE',
  shortName: 'CWE',
  version: '4.20',
  organization: 'MITRE',
  informationUri: 'https://cwe.mitre.org/',
  guid: '2b7d90ef-de11-45f1-ada1-050af7615920',
  required: true,
  taxa: taxa([
    cwe(250, 'Execution with Unnecessary Privileges'),
    cwe(269, 'Improper Privilege Management'),
    cwe(272, 'Least Privilege Violation'),
    cwe(312, 'Cleartext Storage of Sensitive Information'),
    cwe(319, 'Cleartext Transmission of Sensitive Information'),
    cwe(324, 'Use of a Key Past its Expiration Date'),
    cwe(522, 'Insufficiently Protected Credentials'),
    cwe(526, 'Cleartext Storage of Sensitive Information in an Environment Variable'),
    cwe(613, 'Insufficient Session Expiration'),
    cwe(653, 'Improper Isolation or Compartmentalization'),
    cwe(693, 'Protection Mechanism Failure'),
    cwe(732, 'Incorrect Permission Assignment for Critical Resource'),
    cwe(798, 'Use of Hard-coded Credentials'),
    cwe(829, 'Inclusion of Functionality from Untrusted Control Sphere'),
    cwe(862, 'Missing Authorization'),
    cwe(1188, 'Initialization of a Resource with an Insecure Default'),
    cwe(1427, 'Improper Neutralization of Input Used for LLM Prompting'),
  ]),
});

// ---------------------------------------------------------------------------------------------
// NIST CSF 2.0: PR.AA (Identity Management, Authentication, and Access Control). Optional.
// ---------------------------------------------------------------------------------------------

const NIST_CSF: Framework = define({
  id: 'nist-csf-2.0',
  name: 'NIST Cybersecurity Framework',
  shortName: 'NIST CSF 2.0',
  version: '2.0',
  organization: 'NIST',
  informationUri: 'https://doi.org/10.6028/NIST.CSWP.29',
  guid: '57a313d5-edb5-43a7-bdd7-6762da44d73e',
  required: false,
  taxa: taxa([
    [
      'PR.AA-01',
      'Identities and credentials for authorized users, services, and hardware are managed by the organization',
    ],
    ['PR.AA-02', 'Identities are proofed and bound to credentials based on the context of interactions'],
    ['PR.AA-03', 'Users, services, and hardware are authenticated'],
    ['PR.AA-04', 'Identity assertions are protected, conveyed, and verified'],
    [
      'PR.AA-05',
      'Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties',
    ],
    ['PR.AA-06', 'Physical access to assets is managed, monitored, and enforced commensurate with risk'],
  ]),
});

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** Every framework, in citation order: ASI, NHI, MAESTRO, AI RMF, CWE, CSF. */
export const FRAMEWORKS: readonly Framework[] = Object.freeze([
  OWASP_ASI,
  OWASP_NHI,
  CSA_MAESTRO,
  NIST_AI_RMF,
  MITRE_CWE,
  NIST_CSF,
]);

const BY_ID: ReadonlyMap<FrameworkId, Framework> = new Map<FrameworkId, Framework>(
  FRAMEWORKS.map((f: Framework): [FrameworkId, Framework] => [f.id, f]),
);

/** The framework with this id; throws on an id outside the catalog (a programming error). */
export function framework(id: FrameworkId): Framework {
  const found: Framework | undefined = BY_ID.get(id);
  if (found === undefined) {
    throw new Error(`framework catalog: unknown framework ${String(id)}`);
  }
  return found;
}

/** The catalog item a reference points to, or undefined when the catalog has no such item. */
export function taxon(ref: FrameworkRef): Taxon | undefined {
  return BY_ID.get(ref.framework)?.taxa.get(ref.id);
}

/**
 * How a reference is written for people: 'ASI03', 'NHI7:2025', 'MAESTRO L4', 'GOVERN 3.2',
 * 'CWE-798', 'PR.AA-05'. Pure formatting; it does not check that the item exists.
 */
export function displayId(ref: FrameworkRef): string {
  const fw: FrameworkId = ref.framework;
  switch (fw) {
    case 'owasp-asi-2026':
      return ref.id;
    case 'owasp-nhi-2025':
      return `${ref.id}:${OWASP_NHI.version}`;
    case 'csa-maestro':
      return `MAESTRO ${ref.id}`;
    case 'nist-ai-rmf-1.0':
      return ref.id.replace('-', ' ');
    case 'cwe':
      return `CWE-${ref.id}`;
    case 'nist-csf-2.0':
      return ref.id;
    default:
      return unknownFramework(fw);
  }
}

/**
 * The SARIF `properties.tags` entry for a reference: 'owasp-asi/ASI03', 'owasp-nhi/NHI7',
 * 'maestro/L4', 'nist-ai-rmf/GOVERN-3.2', 'external/cwe/cwe-798'. Undefined when the framework has
 * no tag (NIST CSF) or the item is not in the catalog, so every tag returned is a known item.
 */
export function tagFor(ref: FrameworkRef): string | undefined {
  if (taxon(ref) === undefined) {
    return undefined;
  }
  const fw: FrameworkId = ref.framework;
  switch (fw) {
    case 'owasp-asi-2026':
      return `owasp-asi/${ref.id}`;
    case 'owasp-nhi-2025':
      return `owasp-nhi/${ref.id}`;
    case 'csa-maestro':
      return `maestro/${ref.id}`;
    case 'nist-ai-rmf-1.0':
      return `nist-ai-rmf/${ref.id}`;
    case 'cwe':
      return `external/cwe/cwe-${ref.id}`;
    case 'nist-csf-2.0':
      return undefined;
    default:
      return unknownFramework(fw);
  }
}

function unknownFramework(id: never): never {
  throw new Error(`framework catalog: unknown framework ${String(id)}`);
}
