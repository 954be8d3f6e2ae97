/** A small but complete ScanReport for the format tests: an image with OS and language packages. */
import type { Finding, Package } from '@vigil/schema';
import type { ScanReport } from '../../src/report/model.ts';

const LAYER_1 = 'sha256:1111111111111111111111111111111111111111111111111111111111111111';
const LAYER_2 = 'sha256:2222222222222222222222222222222222222222222222222222222222222222';

export const packages: Package[] = [
  {
    name: 'libssl3',
    version: '3.0.11-1~deb12u2',
    type: 'deb',
    ecosystem: 'Debian:12',
    purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12',
    source: { name: 'openssl' },
    arch: 'amd64',
    licenses: ['Apache-2.0'],
    locations: [{ path: 'var/lib/dpkg/status', layer: LAYER_1 }],
  },
  {
    name: 'zlib1g',
    version: '1:1.2.13.dfsg-1',
    type: 'deb',
    ecosystem: 'Debian:12',
    purl: 'pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&upstream=zlib&distro=debian-12',
    source: { name: 'zlib' },
    licenses: ['Zlib'],
    locations: [{ path: 'var/lib/dpkg/status', layer: LAYER_1 }],
  },
  {
    name: '@babel/traverse',
    version: '7.22.5',
    type: 'npm',
    ecosystem: 'npm',
    purl: 'pkg:npm/%40babel/traverse@7.22.5',
    licenses: ['MIT'],
    locations: [
      { path: 'app/package-lock.json', layer: LAYER_2 },
      { path: 'app/node_modules/@babel/traverse/package.json', layer: LAYER_2 },
    ],
  },
  {
    name: 'org.apache.logging.log4j:log4j-core',
    version: '2.14.1',
    type: 'maven',
    ecosystem: 'Maven',
    licenses: ['Apache-2.0 OR MIT'],
    locations: [{ path: 'app/lib/log4j-core-2.14.1.jar', layer: LAYER_2 }],
  },
  {
    name: 'requests',
    version: '2.25.0',
    type: 'pypi',
    ecosystem: 'PyPI',
    purl: 'pkg:pypi/requests@2.25.0',
    licenses: ['Apache 2.0', 'Custom | license'],
    locations: [{ path: 'usr/lib/python3/dist-packages/requests-2.25.0.dist-info/METADATA', layer: LAYER_2 }],
  },
  {
    name: 'golang.org/x/text',
    version: 'v0.3.6',
    type: 'golang',
    ecosystem: 'Go',
    purl: 'pkg:golang/golang.org/x/text@v0.3.6',
    locations: [{ path: 'usr/local/bin/app', layer: LAYER_2 }],
  },
];

function findingFor(pkg: Package, f: Omit<Finding, 'package' | 'installedVersion' | 'locations'>): Finding {
  const { locations, ...rest } = pkg;
  return {
    ...f,
    package: { name: rest.name, version: rest.version, type: rest.type, ecosystem: rest.ecosystem, ...(rest.purl ? { purl: rest.purl } : {}), ...(rest.source ? { source: rest.source } : {}) },
    installedVersion: pkg.version,
    locations,
  };
}

export const findings: Finding[] = [
  findingFor(packages[3], {
    id: 'CVE-2021-44228',
    aliases: ['GHSA-jfh8-c2jp-5v3q'],
    title: 'Remote code injection in Log4j',
    description: 'Apache Log4j2 JNDI features do not protect against attacker controlled LDAP endpoints.',
    fixedVersions: ['2.15.0'],
    severity: {
      level: 'CRITICAL',
      cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10, source: 'nvd' }],
      vendor: 'CRITICAL',
    },
    status: 'fixed',
    references: ['https://nvd.nist.gov/vuln/detail/CVE-2021-44228', 'https://logging.apache.org/log4j/2.x/security.html'],
    dataSource: 'osv',
    published: '2021-12-10T10:15:00Z',
    modified: '2023-04-03',
  }),
  findingFor(packages[2], {
    id: 'CVE-2023-45133',
    aliases: ['GHSA-67hx-6x53-jw92'],
    title: 'Babel vulnerable to arbitrary code execution when compiling specifically crafted malicious code',
    fixedVersions: ['7.23.2', '8.0.0-alpha.4'],
    severity: { level: 'CRITICAL', cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }] },
    status: 'fixed',
    references: ['https://github.com/advisories/GHSA-67hx-6x53-jw92'],
    dataSource: 'osv',
  }),
  findingFor(packages[0], {
    id: 'CVE-2023-5678',
    aliases: [],
    title: 'Excessive time spent in DH check / generation with large Q parameter value',
    fixedVersions: [],
    severity: { level: 'NEGLIGIBLE', cvss: [], vendor: 'unimportant' },
    status: 'wont-fix',
    dataSource: 'debian',
  }),
  findingFor(packages[5], {
    id: 'GO-2021-0113',
    aliases: ['CVE-2021-38561'],
    fixedVersions: ['v0.3.7'],
    severity: { level: 'UNKNOWN', cvss: [] },
    status: 'fixed',
    dataSource: 'osv',
  }),
];

export const report: ScanReport = {
  schemaVersion: 1,
  createdAt: '2024-05-01T12:34:56.789Z',
  target: {
    kind: 'image',
    name: 'registry.example/app:1.0',
    imageId: 'sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    repoTags: ['registry.example/app:1.0'],
    repoDigests: ['registry.example/app@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'],
    architecture: 'amd64',
    os: { id: 'debian', versionId: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    layers: [{ digest: LAYER_1 }, { digest: LAYER_2 }],
  },
  packages,
  findings,
  warnings: [],
  database: { path: '/tmp/vulndb.sqlite', sources: ['osv', 'debian'] },
};
