/**
 * Validators for the published JSON Schemas of the output formats, loaded from the npm packages
 * that ship them: CycloneDX 1.5 (with its SPDX license enum and JSF) from
 * @cyclonedx/cyclonedx-library (its res/schema copies, which only rename the cross-file references),
 * SARIF 2.1.0 (draft-04) from @microsoft/jest-sarif.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import addDraft2019Formats from 'ajv-formats-draft2019';

// CommonJS modules whose `default` export is the module itself.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function json(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function cycloneDx15(): Validator {
  const dir = join(packageDir('@cyclonedx/cyclonedx-library'), 'res/schema');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  addDraft2019Formats(ajv);
  // The library's copies refer to each other by these file names (its res/schema/README.md).
  for (const name of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
    ajv.addSchema({ ...json(join(dir, name)), $id: `http://cyclonedx.org/schema/${name}` });
  }
  return validator(ajv.compile(json(join(dir, 'bom-1.5.SNAPSHOT.schema.json'))));
}

export function sarif210(): Validator {
  // The schema's language pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` is only valid without the u flag.
  const ajv = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return validator(ajv.compile(json(join(packageDir('@microsoft/jest-sarif'), 'lib/schemas/sarif-2.1.0-rtm.5.json'))));
}

/** Schema violations of a document, one line each; empty when it is valid. */
export type Validator = (doc: unknown) => string[];

function validator(validate: ValidateFunction): Validator {
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));
}
