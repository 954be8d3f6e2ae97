import type { Collector } from './collector.ts';
import { authorizedKeysCollector } from './collectors/authorized-keys.ts';
import { containerdContainersCollector } from './collectors/containerd-containers.ts';
import { containerdImagesCollector } from './collectors/containerd-images.ts';
import { crontabCollector } from './collectors/crontab.ts';
import { dockerContainersCollector } from './collectors/docker-containers.ts';
import { dockerImagesCollector } from './collectors/docker-images.ts';
import { groupsCollector } from './collectors/groups.ts';
import { interfaceAddressesCollector } from './collectors/interface-addresses.ts';
import { kernelModulesCollector } from './collectors/kernel-modules.ts';
import { lastCollector } from './collectors/last.ts';
import { listeningPortsCollector } from './collectors/listening-ports.ts';
import { middlewareCollector } from './collectors/middleware.ts';
import { apkPackagesCollector, debPackagesCollector, rpmPackagesCollector } from './collectors/os-packages.ts';
import { osVersionCollector } from './collectors/os-version.ts';
import { processesCollector } from './collectors/processes.ts';
import { startupItemsCollector } from './collectors/startup-items.ts';
import { sudoersCollector } from './collectors/sudoers.ts';
import { systemdUnitsCollector } from './collectors/systemd-units.ts';
import { systemInfoCollector } from './collectors/system-info.ts';
import { usersCollector } from './collectors/users.ts';
import { webRootsCollector } from './collectors/web-roots.ts';

/** Every inventory table, in the order a snapshot lists them. Adding a table adds one entry. */
export const allCollectors: readonly Collector[] = [
  systemInfoCollector,
  osVersionCollector,
  interfaceAddressesCollector,
  usersCollector,
  groupsCollector,
  sudoersCollector,
  authorizedKeysCollector,
  lastCollector,
  processesCollector,
  listeningPortsCollector,
  middlewareCollector,
  webRootsCollector,
  crontabCollector,
  systemdUnitsCollector,
  startupItemsCollector,
  kernelModulesCollector,
  debPackagesCollector,
  rpmPackagesCollector,
  apkPackagesCollector,
  dockerContainersCollector,
  dockerImagesCollector,
  containerdContainersCollector,
  containerdImagesCollector,
];
