/**
 * Vulnerability matching: a host's OS packages from its inventory, and each image seen on a host
 * (scanned once per digest, when the Docker engine is on this machine), against the advisory DB.
 * Findings are ranked by severity, fix availability, known exploitation and exposure.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Finding } from '@vigil/schema';
import { matchPackages, scan } from '@vigil/scanner';
import { type AdvisoryDb, openAdvisoryDb } from '@vigil/vulndb';
import type { FindingRecord, InventoryRow, Store, TargetKind } from '../store/store.ts';
import { findingSeverityRank } from '../store/ranks.ts';
import { osPackagesOf } from './inventory.ts';
import { executablePackages } from './local-executables.ts';

export type Exposure = FindingRecord['exposure'];

/**
 * Severity dominates; a public listener, known exploitation and an available fix raise urgency
 * within it, and known use in ransomware campaigns (KEV's flag) puts an exploited CVE ahead of its
 * exploited peers — by half a step, so the boosts together (at most 9.5) never reach the next severity.
 */
export function priorityOf(f: { severity: string; fixed: boolean; known_exploited: boolean; ransomware?: boolean; exposure: Exposure }): number {
  return (
    findingSeverityRank(f.severity) * 10 +
    (f.known_exploited ? 5 : 0) +
    (f.known_exploited && f.ransomware ? 0.5 : 0) +
    (f.exposure === 'public' ? 3 : f.exposure === 'running' ? 1 : 0) +
    (f.fixed ? 1 : 0)
  );
}

/**
 * Which OS packages are in use: the package the inventory's middleware table names for a running
 * service, `public` when that process listens on a public address.
 */
export function packageExposure(tables: ReadonlyMap<string, readonly InventoryRow[]>): Map<string, Exposure> {
  const publicPids = new Set((tables.get('listening_ports') ?? []).filter((r) => r.is_public === true).map((r) => r.pid));
  const out = new Map<string, Exposure>();
  for (const m of tables.get('middleware') ?? []) {
    if (typeof m.package !== 'string' || !m.package) continue;
    const e: Exposure = publicPids.has(m.pid) ? 'public' : 'running';
    if (out.get(m.package) !== 'public') out.set(m.package, e);
  }
  return out;
}

/** Executable paths of running processes: `public` when one of its processes listens on a public address. */
export function executableExposure(tables: ReadonlyMap<string, readonly InventoryRow[]>): Map<string, Exposure> {
  const publicPids = new Set((tables.get('listening_ports') ?? []).filter((r) => r.is_public === true).map((r) => r.pid));
  const out = new Map<string, Exposure>();
  for (const p of tables.get('processes') ?? []) {
    if (typeof p.path !== 'string' || !p.path || p.container_id) continue; // a container's files are not at this path on the host
    if (out.get(p.path) !== 'public') out.set(p.path, publicPids.has(p.pid) ? 'public' : 'running');
  }
  return out;
}

export interface MatcherOptions {
  /** Advisory DB file; without one (or when missing) nothing is matched and `status` says so. */
  dbPath?: string;
  dockerSocket?: string;
  /** The host this server runs on: its running executables are cataloged too (local-executables.ts). */
  localHostId?: string;
  warn?: (message: string) => void;
}

export class VulnerabilityMatcher {
  private db?: AdvisoryDb;

  constructor(
    private readonly store: Store,
    private readonly opts: MatcherOptions,
  ) {}

  /** Why nothing is matched, or undefined when the DB is open. */
  status(): string | undefined {
    if (this.advisories()) return undefined;
    return this.opts.dbPath ? `advisory database ${this.opts.dbPath} not found (vigil db import / vigil db update)` : 'no advisory database configured';
  }

  private advisories(): AdvisoryDb | undefined {
    if (!this.db && this.opts.dbPath && existsSync(this.opts.dbPath)) this.db = openAdvisoryDb(this.opts.dbPath, { readonly: true });
    return this.db;
  }

