import type { Cataloger } from '../cataloger.ts';
import { cargoLockCataloger } from './cargo-lock.ts';

export const catalogers: Cataloger[] = [cargoLockCataloger];
