/**
 * Sigma field names onto VigilEvent, per logsource. Sigma's Linux field vocabulary comes from
 * Sysmon for Linux (process_creation, file_event, network_connection) and from auditd records.
 * A field Vigil cannot supply is absent from the table, so the rule is skipped by name rather
 * than mapped onto something that only looks similar.
 */
import { posix } from 'node:path';
import type { EventKind, VigilEvent } from '@vigil/schema';
import type { FieldRef } from '../condition/ast.ts';
import { UnsupportedFieldError, type FieldResolver, type FieldSpec, type FieldValue } from '../fields.ts';
import { eventSyscall, SYSCALLS_BY_KIND } from '../falco/syscalls.ts';

type Get = (ev: VigilEvent) => FieldValue;
type Proc = Partial<NonNullable<VigilEvent['process']>> | undefined;

const str = (get: Get): FieldSpec => ({ type: 'string', get });
const num = (get: Get): FieldSpec => ({ type: 'number', get });

const commandLine = (p: Proc) => p?.command_line ?? p?.args?.join(' ');
const image = (p: Proc) => p?.executable;
const userName = (ev: VigilEvent) => ev.process?.user?.name ?? ev.user?.name;
const isExec = (ev: VigilEvent) => ev.event.kind === 'process.exec';
const isFile = (ev: VigilEvent) => ev.event.kind === 'file.change';

/** The event's kind, known per kind up front so `specialize` indexes a rule by its logsource. */
export const KIND_FIELD = '@kind';
const kindSpec: FieldSpec = { type: 'string', get: (ev) => ev.event.kind, possible: (k) => new Set([k]) };

/** The event's action (`create`, `delete`, a syscall name …), for logsources that observe only some. */
export const ACTION_FIELD = '@action';
const actionSpec: FieldSpec = str((ev) => ev.event.action);

/**
 * The strings a log record of this event would show (the process's own command line, program,
 * directory, file and peer names), for Sigma keyword searches: a keyword matches anywhere in it.
 */
export const KEYWORD_FIELD = '@keywords';
const keywordSpec: FieldSpec = {
  type: 'string',
  multi: true,
  get: (ev) => {
    const p = ev.process;
    const vals = [commandLine(p), p?.executable, p?.working_directory, ev.file?.path, ev.file?.old_path, ev.destination?.domain, ev.dns?.question.name];
    return vals.filter((v): v is string => v !== undefined);
  },
};

const endpointIp = (which: 'source' | 'destination'): FieldSpec => str((ev) => ev[which]?.ip);
const sysmon: Record<string, FieldSpec> = {
  Image: str((ev) => image(ev.process)),
  CommandLine: str((ev) => commandLine(ev.process)),
  ParentImage: str((ev) => image(ev.process?.parent)),
  ParentCommandLine: str((ev) => commandLine(ev.process?.parent)),
  User: str(userName),
  CurrentDirectory: str((ev) => ev.process?.working_directory),
  ProcessId: num((ev) => ev.process?.pid),
  ParentProcessId: num((ev) => ev.process?.parent?.pid),
  TargetFilename: str((ev) => (isFile(ev) ? ev.file?.path : undefined)),
  SourceFilename: str((ev) => (isFile(ev) ? ev.file?.old_path : undefined)),
  DestinationIp: endpointIp('destination'),
  SourceIp: endpointIp('source'),
  DestinationPort: num((ev) => ev.destination?.port),
  SourcePort: num((ev) => ev.source?.port),
  DestinationHostname: str((ev) => ev.destination?.domain),
  SourceHostname: str((ev) => ev.source?.domain),
  Protocol: str((ev) => ev.network?.transport),
  // Sysmon's Initiated: the host opened the connection (connect) rather than accepted it.
  Initiated: { type: 'bool', get: (ev) => ev.event.kind === 'network.connect', possible: (k) => new Set(k === 'network.connect' ? ['true'] : k === 'network.accept' ? ['false'] : []) },
};

/** Sigma's address fields also take `|cidr`: the same value read as an address. */
const cidrSpecs: Record<string, FieldSpec> = {
  DestinationIp: { type: 'ip', get: (ev) => ev.destination?.ip },
  SourceIp: { type: 'ip', get: (ev) => ev.source?.ip },
};

