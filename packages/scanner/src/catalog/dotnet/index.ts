import type { Cataloger } from '../cataloger.ts';
import { depsJsonCataloger } from './deps-json.ts';
import { packagesConfigCataloger } from './packages-config.ts';
import { packagesLockCataloger } from './packages-lock.ts';

export const catalogers: Cataloger[] = [packagesLockCataloger, depsJsonCataloger, packagesConfigCataloger];
