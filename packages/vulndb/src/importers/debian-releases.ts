/**
 * Debian release facts: codename → OSV ecosystem key. Releases before 7 are keyed with their
 * two-part number (`Debian:3.1`), later ones with the major (`Debian:12`), as osv.dev does;
 * sid is `Debian:unstable`. Unknown codenames are reported, never guessed.
 */
import type { Advisory } from '../advisory.ts';
const RELEASES: Readonly<Record<string, string>> = {
  buzz: '1.1',
  rex: '1.2',
  bo: '1.3',
  hamm: '2.0',
  slink: '2.1',
  potato: '2.2',
  woody: '3.0',
  sarge: '3.1',
  etch: '4.0',
  lenny: '5.0',
  squeeze: '6.0',
  wheezy: '7',
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  duke: '15',
  sid: 'unstable',
};

/** `bookworm` → `Debian:12`; undefined for a codename this table does not know. */
export function debianEcosystem(codename: string): string | undefined {
  const version = RELEASES[codename.toLowerCase()];
  return version === undefined ? undefined : `Debian:${version}`;
}

/** An empty Debian tracker advisory: both tracker formats (lists and JSON) start from this. */
export function debianAdvisory(id: string): Advisory {
  return {
    id,
    aliases: [],
    source: 'debian',
    cvss: [],
    references: [`https://security-tracker.debian.org/tracker/${id}`],
    affected: [],
  };
}
