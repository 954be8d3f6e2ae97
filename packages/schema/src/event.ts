/**
 * The one event schema for everything that moves between agent, server and detection engine.
 * Field names follow the Elastic Common Schema where it has one. `parseEvent` validates outside
 * input (agent batches, `--events FILE.jsonl`); inside, the `VigilEvent` type is trusted.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { UserError } from './errors.ts';

export const EVENT_KINDS = [
  'process.exec',
  'process.exit',
  /** One process traces another (`ptrace`); `ptrace.request` names the operation. */
  'process.ptrace',
  /** Namespace change: `setns` joins one, `unshare` creates new ones. */
  'process.namespace',
  /** The process changes its user id (`setuid`) to `user.target.id`. */
  'process.setuid',
  /** A userfaultfd was opened: page faults handled in user space, a kernel-exploit staple. */
  'process.userfaultfd',
  /** A kernel module loaded (`init_module`, `finit_module`). */
  'kernel.module_load',
  /** A `bpf()` call; `bpf.command` names it (`BPF_PROG_LOAD`). */
  'kernel.bpf',
  'network.connect',
  'network.accept',
  'network.listen',
  /** A socket created (`socket`): `network.socket` says which family and type. */
  'network.socket',
  /** A socket descriptor duplicated (`dup`, `dup2`, `dup3`) onto `network.fd`: 0–2 redirect stdio. */
  'network.dup',
  'dns.query',
  'file.change',
  /** A file matched a malware scanner: `file` names it, `malware` says which scanner and why. */
  'malware.detection',
  'auth.login',
  'k8s.audit',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** RFC 3339 with up to nanosecond fractions and an explicit offset. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

const user = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
});

const processCore = z.object({
  pid: z.number().int().nonnegative(),
  /** hash(host id, pid, start time): a reused pid is another entity. See `processEntityId`. */
  entity_id: z.string().optional(),
  name: z.string().optional(),
  executable: z.string().optional(),
  args: z.array(z.string()).optional(),
  command_line: z.string().optional(),
  working_directory: z.string().optional(),
  start: z.string().regex(RFC3339).optional(),
  tty: z.string().optional(),
  exit_code: z.number().int().optional(),
  /** Pid inside the process's own pid namespace (1: a container's first process). */
  vpid: z.number().int().nonnegative().optional(),
  /** The process-group leader; `vpid` equal to the process's own means it leads its group. */
  group_leader: z.object({ pid: z.number().int().nonnegative().optional(), vpid: z.number().int().nonnegative().optional() }).optional(),
  /** `NAME=value` entries of the environment it was started with. */
  env_vars: z.array(z.string()).optional(),
  /** Capability names (`CAP_SYS_ADMIN`) of the thread's effective and permitted sets. */
  thread: z
    .object({ capabilities: z.object({ effective: z.array(z.string()).optional(), permitted: z.array(z.string()).optional() }).optional() })
    .optional(),
  /** The executable lives in a container's writable overlay layer, not its image. */
  exe_upper_layer: z.boolean().optional(),
  /** `audit` is the login (audit) user, which su/sudo do not change. */
  user: user.extend({ effective: user.optional(), audit: user.optional() }).optional(),
  group: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
  hash: z.object({ sha256: z.string().optional() }).optional(),
});

const processSchema = processCore.extend({
  parent: processCore.partial({ pid: true }).optional(),
  /** Ancestors above the parent, nearest first, as far as the agent knows them. */
  ancestors: z.array(processCore.partial({ pid: true })).optional(),
});

const endpoint = z.object({
  ip: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  domain: z.string().optional(),
});

