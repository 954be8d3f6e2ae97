/**
 * Which paths hold a project's dependency declarations. Copies inside an installed package tree
 * (a requirements.txt or poetry.lock shipped in a wheel or sdist and unpacked into
 * site-packages) describe how that package was developed, not what is installed here.
 */
const INSTALLED_TREES = new Set(['site-packages', 'dist-packages', 'node_modules']);

/** The file name of `path` if it is outside installed package trees, else undefined. */
export function projectFileName(path: string): string | undefined {
  const segments = path.split('/');
  const name = segments.pop() as string;
  return segments.some((s) => INSTALLED_TREES.has(s)) ? undefined : name;
}
