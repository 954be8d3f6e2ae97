/**
 * The JetStream bus (`--bus nats://…`): agent batches, inventory and compliance work on one
 * stream with subjects `<prefix>.<topic>.<partition>`, the partition from the host id.
 *
 * - Durable: `publish` resolves on JetStream's PubAck (the message is stored, replicated when the
 *   stream has replicas), so ingest acknowledges the agent only then. The batch id is the
 *   `Nats-Msg-Id`, so a batch the agent resends within the duplicate window is stored once.
 * - Work-queue retention: a message is deleted once acknowledged, so the stream's message count
 *   is the backlog, and the stream's limits (discard new) are the back-pressure: a full stream
 *   refuses the publish and ingest answers 503.
 * - Each (topic, partition) has one durable pull consumer with `max_ack_pending` 1: messages of a
 *   partition are handled one at a time, in order, by whichever single analyzer owns the
 *   partition (`analyzer=I/N` in the URL). JetStream refuses a second consumer on the same subject
 *   of a work-queue stream, so two stream layouts can never both take one host's events.
 * - The analyzer acknowledges after its handler resolves, i.e. after its results are committed
 *   to the store; a crash before that redelivers the message (the store dedups by batch id).
 */
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  jetstream,
  JetStreamApiError,
  jetstreamManager,
  RetentionPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type StreamConfig,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { UserError } from '@vigil/schema';
import { type Bus, BusFullError, type BusHandler, type BusMessage, type BusStats, type BusTopic, BUS_TOPICS, type Consumer, partitionOf } from './bus.ts';
import { parseNatsUrl, type NatsBusConfig } from './nats-url.ts';

export interface NatsBusOptions {
  maxAttempts?: number;
  retryDelayMs?: number;
  /** How long a delivery may stay unacknowledged before JetStream redelivers it (default 30 s). */
  ackWaitMs?: number;
  onDead?: (msg: BusMessage, err: unknown) => void;
}

/** How long one pull waits for a message; bounds how long a stopped consumer's last pull lingers. */
const PULL_EXPIRES_MS = 1000;

/** Stream limit errors: maximum messages / bytes exceeded. */
const STREAM_FULL_CODES = new Set([10077, 10047]);
/** The description records the partition count, so a process started with another is refused. */
const describe = (partitions: number) => `Vigil bus; partitions=${partitions}`;

interface Envelope {
  key: string;
  id: string;
  weight?: number;
  payload: unknown;
}

