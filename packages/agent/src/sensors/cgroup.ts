/**
 * Container identity from a cgroup path. Forms seen in the wild:
 *   /docker/<id>                                   docker, cgroupfs driver
 *   /system.slice/docker-<id>.scope                docker, systemd driver
 *   /kubepods/burstable/pod<uid>/<id>              kubelet cgroupfs (runtime unknown from path)
 *   /kubepods.slice/…/cri-containerd-<id>.scope    containerd CRI, systemd driver
 *   /kubepods.slice/…/crio-<id>.scope              CRI-O, systemd driver
 *   /system.slice/containerd.service/<ns>-<id>     containerd, plain namespaces (nerdctl)
 *   /libpod_parent/libpod-<id>, /machine.slice/libpod-<id>.scope   podman
 * `crio-conmon-<id>.scope` is CRI-O's monitor process, not the container.
 */
export interface CgroupContainer {
  id: string;
  runtime: string;
}

const ID = '([0-9a-f]{64})';
const SCOPED: ReadonlyArray<[RegExp, string]> = [
  [new RegExp(`^docker-${ID}\\.scope$`), 'docker'],
  [new RegExp(`^cri-containerd-${ID}\\.scope$`), 'containerd'],
  [new RegExp(`^crio-${ID}\\.scope$`), 'cri-o'],
  [new RegExp(`^libpod-${ID}(?:\\.scope)?$`), 'podman'],
];
const BARE = new RegExp(`^${ID}$`);
const NAMESPACED = new RegExp(`^[A-Za-z0-9._-]+-${ID}$`);

export function containerFromCgroupPath(path: string): CgroupContainer | undefined {
  const parts = path.split('/').filter(Boolean);
  // The innermost container-shaped level wins: nested cgroups below a container stay in it,
  // so scan from the leaf upwards.
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i];
    for (const [re, runtime] of SCOPED) {
      const m = re.exec(part);
      if (m) return { id: m[1], runtime };
    }
    const parent = parts[i - 1] ?? '';
    if (BARE.test(part)) {
      if (parent === 'docker') return { id: part, runtime: 'docker' };
      if (parent.startsWith('pod') || parent.includes('kubepods')) return { id: part, runtime: 'cri' };
      return { id: part, runtime: 'unknown' };
    }
    const ns = NAMESPACED.exec(part);
    if (ns && parent === 'containerd.service') return { id: ns[1], runtime: 'containerd' };
  }
  return undefined;
}

/** The cgroup path of a live process from /proc/<pid>/cgroup text: unified (v2) line first, then v1. */
export function cgroupPathFromProcFile(text: string): string | undefined {
  let fallback: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '0' && m[2] === '' && m[3] !== '/') return m[3];
    if (!fallback && m[3] !== '/') fallback = m[3];
  }
  return fallback;
}
