/**
 * Falco event-generator declarative tests (corpora/falco/evtgen_suite) turned into VigilEvents.
 * Each test's `cases` expand into items (`matrix`: cartesian product, `vector`: one item) that
 * fill `%{ item.x }` templates; the test's process chain becomes exec events (ancestors first),
 * its steps and resources become the file and network events a Vigil sensor would report.
 * A syscall no Vigil event kind stands for raises `Unrepresentable`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { VigilEvent } from '@vigil/schema';

export interface EvtgenCase {
  test: string;
  /** The item's values, for naming the case. */
  item: Record<string, unknown>;
  rule: string;
  priority: string;
  outputFields: Record<string, string>;
  /** The events, or why this case has no Vigil equivalent. */
  events: VigilEvent[] | { unrepresentable: string };
}

type Obj = Record<string, unknown>;

const PLACEHOLDER = /%\{\s*item\.(\w+)\s*\}/g;
const WHOLE = /^%\{\s*item\.(\w+)\s*\}$/;

/** Every case of one suite file. */
export function evtgenCases(path: string): EvtgenCase[] {
  // A bare `key: %{ item.x }` is not valid YAML; quote it so the whole-string substitution applies.
  const text = readFileSync(path, 'utf8').replace(/(:\s*)(%\{\s*item\.\w+\s*\})\s*$/gm, '$1"$2"');
  const doc = parse(text) as { tests: Obj[] };
  const out: EvtgenCase[] = [];
  for (const t of doc.tests) {
    for (const item of expandCases(t.cases as Obj[] | undefined)) {
      const test = substitute(t, item) as Obj;
      const expected = test.expectedOutcome as Obj;
      out.push({
        test: String(t.name),
        item,
        rule: String(test.rule),
        priority: String(expected.priority),
        outputFields: Object.fromEntries(Object.entries((expected.outputFields ?? {}) as Obj).map(([k, v]) => [k, String(v)])),
        events: translate(test),
      });
    }
  }
  return out;
}

function expandCases(cases: Obj[] | undefined): Obj[] {
  if (!cases) return [{}];
  return cases.flatMap((c) => {
    const values = c.values as Obj;
    if (c.strategy === 'vector') return [values];
    let items: Obj[] = [{}];
    for (const [k, vs] of Object.entries(values)) items = items.flatMap((it) => (vs as unknown[]).map((v) => ({ ...it, [k]: v })));
    return items;
  });
}

function substitute(v: unknown, item: Obj): unknown {
  if (typeof v === 'string') {
    const whole = WHOLE.exec(v);
    if (whole) return item[whole[1]];
    return v.replace(PLACEHOLDER, (_m, k: string) => String(item[k]));
  }
  if (Array.isArray(v)) return v.map((x) => substitute(x, item));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, item)]));
  return v;
}

/** Debian base-passwd's fixed ids; other users get no uid, as a sensor that cannot resolve one would. */
const UIDS: Record<string, string> = {
  root: '0', daemon: '1', bin: '2', sys: '3', sync: '4', games: '5', man: '6', lp: '7', mail: '8', news: '9', uucp: '10', proxy: '13', 'www-data': '33', nobody: '65534',
};

const HOST = { id: 'evtgen-host', name: 'evtgen-host' };
const BASE = Date.parse('2026-01-01T00:00:00Z');