  /** Re-match the host's OS packages; returns the number of findings. */
  async matchHost(hostId: string): Promise<number> {
    const db = this.advisories();
    if (!db) return 0;
    const tables = new Map((await this.store.getInventory(hostId)).map((t) => [t.table, t.rows]));
    const exposure = packageExposure(tables);
    const packages = osPackagesOf(tables);
    const executables = hostId === this.opts.localHostId ? executableExposure(tables) : new Map<string, Exposure>();
    for (const [path, found] of await executablePackages(executables.keys())) packages.push(...found.map((p) => ({ ...p, locations: [{ path: path.slice(1) }] })));
    const findings = matchPackages(packages, db);
    const now = new Date().toISOString();
    const exposureOf = (f: Finding): Exposure => {
      const fromPath = f.locations.map((l) => executables.get(`/${l.path}`)).find((e) => e !== undefined);
      return fromPath ?? exposure.get(f.package.name) ?? 'none';
    };
    await this.store.replaceFindings('host', hostId, findings.map((f) => this.record(db, 'host', hostId, f, exposureOf(f), now)));
    return findings.length;
  }

  /** Scan the host's images not scanned yet, when their engine is this machine's. */
  async scanHostImages(hostId: string): Promise<void> {
    const db = this.advisories();
    const socket = this.opts.dockerSocket ?? '/var/run/docker.sock';
    if (!db || !existsSync(socket)) return;
    const running = new Set((await this.store.getInventory(hostId, 'docker_containers'))[0]?.rows.filter((c) => c.state === 'running').map((c) => String(c.image_id)) ?? []);
    for (const image of (await this.store.listImages({ host_id: hostId, limit: 1000 })).items) {
      if (image.scanned_at !== null || image.scan_error !== null) continue;
      const now = new Date().toISOString();
      try {
        const report = await scan('image', image.digest, { db });
        const exposure: Exposure = running.has(image.digest) ? 'running' : 'none';
        await this.store.replaceFindings('image', image.digest, report.findings.map((f) => this.record(db, 'image', image.digest, f, exposure, now)));
        await this.store.upsertImage({ ...image, os: report.target.os?.prettyName ?? null, scanned_at: now, scan_error: null, seen: now });
      } catch (err) {
        this.opts.warn?.(`image ${image.name}: ${(err as Error).message}`);
        await this.store.upsertImage({ ...image, scan_error: (err as Error).message.split('\n')[0], seen: now });
      }
    }
  }

  /** A finding as stored; `known_exploited` when the DB's CISA KEV table lists its id or an alias. */
  private record(db: AdvisoryDb, kind: TargetKind, targetId: string, f: Finding, exposure: Exposure, now: string): FindingRecord {
    const kev = db.knownExploited([f.id, ...f.aliases]);
    const knownExploited = kev !== undefined;
    const fixed = f.fixedVersions[0] ?? null;
    return {
      id: createHash('sha256').update([kind, targetId, f.id, f.package.name, f.installedVersion].join('\0')).digest('base64url').slice(0, 22),
      target_kind: kind,
      target_id: targetId,
      vuln_id: f.id,
      aliases: f.aliases,
      title: f.title ?? '',
      package_name: f.package.name,
      package_version: f.installedVersion,
      ecosystem: f.package.ecosystem,
      fixed_version: fixed,
      severity: f.severity.level,
      cvss_score: highestScore(f),
      known_exploited: knownExploited,
      exposure,
      priority: priorityOf({ severity: f.severity.level, fixed: fixed !== null, known_exploited: knownExploited, ransomware: kev?.ransomware, exposure }),
      first_seen: now,
      last_seen: now,
    };
  }
}

function highestScore(f: Finding): number | null {
  const scores = f.severity.cvss.map((c) => c.score).filter((s): s is number => s !== undefined);
  return scores.length ? Math.max(...scores) : null;
}
