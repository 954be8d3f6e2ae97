/**
 * The loaded eBPF object, driven through Debian's libbpf.so.1 (koffi) on the main thread: load,
 * attach every program, and drain the ring buffer without blocking (`ring_buffer__consume`).
 * A worker thread blocked in `ring_buffer__poll` would cost a second V8 isolate (tens of MB) and
 * a copy plus a message per batch; the ring (4 MiB, seconds of records at any plausible exec
 * rate) absorbs the time between two drains instead.
 */
import koffi from 'koffi';

type Pointer = unknown;

interface Libbpf {
  openFile: (path: string, opts: null) => Pointer | null;
  load: (obj: Pointer) => number;
  close: (obj: Pointer) => void;
  nextProgram: (obj: Pointer, prog: Pointer | null) => Pointer | null;
  attach: (prog: Pointer) => Pointer | null;
  destroyLink: (link: Pointer) => number;
  mapFd: (obj: Pointer, name: string) => number;
  lookup: (fd: number, key: Buffer, value: bigint[]) => number;
  ringNew: (fd: number, cb: Pointer, ctx: null, opts: null) => Pointer | null;
  consume: (rb: Pointer) => number;
  ringFree: (rb: Pointer) => void;
  clockGettime: (clock: number, ts: { sec: bigint; nsec: bigint }) => number;
  ringCallback: ReturnType<typeof koffi.proto>;
}

let libbpf: Libbpf | undefined;

/** Bound once per process: koffi keeps every declared function and type for its lifetime. */
function bind(): Libbpf {
  if (libbpf) return libbpf;
  const lib = koffi.load('libbpf.so.1');
  const libc = koffi.load('libc.so.6');
  // libbpf prints to stderr by default; failures surface as errors with errno instead.
  lib.func('void *libbpf_set_print(void *fn)')(null);
  koffi.struct('vigil_timespec', { sec: 'int64_t', nsec: 'int64_t' });
  libbpf = {
    openFile: lib.func('void *bpf_object__open_file(const char *path, void *opts)'),
    load: lib.func('int bpf_object__load(void *obj)'),
    close: lib.func('void bpf_object__close(void *obj)'),
    nextProgram: lib.func('void *bpf_object__next_program(void *obj, void *prog)'),
    attach: lib.func('void *bpf_program__attach(void *prog)'),
    destroyLink: lib.func('int bpf_link__destroy(void *link)'),
    mapFd: lib.func('int bpf_object__find_map_fd_by_name(void *obj, const char *name)'),
    lookup: lib.func('int bpf_map_lookup_elem(int fd, const void *key, _Out_ uint64_t *value)'),
    ringCallback: koffi.proto('int vigil_ring_cb(void *ctx, void *data, size_t size)'),
    ringNew: lib.func('void *ring_buffer__new(int fd, vigil_ring_cb *cb, void *ctx, void *opts)'),
    consume: lib.func('int ring_buffer__consume(void *rb)'),
    ringFree: lib.func('void ring_buffer__free(void *rb)'),
    clockGettime: libc.func('int clock_gettime(int clk, _Out_ vigil_timespec *ts)'),
  };
  return libbpf;
}

const CLOCK_REALTIME = 0;
const CLOCK_BOOTTIME = 7;
const EAGAIN = 11;
/** The verifier can fail with EAGAIN when the kernel is short of memory for it (seen under a profiler). */
const LOAD_ATTEMPTS = 5;

function fail(what: string): never {
  throw new Error(`${what} failed: errno ${koffi.errno()}`);
}

export class BpfObject {
  readonly #lib: Libbpf;
  readonly #obj: Pointer;
  readonly #links: Pointer[] = [];
  readonly #dropsFd: number;
  readonly #key = Buffer.alloc(4);
  #ring: Pointer | null = null;
  #callback: ReturnType<typeof koffi.register> | null = null;
  /** Set while `drain` runs: the callback hands each record here. */
  #onRecord: ((record: Buffer) => void) | null = null;

  private constructor(lib: Libbpf, obj: Pointer) {
    this.#lib = lib;
    this.#obj = obj;
    this.#dropsFd = lib.mapFd(obj, 'drops');
  }

  /** Opens, loads (retrying EAGAIN) and attaches `path`; the ring is then filling. */
  static async open(path: string): Promise<BpfObject> {
    const lib = bind();
    const obj = lib.openFile(path, null) ?? fail('bpf_object__open_file');
    const self = new BpfObject(lib, obj);
    try {
      for (let attempt = 1; lib.load(obj) !== 0; attempt++) {
        if (koffi.errno() !== EAGAIN || attempt === LOAD_ATTEMPTS) fail('bpf_object__load (needs root or CAP_BPF+CAP_PERFMON)');
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
      for (let prog = lib.nextProgram(obj, null); prog; prog = lib.nextProgram(obj, prog)) {
        self.#links.push(lib.attach(prog) ?? fail('bpf_program__attach'));
      }
      self.#callback = koffi.register((_ctx: unknown, data: Pointer, size: number) => {
        // The ring memory is handed back to the kernel once we return: decode before that.
        self.#onRecord!(Buffer.from(koffi.view(data, size)));
        return 0;
      }, koffi.pointer(lib.ringCallback));
      self.#ring = lib.ringNew(lib.mapFd(obj, 'events'), self.#callback, null, null) ?? fail('ring_buffer__new');
      return self;
    } catch (err) {
      self.close();
      throw err;
    }
  }

  /** Wall-clock ns minus boot-clock ns, measured as close together as two calls allow. */
  bootToEpochNs(): bigint {
    return nowNs(this.#lib, CLOCK_REALTIME) - nowNs(this.#lib, CLOCK_BOOTTIME);
  }

  /** Hands every record in the ring to `onRecord` (valid only during the call); returns how many. */
  drain(onRecord: (record: Buffer) => void): number {
    this.#onRecord = onRecord;
    try {
      const n = this.#lib.consume(this.#ring);
      if (n < 0) throw new Error(`ring_buffer__consume failed: errno ${-n}`);
      return n;
    } finally {
      this.#onRecord = null;
    }
  }

  /** Records the kernel side could not reserve ring space for, since load. */
  lost(): number {
    const value = [0n];
    return this.#lib.lookup(this.#dropsFd, this.#key, value) === 0 ? Number(value[0]) : 0;
  }

  close(): void {
    const lib = this.#lib;
    if (this.#ring) lib.ringFree(this.#ring);
    this.#ring = null;
    for (const link of this.#links.splice(0)) lib.destroyLink(link);
    lib.close(this.#obj);
    if (this.#callback) koffi.unregister(this.#callback);
    this.#callback = null;
  }
}

function nowNs(lib: Libbpf, clock: number): bigint {
  const ts = { sec: 0n, nsec: 0n };
  lib.clockGettime(clock, ts);
  return BigInt(ts.sec) * 1_000_000_000n + BigInt(ts.nsec);
}
