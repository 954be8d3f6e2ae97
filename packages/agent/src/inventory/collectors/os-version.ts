import type { Collector } from '../collector.ts';
import { osPackages } from '../os-packages.ts';

/** osquery `os_version`, from the release files the scanner reads (os-release and distro files). */
export const osVersionCollector: Collector = {
  name: 'os_version',
  description: 'Operating system / 操作系统',
  async collect(ctx) {
    const { os } = await osPackages(ctx);
    if (!os) return [];
    const [major = '', minor = '', patch = ''] = (os.versionId ?? '').split('.');
    return [{ name: os.prettyName ?? os.id, platform: os.id, platform_like: (os.idLike ?? []).join(' '), version: os.versionId ?? '', major, minor, patch, codename: os.codename ?? '' }];
  },
};
