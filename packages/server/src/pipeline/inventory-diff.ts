/**
 * What changed in one inventory table between two reports. Rows are matched by the columns that
 * identify them (a package by name and arch, a port by protocol, address, port and process), so
 * an upgraded package is one `changed` row rather than a removal and an addition. Tables without
 * a key compare whole rows.
 */
import { isDeepStrictEqual } from 'node:util';
import type { InventoryRow } from '../store/store.ts';

export const ROW_KEYS: Record<string, readonly string[]> = {
  system_info: ['machine_id'],
  os_version: ['platform'],
  interface_addresses: ['interface', 'address'],
  users: ['username'],
  groups: ['groupname'],
  processes: ['pid', 'start_time'],
  listening_ports: ['protocol', 'address', 'port', 'pid'],
  middleware: ['app', 'pid'],
  systemd_units: ['id'],
  startup_items: ['path'],
  kernel_modules: ['name'],
  deb_packages: ['name', 'arch'],
  rpm_packages: ['name', 'arch'],
  apk_packages: ['name', 'arch'],
  docker_containers: ['id'],
  docker_images: ['id'],
  containerd_containers: ['socket', 'namespace', 'id'],
  containerd_images: ['socket', 'namespace', 'name'],
};

export interface TableDiff {
  added: InventoryRow[];
  removed: InventoryRow[];
  changed: { before: InventoryRow; after: InventoryRow }[];
}

function keyOf(table: string, row: InventoryRow): string {
  const cols = ROW_KEYS[table];
  return JSON.stringify(cols ? cols.map((c) => row[c] ?? null) : row);
}

export function diffTable(table: string, before: readonly InventoryRow[], after: readonly InventoryRow[]): TableDiff {
  const old = new Map(before.map((r) => [keyOf(table, r), r]));
  const diff: TableDiff = { added: [], removed: [], changed: [] };
  const seen = new Set<string>();
  for (const row of after) {
    const k = keyOf(table, row);
    seen.add(k);
    const prev = old.get(k);
    if (!prev) diff.added.push(row);
    else if (!isDeepStrictEqual(prev, row)) diff.changed.push({ before: prev, after: row });
  }
  for (const [k, row] of old) if (!seen.has(k)) diff.removed.push(row);
  return diff;
}

export function isEmptyDiff(d: TableDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}
