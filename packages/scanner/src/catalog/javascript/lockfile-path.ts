/**
 * Which paths hold a project's lockfile. A lockfile inside `node_modules` shipped with a published
 * package (npm-shrinkwrap.json, yarn.lock in the tarball): it records the author's development
 * tree, not what is installed here, so reading it would report packages that are not present.
 */
export function isProjectLockfile(path: string, fileName: string): boolean {
  const segments = path.split('/');
  return segments[segments.length - 1] === fileName && !segments.includes('node_modules');
}
