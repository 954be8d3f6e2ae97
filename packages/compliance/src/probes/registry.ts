import { UserError } from '@vigil/schema';
import { auditRuleProbe } from './audit-rule.ts';
import { commandProbe } from './command.ts';
import { dockerDaemonProbe } from './docker-daemon.ts';
import { dockerInfoProbe, dockerObjectsProbe } from './docker-objects.ts';
import { dockerTopProbe } from './docker-top.ts';
import { envProbe } from './env.ts';
import { fileContentProbe } from './file-content.ts';
import { fileModeProbe } from './file-mode.ts';
import { groupMembersProbe } from './group-members.ts';
import { k8sWorkloadsProbe } from './k8s-workloads.ts';
import { manualProbe } from './manual.ts';
import { mountPointProbe } from './mount-point.ts';
import { packageProbe } from './package.ts';
import type { Probe } from './probe.ts';
import { serviceProbe } from './service.ts';
import { sshdProbe } from './sshd.ts';
import { sysctlProbe } from './sysctl.ts';
import { weakPasswordsProbe } from './weak-passwords.ts';
import { weakServiceProbe } from './weak-service.ts';

/** Every `audit.probe` a check file may name. */
export const allProbes: readonly Probe[] = [
  auditRuleProbe,
  commandProbe,
  dockerDaemonProbe,
  dockerInfoProbe,
  dockerObjectsProbe,
  dockerTopProbe,
  envProbe,
  fileContentProbe,
  fileModeProbe,
  groupMembersProbe,
  k8sWorkloadsProbe,
  manualProbe,
  mountPointProbe,
  packageProbe,
  serviceProbe,
  sshdProbe,
  sysctlProbe,
  weakPasswordsProbe,
  weakServiceProbe,
];

export function probeFor(kind: string, where: string): Probe {
  const probe = allProbes.find((p) => p.kind === kind);
  if (!probe) throw new UserError(`${where}: unknown probe '${kind}' (known: ${allProbes.map((p) => p.kind).join(', ')})`, 'BAD_CHECK');
  return probe;
}
