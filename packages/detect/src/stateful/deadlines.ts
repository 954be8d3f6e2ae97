/**
 * When each live state must next be looked at, as an indexed binary min-heap: every state sits in
 * it at most once and is removed the moment it is deleted or evicted, so the heap is never larger
 * than the states the engine holds.
 */

export interface Timed {
  /** Event time (ms) at which the state expires or its deadline passes. */
  at: number;
  /** Position in the heap; -1 when not in it. */
  slot: number;
}

export class Deadlines<T extends Timed> {
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** Earliest `at`, Infinity when empty. */
  get next(): number {
    return this.heap.length ? this.heap[0].at : Infinity;
  }

  /** Insert, or re-position after `at` changed. */
  schedule(item: T): void {
    if (item.slot < 0) {
      item.slot = this.heap.length;
      this.heap.push(item);
    }
    this.up(item.slot);
    this.down(item.slot);
  }

  remove(item: T): void {
    const i = item.slot;
    if (i < 0) return;
    item.slot = -1;
    const last = this.heap.pop()!;
    if (last === item) return;
    this.heap[i] = last;
    last.slot = i;
    this.up(i);
    this.down(i);
  }

  /** Remove and return the earliest item if `now` is past its time (a window includes its last instant). */
  popDue(now: number): T | undefined {
    const top = this.heap[0];
    if (top === undefined || top.at >= now) return undefined;
    this.remove(top);
    return top;
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].at <= h[i].at) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l].at < h[m].at) m = l;
      if (r < h.length && h[r].at < h[m].at) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const h = this.heap;
    [h[a], h[b]] = [h[b], h[a]];
    h[a].slot = a;
    h[b].slot = b;
  }
}
