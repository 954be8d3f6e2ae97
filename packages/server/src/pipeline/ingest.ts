/**
 * Agent event batches → durable → acknowledged. With the in-process bus the batch is committed to
 * the store (one transaction, idempotent by batch id) before the ack and then handed to the
 * analyzers; with a durable bus (JetStream) the ack follows the publish and the analyzer stores
 * it. A full bus answers 503 with Retry-After before anything is taken: the agent keeps the batch
 * in its spool and resends it under the same id.
 */
import { parseEvent, type VigilEvent } from '@vigil/schema';
import { z } from 'zod';
import { type Bus, BusFullError } from '../bus/bus.ts';
import type { Agent, EventBatch, Store } from '../store/store.ts';
import type { Metrics } from '../metrics.ts';
import { ApiError } from '../http/api-error.ts';

export const MAX_BATCH_EVENTS = 10_000;

export const eventBatchBody = z.object({
  id: z.string().min(1).max(200),
  events: z.array(z.unknown()).max(MAX_BATCH_EVENTS),
});

export class EventIngest {
  /** Batches published to the in-process bus and not yet analyzed: the recovery sweep skips them. */
  readonly inFlight = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly metrics: Metrics,
  ) {}

  async accept(agent: Agent, body: z.infer<typeof eventBatchBody>): Promise<{ ack: string }> {
    const events: VigilEvent[] = body.events.map((e, i) => parseEvent(e, `events[${i}]`));
    const foreign = events.findIndex((e) => e.host.id !== agent.host_id);
    if (foreign >= 0) throw new ApiError(403, `events[${foreign}]: host.id ${events[foreign].host.id} is not this agent's host / 事件主机与代理不符`);
    const stats = this.bus.stats();
    if (stats.depth > 0 && stats.depth + events.length > stats.capacity) {
      this.metrics.inc('vigil_ingest_refused_total', 'Batches refused for back-pressure (503)');
      throw new ApiError(503, 'server busy, retry later / 服务器繁忙，请稍后重试', 1);
    }
    const batch: EventBatch = { id: body.id, agent_id: agent.id, host_id: agent.host_id, received_at: new Date().toISOString(), events };
    const message = { topic: 'events' as const, key: agent.host_id, id: batch.id, payload: batch, weight: Math.max(1, events.length) };
    if (this.bus.durable) {
      try {
        await this.bus.publish(message);
      } catch (err) {
        if (err instanceof BusFullError) throw new ApiError(503, 'server busy, retry later / 服务器繁忙，请稍后重试', err.retryAfterSeconds);
        throw err;
      }
    } else {
      this.inFlight.add(batch.id);
      const { duplicate } = await this.store.appendEvents(batch).catch((err: unknown) => {
        this.inFlight.delete(batch.id);
        throw err;
      });
      if (duplicate) {
        this.inFlight.delete(batch.id);
        this.metrics.inc('vigil_batches_duplicate_total', 'Batches received again (acknowledged, not stored twice)');
        return { ack: batch.id };
      }
      // Stored: from here the ack is owed. A publish the bus refuses is left to the recovery sweep.
      await this.bus.publish(message).catch(() => this.inFlight.delete(batch.id));
    }
    this.metrics.inc('vigil_events_received_total', 'Events received from agents and made durable', events.length);
    return { ack: batch.id };
  }
}
