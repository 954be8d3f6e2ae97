/**
 * Everything between a running agent and its server: events go through the disk spool (batched,
 * shipped oldest first, deleted only once acknowledged), the inventory is kept in sync, and the
 * heartbeat reports health, brings configuration and carries response actions; a compliance
 * report of the host goes up on its own schedule.
 */
import type { VigilEvent } from '@vigil/schema';
import { collectInventory } from '../inventory/snapshot.ts';
import { Batcher } from '../spool/batcher.ts';
import { Shipper } from '../spool/shipper.ts';
import { Spool, type SpoolOptions } from '../spool/spool.ts';
import { acknowledges, TransportError } from '../spool/transport.ts';
import type { AgentApi } from './agent-api.ts';
import { ComplianceUploads } from './compliance-uploads.ts';
import { Heartbeat, type AgentHealth, type HeartbeatOptions } from './heartbeat.ts';
import { InventorySync, type InventorySyncOptions, type InventoryUpload } from './inventory-sync.ts';

export interface UplinkOptions {
  api: AgentApi;
  stateDir: string;
  version: string;
  spool?: SpoolOptions;
  /** Default: every collector on the live host. */
  collectInventory?: InventorySyncOptions['collect'];
  inventoryEveryMs?: number;
  inventoryFullEveryMs?: number;
  /** Health of the sensors; the uplink adds its spool. */
  health: () => Omit<AgentHealth, 'spool'>;
  applyConfig: HeartbeatOptions['applyConfig'];
  runAction: HeartbeatOptions['runAction'];
  heartbeatMs?: number;
  /** A compliance report of the host; uploaded at start and every `complianceEveryMs` (default 12 h). */
  complianceReport?: () => Promise<unknown>;
  complianceEveryMs?: number;
  onWarn?: (message: string) => void;
}

/** POSTs `body` (which has an `id`) and insists the answer acknowledges that id. */
async function postAcknowledged(api: AgentApi, path: string, body: { id: string }): Promise<void> {
  if (!acknowledges(await api.post(path, body), body.id)) throw new TransportError(`${path} ${body.id} not acknowledged`, true);
}

export class Uplink {
  readonly spool: Spool;
  readonly shipper: Shipper;
  readonly inventory: InventorySync;
  readonly heartbeat: Heartbeat;
  readonly compliance?: ComplianceUploads;
  readonly #batcher: Batcher;

  constructor(opts: UplinkOptions) {
    this.spool = Spool.open(opts.stateDir, opts.spool);
    this.shipper = new Shipper(this.spool, opts.api.events(), { onWarn: opts.onWarn });
    this.#batcher = new Batcher(this.spool, { onBatch: () => this.shipper.wake() });
    this.inventory = new InventorySync({
      collect: opts.collectInventory ?? (() => collectInventory()),
      send: (upload: InventoryUpload) => postAcknowledged(opts.api, 'inventory', upload),
      everyMs: opts.inventoryEveryMs,
      fullEveryMs: opts.inventoryFullEveryMs,
      onWarn: opts.onWarn,
    });
    this.heartbeat = new Heartbeat({
      post: (path, body) => opts.api.post(path, body),
      version: opts.version,
      health: () => {
        const s = this.spool.stats();
        const h = opts.health();
        return { ...h, drops: { ...h.drops, spool_events: s.droppedEvents, rejected_events: s.rejectedEvents }, spool: s };
      },
      applyConfig: opts.applyConfig,
      runAction: opts.runAction,
      intervalMs: opts.heartbeatMs,
      onWarn: opts.onWarn,
    });
    if (opts.complianceReport) {
      this.compliance = new ComplianceUploads({ run: opts.complianceReport, send: (u) => postAcknowledged(opts.api, 'compliance', u), everyMs: opts.complianceEveryMs, onWarn: opts.onWarn });
    }
  }

  /** Queues an event; it is on disk within a second (or 500 events). */
  add(event: VigilEvent): void {
    this.#batcher.add(event);
  }

  start(): void {
    this.shipper.start();
    this.inventory.start();
    this.heartbeat.start();
    this.compliance?.start();
  }

  /** Spools what is pending and stops; whatever is not acknowledged yet goes at the next start. */
  async stop(): Promise<void> {
    this.#batcher.flush();
    await Promise.all([this.heartbeat.stop(), this.inventory.stop(), this.shipper.stop(), this.compliance?.stop()]);
    this.spool.close();
  }
}
