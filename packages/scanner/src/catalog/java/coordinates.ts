/**
 * Maven coordinates of an archive, from the best evidence it carries:
 *
 * 1. `META-INF/maven/<groupId>/<artifactId>/pom.properties`, written by Maven (and Gradle's
 *    maven-publish) into every artifact it builds; a shaded or fat jar carries one per bundled
 *    artifact. Authoritative.
 * 2. Without one, the manifest and the file name. The version comes from Implementation-Version,
 *    Bundle-Version, Specification-Version or Plugin-Version (Jenkins), else the file name
 *    (`name-1.2.3.jar`). The artifactId is the file name's stem, else Short-Name (Jenkins), else
 *    Implementation-Title, else the OSGi symbolic name's last part. The groupId is Group-Id
 *    (Jenkins), else Implementation-Vendor-Id (maven-archiver's groupId entry), else the symbolic
 *    name (Bundle-SymbolicName / Automatic-Module-Name) minus a trailing `.<artifactId>`. When no
 *    groupId is evident the name is the bare artifactId: such a package is listed in the SBOM but
 *    cannot match a Maven advisory by accident, which a guessed groupId could.
 */
import { parseProperties } from './properties.ts';
import { attribute, type Manifest } from './manifest.ts';

export interface MavenCoordinates {
  groupId?: string;
  artifactId: string;
  version: string;
  /** Which evidence named the package. */
  source: 'pom.properties' | 'manifest' | 'filename';
}

/** Maven groupId/artifactId characters (the Maven model's id pattern). */
const ID = /^[A-Za-z0-9_\-.]+$/;
const POM_PROPERTIES = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/;
/** A version starts with a digit; the rest excludes whitespace and path characters. */
const VERSION = /^\d[^\s/\\;,]*$/;
/** `name-1.2.3.jar`, `name-1.0-SNAPSHOT.war`, `name_2.13-1.0.jar` (the version starts at the first `-<digit>`). */
const FILE_NAME = /^(.+?)-(\d[^-]*(?:-[A-Za-z0-9.]+)*)\.[A-Za-z]+$/;

export function isPomPropertiesPath(entry: string): boolean {
  return POM_PROPERTIES.test(entry);
}

/** Coordinates from one pom.properties; the entry path supplies ids the file leaves out. */
export function fromPomProperties(entry: string, text: string): MavenCoordinates | undefined {
  const props = parseProperties(text);
  const [, pathGroup, pathArtifact] = POM_PROPERTIES.exec(entry) ?? [];
  const groupId = props.get('groupId')?.trim() || pathGroup;
  const artifactId = props.get('artifactId')?.trim() || pathArtifact;
  const version = props.get('version')?.trim();
  if (!groupId || !artifactId || !version || !ID.test(groupId) || !ID.test(artifactId) || /\s/.test(version)) return undefined;
  return { groupId, artifactId, version, source: 'pom.properties' };
}

/** `commons-lang3-3.12.0.jar` → commons-lang3 / 3.12.0. */
export function fromFileName(fileName: string): { artifactId: string; version?: string } | undefined {
  const m = FILE_NAME.exec(fileName);
  if (m && ID.test(m[1])) return { artifactId: m[1], version: m[2] };
  const stem = fileName.replace(/\.[A-Za-z]+$/, '');
  return ID.test(stem) ? { artifactId: stem } : undefined;
}

export function fromManifest(manifest: Manifest | undefined, fileName: string): MavenCoordinates | undefined {
  const file = fromFileName(fileName);
  const get = (name: string) => (manifest ? attribute(manifest, name) : undefined);
  const manifestVersion = ['Implementation-Version', 'Bundle-Version', 'Specification-Version', 'Plugin-Version']
    .map((n) => get(n)?.split(/\s+/)[0])
    .find((v) => v !== undefined && VERSION.test(v));
  const version = manifestVersion ?? file?.version;
  const symbolic = [get('Bundle-SymbolicName')?.split(';')[0].trim(), get('Automatic-Module-Name')].find((s) => s && ID.test(s));
  const named = [get('Short-Name'), get('Implementation-Title')].find((n) => n && ID.test(n));
  const artifactId = file?.artifactId ?? named ?? symbolic?.split('.').pop();
  if (!artifactId || !version) return undefined;
  const declaredGroup = [get('Group-Id'), get('Implementation-Vendor-Id')].find((g) => g && ID.test(g) && g.includes('.'));
  const groupId = declaredGroup ?? (symbolic?.endsWith(`.${artifactId}`) ? symbolic.slice(0, -artifactId.length - 1) : undefined);
  return { ...(groupId ? { groupId } : {}), artifactId, version, source: manifestVersion ? 'manifest' : 'filename' };
}
