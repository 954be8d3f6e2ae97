import type { Command } from 'commander';

/** `vigil scan image|rootfs|fs|sbom` */
export function registerScan(program: Command): void {
  program.command('scan').description('Scan images, root filesystems, source trees and SBOMs / 扫描镜像、根文件系统、源码目录和 SBOM');
}
