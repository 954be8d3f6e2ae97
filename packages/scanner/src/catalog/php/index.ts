import type { Cataloger } from '../cataloger.ts';
import { composerInstalledCataloger } from './composer-installed.ts';
import { composerLockCataloger } from './composer-lock.ts';

export const catalogers: Cataloger[] = [composerLockCataloger, composerInstalledCataloger];
