import type { Collector, Row } from '../collector.ts';
import { dockerImages, dockerQuery } from '../docker-api.ts';

/** The subset of `GET /containers/{id}/json` the inventory reports. */
interface ContainerInspect {
  Id: string;
  Name: string;
  Image: string;
  Created: string;
  State: { Status: string; Pid: number; StartedAt: string };
  AppArmorProfile: string;
  Config: { Image: string; User: string; Labels: Record<string, string> | null; Entrypoint: string[] | null; Cmd: string[] | null };
  HostConfig: {
    Privileged: boolean;
    CapAdd: string[] | null;
    CapDrop: string[] | null;
    NetworkMode: string;
    PidMode: string;
    IpcMode: string;
    ReadonlyRootfs: boolean;
    SecurityOpt: string[] | null;
    Memory: number;
    NanoCpus: number;
    CpuQuota: number;
    CpuPeriod: number;
    CpuShares: number;
    PidsLimit: number | null;
  };
  Mounts: { Type: string; Source: string; Destination: string; Mode: string; RW: boolean }[];
}

/**
 * osquery `docker_containers` with the security-relevant HostConfig flattened in, its mounts and
 * labels inline, and the Kubernetes pod and namespace the kubelet labels containers with.
 */
export const dockerContainersCollector: Collector = {
  name: 'docker_containers',
  description: 'Containers (Docker) / 容器',
  async collect(ctx) {
    const list = await dockerQuery<{ Id: string }[]>(ctx, '/containers/json?all=1');
    if (!list) return [];
    const digests = new Map((await dockerImages(ctx)).map((i) => [i.Id, i.RepoDigests ?? []]));
    const rows: Row[] = [];
    for (const { Id } of list) {
      const c = await dockerQuery<ContainerInspect>(ctx, `/containers/${Id}/json`).catch((err: Error) => {
        // Removed between the list and the inspect: it is simply gone.
        if (/HTTP 404/.test(err.message)) return undefined;
        throw err;
      });
      if (c) rows.push(containerRow(c, digests.get(c.Image) ?? []));
    }
    return rows;
  },
};

function containerRow(c: ContainerInspect, repoDigests: string[]): Row {
  const h = c.HostConfig;
  const labels = c.Config.Labels ?? {};
  const securityOpt = h.SecurityOpt ?? [];
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    image: c.Config.Image,
    image_id: c.Image,
    image_digest: imageDigest(c.Config.Image, repoDigests),
    created: c.Created,
    state: c.State.Status,
    pid: c.State.Pid,
    started_at: c.State.StartedAt,
    command: [...(c.Config.Entrypoint ?? []), ...(c.Config.Cmd ?? [])].join(' '),
    user: c.Config.User,
    privileged: h.Privileged,
    cap_add: h.CapAdd ?? [],
    cap_drop: h.CapDrop ?? [],
    readonly_rootfs: h.ReadonlyRootfs,
    network_mode: h.NetworkMode,
    pid_mode: h.PidMode,
    ipc_mode: h.IpcMode,
    memory_limit: h.Memory,
    nano_cpus: h.NanoCpus,
    cpu_quota: h.CpuQuota,
    cpu_period: h.CpuPeriod,
    cpu_shares: h.CpuShares,
    pids_limit: h.PidsLimit ?? 0,
    seccomp_profile: seccompProfile(h.Privileged, securityOpt),
    apparmor_profile: h.Privileged ? 'unconfined' : c.AppArmorProfile,
    security_options: securityOpt,
    mounts: c.Mounts.map((m) => ({ type: m.Type, source: m.Source, destination: m.Destination, mode: m.Mode, rw: m.RW })),
    docker_socket_mounted: c.Mounts.some((m) => /(?:^|\/)docker\.sock$/.test(m.Source)),
    labels,
    pod_name: labels['io.kubernetes.pod.name'] ?? null,
    pod_namespace: labels['io.kubernetes.pod.namespace'] ?? null,
  };
}

/**
 * The digest the container's image was pulled by: the repo digest of the same repository as the
 * image reference, else the only one there is. Locally built images have none.
 */
function imageDigest(image: string, repoDigests: string[]): string | null {
  const pinned = /@(sha256:[0-9a-f]{64})$/.exec(image);
  if (pinned) return pinned[1];
  const repo = image.replace(/:[^/:]+$/, '');
  const same = repoDigests.find((d) => d.startsWith(`${repo}@`)) ?? (repoDigests.length === 1 ? repoDigests[0] : undefined);
  return same ? same.slice(same.indexOf('@') + 1) : null;
}

/** Docker runs privileged containers without seccomp; `seccomp=` overrides the default profile. */
function seccompProfile(privileged: boolean, securityOpt: string[]): string {
  const opt = securityOpt.find((o) => /^seccomp[=:]/.test(o));
  if (opt) return /^seccomp[=:]unconfined$/.test(opt) ? 'unconfined' : 'custom';
  return privileged ? 'unconfined' : 'default';
}
