/**
 * Falco's `evt.type` (syscall names) against Vigil's event kinds. A Vigil event stands for one
 * syscall: the sensor may name it in `event.action` (`execveat`, `openat2`), or give an abstract
 * file action (`create`, `rename` …), which maps to the canonical syscall for that action.
 */
import type { EventKind, VigilEvent } from '@vigil/schema';

const BY_KIND: Record<EventKind, readonly string[]> = {
  'process.exec': ['execve', 'execveat'],
  'process.exit': ['procexit'],
  'process.ptrace': ['ptrace'],
  'process.namespace': ['setns', 'unshare'],
  'process.setuid': ['setuid'],
  'process.userfaultfd': ['userfaultfd'],
  'kernel.module_load': ['init_module', 'finit_module'],
  'kernel.bpf': ['bpf'],
  'network.connect': ['connect'],
  'network.accept': ['accept', 'accept4'],
  'network.listen': ['listen', 'bind'],
  'network.socket': ['socket'],
  'network.dup': ['dup', 'dup2', 'dup3'],
  'dns.query': [],
  'file.change': [
    'open', 'openat', 'openat2', 'creat',
    'rename', 'renameat', 'renameat2',
    'unlink', 'unlinkat', 'rmdir',
    'chmod', 'fchmod', 'fchmodat',
    'chown', 'lchown', 'fchown', 'fchownat',
    'mkdir', 'mkdirat',
    'link', 'linkat', 'symlink', 'symlinkat',
  ],
  'auth.login': [],
  'k8s.audit': [],
  'malware.detection': [],
};

export const SYSCALLS_BY_KIND: ReadonlyMap<EventKind, ReadonlySet<string>> = new Map(
  Object.entries(BY_KIND).map(([k, v]) => [k as EventKind, new Set(v)]),
);

const KIND_OF = new Map<string, EventKind>();
for (const [k, v] of SYSCALLS_BY_KIND) for (const s of v) KIND_OF.set(s, k);

export function kindOfSyscall(name: string): EventKind | undefined {
  return KIND_OF.get(name);
}

/** Abstract `file.change` actions: the syscall they stand for and the open flags they imply. */
export const FILE_ACTIONS: Readonly<Record<string, { syscall: string; flags?: string }>> = {
  read: { syscall: 'openat', flags: 'O_RDONLY' },
  write: { syscall: 'openat', flags: 'O_WRONLY' },
  modify: { syscall: 'openat', flags: 'O_WRONLY' },
  create: { syscall: 'openat', flags: 'O_WRONLY|O_CREAT' },
  truncate: { syscall: 'openat', flags: 'O_WRONLY|O_CREAT|O_TRUNC' },
  rename: { syscall: 'renameat2' },
  delete: { syscall: 'unlinkat' },
  chmod: { syscall: 'fchmodat' },
  chown: { syscall: 'fchownat' },
  mkdir: { syscall: 'mkdirat' },
  link: { syscall: 'linkat' },
  symlink: { syscall: 'symlinkat' },
};

const DEFAULT_SYSCALL: Partial<Record<EventKind, string>> = {
  'process.exec': 'execve',
  'process.exit': 'procexit',
  'process.ptrace': 'ptrace',
  'process.setuid': 'setuid',
  'process.userfaultfd': 'userfaultfd',
  'kernel.module_load': 'init_module',
  'kernel.bpf': 'bpf',
  'network.connect': 'connect',
  'network.accept': 'accept',
  'network.listen': 'listen',
  'network.socket': 'socket',
  'network.dup': 'dup2',
  'file.change': 'openat',
};

/** The syscall a Vigil event stands for, or undefined for kinds with none (dns, auth, k8s) or a namespace change of unnamed kind. */
export function eventSyscall(ev: VigilEvent): string | undefined {
  const kind = ev.event.kind;
  const action = ev.event.action;
  if (action !== undefined) {
    const abstract = kind === 'file.change' ? FILE_ACTIONS[action] : undefined;
    if (abstract) return abstract.syscall;
    if (SYSCALLS_BY_KIND.get(kind)?.has(action)) return action;
  }
  return DEFAULT_SYSCALL[kind];
}

const OPEN_SYSCALLS = new Set(['open', 'openat', 'openat2', 'creat']);

/** Open flags of a file event, as Falco prints `evt.arg.flags`; undefined when not an open. */
export function openFlags(ev: VigilEvent): string | undefined {
  if (ev.event.kind !== 'file.change') return undefined;
  const action = ev.event.action ?? 'modify';
  const a = FILE_ACTIONS[action];
  if (a?.flags) return a.flags;
  return action === 'creat' ? 'O_WRONLY|O_CREAT|O_TRUNC' : undefined;
}

export function isOpen(ev: VigilEvent): boolean {
  const s = eventSyscall(ev);
  return s !== undefined && OPEN_SYSCALLS.has(s);
}
