import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Collector } from '../collector.ts';

/** osquery `kernel_modules` from the live /proc/modules (`name size refcount used_by state address`). */
export const kernelModulesCollector: Collector = {
  name: 'kernel_modules',
  description: 'Loaded kernel modules / 已加载内核模块',
  async collect(ctx) {
    // A kernel built without loadable module support has no /proc/modules: nothing is loaded.
    const text = await readFile(join(ctx.proc, 'modules'), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, size, , usedBy, status, address] = line.split(/\s+/);
        return { name, size: Number(size), used_by: usedBy === '-' ? '' : usedBy.replace(/,$/, ''), status, address: address ?? '' };
      });
  },
};
