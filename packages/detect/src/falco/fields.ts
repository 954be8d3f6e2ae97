/**
 * Falco field names mapped onto VigilEvent. Semantics follow Falco's field reference: `proc.exe`
 * is argv[0] and `proc.exepath` the executable, `proc.args` excludes argv[0], `proc.cmdline` is
 * the name followed by the args, `container.id` is `host` outside containers, `fd.name` of a
 * socket is `cip:cport->sip:sport`, `fd.nameraw` is the path as the process passed it and
 * `fd.name` that path normalised. Anything Vigil cannot observe raises UnsupportedFieldError so
 * the loader can skip the rule by name instead of silently never matching.
 */
import { posix } from 'node:path';
import type { EventKind, VigilEvent } from '@vigil/schema';
import type { FieldRef } from '../condition/ast.ts';
import { globRegExp } from '../compile.ts';
import { UnsupportedFieldError, type FieldResolver, type FieldSpec, type FieldValue } from '../fields.ts';
import { eventSyscall, isOpen, openFlags, SYSCALLS_BY_KIND } from './syscalls.ts';

type Proc = NonNullable<VigilEvent['process']>;
type ProcLike = Partial<Proc> | undefined;
type Get = (ev: VigilEvent, num: number) => FieldValue;

const str = (get: Get): FieldSpec => ({ type: 'string', get });
const num = (get: Get): FieldSpec => ({ type: 'number', get });
const bool = (get: Get): FieldSpec => ({ type: 'bool', get });
const ip = (get: Get): FieldSpec => ({ type: 'ip', get });

function procName(p: ProcLike): string | undefined {
  if (!p) return undefined;
  if (p.name) return p.name;
  const exe = p.executable ?? p.args?.[0];
  return exe ? posix.basename(exe) : undefined;
}
const procExe = (p: ProcLike) => p?.args?.[0] ?? p?.executable;
const procArgs = (p: ProcLike) => (p?.args ? p.args.slice(1).join(' ') : undefined);
function procCmdline(p: ProcLike): string | undefined {
  const name = procName(p);
  if (name === undefined) return undefined;
  const args = procArgs(p);
  return args ? `${name} ${args}` : name;
}

/** Ancestor `n` of the event's process: 0 is the process itself, 1 its parent. */
function ancestor(ev: VigilEvent, n: number): ProcLike {
  const p = ev.process;
  if (!p) return undefined;
  if (n === 0) return p;
  if (n === 1) return p.parent;
  return p.ancestors?.[n - 2];
}

