import type { Cataloger } from '../cataloger.ts';
import { installedMetadataCataloger } from './installed-metadata.ts';
import { pipfileLockCataloger } from './pipfile-lock.ts';
import { poetryLockCataloger } from './poetry-lock.ts';
import { pylockCataloger } from './pylock.ts';
import { requirementsCataloger } from './requirements.ts';
import { uvLockCataloger } from './uv-lock.ts';

export const catalogers: Cataloger[] = [
  installedMetadataCataloger,
  requirementsCataloger,
  poetryLockCataloger,
  pipfileLockCataloger,
  uvLockCataloger,
  pylockCataloger,
];
