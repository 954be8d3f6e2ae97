/** The contract every process sensor meets, and what the agent reports about it. */
import type { ProcessRecord } from './process-record.ts';

/** The sensor cannot run here (no privilege, no BTF, no compiler): try the next one. */
export class SensorUnavailable extends Error {
  override name = 'SensorUnavailable';
}

export interface ProcessSensor {
  /** `ebpf`, `proc`: the value of `event.sensor` on what it reports. */
  readonly name: string;
  /**
   * Resolves once the sensor sees events. `onFailure` is called at most once if it dies later.
   * Rejects with SensorUnavailable when it cannot run on this host.
   */
  start(onRecords: (records: ProcessRecord[]) => void, onFailure: (err: Error) => void): Promise<void>;
  stop(): Promise<void>;
  /** Events the sensor itself lost (e.g. a full kernel ring buffer), never silently. */
  lost(): number;
}

export interface SensorHealth {
  /** The sensor in use, or the last one tried. */
  sensor: string;
  state: 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';
  events: number;
  /** Events lost inside the sensor, summed over restarts. */
  lost: number;
  restarts: number;
  /** Sensors that could not run here, with why. */
  unavailable: Array<{ sensor: string; reason: string }>;
  lastError?: string;
}
