import type { Cataloger } from '../cataloger.ts';
import { goBinaryCataloger } from './binary.ts';
import { goModCataloger } from './gomod.ts';
import { goSumCataloger } from './gosum.ts';

export const catalogers: Cataloger[] = [goBinaryCataloger, goModCataloger, goSumCataloger];
