/**
 * `--bus nats://…` options. Everything the JetStream bus needs is in the one URL, so every role
 * takes the same flag:
 *
 *   nats://nats-1:4222,nats-2:4222,nats-3:4222?stream=VIGIL&partitions=16&replicas=3&analyzer=auto/4
 *
 * - `stream` (default `VIGIL`): the JetStream stream; its subjects are `<stream lowercased>.<topic>.<partition>`.
 * - `partitions` (default 8): host-id partitions; fixed for the life of a stream (a stream made
 *   with another count is refused, since moving hosts between partitions would split their state).
 * - `analyzer=I/N`: this process is analyzer I of N and consumes partitions p with p % N == I;
 *   `auto/N` takes I from the host name's trailing `-<ordinal>` (a Kubernetes StatefulSet pod).
 *   Without it a process consumes every partition (a single analyzer).
 * - `replicas` (default 1), `capacity` (messages held before publishes are refused, default 100,000),
 *   `max_bytes` (default 1 GiB).
 */
import { hostname } from 'node:os';
import { UserError } from '@vigil/schema';

export interface NatsBusConfig {
  servers: string[];
  stream: string;
  subjectPrefix: string;
  partitions: number;
  /** The partitions this process consumes. */
  owned: number[];
  replicas: number;
  capacity: number;
  maxBytes: number;
}

const bad = (url: string, why: string) => new UserError(`--bus ${url}: ${why}`, 'USAGE');

function int(url: string, name: string, value: string | null, fallback: number, min = 1): number {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw bad(url, `${name} must be an integer ≥ ${min}`);
  return Number(value);
}

/** Analyzer I of N from `I/N` or `auto/N`; `host` stands in for the host name in tests. */
export function analyzerIndex(url: string, spec: string, host = hostname()): { index: number; of: number } {
  const m = /^(auto|\d+)\/(\d+)$/.exec(spec);
  if (!m || Number(m[2]) < 1) throw bad(url, 'analyzer must be I/N or auto/N');
  const of = Number(m[2]);
  let index: number;
  if (m[1] === 'auto') {
    const ordinal = /-(\d+)$/.exec(host);
    if (!ordinal) throw bad(url, `analyzer=auto needs a host name ending in -<ordinal> (a StatefulSet pod), not ${host}`);
    index = Number(ordinal[1]);
  } else index = Number(m[1]);
  if (index >= of) throw bad(url, `analyzer index ${index} is not below ${of}`);
  return { index, of };
}

export function parseNatsUrl(url: string, host = hostname()): NatsBusConfig {
  const m = /^nats:\/\/([^/?#]+)\/?(?:\?([^#]*))?$/.exec(url);
  if (!m) throw bad(url, 'expected nats://host:port[,host:port…][?options]');
  const servers = m[1].split(',').map((s) => s.trim());
  if (servers.some((s) => !/^[^\s:]+(:\d{1,5})?$/.test(s))) throw bad(url, 'servers must be host or host:port');
  const q = new URLSearchParams(m[2] ?? '');
  const known = new Set(['stream', 'partitions', 'analyzer', 'replicas', 'capacity', 'max_bytes']);
  for (const k of q.keys()) if (!known.has(k)) throw bad(url, `unknown option ${k} (${[...known].join(', ')})`);
  const stream = q.get('stream') ?? 'VIGIL';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(stream)) throw bad(url, 'stream must be letters, digits, _ or -');
  const partitions = int(url, 'partitions', q.get('partitions'), 8);
  const all = Array.from({ length: partitions }, (_, i) => i);
  const analyzer = q.get('analyzer');
  let owned = all;
  if (analyzer !== null) {
    const { index, of } = analyzerIndex(url, analyzer, host);
    owned = all.filter((p) => p % of === index);
  }
  return {
    servers,
    stream,
    subjectPrefix: stream.toLowerCase(),
    partitions,
    owned,
    replicas: int(url, 'replicas', q.get('replicas'), 1),
    capacity: int(url, 'capacity', q.get('capacity'), 100_000),
    maxBytes: int(url, 'max_bytes', q.get('max_bytes'), 1 << 30),
  };
}
