import type { Command } from 'commander';

/** `vigil db import|update|info` */
export function registerDb(program: Command): void {
  program.command('db').description('Manage the local vulnerability database / 管理本地漏洞库');
}
