import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { framework, FRAMEWORKS, tagFor, taxon, type FrameworkId } from '../frameworks/catalog.js';
import type { ScanResult } from '../model/scan-result.js';
import type { Finding, Notification } from '../model/finding.js';
import { PRECISION, SECURITY_SEVERITY, sarifLevel } from '../model/severity.js';
import type { Rule } from '../rule.js';
import { ruleHelpUri, TOOL_NAME, TOOL_URI, TOOL_VERSION } from '../version.js';
import { helpMarkdown, helpText } from './rule-help.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const MAX_TAGS = 10;

/** GitHub shows ten tags: security and the category first, then one primary id per framework, then the rest. */
export function ruleTags(rule: Rule): string[] {
  const tags = ['security', rule.meta.category];
  const refs = rule.meta.frameworks;
  const primaries = FRAMEWORKS.flatMap((fw) => refs.find((ref) => ref.framework === fw.id) ?? []);
  for (const ref of [...primaries, ...refs]) {
    const tag = tagFor(ref);
    if (tag && !tags.includes(tag) && tags.length < MAX_TAGS) tags.push(tag);
  }
  return tags;
}

function descriptor(rule: Rule): Sarif.ReportingDescriptor {
  return {
    id: rule.meta.id,
    name: rule.meta.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.meta.title },
    fullDescription: { text: rule.meta.description },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    helpUri: ruleHelpUri(rule.meta.id),
    defaultConfiguration: { level: sarifLevel(rule.meta.severity) },
    relationships: rule.meta.frameworks.map((ref) => {
      const fw = framework(ref.framework);
      return { target: { id: ref.id, toolComponent: { name: fw.name, guid: fw.guid } }, kinds: ['relevant'] };
    }),
    properties: {
      category: rule.meta.category,
      precision: PRECISION[rule.meta.confidence],
      'security-severity': SECURITY_SEVERITY[rule.meta.severity],
      tags: ruleTags(rule),
    },
  };
}

function taxonomies(rules: readonly Rule[]): Sarif.ToolComponent[] {
  const used = new Map<FrameworkId, Set<string>>();
  for (const rule of rules) {
    for (const ref of rule.meta.frameworks) {
      const set = used.get(ref.framework) ?? new Set<string>();
      set.add(ref.id);
      used.set(ref.framework, set);
    }
  }
  return FRAMEWORKS.filter((fw) => used.has(fw.id)).map((fw) => ({
    name: fw.name,
    guid: fw.guid,
    version: fw.version,
    organization: fw.organization,
    informationUri: fw.informationUri,
    isComprehensive: false,
    taxa: [...used.get(fw.id)!].sort().map((id) => {
      const item = taxon({ framework: fw.id, id })!;
      return { id, name: item.title, shortDescription: { text: item.title }, ...(item.uri ? { helpUri: item.uri } : {}) };
    }),
  }));
}

/** Where a path of the report is, as SARIF says it. */
type Artifact = (filePath: string) => Sarif.ArtifactLocation;

/**
 * A path relative to the scan root; or a file outside it, which SARIF gets as an absolute
 * `file://` URI with no base (docs/contract.md §4): a `--config` file given by its absolute path,
 * or one of the user's own files read with `--include-home` (`~/.cursor/mcp.json`), whose
 * absolute path `userFiles` holds.
 */
function artifactIn(userFiles: ReadonlyMap<string, string> | undefined): Artifact {
  return (filePath) => {
    const absolute = userFiles?.get(filePath) ?? (path.isAbsolute(filePath) ? filePath : undefined);
    return absolute !== undefined ? { uri: pathToFileURL(absolute).href } : { uri: relativeUri(filePath), uriBaseId: '%SRCROOT%' };
  };
}

function location(artifact: Artifact, filePath: string, region: Finding['region'], message?: string): Sarif.Location {
  return {
    physicalLocation: {
      artifactLocation: artifact(filePath),
      region: { ...region },
    },
    ...(message ? { message: { text: message } } : {}),
  };
}

/**
 * `suppressions` is written on every result of a run that holds a suppressed one (an empty array
 * on the rest), as SARIF 2.1.0 §3.27.23 asks: all null or all non-null. A suppression carries no
 * `status`: the standard gives it no default and a non-empty array is already a request to
 * suppress, and consumers that validate against the 2.1.0 draft schema (datadog-ci) reject it.
 */
