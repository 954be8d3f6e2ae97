import type { Cataloger } from '../cataloger.ts';
import { bunLockCataloger } from './bun-lock.ts';
import { nodeModulesCataloger } from './node-modules.ts';
import { packageJsonCataloger } from './package-json.ts';
import { packageLockCataloger } from './package-lock.ts';
import { pnpmLockCataloger } from './pnpm-lock.ts';
import { yarnLockCataloger } from './yarn-lock.ts';

export const catalogers: Cataloger[] = [
  packageLockCataloger,
  yarnLockCataloger,
  pnpmLockCataloger,
  bunLockCataloger,
  nodeModulesCataloger,
  packageJsonCataloger,
];