class Clock {
  private ms = BASE;
  now(): string {
    return new Date(this.ms).toISOString();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

type Proc = NonNullable<VigilEvent['process']>;
type Socket = Required<Pick<VigilEvent, 'source' | 'destination' | 'network'>>;

function translate(test: Obj): VigilEvent[] | { unrepresentable: string } {
  const clock = new Clock();
  const ctx = (test.context ?? {}) as Obj;
  const container = ctx.container === null || ctx.container === undefined ? undefined : containerOf(ctx.container as Obj);
  const events: VigilEvent[] = [];
  const base = { host: HOST, ...(container ? { container } : {}) };

  // The generator itself runs the chain; the last process is the one performing the steps.
  let chain: Proc[] = [processOf({ name: 'event-generator', exe: '/usr/bin/event-generator' }, [], clock)];
  const specs = [...((ctx.processes ?? []) as Obj[])];
  for (const r of (test.resources ?? []) as Obj[]) if (r.type === 'process') specs.push({ name: r.name, exe: r.fileLess ? `/memfd:${String(r.name)} (deleted)` : undefined });
  for (const spec of specs) {
    const p = processOf(spec, chain, clock, container !== undefined);
    chain = [p, ...chain];
    events.push({ time: clock.now(), event: { kind: 'process.exec', sensor: 'evtgen' }, ...base, process: p });
  }
  const leaf = chain[0];
  // `before: sleep N` lets the process age before it acts.
  const sleep = /^sleep (\d+)$/.exec(String(test.before ?? '').trim());
  if (sleep) clock.advance(Number(sleep[1]) * 1000);

  // Each clientServer's client socket, by resource name, for steps that use `${ name.client.fd }`.
  const sockets = new Map<string, Socket>();
  for (const r of (test.resources ?? []) as Obj[]) {
    if (r.type !== 'clientServer') continue;
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(String(r.address));
    if (!m) throw new Error(`bad clientServer address ${String(r.address)}`);
    const v6 = m[1].includes(':');
    const loopback = m[1] === '::1' || m[1].startsWith('127.');
    const socket: Socket = {
      // The client end is the host's own address: loopback for a loopback server, else a LAN address.
      source: { ip: loopback ? m[1] : v6 ? 'fd00::15' : '10.0.2.15', port: 40000 },
      destination: { ip: m[1], port: Number(m[2]) },
      network: { transport: String(r.l4Proto ?? 'tcp').replace(/[46]$/, ''), type: v6 ? 'ipv6' : 'ipv4' },
    };
    sockets.set(String(r.name), socket);
    events.push({ time: clock.now(), event: { kind: 'network.connect', sensor: 'evtgen', outcome: 'success' }, ...base, process: leaf, ...socket });
  }
  for (const step of (test.steps ?? []) as Obj[]) {
    const ev = stepEvent(step, leaf, clock.now(), base, sockets);
    if ('unrepresentable' in ev) return ev;
    events.push(ev);
  }
  return events;
}

function containerOf(c: Obj): NonNullable<VigilEvent['container']> {
  // event-generator's container runner starts privileged containers (its escape tests rely on it).
  return { id: 'e7e9a1c0ffee', name: String(c.name ?? 'event-generator'), image: { name: String(c.image ?? 'docker.io/library/busybox'), tag: 'latest' }, runtime: 'docker', privileged: true };
}

/** Capabilities of a process in event-generator's privileged containers (all of them matter to rules: admin, module, DAC). */
const PRIVILEGED_CAPS = ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_SETUID', 'CAP_SETGID', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_SYS_MODULE', 'CAP_SYS_PTRACE', 'CAP_SYS_ADMIN'];

function processOf(spec: Obj, chain: Proc[], clock: Clock, inContainer = false): Proc {
  const name = String(spec.name);
  const exe = spec.exe === undefined || spec.exe === null ? `/usr/bin/${name}` : String(spec.exe);
  const args = spec.args === undefined || spec.args === null ? [] : String(spec.args).split(' ').filter(Boolean);
  const user = spec.user === undefined ? 'root' : String(spec.user);
  clock.advance(1);
  const [parent, ...ancestors] = chain.map(({ parent: _p, ancestors: _a, ...rest }) => rest);
  return {
    pid: 1000 + chain.length,
    name,
    executable: exe,
    args: [exe.startsWith('/memfd:') ? name : exe, ...args],
    start: clock.now(),
    user: { name: user, ...(UIDS[user] ? { id: UIDS[user] } : {}) },
    ...(inContainer
      ? {
          thread: { capabilities: { effective: PRIVILEGED_CAPS, permitted: PRIVILEGED_CAPS } },
          // The builder copies a non-root process's executable into the container's upper layer rather than hard-linking the image's.
          exe_upper_layer: user !== 'root',
        }
      : {}),
    ...(parent ? { parent } : {}),
    ...(ancestors.length ? { ancestors } : {}),
  };
}

function stepEvent(step: Obj, proc: Proc, time: string, base: Pick<VigilEvent, 'host' | 'container'>, sockets: Map<string, Socket>): VigilEvent | { unrepresentable: string } {
  const syscall = String(step.syscall);
  const args = (step.args ?? {}) as Obj;
  const file = (action: string, path: string, old_path?: string): VigilEvent => ({
    time,
    event: { kind: 'file.change', action, sensor: 'evtgen', outcome: 'success' },
    ...base,
    process: proc,
    file: { path, ...(old_path ? { old_path } : {}) },
  });
  switch (syscall) {
    case 'open':
    case 'openat':
    case 'openat2': {
      const flags = String(args.flags ?? (args.how as Obj | undefined)?.flags ?? 'O_RDONLY').split('|');
      const action = flags.includes('O_TRUNC') ? 'truncate' : flags.includes('O_CREAT') ? 'create' : flags.some((f) => f === 'O_WRONLY' || f === 'O_RDWR') ? 'write' : 'read';
      return file(action, String(args.pathname));
    }
    case 'link':
    case 'linkat':
      return file('link', String(args.newPath), String(args.oldPath));
    case 'symlink':
    case 'symlinkat':
      return file('symlink', String(args.linkPath), String(args.target));
    case 'socket':
      return {
        time,
        event: { kind: 'network.socket', action: 'socket', sensor: 'evtgen', outcome: 'success' },
        ...base,
        process: proc,
        network: { socket: { family: String(args.domain), type: String(args.type) } },
      };
    case 'dup':
    case 'dup2':
    case 'dup3': {
      const ref = /^\$\{\s*(\w+)\.client\.fd\s*\}$/.exec(String(args.oldFd));
      const socket = ref ? sockets.get(ref[1]) : undefined;
      if (!socket) return { unrepresentable: `${syscall} of ${String(args.oldFd)}: only a clientServer's client socket is a Vigil network.dup` };
      const event = { kind: 'network.dup' as const, action: syscall, sensor: 'evtgen', outcome: 'success' as const };
      return { time, event, ...base, process: proc, ...socket, network: { ...socket.network, fd: Number(args.newFd) } };
    }
    default:
      return { unrepresentable: `syscall ${syscall} has no Vigil event kind` };
  }
}
