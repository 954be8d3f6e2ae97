import type { Finding, OSInfo, Package } from '@vigil/schema';

export type TargetKind = 'image' | 'rootfs' | 'fs' | 'sbom';

export interface LayerRef {
  /** Uncompressed layer digest (the image config's diff_id), `sha256:…`. */
  digest: string;
  /** Dockerfile step from the image history, when known. */
  createdBy?: string;
}

export interface ScanTarget {
  kind: TargetKind;
  /** What the user named: archive path, image name, directory, SBOM file. */
  name: string;
  /** Image id (config digest) for images. */
  imageId?: string;
  repoTags?: string[];
  repoDigests?: string[];
  architecture?: string;
  os?: OSInfo;
  layers?: LayerRef[];
}

/** The one result every output format is written from. */
export interface ScanReport {
  schemaVersion: 1;
  createdAt: string;
  target: ScanTarget;
  packages: Package[];
  /** Empty when the scan ran with `--scanners sbom` or without a database. */
  findings: Finding[];
  /** Files that could not be parsed and other non-fatal problems. */
  warnings: string[];
  /** Advisory database the findings came from. */
  database?: { path: string; builtAt?: string; sources: string[] };
}
