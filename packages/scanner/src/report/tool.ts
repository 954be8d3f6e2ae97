/** The producer named in every report: SARIF driver, CycloneDX tools, SPDX creators. */
import manifest from '../../package.json' with { type: 'json' };

export const TOOL = { name: 'vigil', vendor: 'Vigil', version: manifest.version } as const;
