/**
 * The analyzers: consume the bus per host partition — event batches through detection into
 * alerts, inventory reports into vulnerability findings. With the in-process bus a recovery sweep
 * republishes stored batches that detection has not finished (after a crash, or a refused
 * publish), so every durable event is analyzed.
 */
import type { Alert } from '@vigil/detect';
import type { VigilEvent } from '@vigil/schema';
import type { Bus, BusMessage, Consumer } from '../bus/bus.ts';
import type { EventBatch, Store } from '../store/store.ts';
import type { Metrics } from '../metrics.ts';
import type { AlertPipeline, Detection } from './alerts.ts';
import type { EventIngest } from './ingest.ts';
import type { RuleSet } from './rules.ts';
import type { VulnerabilityMatcher } from './vulnerabilities.ts';

export interface InventoryWork {
  host_id: string;
}

export class Analyzer {
  /** Stored id of each event the engine may still hold (stateful rules alert on earlier events). */
  private readonly eventIds = new WeakMap<VigilEvent, string>();
  private consumers: Consumer[] = [];
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    private readonly rules: RuleSet,
    private readonly alerts: AlertPipeline,
    private readonly vulns: VulnerabilityMatcher,
    private readonly ingest: EventIngest,
    private readonly metrics: Metrics,
    private readonly warn: (m: string) => void,
  ) {}

  async start(sweepMs = 5000): Promise<void> {
    this.consumers.push(await this.bus.consume<EventBatch>('events', (m) => this.analyzeBatch(m)));
    this.consumers.push(await this.bus.consume<InventoryWork>('inventory', (m) => this.matchInventory(m)));
    if (!this.bus.durable) {
      await this.sweep();
      this.sweepTimer = setInterval(() => void this.sweep().catch((err) => this.warn(`recovery sweep: ${(err as Error).message}`)), sweepMs);
      this.sweepTimer.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    for (const c of this.consumers) await c.stop();
    this.consumers = [];
  }

  /** Republish stored, unanalyzed batches not already on the bus. */
  async sweep(): Promise<number> {
    let published = 0;
    for (const b of await this.store.unanalyzedBatches(200)) {
      if (this.ingest.inFlight.has(b.id)) continue;
      this.ingest.inFlight.add(b.id);
      try {
        await this.bus.publish({ topic: 'events', key: b.host_id, id: b.id, payload: b, weight: Math.max(1, b.events.length) });
        published++;
      } catch {
        this.ingest.inFlight.delete(b.id);
        break; // bus full: the next sweep continues
      }
    }
    return published;
  }

  /** Let stateful rules' windows reach `now` though a host is silent (absence rules). */
  async tick(now: Date): Promise<void> {
    const found = this.rules.engine.flush(now.getTime());
    if (found.length > 0) await this.alerts.commit(found.map((alert) => this.detection(alert)));
  }

  private async analyzeBatch(m: BusMessage<EventBatch>): Promise<void> {
    const b = m.payload;
    // A redelivery after a crash between the analyzed mark and the bus ack: detection already
    // ran, and running it again would count the batch's alerts twice.
    if (this.bus.durable && (await this.store.appendEvents(b)).duplicate && (await this.store.isBatchAnalyzed(b.id))) return;
    const engine = this.rules.engine;
    const found: Detection[] = [];
    for (let i = 0; i < b.events.length; i++) {
      const ev = b.events[i];
      this.eventIds.set(ev, `${b.id}:${i}`);
      for (const alert of engine.process(ev)) found.push(this.detection(alert));
    }
    // The batch's alerts and its analyzed mark in one transaction: a crash leaves both or neither.
    await this.alerts.commit(found, b.id);
    this.ingest.inFlight.delete(b.id);
    this.metrics.inc('vigil_events_analyzed_total', 'Events run through detection', b.events.length);
  }

  private detection(alert: Alert): Detection {
    return { alert, eventIds: alert.events.map((e) => this.eventIds.get(e)).filter((id): id is string => id !== undefined) };
  }

  private async matchInventory(m: BusMessage<InventoryWork>): Promise<void> {
    const n = await this.vulns.matchHost(m.payload.host_id);
    await this.vulns.scanHostImages(m.payload.host_id);
    this.metrics.inc('vigil_vulnerability_matches_total', 'Host vulnerability matching runs');
    this.metrics.set('vigil_host_findings', 'Findings of a host after its last matching', n, { host: m.payload.host_id });
  }
}
