/** What both SBOM readers gather: packages from purls, plus counts of what had to be skipped. */
import type { PackageURL } from 'packageurl-js';
import type { OSInfo, Package } from '@vigil/schema';
import { isSupportedPurlType, osFromDistroQualifier, packageFromPurl, type ComponentFacts } from './purl-package.ts';

export interface SbomContents {
  packages: Package[];
  /** The SBOM's operating system, else the release the first OS package's purl names. */
  os?: OSInfo;
  /** The SBOM's subject (CycloneDX metadata.component, SPDX document name). */
  name: string;
  /** Components skipped and why, one line per reason. */
  warnings: string[];
}

export class SbomCollector {
  private readonly packages: Package[] = [];
  private missingPurl = 0;
  private readonly badPurls: string[] = [];
  private readonly unsupported = new Map<string, number>();
  private distroOs: OSInfo | undefined;

  constructor(private readonly os: OSInfo | undefined) {}

  withoutPurl(): void {
    this.missingPurl++;
  }

  badPurl(text: string): void {
    this.badPurls.push(text);
  }

  add(purl: PackageURL, text: string, facts: ComponentFacts): void {
    if (!isSupportedPurlType(purl.type)) {
      this.unsupported.set(purl.type, (this.unsupported.get(purl.type) ?? 0) + 1);
      return;
    }
    const pkg = packageFromPurl(purl, text, facts, this.os);
    if (!pkg) {
      this.unsupported.set(`${purl.type} without version`, (this.unsupported.get(`${purl.type} without version`) ?? 0) + 1);
      return;
    }
    const distro = purl.qualifiers?.distro;
    if (!this.distroOs && distro) this.distroOs = osFromDistroQualifier(distro);
    this.packages.push(pkg);
  }

  contents(name: string): SbomContents {
    const warnings: string[] = [];
    if (this.missingPurl > 0) warnings.push(`${this.missingPurl} SBOM component(s) without a purl skipped`);
    if (this.badPurls.length > 0) {
      warnings.push(`${this.badPurls.length} SBOM component(s) with an invalid purl skipped (first: ${this.badPurls[0]})`);
    }
    for (const [type, n] of [...this.unsupported].sort()) warnings.push(`${n} SBOM component(s) of purl type ${type} skipped`);
    const os = this.os ?? this.distroOs;
    return { packages: this.packages, ...(os ? { os } : {}), name, warnings };
  }
}
