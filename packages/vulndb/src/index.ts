export type * from './advisory.ts';
export type * from './store-api.ts';
export * from './ecosystem.ts';
export type { VersionComparator } from './version/comparator.ts';
export { comparatorFor } from './version/index.ts';
export { evaluateAffected, type AffectedVerdict } from './range.ts';
export { openAdvisoryDb, type AdvisoryDb } from './store.ts';
export { importPaths, type ImportSummary } from './importers/index.ts';
export { defaultDbPath } from './paths.ts';
