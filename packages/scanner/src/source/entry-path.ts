/**
 * Names of tar entries as the scanner sees them: relative, POSIX, normalised. A name that would
 * land outside the root (absolute, or `..` left over after normalising) marks a hostile archive.
 */

/** `./a//b/./c/` → `a/b/c`; `''` for the root itself; `undefined` for an absolute or escaping name. */
export function normaliseEntryPath(name: string): string | undefined {
  if (name.startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

/** Resolve a relative link target found at `from` inside the same tree; `undefined` if it leaves the tree. */
export function resolveLinkTarget(from: string, target: string): string | undefined {
  if (target.startsWith('/')) return undefined;
  const slash = from.lastIndexOf('/');
  return normaliseEntryPath(slash < 0 ? target : `${from.slice(0, slash)}/${target}`);
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
/** AUFS bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`): neither a file nor a deletion. */
const AUFS_META_PREFIX = '.wh..wh.';

export type WhiteoutMark =
  | { kind: 'whiteout'; path: string }
  | { kind: 'opaque'; dir: string }
  | { kind: 'meta' };

/** OCI/AUFS whiteout conventions for a normalised entry path; `undefined` for ordinary entries. */
export function whiteoutOf(path: string): WhiteoutMark | undefined {
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const base = path.slice(slash + 1);
  if (!base.startsWith(WHITEOUT_PREFIX)) return undefined;
  if (base === OPAQUE_MARKER) return { kind: 'opaque', dir };
  if (base.startsWith(AUFS_META_PREFIX)) return { kind: 'meta' };
  const name = base.slice(WHITEOUT_PREFIX.length);
  if (name === '') return { kind: 'meta' };
  return { kind: 'whiteout', path: dir ? `${dir}/${name}` : name };
}
