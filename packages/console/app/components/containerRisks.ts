// What makes a container's runtime configuration risky, read from its inventory row, with the
// CIS Docker Benchmark section each finding comes from. Titles and advice are translated under
// `containers.riskTypes.<id>`.
import type { Container, Severity } from '../api/types.ts';

export interface ContainerRisk {
  id: string;
  severity: Severity;
  /** CIS Docker Benchmark 1.6 recommendation. */
  cis: string;
}

const DANGEROUS_CAPS = ['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'SYS_RAWIO'];
const SENSITIVE_PATHS = ['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/root', '/var/run', '/run'];

const CHECKS: { id: string; severity: Severity; cis: string; risky: (c: Container) => boolean }[] = [
  { id: 'privileged', severity: 'critical', cis: '5.5', risky: (c) => c.privileged === true },
  { id: 'docker_socket', severity: 'critical', cis: '5.32', risky: (c) => c.docker_socket_mounted === true },
  { id: 'sensitive_mount', severity: 'high', cis: '5.6', risky: (c) => (c.mounts ?? []).some((m) => m.rw && SENSITIVE_PATHS.includes(m.source.replace(/\/+$/, '') || '/')) },
  { id: 'host_network', severity: 'high', cis: '5.10', risky: (c) => c.network_mode === 'host' },
  { id: 'host_pid', severity: 'high', cis: '5.16', risky: (c) => c.pid_mode === 'host' },
  { id: 'host_ipc', severity: 'medium', cis: '5.17', risky: (c) => c.ipc_mode === 'host' },
  { id: 'capabilities', severity: 'high', cis: '5.4', risky: (c) => (c.cap_add ?? []).some((cap) => DANGEROUS_CAPS.includes(cap.toUpperCase().replace(/^CAP_/, ''))) },
  { id: 'seccomp', severity: 'high', cis: '5.22', risky: (c) => c.privileged !== true && c.seccomp_profile === 'unconfined' },
  { id: 'root_user', severity: 'medium', cis: '4.1', risky: (c) => c.user !== undefined && ['', 'root', '0'].includes(c.user.split(':')[0]!) },
  { id: 'writable_rootfs', severity: 'low', cis: '5.13', risky: (c) => c.readonly_rootfs === false },
  { id: 'no_memory_limit', severity: 'low', cis: '5.11', risky: (c) => c.memory_limit === 0 },
  { id: 'no_pids_limit', severity: 'low', cis: '5.29', risky: (c) => c.pids_limit !== undefined && c.pids_limit <= 0 },
];

export const RISK_IDS = CHECKS.map((check) => check.id);

export function containerRisks(c: Container): ContainerRisk[] {
  return CHECKS.filter((check) => check.risky(c)).map(({ id, severity, cis }) => ({ id, severity, cis }));
}
