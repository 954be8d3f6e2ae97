import { readFile } from 'node:fs/promises';
import { arch, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Collector } from '../collector.ts';
import { AGENT_VERSION } from '../../version.ts';

/**
 * osquery `system_info` of the live host, with the kernel release and the agent's version.
 * Cloud instance metadata needs a request to the link-local metadata service, which the inventory
 * never makes; the DMI vendor and product names below already tell a cloud VM's provider.
 */
export const systemInfoCollector: Collector = {
  name: 'system_info',
  description: 'Host basics / 主机基本信息',
  async collect(ctx) {
    const read = (path: string) => readFile(path, 'utf8').then((s) => s.trim(), () => '');
    const [hostname, kernel, machineId, vendor, model, productUuid] = await Promise.all([
      read(join(ctx.proc, 'sys/kernel/hostname')),
      read(join(ctx.proc, 'sys/kernel/osrelease')),
      read(join(ctx.root, 'etc/machine-id')),
      read('/sys/class/dmi/id/sys_vendor'),
      read('/sys/class/dmi/id/product_name'),
      read('/sys/class/dmi/id/product_uuid'),
    ]);
    return [
      {
        hostname,
        uuid: productUuid,
        machine_id: machineId,
        cpu_type: arch(),
        cpu_brand: cpus()[0]?.model ?? '',
        cpu_logical_cores: cpus().length,
        physical_memory: totalmem(),
        hardware_vendor: vendor,
        hardware_model: model,
        kernel_version: kernel,
        agent_version: AGENT_VERSION,
      },
    ];
  },
};