function result(artifact: Artifact, finding: Finding, ruleIndex: number, withSuppressions: boolean): Sarif.Result {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [location(artifact, finding.path, finding.region)],
    partialFingerprints: { 'nhiscan/v1': finding.fingerprint },
    ...(withSuppressions && !finding.suppression ? { suppressions: [] } : {}),
    ...(finding.suppression
      ? {
          suppressions: [
            {
              kind: finding.suppression.kind === 'inline' ? 'inSource' : 'external',
              justification: finding.suppression.reason,
              location: location(artifact, finding.suppression.path, {
                startLine: finding.suppression.line ?? 1,
                startColumn: 1,
                endLine: finding.suppression.line ?? 1,
                endColumn: 1,
              }),
              ...(finding.suppression.expires ? { properties: { expires: finding.suppression.expires } } : {}),
            },
          ],
        }
      : {}),
    ...(finding.relatedLocations?.length
      ? { relatedLocations: finding.relatedLocations.map((related, id) => ({ id, ...location(artifact, related.path, related.region, related.message) })) }
      : {}),
    properties: {
      category: finding.category,
      confidence: finding.confidence,
      severity: finding.severity,
      'security-severity': SECURITY_SEVERITY[finding.severity],
      ...(finding.lifetime ? { lifetime: finding.lifetime } : {}),
      ...(finding.alsoMatched?.length ? { alsoMatched: finding.alsoMatched } : {}),
    },
  };
}

function notification(artifact: Artifact, note: Notification): Sarif.Notification {
  return {
    level: note.level,
    message: { text: note.message },
    descriptor: { id: note.kind },
    ...(note.ruleId ? { associatedRule: { id: note.ruleId } } : {}),
    ...(note.path
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(note.path),
                ...(note.line ? { region: { startLine: note.line, ...(note.column ? { startColumn: note.column } : {}) } } : {}),
              },
            },
          ],
        }
      : {}),
  };
}

function rootUri(root: string): string {
  return pathToFileURL(root.endsWith(path.sep) ? root : `${root}${path.sep}`).href;
}

/** A relative path as a URI reference: each segment percent-encoded, so `#`, `?` and `%` in names survive. */
export function relativeUri(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it (docs/contract.md §5). The driver lists every
 * rule that ran, so a result's `ruleIndex` is stable for a given rule selection.
 */
export function toSarif(scan: ScanResult, findings: readonly Finding[] = scan.findings): Sarif.Log {
  const rules = [...scan.rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  const index = new Map(rules.map((rule, i) => [rule.meta.id, i]));
  const withSuppressions = findings.some((finding) => finding.suppression !== undefined);
  const artifact = artifactIn(scan.userFiles);
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        semanticVersion: TOOL_VERSION,
        version: TOOL_VERSION,
        informationUri: TOOL_URI,
        rules: rules.map(descriptor),
      },
    },
    automationDetails: { id: 'nhiscan/' },
    originalUriBaseIds: { '%SRCROOT%': { uri: rootUri(scan.root) } },
    taxonomies: taxonomies(rules),
    invocations: [
      {
        executionSuccessful: true,
        startTimeUtc: scan.startTime.toISOString(),
        endTimeUtc: scan.endTime.toISOString(),
        toolExecutionNotifications: scan.notifications.map((note) => notification(artifact, note)),
      },
    ],
    ...(scan.provenance
      ? {
          versionControlProvenance: [
            {
              repositoryUri: scan.provenance.repositoryUri,
              ...(scan.provenance.revisionId ? { revisionId: scan.provenance.revisionId } : {}),
              ...(scan.provenance.branch ? { branch: scan.provenance.branch } : {}),
              mappedTo: { uriBaseId: '%SRCROOT%' },
            },
          ],
        }
      : {}),
    results: findings.map((finding) => result(artifact, finding, index.get(finding.ruleId)!, withSuppressions)),
    columnKind: 'utf16CodeUnits',
  };
  return { $schema: SCHEMA, version: '2.1.0', runs: [run] };
}

export function formatSarif(scan: ScanResult, findings?: readonly Finding[]): string {
  return `${JSON.stringify(toSarif(scan, findings), null, 2)}\n`;
}
