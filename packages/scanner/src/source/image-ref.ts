/**
 * Matching image references the way Docker reads them: `alpine` is `docker.io/library/alpine:latest`.
 * Used to pick one image out of a multi-image archive or index by the tag the user named.
 */

interface Reference {
  name: string;
  tag?: string;
  digest?: string;
}

function parse(ref: string): Reference {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const nameAndTag = at >= 0 ? ref.slice(0, at) : ref;
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > nameAndTag.lastIndexOf('/');
  let name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;
  const first = name.split('/')[0];
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = `docker.io/${name.includes('/') ? name : `library/${name}`}`;
  return { name, tag, digest };
}

function canonical(ref: string): string {
  const r = parse(ref);
  return r.digest ? `${r.name}@${r.digest}` : `${r.name}:${r.tag ?? 'latest'}`;
}

/**
 * Does `candidate` (a RepoTag or ref annotation) answer to what the user `wanted`? Either the same
 * reference once defaults are filled in, or — when `wanted` is a bare tag like `3.19` — the same tag.
 */
export function refMatches(candidate: string, wanted: string): boolean {
  if (candidate === wanted) return true;
  if (canonical(candidate) === canonical(wanted)) return true;
  return !wanted.includes(':') && !wanted.includes('/') && parse(candidate).tag === wanted;
}
