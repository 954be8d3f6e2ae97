/**
 * Inventory reports → the store: current tables replaced, per-table diffs appended, the host's
 * facts (OS, advisory ecosystem, addresses) and its images updated. Vulnerability matching runs
 * afterwards off the request path (the `inventory` bus topic).
 */
import { z } from 'zod';
import type { Package, PackageType } from '@vigil/schema';
import { applyDistro } from '@vigil/scanner';
import type { Agent, InventoryChange, InventoryRow, Store } from '../store/store.ts';
import { diffTable, isEmptyDiff } from './inventory-diff.ts';

const tableResult = z.union([
  z.object({ rows: z.array(z.record(z.string(), z.unknown())), warnings: z.array(z.string()).default([]) }),
  z.object({ error: z.string(), warnings: z.array(z.string()).default([]) }),
]);

export const inventoryBody = z.object({
  id: z.string().min(1).max(200),
  full: z.boolean(),
  snapshot: z.object({
    time: z.string().datetime({ offset: true }),
    agent_version: z.string().optional(),
    root: z.string().optional(),
    tables: z.record(z.string().regex(/^[a-z0-9_]{1,64}$/), tableResult),
  }),
});
export type InventoryBody = z.infer<typeof inventoryBody>;

export async function saveInventory(store: Store, agent: Agent, body: InventoryBody): Promise<{ duplicate: boolean }> {
  const time = body.snapshot.time;
  const current = new Map((await store.getInventory(agent.host_id)).map((t) => [t.table, t]));
  const tables = Object.entries(body.snapshot.tables).map(([table, r]) => ({
    table,
    rows: 'rows' in r ? r.rows : (current.get(table)?.rows ?? []), // a failing collector keeps the last good rows
    error: 'error' in r ? r.error : null,
    warnings: r.warnings,
  }));
  const changes: InventoryChange[] = [];
  for (const t of tables) {
    const before = current.get(t.table);
    // The first report of a table is the baseline, not a change.
    if (!before || t.error !== null) continue;
    const d = diffTable(t.table, before.rows, t.rows);
    if (!isEmptyDiff(d)) changes.push({ host_id: agent.host_id, snapshot_id: body.id, time, table: t.table, ...d });
  }
  const result = await store.saveInventory({ id: body.id, host_id: agent.host_id, agent_id: agent.id, time, full: body.full, tables, changes });
  if (result.duplicate) return result;

  const rows = (name: string): InventoryRow[] | undefined => tables.find((t) => t.table === name && t.error === null)?.rows;
  const os = rows('os_version')?.[0];
  const addresses = rows('interface_addresses')?.map((r) => String(r.address)).filter((a) => a && a !== 'undefined');
  const hostname = rows('system_info')?.[0]?.hostname;
  await store.upsertHost({
    id: agent.host_id,
    seen: new Date().toISOString(),
    ...(typeof hostname === 'string' ? { name: hostname } : {}),
    ...(os ? { os: String(os.name ?? ''), os_ecosystem: osEcosystem(os) } : {}),
    ...(addresses ? { addresses } : {}),
  });
  const images = rows('docker_images');
  if (images) {
    for (const img of images) {
      const tags = Array.isArray(img.tags) ? img.tags.map(String) : [];
      await store.upsertImage({ digest: String(img.id), name: tags[0] ?? String(img.id), tags, os: null, scanned_at: null, scan_error: null, last_seen: time, seen: time });
    }
    await store.setHostImages(agent.host_id, images.map((i) => String(i.id)));
  }
  return result;
}

const OS_PACKAGE_TABLES: Record<string, PackageType> = { deb_packages: 'deb', rpm_packages: 'rpm', apk_packages: 'apk' };

/** `os_version` row → the scanner's OS identity. */
export function osInfoOf(row: InventoryRow) {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return { id: String(row.platform ?? ''), versionId: str(row.version), codename: str(row.codename), prettyName: str(row.name) };
}

/** The advisory ecosystem OS packages of this OS get (`Debian:12`), as the scanner decides it. */
export function osEcosystem(row: InventoryRow): string | null {
  const os = osInfoOf(row);
  for (const type of Object.values(OS_PACKAGE_TABLES)) {
    const [p] = applyDistro([{ name: 'probe', version: '0', type, ecosystem: '', locations: [] }], os);
    if (p.ecosystem) return p.ecosystem;
  }
  return null;
}

/** OS package rows of the inventory as scanner packages, with their ecosystem. */
export function osPackagesOf(tables: ReadonlyMap<string, readonly InventoryRow[]>): Package[] {
  const osRow = tables.get('os_version')?.[0];
  const packages: Package[] = [];
  for (const [table, type] of Object.entries(OS_PACKAGE_TABLES)) {
    for (const r of tables.get(table) ?? []) {
      const source = typeof r.source === 'string' && r.source ? { name: r.source, version: typeof r.source_version === 'string' && r.source_version ? r.source_version : undefined } : undefined;
      packages.push({ name: String(r.name), version: String(r.version), type, ecosystem: '', arch: typeof r.arch === 'string' && r.arch ? r.arch : undefined, source, locations: [] });
    }
  }
  return applyDistro(packages, osRow ? osInfoOf(osRow) : undefined);
}
