import type { Cataloger } from '../cataloger.ts';

export const catalogers: Cataloger[] = [];
