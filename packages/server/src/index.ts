export { startServer, SERVER_ROLES, SERVER_VERSION, type RunningServer, type ServerOptions, type ServerRole } from './server.ts';
export type { Store } from './store/store.ts';
export type { Bus } from './bus/bus.ts';
export { SqliteStore } from './store/sqlite/sqlite-store.ts';
export { MemoryBus } from './bus/memory.ts';
export { parseOutputSpec } from './outputs/index.ts';
