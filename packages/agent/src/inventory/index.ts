export type { Collector, InventoryContext, Row } from './collector.ts';
export { allCollectors } from './registry.ts';
export { collectInventory, tableNames, type InventoryOptions, type InventorySnapshot, type TableResult } from './snapshot.ts';
