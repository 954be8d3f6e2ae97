/**
 * SBOM input for `vigil scan sbom`: CycloneDX or SPDX 2.x JSON, bare or wrapped in an in-toto
 * attestation (a DSSE envelope or the statement itself, as `cosign` and Trivy write them).
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '@vigil/schema';
import type { SbomContents } from './collector.ts';
import { readCycloneDx } from './cyclonedx.ts';
import { readSpdx } from './spdx.ts';

export type { SbomContents } from './collector.ts';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The SBOM inside an in-toto statement or a DSSE envelope around one; other documents as given. */
function unwrapAttestation(doc: Json, origin: string): Json {
  let current = doc;
  if (current.payloadType === 'application/vnd.in-toto+json' && typeof current.payload === 'string') {
    try {
      current = JSON.parse(Buffer.from(current.payload, 'base64').toString('utf8'));
    } catch {
      throw new UserError(`${origin}: the attestation payload is not base64-encoded JSON`, 'BAD_SBOM');
    }
    if (!isObject(current)) throw new UserError(`${origin}: the attestation payload is not a JSON object`, 'BAD_SBOM');
  }
  if (typeof current._type === 'string' && current._type.startsWith('https://in-toto.io/Statement') && isObject(current.predicate)) {
    return current.predicate;
  }
  return current;
}

/** The JSON document, or the first of a JSON-lines file (attestation bundles); undefined if neither. */
function parseJson(text: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  for (const candidate of [trimmed, trimmed.split(/\r?\n/, 1)[0]]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

/** Parse an SBOM document already read into memory; `origin` names it in messages. */
export function parseSbom(text: string, origin: string): SbomContents {
  const data = parseJson(text);
  if (data === undefined) throw new UserError(`${origin}: not a JSON SBOM (CycloneDX or SPDX JSON expected)`, 'BAD_SBOM');
  if (!isObject(data)) throw new UserError(`${origin}: not a CycloneDX or SPDX JSON SBOM`, 'BAD_SBOM');
  const doc = unwrapAttestation(data, origin);
  if (doc.bomFormat === 'CycloneDX') {
    if (typeof doc.specVersion !== 'string' || !/^1\.\d+$/.test(doc.specVersion)) {
      throw new UserError(`${origin}: unsupported CycloneDX specVersion ${JSON.stringify(doc.specVersion)}`, 'BAD_SBOM');
    }
    return readCycloneDx(doc, origin);
  }
  if (typeof doc.spdxVersion === 'string') {
    if (!/^SPDX-2\.\d+$/.test(doc.spdxVersion)) {
      throw new UserError(`${origin}: unsupported ${doc.spdxVersion} document (SPDX 2.2 and 2.3 are read)`, 'BAD_SBOM');
    }
    return readSpdx(doc, origin);
  }
  if (typeof doc['@context'] === 'string' && doc['@context'].includes('spdx.org/rdf/3')) {
    throw new UserError(`${origin}: SPDX 3 documents are not supported (SPDX 2.2 and 2.3 are read)`, 'BAD_SBOM');
  }
  throw new UserError(`${origin}: not a CycloneDX or SPDX JSON SBOM`, 'BAD_SBOM');
}

export async function readSbom(path: string): Promise<SbomContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read SBOM ${path}: ${code ?? String(err)}`, code === 'ENOENT' ? 'ENOENT' : 'BAD_SBOM');
  }
  return parseSbom(text, path);
}
