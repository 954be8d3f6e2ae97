/**
 * One inventory table = one collector. Collectors read files under `ctx.root` (so tests and
 * offline analysis can point at a copy of a host) and live kernel state under `ctx.proc`.
 */

/** A row of an inventory table; column names follow osquery's tables where one exists. */
export type Row = Record<string, unknown>;

export interface InventoryContext {
  /** Host root for files (`/etc/passwd` is read as `${root}/etc/passwd`). */
  readonly root: string;
  /** procfs of the host whose processes, sockets and modules are listed (live, default `/proc`). */
  readonly proc: string;
  /** Docker Engine API socket. */
  readonly dockerSocket: string;
  /**
   * Work shared by several collectors (the process table, the package list) is done once per
   * snapshot: the first caller computes, later callers await the same promise.
   */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Something could not be read, but the table goes on. */
  warn(message: string): void;
}

export interface Collector {
  /** Table name, e.g. `users`, `listening_ports`. */
  readonly name: string;
  readonly description: string;
  collect(ctx: InventoryContext): Promise<Row[]>;
}
