/**
 * GeoIP "City" blocks in CSV, as MaxMind GeoLite2 (GeoLite2-City-Blocks-IPv4.csv, -IPv6.csv) and
 * DB-IP publish them: a header row naming at least `network` (a CIDR), `latitude` and
 * `longitude`; other columns are ignored, as are networks without coordinates (GeoLite2 leaves
 * them empty for anycast and some satellite ranges). Users download the files themselves.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '@vigil/schema';
import { parseCidr } from '../ip.ts';
import { GeoDatabase, type GeoNetwork } from './database.ts';

const REQUIRED = ['network', 'latitude', 'longitude'] as const;

/** One or more CSV files (IPv4 and IPv6 blocks are often separate) as one database. */
export function readGeoCsv(paths: readonly string[]): GeoDatabase {
  const networks: GeoNetwork[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new UserError(`${path}: cannot read the geo database: ${(err as Error).message}`, 'BAD_GEOIP');
    }
    parseGeoCsv(text, path, networks);
  }
  const db = GeoDatabase.of(networks);
  if (db.size === 0) throw new UserError(`${paths.join(', ')}: no network with a latitude and longitude`, 'BAD_GEOIP');
  return db;
}

/** Appends the networks of one file's text to `into`; a bad row is a UserError naming `file:line`. */
export function parseGeoCsv(text: string, file: string, into: GeoNetwork[] = []): GeoNetwork[] {
  const lines = text.split('\n');
  const header = splitRow(lines[0]?.replace(/^\uFEFF/, '') ?? '').map((h) => h.trim().toLowerCase());
  const col = REQUIRED.map((name) => header.indexOf(name));
  const missing = REQUIRED.filter((_, i) => col[i] < 0);
  if (missing.length) throw new UserError(`${file}:1: not a GeoIP City blocks CSV: the header lacks ${missing.join(', ')}`, 'BAD_GEOIP');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line === '') continue;
    const cells = splitRow(line);
    const [net, lat, lon] = col.map((c) => cells[c]?.trim() ?? '');
    const network = parseCidr(net);
    if (!network || !net.includes('/')) throw new UserError(`${file}:${i + 1}: network ${JSON.stringify(net)} is not a CIDR block`, 'BAD_GEOIP');
    if (lat === '' && lon === '') continue;
    const latitude = Number(lat);
    const longitude = Number(lon);
    if (lat === '' || lon === '' || !(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180)) throw new UserError(`${file}:${i + 1}: latitude ${JSON.stringify(lat)} / longitude ${JSON.stringify(lon)} is not a point`, 'BAD_GEOIP');
    into.push({ network, latitude, longitude, file, line: i + 1 });
  }
  return into;
}

/** CSV fields: comma-separated, optionally double-quoted with "" for a quote (RFC 4180). */
function splitRow(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') cell += line[++i];
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}
