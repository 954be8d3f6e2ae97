/**
 * The kernel process sensor: tracepoints sched_process_exec/exit read argv, credentials, cwd and
 * cgroup in the kernel at the event, so no process is too short-lived to be seen (a /proc reader
 * loses the race with a `sh -c` that lives a millisecond); TCP connects and accepts come from the
 * same object, in the context of the process that made them. The ring buffer is drained on a
 * timer of the main thread (bpf-object.ts). Every program must attach: a kernel without syscall
 * tracepoints falls back to /proc polling as a whole.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildBpfObject } from './bpf-build.ts';
import { BpfObject } from './bpf-object.ts';
import { decodeBpfRecord } from './bpf-record.ts';
import type { ProcessRecord } from './process-record.ts';
import { SensorUnavailable, type ProcessSensor } from './sensor.ts';

/** How often the ring is drained: events are at most this late, and an idle agent wakes this often. */
const DRAIN_INTERVAL_MS = 100;

/** Tracepoint attachment reads event ids from tracefs; mount it where the kernel expects it. */
function ensureTracefs(): void {
  if (existsSync('/sys/kernel/tracing/events') || existsSync('/sys/kernel/debug/tracing/events')) return;
  try {
    execFileSync('mount', ['-t', 'tracefs', 'tracefs', '/sys/kernel/tracing'], { stdio: 'ignore' });
  } catch {
    throw new SensorUnavailable('tracefs is not mounted at /sys/kernel/tracing and mounting it failed');
  }
}

export class EbpfProcessSensor implements ProcessSensor {
  readonly name = 'ebpf';
  #object?: BpfObject;
  #timer?: NodeJS.Timeout;
  /** Drains the ring and delivers what it held; false once the ring has failed. */
  #drain?: () => boolean;
  #lost = 0;
  #lostBefore = 0;

  constructor(private readonly cacheDir?: string) {}

  lost(): number {
    if (this.#object) this.#lost = this.#object.lost();
    return this.#lostBefore + this.#lost;
  }

  async start(onRecords: (records: ProcessRecord[]) => void, onFailure: (err: Error) => void): Promise<void> {
    if (process.getuid?.() !== 0) throw new SensorUnavailable('eBPF needs root (or CAP_BPF and CAP_PERFMON)');
    ensureTracefs();
    const path = buildBpfObject(this.cacheDir);
    let object: BpfObject;
    try {
      object = await BpfObject.open(path);
    } catch (err) {
      throw new SensorUnavailable(`eBPF sensor: ${(err as Error).message}`);
    }
    // A restart starts a fresh kernel counter; keep what the previous instance lost.
    this.#lostBefore += this.#lost;
    this.#lost = 0;
    this.#object = object;
    const bootToEpochNs = object.bootToEpochNs();
    let records: ProcessRecord[] = [];
    const collect = (raw: Buffer): void => {
      const r = decodeBpfRecord(raw, bootToEpochNs);
      if (r) records.push(r);
    };
    this.#drain = () => {
      try {
        object.drain(collect);
      } catch (err) {
        this.#close();
        onFailure(err as Error);
        return false;
      }
      if (records.length === 0) return true;
      const batch = records;
      records = [];
      onRecords(batch);
      return true;
    };
    this.#timer = setInterval(this.#drain, DRAIN_INTERVAL_MS);
  }

  #close(): void {
    clearInterval(this.#timer);
    this.#drain = undefined;
    if (!this.#object) return;
    this.#lost = this.#object.lost();
    this.#object.close();
    this.#object = undefined;
  }

  /** Delivers what the ring still holds, then detaches. */
  async stop(): Promise<void> {
    if (this.#drain?.()) this.#close();
  }
}