/** Linux tty_nr encoding of a terminal name, as Falco reports `proc.tty` (0: no terminal). */
export function ttyNumber(tty: string | undefined): number | undefined {
  if (tty === undefined || tty === '' || tty === '?') return 0;
  if (/^\d+$/.test(tty)) return Number(tty);
  const name = tty.replace(/^\/dev\//, '');
  const m = /^(pts\/|tty)(\d+)$/.exec(name);
  if (!m) return undefined;
  const [major, minor] = m[1] === 'pts/' ? [136 + (Number(m[2]) >> 20), Number(m[2]) & 0xfffff] : [4, Number(m[2])];
  return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
}

const userOf = (ev: VigilEvent) => ev.process?.user ?? ev.user;
const uid = (id: string | undefined) => (id !== undefined && /^\d+$/.test(id) ? Number(id) : undefined);

const isFile = (ev: VigilEvent) => ev.event.kind === 'file.change';
const isNet = (ev: VigilEvent) => ev.event.kind.startsWith('network.');
const rawPath = (ev: VigilEvent) => (isFile(ev) ? ev.file?.path : undefined);
function filePath(ev: VigilEvent): string | undefined {
  const p = rawPath(ev);
  // Most paths are already canonical; normalising only those with `.`/`..` or `//` segments saves the call.
  return p !== undefined && p.startsWith('/') && (p.includes('/.') || p.includes('//')) ? posix.normalize(p) : p;
}
const isDirEvent = (ev: VigilEvent) => ev.event.action === 'mkdir' || ev.event.action === 'mkdirat' || ev.event.action === 'rmdir';
const family = (addr: string | undefined) => (addr === undefined ? undefined : addr.includes(':') ? 6 : 4);

/** Local and remote ends of a socket event: ECS `source` is the initiator, so accept() is local at destination. */
function ends(ev: VigilEvent) {
  const local = ev.event.kind === 'network.connect' ? ev.source : ev.destination;
  const remote = ev.event.kind === 'network.connect' ? ev.destination : ev.source;
  return { local, remote };
}
function fdName(ev: VigilEvent): string | undefined {
  if (isFile(ev)) return filePath(ev);
  if (!isNet(ev)) return undefined;
  const s = ev.destination;
  if (ev.event.kind === 'network.listen') return s?.ip === undefined ? undefined : `${s.ip}:${s.port ?? 0}`;
  const c = ev.source;
  if (c?.ip === undefined || s?.ip === undefined) return undefined;
  return `${c.ip}:${c.port ?? 0}->${s.ip}:${s.port ?? 0}`;
}
const netIp = (ev: VigilEvent) => ev.destination?.ip ?? ev.source?.ip;
function fdType(ev: VigilEvent): string | undefined {
  if (isFile(ev)) return isDirEvent(ev) ? 'directory' : 'file';
  if (!isNet(ev)) return undefined;
  const f = family(netIp(ev));
  return f === undefined ? undefined : `ipv${f}`;
}
const TYPECHAR: Record<string, string> = { file: 'f', directory: 'd', ipv4: '4', ipv6: '6' };

/** Falco's convention that matters to rules: a non-negative result or descriptor means the call succeeded. */
const resultCode = (ev: VigilEvent) => (ev.event.outcome === 'failure' ? -1 : 0);
/** A successful dup returns the new descriptor, which is what redirect rules test (0–2: stdio). */
function rawResult(ev: VigilEvent): number | undefined {
  if (ev.event.kind !== 'network.dup' || ev.event.outcome === 'failure') return resultCode(ev);
  return ev.network?.fd;
}
const ofKind = (kind: EventKind, get: Get): Get => (ev, n) => (ev.event.kind === kind ? get(ev, n) : undefined);
/** Falco's `fd.sockfamily`: `ip` or `unix`; a created socket says which by its address family. */
function sockFamily(ev: VigilEvent): string | undefined {
  if (ev.event.kind !== 'network.socket') return 'ip';
  const f = ev.network?.socket?.family;
  return f === 'AF_INET' || f === 'AF_INET6' ? 'ip' : f === 'AF_UNIX' || f === 'AF_LOCAL' ? 'unix' : undefined;
}
const inNetEnd = (get: (ev: VigilEvent) => string | number | undefined): Get => (ev) => (isNet(ev) ? get(ev) : undefined);

/** RFC 3339 time in nanoseconds since the epoch (as a double: exact to well under a microsecond). */
function nanos(t: string): number | undefined {
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return undefined;
  const frac = /\.(\d+)/.exec(t)?.[1] ?? '';
  return Math.floor(ms) * 1e6 + (Number(frac.padEnd(9, '0').slice(3, 9)) || 0);
}

/** Nanoseconds the process had been running when the event happened. */
function procDuration(ev: VigilEvent): number | undefined {
  const start = ev.process?.start;
  if (start === undefined) return undefined;
  const a = nanos(start);
  const b = nanos(ev.time);
  return a === undefined || b === undefined ? undefined : Math.max(0, b - a);
}

/** A memfd is created mode 0777, so its executable is always writable as well as memory-backed. */
const MEMFD_EXE_FLAGS = 'EXE_WRITABLE|EXE_FROM_MEMFD';

function memfdExe(p: ProcLike): boolean {
  const exe = p?.executable;
  return exe !== undefined && /^\/?memfd:/.test(exe);
}

function linkArgs(ev: VigilEvent, which: 'old' | 'new'): string | undefined {
  if (!isFile(ev)) return undefined;
  return which === 'old' ? ev.file?.old_path : ev.file?.path;
}

const SIMPLE: Record<string, FieldSpec> = {
  'proc.name': str((ev) => procName(ev.process)),
  'proc.exe': str((ev) => procExe(ev.process)),
  'proc.exepath': str((ev) => ev.process?.executable),
  'proc.args': str((ev) => procArgs(ev.process)),
  'proc.cmdline': str((ev) => procCmdline(ev.process)),
  'proc.cmdnargs': num((ev) => (ev.process?.args ? ev.process.args.length - 1 : undefined)),
  'proc.pid': num((ev) => ev.process?.pid),
  'proc.tty': num((ev) => (ev.process ? ttyNumber(ev.process.tty) : undefined)),
  'proc.cwd': str((ev) => {
    const d = ev.process?.working_directory;
    return d === undefined || d.endsWith('/') ? d : `${d}/`;
  }),
  'proc.duration': num(procDuration),
  'proc.ppid': num((ev) => ev.process?.parent?.pid),
  'proc.pname': str((ev) => procName(ev.process?.parent)),
  'proc.pexe': str((ev) => procExe(ev.process?.parent)),
  'proc.pexepath': str((ev) => ev.process?.parent?.executable),
  'proc.pcmdline': str((ev) => procCmdline(ev.process?.parent)),
  'proc.is_exe_from_memfd': bool((ev) => (ev.process ? memfdExe(ev.process) : undefined)),
  'proc.is_exe_upper_layer': bool((ev) => ev.process?.exe_upper_layer),
  'proc.vpid': num((ev) => ev.process?.vpid),
  'proc.is_vpgid_leader': bool((ev) => {
    const p = ev.process;
    return p?.vpid === undefined || p.group_leader?.vpid === undefined ? undefined : p.vpid === p.group_leader.vpid;
  }),
  // Falco prints the environment and capability sets space-separated.
  'proc.env': str((ev) => ev.process?.env_vars?.join(' ')),
  'thread.cap_effective': str((ev) => ev.process?.thread?.capabilities?.effective?.join(' ')),
  'thread.cap_permitted': str((ev) => ev.process?.thread?.capabilities?.permitted?.join(' ')),
  'user.loginuid': num((ev) => uid(ev.process?.user?.audit?.id)),
  'user.name': str((ev) => userOf(ev)?.name),
  'user.uid': num((ev) => uid(userOf(ev)?.id)),
  'group.gid': num((ev) => uid(ev.process?.group?.id)),
  'group.name': str((ev) => ev.process?.group?.name),
  'container.id': str((ev) => ev.container?.id ?? 'host'),
  'container.name': str((ev) => (ev.container ? ev.container.name : 'host')),
  'container.image': str((ev) => {
    const i = ev.container?.image;
    return i?.name === undefined ? undefined : i.tag ? `${i.name}:${i.tag}` : i.name;
  }),
  'container.image.repository': str((ev) => ev.container?.image?.name),
  'container.image.tag': str((ev) => ev.container?.image?.tag),
  'container.image.digest': str((ev) => ev.container?.image?.digest),
  'container.privileged': bool((ev) => (ev.container ? ev.container.privileged === true : undefined)),
  'k8s.ns.name': str((ev) => ev.k8s?.namespace),
  'k8s.pod.name': str((ev) => ev.k8s?.pod),
  'evt.type': {
    type: 'string',
    get: (ev) => eventSyscall(ev),
    possible: (kind: EventKind) => SYSCALLS_BY_KIND.get(kind) ?? new Set<string>(),
  },
  // Vigil events are completed calls: Falco's exit direction.
  'evt.dir': { type: 'string', get: () => '<', possible: () => new Set(['<']) },
  'evt.num': num((_ev, n) => n),
  'evt.hostname': str((ev) => ev.host.name ?? ev.host.id),
  'evt.rawres': num(rawResult),
  'evt.res': str((ev) => (ev.event.outcome === 'failure' ? undefined : 'SUCCESS')),
  'evt.is_open_read': bool((ev) => (isOpen(ev) ? openFlags(ev) === 'O_RDONLY' : undefined)),
  'evt.is_open_write': bool((ev) => (isOpen(ev) ? openFlags(ev)?.startsWith('O_WRONLY') === true : undefined)),
  'evt.is_open_exec': bool((ev) => (isOpen(ev) ? false : undefined)),
  'evt.arg.flags': str((ev) => (ev.event.kind === 'process.exec' ? (memfdExe(ev.process) ? MEMFD_EXE_FLAGS : undefined) : openFlags(ev))),
  'evt.arg.name': str(filePath),
  'evt.arg.path': str(filePath),
  'evt.arg.pathname': str(filePath),
  'evt.arg.filename': str((ev) => (ev.event.kind === 'process.exec' ? ev.process?.executable : filePath(ev))),
  'evt.arg.mode': str((ev) => (isFile(ev) ? ev.file?.mode : undefined)),
  'evt.arg.oldpath': str((ev) => linkArgs(ev, 'old')),
  'evt.arg.newpath': str((ev) => linkArgs(ev, 'new')),
  'evt.arg.target': str((ev) => linkArgs(ev, 'old')),
  'evt.arg.linkpath': str((ev) => linkArgs(ev, 'new')),
  'evt.arg.res': num(rawResult),
  'evt.arg.domain': str(ofKind('network.socket', (ev) => ev.network?.socket?.family)),
  'evt.arg.type': str(ofKind('network.socket', (ev) => ev.network?.socket?.type)),
  'evt.arg.request': str(ofKind('process.ptrace', (ev) => ev.ptrace?.request)),
  // Rules compare setuid's target to user names (`evt.arg.uid=nobody`), as Falco renders it.
  'evt.arg.uid': str(ofKind('process.setuid', (ev) => ev.user?.target?.name ?? ev.user?.target?.id)),
  'evt.arg.cmd': str(ofKind('kernel.bpf', (ev) => ev.bpf?.command)),
  'fd.name': str(fdName),
  'fd.nameraw': str((ev) => (isFile(ev) ? rawPath(ev) : fdName(ev))),
  'fd.directory': str((ev) => {
    const p = filePath(ev);
    return p === undefined ? undefined : isDirEvent(ev) ? p : posix.dirname(p);
  }),
  'fd.filename': str((ev) => {
    const p = filePath(ev);
    return p === undefined || isDirEvent(ev) ? undefined : posix.basename(p);
  }),
  'fd.type': str(fdType),
  'fd.typechar': str((ev) => TYPECHAR[fdType(ev) ?? '']),
  'fd.num': num((ev) => (isFile(ev) || isNet(ev) ? resultCode(ev) : undefined)),
  'fd.l4proto': str(inNetEnd((ev) => ev.network?.transport?.toLowerCase())),
  'fd.sockfamily': str(inNetEnd(sockFamily)),
  'fd.sip': ip(inNetEnd((ev) => ev.destination?.ip)),
  'fd.cip': ip(inNetEnd((ev) => ev.source?.ip)),
  'fd.lip': ip(inNetEnd((ev) => ends(ev).local?.ip)),
  'fd.rip': ip(inNetEnd((ev) => ends(ev).remote?.ip)),
  'fd.snet': ip(inNetEnd((ev) => ev.destination?.ip)),
  'fd.cnet': ip(inNetEnd((ev) => ev.source?.ip)),
  'fd.lnet': ip(inNetEnd((ev) => ends(ev).local?.ip)),
  'fd.rnet': ip(inNetEnd((ev) => ends(ev).remote?.ip)),
  'fd.sport': num(inNetEnd((ev) => ev.destination?.port)),
  'fd.cport': num(inNetEnd((ev) => ev.source?.port)),
  'fd.lport': num(inNetEnd((ev) => ends(ev).local?.port)),
  'fd.rport': num(inNetEnd((ev) => ends(ev).remote?.port)),
  'fd.sip.name': str(inNetEnd((ev) => ev.destination?.domain)),
  'fd.cip.name': str(inNetEnd((ev) => ev.source?.domain)),
  'fd.lip.name': str(inNetEnd((ev) => ends(ev).local?.domain)),
  'fd.rip.name': str(inNetEnd((ev) => ends(ev).remote?.domain)),
};

/** `fd.ip`, `fd.net` and `fd.port` match either end of the socket. */
function bothEnds(type: FieldSpec['type'], pick: (end: NonNullable<VigilEvent['source']>) => string | number | undefined): FieldSpec {
  return {
    type,
    multi: true,
    get: (ev) => {
      if (!isNet(ev)) return undefined;
      const vs: (string | number)[] = [];
      for (const end of [ev.source, ev.destination]) {
        const v = end ? pick(end) : undefined;
        if (v !== undefined) vs.push(v);
      }
      return vs;
    },
  };
}
const EITHER_END: Record<string, FieldSpec> = {
  'fd.ip': bothEnds('ip', (e) => e.ip),
  'fd.net': bothEnds('ip', (e) => e.ip),
  'fd.port': bothEnds('number', (e) => e.port),
};

/** Fields Falco computes from process ancestry with an index argument. */
const INDEXED: Record<string, (p: ProcLike) => FieldValue> = {
  'proc.aname': procName,
  'proc.aexe': procExe,
  'proc.aexepath': (p) => p?.executable,
  'proc.apid': (p) => p?.pid,
  'proc.acmdline': procCmdline,
};
const INDEXED_TYPE: Record<string, FieldSpec['type']> = { 'proc.apid': 'number' };

type Mount = NonNullable<NonNullable<VigilEvent['container']>['mounts']>[number];
/** `container.mount.dest[SOURCE]` looks a mount up by source, `container.mount.source[DEST]` by destination. */
const MOUNT_FIELDS: Record<string, { key: keyof Mount; value: keyof Mount }> = {
  'container.mount.dest': { key: 'source', value: 'destination' },
  'container.mount.source': { key: 'destination', value: 'source' },
};

function mountField(f: FieldRef, m: { key: keyof Mount; value: keyof Mount }): FieldSpec {
  if (f.arg === undefined) throw new UnsupportedFieldError(f.name, 'a mount is named by index or path');
  const index = /^\d+$/.test(f.arg) ? Number(f.arg) : undefined;
  const re = globRegExp(f.arg);
  const pick = (mounts: readonly Mount[]) => (index !== undefined ? mounts[index] : mounts.find((x) => re.test(String(x[m.key]))));
  // Falco prints <NA> for a container without that mount; a container whose mounts the sensor did not report has none known.
  return str((ev) => (ev.container ? String(pick(ev.container.mounts ?? [])?.[m.value] ?? '<NA>') : undefined));
}

export const resolveFalcoField: FieldResolver = (f: FieldRef): FieldSpec => {
  const simple = SIMPLE[f.name] ?? EITHER_END[f.name];
  if (simple && f.arg === undefined) return simple;
  const indexed = INDEXED[f.name];
  if (indexed) return ancestryField(f, indexed);
  const mount = MOUNT_FIELDS[f.name];
  if (mount) return mountField(f, mount);
  throw new UnsupportedFieldError(f.arg === undefined ? f.name : `${f.name}[${f.arg}]`);
};

function ancestryField(f: FieldRef, get: (p: ProcLike) => FieldValue): FieldSpec {
  const type = INDEXED_TYPE[f.name] ?? 'string';
  if (f.arg === undefined) {
    // Without an index Falco matches any ancestor (parent and above).
    return {
      type,
      multi: true,
      get: (ev) => {
        // One array per event, however long the ancestry: this runs for most exec events.
        const p = ev.process;
        if (!p?.parent) return [];
        const out: (string | number)[] = [];
        const above = p.ancestors ?? [];
        for (let i = -1; i < above.length; i++) {
          const v = get(i < 0 ? p.parent : above[i]);
          if (v !== undefined && typeof v !== 'object') out.push(v as string | number);
        }
        return out;
      },
    };
  }
  if (!/^\d+$/.test(f.arg)) throw new UnsupportedFieldError(`${f.name}[${f.arg}]`, 'the index must be a number');
  const n = Number(f.arg);
  return { type, get: (ev) => get(ancestor(ev, n)) };
}
