/**
 * The in-process bus (`--bus memory`, embedded mode): bounded per-partition queues drained by one
 * worker per partition. Not durable: ingest commits batches to the store before publishing, and
 * the store's unanalyzed-batch list replays what a crash left undone.
 */
import { type Bus, BusFullError, type BusHandler, type BusMessage, type BusStats, type BusTopic, type Consumer, partitionOf } from './bus.ts';

export interface MemoryBusOptions {
  partitions?: number;
  /** Units (events) held at most before `publish` refuses. */
  capacity?: number;
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Told about a message dropped after its last failed attempt. */
  onDead?: (msg: BusMessage, err: unknown) => void;
}

interface Partition {
  queue: BusMessage[];
  running: boolean;
}

export class MemoryBus implements Bus {
  readonly durable = false;
  private readonly partitions: number;
  private readonly capacity: number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly onDead?: MemoryBusOptions['onDead'];
  private readonly topics = new Map<BusTopic, { parts: Partition[]; handler?: BusHandler }>();
  private readonly idle = new Set<() => void>();
  private depth = 0;
  private counters = { published: 0, acked: 0, dead: 0, refused: 0 };
  private closed = false;

  constructor(opts: MemoryBusOptions = {}) {
    this.partitions = opts.partitions ?? 4;
    this.capacity = opts.capacity ?? 200_000;
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.retryDelayMs = opts.retryDelayMs ?? 1000;
    this.onDead = opts.onDead;
  }

  async publish(msg: BusMessage): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    const weight = msg.weight ?? 1;
    // A single message larger than the whole capacity is still accepted into an empty bus, so
    // no batch can be refused forever.
    if (this.depth > 0 && this.depth + weight > this.capacity) {
      this.counters.refused++;
      throw new BusFullError(1);
    }
    this.depth += weight;
    this.counters.published++;
    const part = this.topic(msg.topic).parts[partitionOf(msg.key, this.partitions)];
    part.queue.push(msg);
    this.drain(msg.topic, part);
  }

  async consume<T>(topic: BusTopic, handler: BusHandler<T>): Promise<Consumer> {
    const t = this.topic(topic);
    if (t.handler) throw new Error(`topic ${topic} already has a consumer`);
    t.handler = handler as BusHandler;
    for (const part of t.parts) this.drain(topic, part);
    return {
      stop: async () => {
        t.handler = undefined;
        await this.whenIdle(t.parts);
      },
    };
  }

  stats(): BusStats {
    return { depth: this.depth, capacity: this.capacity, partitions: this.partitions, ...this.counters };
  }

  /** Resolves when every queue is empty (tests and graceful shutdown). */
  async drained(): Promise<void> {
    const all = [...this.topics.values()].flatMap((t) => t.parts);
    while (all.some((p) => p.queue.length > 0 || p.running)) await new Promise<void>((r) => this.idle.add(r));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.topics.values()) t.handler = undefined;
    await this.whenIdle([...this.topics.values()].flatMap((t) => t.parts));
  }

  private topic(topic: BusTopic) {
    let t = this.topics.get(topic);
    if (!t) this.topics.set(topic, (t = { parts: Array.from({ length: this.partitions }, () => ({ queue: [], running: false })) }));
    return t;
  }

  private async whenIdle(parts: Partition[]): Promise<void> {
    while (parts.some((p) => p.running)) await new Promise<void>((r) => this.idle.add(r));
  }

  private drain(topic: BusTopic, part: Partition): void {
    if (part.running) return;
    part.running = true;
    void this.work(topic, part).finally(() => {
      part.running = false;
      for (const wake of this.idle) wake();
      this.idle.clear();
    });
  }

  private async work(topic: BusTopic, part: Partition): Promise<void> {
    let attempts = 0;
    for (;;) {
      const handler = this.topics.get(topic)?.handler;
      const msg = part.queue[0];
      if (!handler || !msg) return;
      try {
        await handler(msg);
        this.counters.acked++;
      } catch (err) {
        if (++attempts < this.maxAttempts) {
          await new Promise((r) => setTimeout(r, this.retryDelayMs));
          continue;
        }
        this.counters.dead++;
        this.onDead?.(msg, err);
      }
      attempts = 0;
      part.queue.shift();
      this.depth -= msg.weight ?? 1;
    }
  }
}