export const eventSchema = z.object({
  time: z.string().regex(RFC3339, 'time must be RFC 3339'),
  event: z.object({
    kind: z.enum(EVENT_KINDS),
    id: z.string().optional(),
    /** Finer action within the kind: `create`, `modify`, `rename` for file.change; `su`, `sshd` … */
    action: z.string().optional(),
    outcome: z.enum(['success', 'failure', 'unknown']).optional(),
    /** Which sensor saw it: `ebpf`, `audit`, `proc`, `log`, `fanotify`, … */
    sensor: z.string().optional(),
  }),
  host: z.object({ id: z.string().min(1), name: z.string().optional() }),
  process: processSchema.optional(),
  /** `target` is the user an action switches to (setuid, su). */
  user: user.extend({ target: user.optional() }).optional(),
  container: z
    .object({
      id: z.string(),
      name: z.string().optional(),
      image: z.object({ name: z.string().optional(), tag: z.string().optional(), digest: z.string().optional() }).optional(),
      runtime: z.string().optional(),
      privileged: z.boolean().optional(),
      /** Host paths mounted into the container (`source`) and where (`destination`). */
      mounts: z.array(z.object({ source: z.string(), destination: z.string(), read_write: z.boolean().optional() })).optional(),
    })
    .optional(),
  k8s: z.object({ pod: z.string().optional(), namespace: z.string().optional() }).optional(),
  source: endpoint.optional(),
  destination: endpoint.optional(),
  network: z
    .object({
      transport: z.string().optional(),
      type: z.string().optional(),
      /** Address family and socket type by their C names (`AF_PACKET`, `SOCK_RAW`). */
      socket: z.object({ family: z.string().optional(), type: z.string().optional() }).optional(),
      /** For `network.dup`: the descriptor the socket was duplicated onto. */
      fd: z.number().int().nonnegative().optional(),
    })
    .optional(),
  ptrace: z.object({ request: z.string(), target_pid: z.number().int().nonnegative().optional() }).optional(),
  bpf: z.object({ command: z.string() }).optional(),
  dns: z.object({ question: z.object({ name: z.string(), type: z.string().optional() }) }).optional(),
  file: z
    .object({
      path: z.string(),
      /** For renames: where the file was. */
      old_path: z.string().optional(),
      mode: z.string().optional(),
      uid: z.string().optional(),
      gid: z.string().optional(),
      size: z.number().nonnegative().optional(),
      hash: z.object({ sha256: z.string().optional(), md5: z.string().optional() }).optional(),
      old_hash: z.object({ sha256: z.string().optional() }).optional(),
    })
    .optional(),
  /** For `malware.detection`: the verdict, the scanner that gave it (`yara`, `webshell`, `ioc`) and why. */
  malware: z
    .object({
      verdict: z.enum(['malicious', 'suspicious']),
      scanner: z.string(),
      /** Matching rule or signature names (YARA rules, IOC list entries). */
      rules: z.array(z.string()).optional(),
      /** Analyser features that drove the verdict. */
      features: z.array(z.string()).optional(),
      reasons: z.array(z.string()).optional(),
      score: z.number().optional(),
    })
    .optional(),
  /** The raw Kubernetes audit event for `k8s.audit`. */
  k8s_audit: z.record(z.string(), z.unknown()).optional(),
  /** Sensor-specific facts the schema has no field for; never matched by name in rules. */
  labels: z.record(z.string(), z.string()).optional(),
});

export type VigilEvent = z.infer<typeof eventSchema>;

/** Validate one event from outside; `where` names it in the one-line error (`events.jsonl:12`). */
export function parseEvent(value: unknown, where: string): VigilEvent {
  const r = eventSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new UserError(`${where}: invalid event: ${issue.path.join('.') || '(root)'}: ${issue.message}`, 'BAD_EVENT');
}

/**
 * process.entity_id: stable for one process, different for a later process that reuses the pid.
 * `start` is the process start time as the sensor knows it (boot-relative ticks or RFC 3339).
 */
export function processEntityId(hostId: string, pid: number, start: string | number): string {
  return createHash('sha256').update(`${hostId}\0${pid}\0${start}`).digest('base64url').slice(0, 22);
}
