import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * The host every event of this agent names. systemd's /etc/machine-id survives reboots and
 * renames; the hostname stands in where there is none.
 */
export function localHost(): { id: string; name: string } {
  let machineId = '';
  try {
    machineId = readFileSync('/etc/machine-id', 'utf8').trim();
  } catch {
    // containers and minimal systems may have no machine id
  }
  return { id: machineId || hostname(), name: hostname() };
}
