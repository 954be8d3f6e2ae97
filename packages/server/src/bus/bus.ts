/**
 * The bus between ingest and the analyzers (detection, inventory, compliance).
 *
 * Contract:
 * - Messages are keyed by host id and land on partition `partitionOf(key, partitions)`; within a
 *   partition they are handed to the consumer one at a time, in publish order, so per-host
 *   stateful rules see a host's events in order. Partitions run concurrently.
 * - `publish` resolves once the bus holds the message. When `durable` is true (JetStream) that
 *   means it survives a crash, and ingest acknowledges the agent right after; when false (the
 *   in-process bus) ingest commits to the store first and the bus only carries work.
 * - A full bus rejects `publish` with `BusFullError` instead of growing: ingest turns it into
 *   429/503 with Retry-After (back-pressure, never an unbounded queue).
 * - A message is acknowledged when the handler's promise resolves; a rejection redelivers it
 *   (same partition, still first) after `retryDelayMs`, up to `maxAttempts` deliveries, after
 *   which it is dropped and counted in `stats().dead`.
 */
import { createHash } from 'node:crypto';

export const BUS_TOPICS = ['events', 'inventory', 'compliance'] as const;
export type BusTopic = (typeof BUS_TOPICS)[number];

export interface BusMessage<T = unknown> {
  topic: BusTopic;
  /** Partition key: the host id. */
  key: string;
  /** Batch, snapshot or report id: redeliveries carry the same id. */
  id: string;
  payload: T;
  /** Load units this message counts against the capacity (events in a batch); default 1. */
  weight?: number;
}

export type BusHandler<T = unknown> = (msg: BusMessage<T>) => Promise<void>;

export interface Consumer {
  stop(): Promise<void>;
}

export interface BusStats {
  /** Units published and not yet acknowledged. */
  depth: number;
  capacity: number;
  partitions: number;
  published: number;
  acked: number;
  /** Messages dropped after `maxAttempts` failed deliveries. */
  dead: number;
  /** Publishes refused because the bus was full. */
  refused: number;
}

export interface Bus {
  readonly durable: boolean;
  publish(msg: BusMessage): Promise<void>;
  /** One consumer per topic per process; messages published before it are delivered too. */
  consume<T>(topic: BusTopic, handler: BusHandler<T>): Promise<Consumer>;
  stats(): BusStats;
  close(): Promise<void>;
}

export class BusFullError extends Error {
  override readonly name = 'BusFullError';
  constructor(readonly retryAfterSeconds: number) {
    super('bus is at capacity');
  }
}

/** Stable partition of a host id: the same host always lands on the same partition. */
export function partitionOf(key: string, partitions: number): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % partitions;
}
