import type { Collector, Row } from '../collector.ts';
import {
  type ContainerdClient,
  type Message,
  containerdRows,
  messageField,
  numberField,
  repeatedMessages,
  stringField,
  stringMap,
  timestampField,
} from '../containerd-api.ts';

// Field numbers of the containerd API messages read here (api/services/*/v1/*.proto, api/types/task/task.proto).
/** ListContainersResponse.containers, ListTasksResponse.tasks */
const LIST_ITEMS = 1;
/** containers.v1.Container */
const CONTAINER = { id: 1, labels: 2, image: 3, runtime: 4, spec: 5, snapshotter: 6, createdAt: 8, updatedAt: 9 } as const;
/** Container.Runtime */
const RUNTIME_NAME = 1;
/** google.protobuf.Any */
const ANY_VALUE = 2;
/**
 * types.Process. Tasks/List leaves container_id (1) empty: a task's init process has its
 * container's id as its own id (2), checked against containerd 1.6.
 */
const PROCESS = { id: 2, pid: 3, status: 4 } as const;
/** types.Status, by enum number. */
const TASK_STATUS = ['unknown', 'created', 'running', 'stopped', 'paused', 'pausing'];

/** The subset of the OCI runtime spec (containerd stores it as JSON in Container.spec) read here. */
interface OciSpec {
  process?: {
    args?: string[];
    user?: { uid?: number; gid?: number; username?: string };
    capabilities?: { bounding?: string[] };
    noNewPrivileges?: boolean;
    apparmorProfile?: string;
  };
  root?: { readonly?: boolean };
  mounts?: { destination: string; type?: string; source?: string; options?: string[] }[];
  linux?: {
    namespaces?: { type: string; path?: string }[];
    seccomp?: unknown;
    resources?: {
      devices?: { allow: boolean; type?: string; major?: number; access?: string }[];
      memory?: { limit?: number };
      cpu?: { shares?: number; quota?: number; period?: number };
      pids?: { limit?: number };
    };
  };
}

/** Host paths whose bind mount hands the container the host (or its credentials). */
const SENSITIVE_HOST_PATHS = ['/', '/etc', '/root', '/home', '/boot', '/dev', '/proc', '/sys', '/run', '/var/run',
  '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd'];
/** Container runtime API sockets: mounting one (or a directory holding one) is host root. */
const RUNTIME_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock',
  '/var/run/containerd/containerd.sock', '/run/docker/containerd/containerd.sock'];

/**
 * Containers of every containerd namespace (Kubernetes' `k8s.io`, Docker's `moby`, nerdctl's
 * `default` …) with the security facts of their OCI spec, in the columns `docker_containers` uses
 * where they mean the same.
 */
export const containerdContainersCollector: Collector = {
  name: 'containerd_containers',
  description: 'Containers (containerd) / 容器（containerd）',
  collect: (ctx) => containerdRows(ctx, listContainers),
};

async function listContainers(client: ContainerdClient, namespace: string): Promise<Row[]> {
  const containers = repeatedMessages(await client.call('/containerd.services.containers.v1.Containers/List', namespace), LIST_ITEMS);
  const tasks = new Map(
    repeatedMessages(await client.call('/containerd.services.tasks.v1.Tasks/List', namespace), LIST_ITEMS)
      .map((t) => [stringField(t, PROCESS.id), t]),
  );
  return containers.map((c) => containerRow(client.socket, namespace, c, tasks.get(stringField(c, CONTAINER.id))));
}

function containerRow(socket: string, namespace: string, c: Message, task: Message | undefined): Row {
  const spec = JSON.parse(messageField(c, CONTAINER.spec).get(ANY_VALUE)?.toString() || '{}') as OciSpec;
  const p = spec.process ?? {};
  const res = spec.linux?.resources ?? {};
  const caps = p.capabilities?.bounding ?? [];
  const labels = stringMap(c, CONTAINER.labels);
  // No namespace of a type in the spec: the container shares the host's (a `path` joins another's).
  const hostNamespace = (type: string) => !(spec.linux?.namespaces ?? []).some((n) => n.type === type);
  const binds = (spec.mounts ?? []).filter((m) => m.type === 'bind' || m.options?.some((o) => o === 'bind' || o === 'rbind'));
  const sources = binds.map((m) => m.source ?? '');
  // Without a task nothing runs: never started, or its task was deleted.
  const state = task ? TASK_STATUS[numberField(task, PROCESS.status)] ?? 'unknown' : 'created';
  return {
    socket,
    namespace,
    id: stringField(c, CONTAINER.id),
    image: stringField(c, CONTAINER.image),
    runtime: stringField(messageField(c, CONTAINER.runtime), RUNTIME_NAME),
    snapshotter: stringField(c, CONTAINER.snapshotter),
    created: timestampField(c, CONTAINER.createdAt),
    updated: timestampField(c, CONTAINER.updatedAt),
    state,
    // A stopped task keeps the pid it had; that number may belong to another process by now.
    pid: task && state !== 'stopped' ? numberField(task, PROCESS.pid) : 0,
    command: (p.args ?? []).join(' '),
    user: p.user?.username || `${p.user?.uid ?? 0}:${p.user?.gid ?? 0}`,
    // What every "privileged" (Docker, CRI, ctr) amounts to: CAP_SYS_ADMIN and every device allowed.
    privileged: caps.includes('CAP_SYS_ADMIN') && (res.devices ?? []).some((d) => d.allow && (d.type ?? 'a') === 'a' && d.major === undefined),
    capabilities: caps,
    no_new_privileges: p.noNewPrivileges ?? false,
    readonly_rootfs: spec.root?.readonly ?? false,
    host_network: hostNamespace('network'),
    host_pid: hostNamespace('pid'),
    host_ipc: hostNamespace('ipc'),
    memory_limit: res.memory?.limit ?? 0,
    cpu_quota: res.cpu?.quota ?? 0,
    cpu_period: res.cpu?.period ?? 0,
    cpu_shares: res.cpu?.shares ?? 0,
    pids_limit: res.pids?.limit ?? 0,
    seccomp: spec.linux?.seccomp !== undefined,
    // runc leaves a process without a profile unconfined.
    apparmor_profile: p.apparmorProfile || 'unconfined',
    mounts: binds.map((m) => ({ type: 'bind', source: m.source ?? '', destination: m.destination, mode: (m.options ?? []).join(','), rw: !m.options?.includes('ro') })),
    sensitive_mounts: sources.filter((s) => SENSITIVE_HOST_PATHS.some((h) => s === h || (h !== '/' && s.startsWith(`${h}/`)))),
    runtime_socket_mounted: sources.some((s) => RUNTIME_SOCKETS.some((sock) => sock === s || sock.startsWith(`${s.replace(/\/$/, '')}/`))),
    labels,
    pod_name: labels['io.kubernetes.pod.name'] ?? null,
    pod_namespace: labels['io.kubernetes.pod.namespace'] ?? null,
  };
}
