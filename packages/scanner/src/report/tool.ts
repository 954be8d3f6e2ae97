/** The producer named in every report: SARIF driver, CycloneDX tools, SPDX creators. */
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const TOOL = { name: 'vigil', vendor: 'Vigil', version: manifest.version } as const;
