/**
 * Maven coordinates as `Package`s. The name is `groupId:artifactId`, as OSV's Maven ecosystem
 * names packages; the bare artifactId when the groupId is unknown.
 */
import { PackageURL } from 'packageurl-js';
import type { Location, Package } from '@vigil/schema';
import type { MavenCoordinates } from './coordinates.ts';

/** A Maven purl needs the groupId (its namespace); without one there is none. */
export function mavenPurl(c: Pick<MavenCoordinates, 'groupId' | 'artifactId' | 'version'>): string | undefined {
  return c.groupId ? new PackageURL('maven', c.groupId, c.artifactId, c.version, undefined, undefined).toString() : undefined;
}

/**
 * `archivePath` is the archive that holds the evidence, in Java's `!/` URL notation when it is
 * nested (`app.war!/WEB-INF/lib/x.jar`); the location stays the scanned file, a real path in the
 * target that layers and skip rules understand.
 */
export function mavenPackage(c: MavenCoordinates, location: Location, archivePath: string): Package {
  const pkg: Package = {
    name: c.groupId ? `${c.groupId}:${c.artifactId}` : c.artifactId,
    version: c.version,
    type: 'maven',
    ecosystem: 'Maven',
    locations: [location],
    metadata: { ...(c.groupId ? { groupId: c.groupId } : {}), artifactId: c.artifactId, archivePath, evidence: c.source },
  };
  const purl = mavenPurl(c);
  if (purl) pkg.purl = purl;
  return pkg;
}
