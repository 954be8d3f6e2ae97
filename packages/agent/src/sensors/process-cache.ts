/**
 * What the agent remembers about live processes, so that an exec can name its parent and
 * ancestors after they have gone quiet. Bounded: the least recently seen process is evicted.
 */
export interface CachedProcess {
  pid: number;
  ppid: number;
  startTicks: number;
  entityId: string;
  name: string;
  executable?: string;
}

export class ProcessCache {
  readonly #byPid = new Map<number, CachedProcess>();

  constructor(private readonly maxEntries = 32768) {}

  get size(): number {
    return this.#byPid.size;
  }

  /** The process with this pid, if the cached one is the same process (same start). */
  get(pid: number, startTicks?: number): CachedProcess | undefined {
    const p = this.#byPid.get(pid);
    if (!p || (startTicks !== undefined && p.startTicks !== startTicks)) return undefined;
    return p;
  }

  set(p: CachedProcess): void {
    this.#byPid.delete(p.pid);
    if (this.#byPid.size >= this.maxEntries) this.#byPid.delete(this.#byPid.keys().next().value!);
    this.#byPid.set(p.pid, p);
  }

  delete(pid: number, startTicks: number): void {
    if (this.get(pid, startTicks)) this.#byPid.delete(pid);
  }

  /** Ancestors above `ppid`'s process, nearest first, as far as the cache knows them. */
  ancestorsOf(parent: CachedProcess | undefined, limit = 16): CachedProcess[] {
    const out: CachedProcess[] = [];
    const seen = new Set<number>();
    for (let p = parent && this.#byPid.get(parent.ppid); p && out.length < limit && !seen.has(p.pid); p = this.#byPid.get(p.ppid)) {
      seen.add(p.pid);
      out.push(p);
      if (p.pid <= 1) break;
    }
    return out;
  }
}