export class NatsBus implements Bus {
  readonly durable = true;
  private readonly js: JetStreamClient;
  private readonly counters = { published: 0, acked: 0, dead: 0, refused: 0 };
  private depth = 0;
  private readonly consumers = new Set<{ stop(): Promise<void> }>();
  private readonly statsTimer: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    readonly config: NatsBusConfig,
    private readonly opts: NatsBusOptions,
  ) {
    this.js = jetstream(nc);
    // stats() is synchronous; the backlog is read from the stream in the background.
    this.statsTimer = setInterval(() => void this.refreshDepth(), 1000);
    this.statsTimer.unref();
  }

  static async open(config: NatsBusConfig, opts: NatsBusOptions = {}): Promise<NatsBus> {
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: config.servers, name: `vigil-${process.pid}`, maxReconnectAttempts: -1 });
    } catch (err) {
      throw new UserError(`cannot connect to NATS at ${config.servers.join(',')}: ${(err as Error).message}`, 'BUS_OPEN');
    }
    try {
      const jsm = await jetstreamManager(nc);
      const bus = new NatsBus(nc, jsm, config, opts);
      await bus.ensureStream();
      await bus.refreshDepth();
      return bus;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  private subject(topic: BusTopic, partition: number | '*'): string {
    return `${this.config.subjectPrefix}.${topic}.${partition}`;
  }

  private async ensureStream(): Promise<void> {
    const { stream, partitions } = this.config;
    const wanted: Partial<StreamConfig> & { name: string } = {
      name: stream,
      description: describe(partitions),
      subjects: BUS_TOPICS.map((t) => this.subject(t, '*')),
      retention: RetentionPolicy.Workqueue,
      discard: DiscardPolicy.New,
      max_msgs: this.config.capacity,
      max_bytes: this.config.maxBytes,
      num_replicas: this.config.replicas,
      duplicate_window: 2 * 60 * 1_000_000_000,
    };
    const existing = await this.jsm.streams.info(stream).catch((err: unknown) => {
      if (err instanceof JetStreamApiError && err.code === 10059) return undefined; // stream not found
      throw err;
    });
    if (!existing) {
      await this.jsm.streams.add(wanted).catch((err: unknown) => {
        // Another process created it first.
        if (!(err instanceof JetStreamApiError && err.code === 10058)) throw err;
      });
      const made = await this.jsm.streams.info(stream);
      if (made.config.description !== describe(partitions)) throw this.partitionMismatch(made.config.description);
      return;
    }
    if (existing.config.description !== describe(partitions)) throw this.partitionMismatch(existing.config.description);
  }

  private partitionMismatch(description: string | undefined): UserError {
    return new UserError(
      `NATS stream ${this.config.stream} was made with other partitions (${description ?? 'no description'}); start every process with the same partitions=`,
      'BUS_MISMATCH',
    );
  }

  async publish(msg: BusMessage): Promise<void> {
    if (this.closed) throw new Error('bus is closed');
    const envelope: Envelope = { key: msg.key, id: msg.id, weight: msg.weight, payload: msg.payload };
    const data = JSON.stringify(envelope);
    const limit = this.nc.info?.max_payload ?? Infinity;
    if (Buffer.byteLength(data) > limit) throw new UserError(`${msg.topic} ${msg.id} is larger than the bus message limit (${limit} bytes); send smaller batches`, 'TOO_LARGE');
    try {
      await this.js.publish(this.subject(msg.topic, partitionOf(msg.key, this.config.partitions)), data, { msgID: `${msg.topic}:${msg.id}` });
    } catch (err) {
      if (err instanceof JetStreamApiError && STREAM_FULL_CODES.has(err.code)) {
        this.counters.refused++;
        throw new BusFullError(1);
      }
      throw err;
    }
    this.counters.published++;
  }

  async consume<T>(topic: BusTopic, handler: BusHandler<T>): Promise<Consumer> {
    const loops = await Promise.all(this.config.owned.map((p) => this.consumePartition(topic, p, handler as BusHandler)));
    const consumer = {
      stop: async () => {
        this.consumers.delete(consumer);
        await Promise.all(loops.map((l) => l.stop()));
      },
    };
    this.consumers.add(consumer);
    return consumer;
  }

  private async consumePartition(topic: BusTopic, partition: number, handler: BusHandler): Promise<{ stop(): Promise<void> }> {
    const name = `${this.config.stream}_${topic}_p${partition}`;
    const maxAttempts = this.opts.maxAttempts ?? 5;
    const ackWaitMs = this.opts.ackWaitMs ?? 30_000;
    const config = {
      durable_name: name,
      filter_subject: this.subject(topic, partition),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 1,
      max_deliver: maxAttempts,
      ack_wait: ackWaitMs * 1_000_000,
    };
    // Adding an identical durable consumer is a no-op; one whose settings changed is updated.
    await this.jsm.consumers.add(this.config.stream, config).catch(async (err: unknown) => {
      if (!(err instanceof JetStreamApiError)) throw err;
      await this.jsm.consumers.update(this.config.stream, name, { max_deliver: config.max_deliver, ack_wait: config.ack_wait, max_ack_pending: 1 });
    });
    const consumer = await this.js.consumers.get(this.config.stream, name);
    // One pull of one message at a time (`next`), rather than a refilling `consume`: with
    // max_ack_pending 1 a refilling pull can sit out its whole expiry after a nak or term.
    let stopped = false;
    let handling: Promise<void> = Promise.resolve();
    const loop = (async () => {
      while (!stopped) {
        let m: JsMsg | null;
        try {
          m = await consumer.next({ expires: PULL_EXPIRES_MS });
        } catch {
          // Connection closed: this consumer is over. Otherwise NATS is reconnecting: wait, retry.
          if (this.nc.isClosed()) return;
          await new Promise((r) => setTimeout(r, PULL_EXPIRES_MS));
          continue;
        }
        if (!m) continue;
        // Arrived after stop: hand it straight back so its next owner need not wait out ack_wait.
        if (stopped) {
          m.nak();
          return;
        }
        handling = this.deliver(m, handler, maxAttempts, ackWaitMs);
        await handling;
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        await handling;
        void loop;
      },
    };
  }

  private async deliver(m: JsMsg, handler: BusHandler, maxAttempts: number, ackWaitMs: number): Promise<void> {
    const env = m.json<Envelope>();
    const msg: BusMessage = { topic: m.subject.split('.')[1] as BusTopic, key: env.key, id: env.id, weight: env.weight, payload: env.payload };
    // A long handler keeps its delivery: "working" resets JetStream's ack timer.
    const keepAlive = setInterval(() => {
      try {
        m.working();
      } catch {
        // The connection is gone; JetStream will redeliver after ack_wait.
      }
    }, Math.max(1000, ackWaitMs / 2));
    keepAlive.unref();
    try {
      await handler(msg);
      await m.ackAck();
      this.counters.acked++;
    } catch (err) {
      if (m.info.deliveryCount >= maxAttempts) {
        m.term(); // no reason: a 2.9 server ignores a '+TERM <reason>'
        this.counters.dead++;
        this.opts.onDead?.(msg, err);
      } else m.nak(this.opts.retryDelayMs ?? 1000);
    } finally {
      clearInterval(keepAlive);
    }
  }

  private async refreshDepth(): Promise<void> {
    if (this.closed) return;
    try {
      this.depth = (await this.jsm.streams.info(this.config.stream)).state.messages;
    } catch {
      // Keep the last known depth while NATS is unreachable; publishes report the failure.
    }
  }

  /** Depth and capacity count messages (batches), which is what the stream's limits count. */
  stats(): BusStats {
    return { depth: this.depth, capacity: this.config.capacity, partitions: this.config.partitions, ...this.counters };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.statsTimer);
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await this.nc.drain();
  }
}

/** The entry `startServer` loads for `--bus nats://…`. */
export function openNatsBus(url: string, opts: NatsBusOptions = {}): Promise<Bus> {
  return NatsBus.open(parseNatsUrl(url), opts);
}
