import type { PackageType } from '@vigil/schema';
import type { Collector } from '../collector.ts';
import { osPackages } from '../os-packages.ts';

/** osquery `deb_packages`, `rpm_packages`, `apk_packages`: one table per package manager. */
function packageTable(type: PackageType, manager: string): Collector {
  return {
    name: `${type}_packages`,
    description: `Installed ${manager} packages / 已安装软件包 (${manager})`,
    async collect(ctx) {
      return (await osPackages(ctx)).packages
        .filter((p) => p.type === type)
        .map((p) => ({ name: p.name, version: p.version, arch: p.arch ?? '', source: p.source?.name ?? '', source_version: p.source?.version ?? '', purl: p.purl ?? '' }));
    },
  };
}

export const debPackagesCollector = packageTable('deb', 'dpkg');
export const rpmPackagesCollector = packageTable('rpm', 'rpm');
export const apkPackagesCollector = packageTable('apk', 'apk');
