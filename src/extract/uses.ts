import type { UsesTarget } from '../model/workflow.js';

const DOCKER_PREFIX = 'docker://';

/**
 * What a `uses:` string names, read as the Actions runner reads it: `docker://` is an image,
 * `./` (or `.\`) a path in the workflow's own repository, anything else `owner/repo[/path]@ref`
 * with exactly one `@`. Undefined for a string the runner would refuse outright (fewer than two
 * path segments, several `@`s): there is nothing to say about what it runs.
 */
export function parseUses(raw: string): UsesTarget | undefined {
  if (raw.startsWith(DOCKER_PREFIX)) {
    const image = raw.slice(DOCKER_PREFIX.length);
    if (image === '') return undefined;
    return { kind: 'docker', raw, ...parseImageReference(image) };
  }
  if (raw.startsWith('./') || raw.startsWith('.\\')) return { kind: 'local', raw, path: raw };

  const at = raw.indexOf('@');
  if (at !== -1 && raw.indexOf('@', at + 1) !== -1) return undefined;
  const location = at === -1 ? raw : raw.slice(0, at);
  const ref = at === -1 ? '' : raw.slice(at + 1);
  const segments = location.split(/[/\\]/).filter((segment) => segment !== '');
  const [owner, repo, ...rest] = segments;
  if (owner === undefined || repo === undefined) return undefined;
  return {
    kind: 'repository',
    raw,
    owner,
    repo,
    ...(rest.length > 0 ? { path: rest.join('/') } : {}),
    ...(ref !== '' ? { ref } : {}),
  };
}

/**
 * Splits `registry:5000/name:tag@sha256:…` into the image as written, its tag and its digest.
 * The tag is after the last `:` of the last path segment, so a registry port is not a tag.
 */
export function parseImageReference(image: string): { image: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const named = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? '' : image.slice(at + 1);
  const lastSegment = named.slice(named.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon === -1 ? '' : lastSegment.slice(colon + 1);
  return { image, ...(tag !== '' ? { tag } : {}), ...(digest !== '' ? { digest } : {}) };
}
