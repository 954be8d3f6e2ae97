/**
 * The agent's process table: what it remembers about processes, so that an exec can name its
 * parent and ancestors after they have gone quiet. Fed by forks (parentage of processes that never
 * exec), execs and exits. An exited process is kept for a grace period, as thread tables of
 * mature agents do: a descendant's exec is often read after its parent or grandparent (a `runc`,
 * a short-lived shell) has exited. Both parts are bounded in count, the exited part in time too.
 */
export interface CachedProcess {
  pid: number;
  ppid: number;
  startTicks: number;
  /** The parent's start, when known: a parent's pid may have been reused by another process. */
  parentStartTicks?: number;
  entityId: string;
  name: string;
  executable?: string;
}

export interface ProcessCacheLimits {
  /** Live processes remembered; the least recently set one is evicted. */
  maxLive?: number;
  /** Exited processes remembered; the longest-exited one is dropped first. */
  maxExited?: number;
  /** How long an exited process is kept, in ns of event time. */
  exitedGraceNs?: bigint;
}

interface Exited {
  process: CachedProcess;
  atNs: bigint;
}

const key = (pid: number, startTicks: number): string => `${pid}:${startTicks}`;

export class ProcessCache {
  readonly #live = new Map<number, CachedProcess>();
  /** In exit order, keyed by pid and start: a reused pid does not hide an exited process. */
  readonly #exited = new Map<string, Exited>();
  readonly #maxLive: number;
  readonly #maxExited: number;
  readonly #graceNs: bigint;

  /**
   * Defaults: 32,768 live (a full default pid space) and 4,096 exited for 60 s; an entry is a few
   * hundred bytes, so the table stays within ~15 MB of the agent's memory at its fullest.
   */
  constructor(limits: ProcessCacheLimits = {}) {
    this.#maxLive = limits.maxLive ?? 32768;
    this.#maxExited = limits.maxExited ?? 4096;
    this.#graceNs = limits.exitedGraceNs ?? 60_000_000_000n;
  }

  get size(): number {
    return this.#live.size;
  }

  get exitedSize(): number {
    return this.#exited.size;
  }

  /**
   * The process with this pid, if the cached one is the same process (same start). Without a
   * start, the live process with that pid; with one, an exited process matches too.
   */
  get(pid: number, startTicks?: number): CachedProcess | undefined {
    const p = this.#live.get(pid);
    if (p && (startTicks === undefined || p.startTicks === startTicks)) return p;
    return startTicks === undefined ? undefined : this.#exited.get(key(pid, startTicks))?.process;
  }

  set(p: CachedProcess): void {
    this.#live.delete(p.pid);
    if (this.#live.size >= this.#maxLive) this.#live.delete(this.#live.keys().next().value!);
    this.#live.set(p.pid, p);
  }

  /** The process exited at `atNs`: it leaves the live table but stays resolvable for the grace period. */
  exited(pid: number, startTicks: number, atNs: bigint): void {
    const p = this.#live.get(pid);
    if (!p || p.startTicks !== startTicks) return;
    this.#live.delete(pid);
    const k = key(pid, startTicks);
    this.#exited.delete(k);
    this.#exited.set(k, { process: p, atNs });
    this.expire(atNs);
  }

  /** Drops exited processes past the grace period at `nowNs`, and the oldest beyond the count bound. */
  expire(nowNs: bigint): void {
    for (const [k, e] of this.#exited) {
      if (this.#exited.size <= this.#maxExited && nowNs - e.atNs <= this.#graceNs) break;
      this.#exited.delete(k);
    }
  }

  /**
   * Ancestors above `parent`, nearest first, as far as the cache knows them; `lookup` is asked
   * for a link the cache lacks (a process started before the agent, read from /proc), and must
   * return only the process with that start when one is given.
   */
  ancestorsOf(
    parent: CachedProcess | undefined,
    lookup?: (pid: number, startTicks?: number) => CachedProcess | undefined,
    limit = 16,
  ): CachedProcess[] {
    const out: CachedProcess[] = [];
    const seen = new Set<string>();
    const up = (p: CachedProcess): CachedProcess | undefined => {
      if (p.ppid <= 0) return undefined;
      return this.get(p.ppid, p.parentStartTicks) ?? lookup?.(p.ppid, p.parentStartTicks);
    };
    for (let p = parent && up(parent); p && out.length < limit && !seen.has(key(p.pid, p.startTicks)); p = up(p)) {
      seen.add(key(p.pid, p.startTicks));
      out.push(p);
      if (p.pid <= 1) break;
    }
    return out;
  }
}
