/**
 * Turning Composer package entries into `Package` records. composer.lock and
 * vendor/composer/installed.json describe a package with the same object (`name`, `version`,
 * `license`, …), so both catalogers share this.
 *
 * Versions are kept as published, leading `v` included (`v5.4.0`): that is the tag Packagist
 * shows and users look up, and Composer's version parser (and OSV's Packagist ordering) treats
 * `v5.4.0` and `5.4.0` as the same release, so matching needs no rewrite.
 */
import { PackageURL } from 'packageurl-js';
import type { Package } from '@vigil/schema';
import { locationOf, type CatalogFile } from '../cataloger.ts';
import { isObject, stringField } from '../json-object.ts';
import { mergeDuplicates } from '../../packages.ts';

/** Packagist names are `vendor/project`. */
const NAME = /^[^\s/]+\/[^\s/]+$/;
/**
 * Branch checkouts (`dev-main`, `2.x-dev`) are not releases: which commit they hold is unknown,
 * so version ranges cannot say anything true about them.
 */
const BRANCH = /^dev-|-dev$/;

/** `dev` says which list the entry came from, when the file says so. */
export function composerPackages(entries: Iterable<{ entry: unknown; dev?: boolean }>, file: Pick<CatalogFile, 'path' | 'layer'>): Package[] {
  const location = locationOf(file);
  const packages: Package[] = [];
  for (const { entry, dev } of entries) {
    if (!isObject(entry)) continue;
    const name = stringField(entry, 'name');
    const version = stringField(entry, 'version');
    if (!name || !NAME.test(name) || !version || BRANCH.test(version)) continue;
    const [namespace, project] = name.split('/');
    const pkg: Package = {
      name,
      version,
      type: 'composer',
      ecosystem: 'Packagist',
      purl: new PackageURL('composer', namespace, project, version, undefined, undefined).toString(),
      locations: [location],
    };
    if (dev !== undefined) pkg.dev = dev;
    const licenses = composerLicenses(entry.license);
    if (licenses) pkg.licenses = licenses;
    packages.push(pkg);
  }
  return mergeDuplicates(packages);
}

/** `license` is an array of SPDX ids, or in old packages a single string. */
function composerLicenses(value: unknown): string[] | undefined {
  const list = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return list.length ? list.map((v) => v.trim()) : undefined;
}
