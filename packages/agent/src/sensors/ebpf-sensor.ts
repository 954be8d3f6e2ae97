/**
 * The kernel process sensor: tracepoints sched_process_exec/exit read argv, credentials, cwd and
 * cgroup in the kernel at the event, so no process is too short-lived to be seen (a /proc reader
 * loses the race with a `sh -c` that lives a millisecond); TCP connects and accepts come from the
 * same object, in the context of the process that made them. Records arrive through a ring
 * buffer polled by a worker thread (bpf-worker.ts). Every program must attach: a kernel without
 * syscall tracepoints falls back to /proc polling as a whole.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { agentFile } from './agent-files.ts';
import { buildBpfObject } from './bpf-build.ts';
import { decodeBpfRecord } from './bpf-record.ts';
import type { ProcessRecord } from './process-record.ts';
import { SensorUnavailable, type ProcessSensor } from './sensor.ts';

type WorkerMessage =
  | { ready: true; bootToEpochNs: bigint }
  | { records: ArrayBuffer[] }
  | { lost: number }
  | { error: string };

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
  #worker?: Worker;
  #stop?: Int32Array;
  #lost = 0;
  #lostBefore = 0;

  constructor(private readonly cacheDir?: string) {}

  lost(): number {
    return this.#lostBefore + this.#lost;
  }

  async start(onRecords: (records: ProcessRecord[]) => void, onFailure: (err: Error) => void): Promise<void> {
    if (process.getuid?.() !== 0) throw new SensorUnavailable('eBPF needs root (or CAP_BPF and CAP_PERFMON)');
    ensureTracefs();
    const object = buildBpfObject(this.cacheDir);
    const workerFile = agentFile('src/sensors/bpf-worker.ts');
    const stop = new Int32Array(new SharedArrayBuffer(4));
    // The worker is TypeScript and Node 20 workers do not inherit tsx's loader: register it in
    // the worker before importing the module.
    const tsx = import.meta.resolve('tsx/esm/api');
    const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(workerFile).href)}); })`;
    const worker = new Worker(bootstrap, { eval: true, workerData: { object, stop } });
    this.#worker = worker;
    this.#stop = stop;
    // A restart starts a fresh kernel counter; keep what the previous instance lost.
    this.#lostBefore += this.#lost;
    this.#lost = 0;
    let bootToEpochNs = 0n;
    let ready = false;
    await new Promise<void>((resolve, reject) => {
      const failed = (err: Error): void => {
        if (this.#worker !== worker) return;
        this.#worker = undefined;
        if (ready) onFailure(err);
        else reject(new SensorUnavailable(`eBPF sensor: ${err.message}`));
      };
      worker.on('message', (msg: WorkerMessage) => {
        if ('ready' in msg) {
          ready = true;
          bootToEpochNs = msg.bootToEpochNs;
          resolve();
        } else if ('records' in msg) {
          const records: ProcessRecord[] = [];
          for (const raw of msg.records) {
            const r = decodeBpfRecord(Buffer.from(raw), bootToEpochNs);
            if (r) records.push(r);
          }
          onRecords(records);
        } else if ('lost' in msg) {
          this.#lost = msg.lost;
        } else {
          failed(new Error(msg.error));
        }
      });
      worker.on('error', failed);
      worker.on('exit', (code) => failed(new Error(`worker exited (${code})`)));
    });
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    if (!worker || !this.#stop) return;
    this.#worker = undefined;
    Atomics.store(this.#stop, 0, 1);
    // The worker notices within one poll interval and detaches before exiting.
    await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  }
}
