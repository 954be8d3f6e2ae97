/**
 * Debian packages from dpkg's status database (var/lib/dpkg/status), and from distroless
 * images, which write one stanza file per package under var/lib/dpkg/status.d/ and no Status.
 */
import type { Package } from '@vigil/schema';
import { locationOf, type Cataloger } from '../cataloger.ts';
import { parseStanzas } from './deb822.ts';

const STATUS = 'var/lib/dpkg/status';
const STATUS_D = 'var/lib/dpkg/status.d/';

/** Companion files distroless (and some tools) keep next to the stanza files. */
const NOT_STANZAS = /\.(md5sums|list|conffiles|shlibs|symbols|triggers|templates|config|preinst|postinst|prerm|postrm)$/;

/**
 * Current states (the third word of Status) in which the package's files are on disk. A package
 * half-installed or half-configured failed part-way: its files are present and may be the
 * vulnerable ones. `config-files` keeps only conffiles and `not-installed` nothing. The desired
 * action (first word, e.g. `deinstall`) changes nothing until it is carried out.
 */
const FILES_ON_DISK = new Set([
  'installed',
  'unpacked',
  'half-installed',
  'half-configured',
  'triggers-awaited',
  'triggers-pending',
]);

export const dpkgCataloger: Cataloger = {
  name: 'dpkg',
  wants(path) {
    if (path === STATUS) return true;
    if (!path.startsWith(STATUS_D)) return false;
    const name = path.slice(STATUS_D.length);
    return name.length > 0 && !name.includes('/') && !NOT_STANZAS.test(name);
  },
  async catalog(file, ctx) {
    const distroless = file.path !== STATUS;
    const location = locationOf(file);
    const packages: Package[] = [];
    let damaged = 0;
    for (const { fields, malformed } of parseStanzas((await file.read()).toString('utf8'))) {
      const name = fields.get('package');
      if (!name || malformed) {
        damaged++;
        continue;
      }
      const version = fields.get('version');
      if (!version) continue; // dpkg keeps version-less records only for packages not installed
      const status = fields.get('status');
      // dpkg itself reads a status record without Status as not installed.
      if (status === undefined ? !distroless : !FILES_ON_DISK.has(status.split(/\s+/)[2] ?? '')) continue;

      const pkg: Package = {
        name,
        version,
        type: 'deb',
        ecosystem: '',
        source: parseSource(fields.get('source'), name, version),
        locations: [location],
      };
      const arch = fields.get('architecture');
      if (arch) pkg.arch = arch;
      const maintainer = fields.get('maintainer');
      if (maintainer) pkg.metadata = { maintainer };
      packages.push(pkg);
    }
    if (damaged) ctx.warn(`dpkg: ${file.path}: skipped ${damaged} malformed stanza(s)`);
    return { packages };
  },
};

/** `Source: src` or `src (srcversion)`; absent means the binary is built from a source of its own name. */
function parseSource(field: string | undefined, name: string, version: string): { name: string; version: string } {
  const m = field ? /^(\S+)(?:\s+\((\S+)\))?$/.exec(field) : null;
  return m ? { name: m[1], version: m[2] ?? version } : { name, version };
}