/**
 * auditd records: one Vigil event stands for the syscall and its auxiliary records, so its
 * `type` is every record auditd writes for it (an execve logs SYSCALL, EXECVE and PATH).
 */
const RECORDS: Partial<Record<EventKind, readonly string[]>> = {
  'process.exec': ['SYSCALL', 'EXECVE', 'PATH', 'CWD'],
  'process.exit': ['SYSCALL'],
  'file.change': ['SYSCALL', 'PATH', 'CWD'],
  'network.connect': ['SYSCALL', 'SOCKADDR'],
  'network.accept': ['SYSCALL', 'SOCKADDR'],
  'network.listen': ['SYSCALL', 'SOCKADDR'],
};
const uid = (id: string | undefined) => (id !== undefined && /^\d+$/.test(id) ? Number(id) : undefined);

const auditd: Record<string, FieldSpec> = {
  type: { type: 'string', multi: true, get: (ev) => RECORDS[ev.event.kind], possible: (k) => new Set(RECORDS[k] ?? []) },
  SYSCALL: { type: 'string', get: eventSyscall, possible: (k) => SYSCALLS_BY_KIND.get(k) ?? new Set() },
  exe: str((ev) => image(ev.process)),
  comm: str((ev) => {
    const p = ev.process;
    return p?.name ?? (p?.executable ? posix.basename(p.executable) : undefined);
  }),
  cwd: str((ev) => ev.process?.working_directory),
  pid: num((ev) => ev.process?.pid),
  ppid: num((ev) => ev.process?.parent?.pid),
  uid: num((ev) => uid(ev.process?.user?.id ?? ev.user?.id)),
  euid: num((ev) => uid(ev.process?.user?.effective?.id ?? ev.process?.user?.id)),
  // PATH records name the file a syscall touched; for an execve that is the program.
  name: str((ev) => (isFile(ev) ? ev.file?.path : isExec(ev) ? ev.process?.executable : undefined)),
};

/** EXECVE `aN` is argv[N]; on SYSCALL records `aN` is a raw syscall argument Vigil does not carry. */
const ARGV = /^a(\d+)$/;
const argvSpecs = new Map<number, FieldSpec>();
function argv(n: number): FieldSpec {
  let s = argvSpecs.get(n);
  if (!s) argvSpecs.set(n, (s = str((ev) => (isExec(ev) ? ev.process?.args?.[n] : undefined))));
  return s;
}

/** Enumerated fields and the case their values are written in by Vigil. */
const EXACT: Record<string, (v: string) => string> = {
  type: (v) => v.toUpperCase(),
  SYSCALL: (v) => v.toLowerCase(),
  Initiated: (v) => v.toLowerCase(),
};

export function exactSpelling(table: FieldTable, field: string): ((v: string) => string) | undefined {
  return table === 'none' ? undefined : Object.hasOwn(EXACT, field) ? EXACT[field] : undefined;
}

export type FieldTable = 'sysmon' | 'auditd' | 'none';

/**
 * The resolver for one logsource's field vocabulary. `arg: 'cidr'` asks for an address field
 * read as an address; `arg: 'argv'` marks an auditd `aN` known to come from an EXECVE record.
 */
export function sigmaResolver(table: FieldTable): FieldResolver {
  return (f: FieldRef) => {
    if (f.name === KIND_FIELD) return kindSpec;
    if (f.name === KEYWORD_FIELD) return keywordSpec;
    if (f.name === ACTION_FIELD) return actionSpec;
    if (table === 'sysmon') {
      const specs = f.arg === 'cidr' ? cidrSpecs : sysmon;
      if (Object.hasOwn(specs, f.name)) return specs[f.name];
    } else if (table === 'auditd') {
      const m = ARGV.exec(f.name);
      if (m && f.arg === 'argv') return argv(Number(m[1]));
      if (m) throw new UnsupportedFieldError(f.name, 'a raw syscall argument (only EXECVE arguments map to argv)');
      if (Object.hasOwn(auditd, f.name)) return auditd[f.name];
    }
    throw new UnsupportedFieldError(f.name, f.arg === 'cidr' ? 'not an address field' : 'Vigil events carry no such value');
  };
}
