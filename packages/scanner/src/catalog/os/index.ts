import type { Cataloger } from '../cataloger.ts';
import { apkCataloger } from './apk.ts';
import { dpkgCataloger } from './dpkg.ts';
import { osReleaseCataloger } from './os-release.ts';
import { rpmCataloger } from './rpm.ts';

export const catalogers: Cataloger[] = [osReleaseCataloger, dpkgCataloger, apkCataloger, rpmCataloger];
