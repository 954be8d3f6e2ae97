/** The package ships no types: it adds the draft 2019-09 formats (iri, idn-email, …) to an Ajv. */
declare module 'ajv-formats-draft2019' {
  import type { Ajv } from 'ajv';
  export default function addDraft2019Formats<T extends Ajv>(ajv: T, options?: { formats?: string[] }): T;
}
