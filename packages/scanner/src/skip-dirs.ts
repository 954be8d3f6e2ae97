/**
 * `--skip-dirs`: a predicate over target-relative paths. Entries may be given with or without a
 * leading slash or `./`, and may use `*` / `**` globs (`**\/testdata`).
 */
export function skipDirMatcher(dirs: readonly string[]): (path: string) => boolean {
  const patterns = dirs.map(toRegExp);
  if (patterns.length === 0) return () => false;
  return (path) => patterns.some((re) => re.test(path));
}

function toRegExp(dir: string): RegExp {
  const clean = dir.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  const body = clean
    .split('/')
    .map((seg) => (seg === '**' ? '(?:[^/]+/)*?' : `${seg.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '[^/]*')}/`))
    .join('');
  // The directory itself never reaches here (only files do): match anything below it.
  return new RegExp(`^${body}`);
}
