/**
 * Worker thread that owns the eBPF object: loads it through Debian's libbpf.so.1 (koffi), attaches
 * the programs and polls the ring buffer. `ring_buffer__poll` blocks, hence a thread of its own.
 * Posts `{ records: ArrayBuffer[] }` batches, `{ lost }` counts, `{ ready, bootToEpochNs }` once
 * attached and `{ error }` when it cannot go on. The main thread sets `stop[0]` to end it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import koffi from 'koffi';

interface WorkerInput {
  object: string;
  stop: Int32Array;
}

const { object, stop } = workerData as WorkerInput;
const port = parentPort!;

const libbpf = koffi.load('libbpf.so.1');
const libc = koffi.load('libc.so.6');
const openFile = libbpf.func('void *bpf_object__open_file(const char *path, void *opts)');
const loadObject = libbpf.func('int bpf_object__load(void *obj)');
const closeObject = libbpf.func('void bpf_object__close(void *obj)');
const nextProgram = libbpf.func('void *bpf_object__next_program(void *obj, void *prog)');
const attach = libbpf.func('void *bpf_program__attach(void *prog)');
const destroyLink = libbpf.func('int bpf_link__destroy(void *link)');
const mapFd = libbpf.func('int bpf_object__find_map_fd_by_name(void *obj, const char *name)');
const lookup = libbpf.func('int bpf_map_lookup_elem(int fd, const void *key, _Out_ uint64_t *value)');
const RingCallback = koffi.proto('int vigil_ring_cb(void *ctx, void *data, size_t size)');
const ringNew = libbpf.func('void *ring_buffer__new(int fd, vigil_ring_cb *cb, void *ctx, void *opts)');
const ringPoll = libbpf.func('int ring_buffer__poll(void *rb, int timeout_ms)');
const ringFree = libbpf.func('void ring_buffer__free(void *rb)');
// libbpf prints to stderr by default; failures reach the main thread as `{ error }` instead.
libbpf.func('void *libbpf_set_print(void *fn)')(null);
koffi.struct('vigil_timespec', { sec: 'int64_t', nsec: 'int64_t' });
const clockGettime = libc.func('int clock_gettime(int clk, _Out_ vigil_timespec *ts)');
const CLOCK_REALTIME = 0;
const CLOCK_BOOTTIME = 7;

function nowNs(clock: number): bigint {
  const ts = { sec: 0n, nsec: 0n };
  clockGettime(clock, ts);
  return BigInt(ts.sec) * 1_000_000_000n + BigInt(ts.nsec);
}

function fail(what: string): never {
  throw new Error(`${what} failed: errno ${koffi.errno()}`);
}

const links: unknown[] = [];
let obj: unknown = null;
let ring: unknown = null;
let callback: bigint | null = null;
let batch: ArrayBuffer[] = [];

try {
  obj = openFile(object, null) ?? fail('bpf_object__open_file');
  if (loadObject(obj) !== 0) fail('bpf_object__load (needs root or CAP_BPF+CAP_PERFMON)');
  for (let prog = nextProgram(obj, null); prog; prog = nextProgram(obj, prog)) {
    links.push(attach(prog) ?? fail('bpf_program__attach'));
  }
  callback = koffi.register((_ctx: unknown, data: unknown, size: number) => {
    // The ring memory is reused once we return: copy.
    batch.push(koffi.view(data, size).slice(0));
    return 0;
  }, koffi.pointer(RingCallback));
  ring = ringNew(mapFd(obj, 'events'), callback, null, null) ?? fail('ring_buffer__new');
  const dropsFd = mapFd(obj, 'drops');
  // Boot time to wall time, measured as close together as two calls allow.
  port.postMessage({ ready: true, bootToEpochNs: nowNs(CLOCK_REALTIME) - nowNs(CLOCK_BOOTTIME) });

  const key = Buffer.alloc(4);
  let lastLost = 0n;
  while (Atomics.load(stop, 0) === 0) {
    const n = ringPoll(ring, 100);
    if (n < 0 && -n !== 4 /* EINTR */) fail('ring_buffer__poll');
    if (batch.length) {
      port.postMessage({ records: batch }, batch);
      batch = [];
    }
    const lost = [0n];
    if (lookup(dropsFd, key, lost) === 0 && BigInt(lost[0]) !== lastLost) {
      lastLost = BigInt(lost[0]);
      port.postMessage({ lost: Number(lastLost) });
    }
  }
} catch (err) {
  port.postMessage({ error: (err as Error).message });
} finally {
  if (ring) ringFree(ring);
  for (const link of links) destroyLink(link);
  if (obj) closeObject(obj);
  if (callback) koffi.unregister(callback);
}
