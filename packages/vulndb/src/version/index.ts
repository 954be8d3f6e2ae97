/**
 * The version comparator for each OSV ecosystem. Distribution ecosystems carry a release after
 * a colon (`Debian:12`, `Red Hat:enterprise_linux:9::appstream`); only the part before it picks
 * the scheme.
 */
import { ecosystemBase } from '../ecosystem.ts';
import { apkComparator } from './apk.ts';
import type { VersionComparator } from './comparator.ts';
import { dpkgComparator } from './dpkg.ts';
import { mavenComparator } from './maven.ts';
import { nugetComparator } from './nuget.ts';
import { cranComparator, hackageComparator } from './numeric-sequence.ts';
import { packagistComparator } from './packagist.ts';
import { pep440Comparator } from './pep440.ts';
import { pubComparator } from './pub.ts';
import { rpmComparator } from './rpm.ts';
import { rubygemsComparator } from './rubygems.ts';
import { semverComparator } from './semver.ts';

export { semverComparator };

const BY_SCHEME: [VersionComparator, string[]][] = [
  [dpkgComparator, ['Debian', 'Ubuntu']],
  [apkComparator, ['Alpine', 'Wolfi', 'Chainguard', 'MinimOS']],
  [
    rpmComparator,
    [
      'Red Hat',
      'Rocky Linux',
      'AlmaLinux',
      'openSUSE',
      'SUSE',
      'Mageia',
      'openEuler',
      'Oracle Linux',
      'Amazon Linux',
      'CentOS',
      'Fedora',
      'Photon OS',
      'Azure Linux',
    ],
  ],
  [pep440Comparator, ['PyPI']],
  [mavenComparator, ['Maven']],
  [semverComparator, ['npm', 'Go', 'crates.io', 'Hex', 'SwiftURL']],
  [rubygemsComparator, ['RubyGems']],
  [packagistComparator, ['Packagist']],
  [nugetComparator, ['NuGet']],
  [cranComparator, ['CRAN', 'Bioconductor']],
  [pubComparator, ['Pub']],
  [hackageComparator, ['Hackage', 'GHC']],
];

const COMPARATORS = new Map(
  BY_SCHEME.flatMap(([cmp, ecosystems]) => ecosystems.map((e) => [e, cmp] as const)),
);

/** The comparator for an OSV ecosystem (`Debian:12`, `npm`, …); undefined when none is known. */
export function comparatorFor(ecosystem: string): VersionComparator | undefined {
  return COMPARATORS.get(ecosystemBase(ecosystem));
}
