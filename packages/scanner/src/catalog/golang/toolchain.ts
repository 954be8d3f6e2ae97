/**
 * Go toolchain release names (`go1.21.5`, `go1.20`, `go1.21rc2`, `go1.9beta1`) as the semantic
 * versions advisory data uses for the standard library (`v1.21.5`, `v1.20.0`, `v1.21.0-rc.2`).
 */

const RELEASE = /^go(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(beta|rc)(\d+))?(?![\w.])/;

/** The stdlib version of a toolchain release, or undefined for development builds and unknown names. */
export function stdlibVersion(goVersion: string): string | undefined {
  // Experiments and vendor suffixes follow a space (`go1.22.0 X:boringcrypto`); `devel …` has no release.
  const m = RELEASE.exec(goVersion.trim().split(/\s+/)[0] ?? '');
  if (!m) return undefined;
  const [, major, minor = '0', patch = '0', pre, preNum] = m;
  return `v${major}.${minor}.${patch}${pre ? `-${pre}.${preNum}` : ''}`;
}
