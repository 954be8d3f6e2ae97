import type { Cataloger } from '../cataloger.ts';
import { gemfileLockCataloger } from './gemfile-lock.ts';
import { gemspecCataloger } from './gemspec.ts';

export const catalogers: Cataloger[] = [gemfileLockCataloger, gemspecCataloger];
