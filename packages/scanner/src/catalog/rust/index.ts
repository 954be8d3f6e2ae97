import type { Cataloger } from '../cataloger.ts';
import { cargoLockCataloger } from './cargo-lock.ts';
import { cargoTomlCataloger } from './cargo-toml.ts';

export const catalogers: Cataloger[] = [cargoLockCataloger, cargoTomlCataloger];
