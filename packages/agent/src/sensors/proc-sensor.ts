/**
 * The unprivileged fallback: polls /proc and reports processes that appeared or vanished since
 * the last scan, and an exec by a known process when its name changes. It cannot see a process
 * that starts and ends between two scans, nor an exec that keeps the name; the monitor's health
 * names the sensor so that nobody mistakes it for eBPF.
 * Processes present at start are remembered (for parents and exits) but not reported as execs.
 */
import { readdirSync } from 'node:fs';
import type { ProcessRecord } from './process-record.ts';
import { readProcessRecord, readProcStat } from './proc-reader.ts';
import type { ProcessSensor } from './sensor.ts';

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export class ProcPollingSensor implements ProcessSensor {
  readonly name = 'proc';
  #timer?: NodeJS.Timeout;
  #known = new Map<string, ProcessRecord>();

  constructor(
    private readonly intervalMs = 100,
    private readonly root = '/proc',
  ) {}

  lost(): number {
    return 0;
  }

  #pids(): number[] {
    return readdirSync(this.root)
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  }

  /** One scan: new processes become exec records, vanished ones exit records. */
  scan(): ProcessRecord[] {
    const out: ProcessRecord[] = [];
    const seen = new Set<string>();
    for (const pid of this.#pids()) {
      const stat = readProcStat(pid, this.root);
      // Kernel threads never exec, and kworkers rename themselves as their work changes.
      if (!stat || pid === 2 || stat.ppid === 2) continue;
      const key = `${pid}:${stat.startTicks}`;
      seen.add(key);
      if (this.#known.get(key)?.comm === stat.comm) continue;
      const record = readProcessRecord(pid, nowNs(), this.root);
      if (!record) continue;
      this.#known.set(key, record);
      out.push(record);
    }
    for (const [key, record] of this.#known) {
      if (seen.has(key)) continue;
      this.#known.delete(key);
      out.push({ ...record, kind: 'exit', timeNs: nowNs() });
    }
    return out;
  }

  async start(onRecords: (records: ProcessRecord[]) => void, onFailure: (err: Error) => void): Promise<void> {
    this.#known.clear();
    this.scan();
    this.#timer = setInterval(() => {
      try {
        const records = this.scan();
        if (records.length) onRecords(records);
      } catch (err) {
        clearInterval(this.#timer);
        onFailure(err as Error);
      }
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
