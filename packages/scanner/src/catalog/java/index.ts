import type { Cataloger } from '../cataloger.ts';
import { javaArchiveCataloger } from './archive.ts';

export const catalogers: Cataloger[] = [javaArchiveCataloger()];
