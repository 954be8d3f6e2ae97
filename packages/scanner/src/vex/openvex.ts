/**
 * OpenVEX documents (https://github.com/openvex/spec, v0.2.0; the v0.0.x shape with string
 * products and statement-level subcomponents is read too). Parsed into a normalised form whose
 * products are purls, the only identifiers a scanned package has.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '@vigil/schema';

export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

const STATUSES: ReadonlySet<string> = new Set(['not_affected', 'affected', 'fixed', 'under_investigation']);

const JUSTIFICATIONS: ReadonlySet<string> = new Set([
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
]);

export interface VexProduct {
  /** The product's purl (`@id` when it is a purl, else `identifiers.purl`); absent for other IRIs. */
  purl?: string;
  /** Purls of the product's subcomponents the statement is about. */
  subcomponents: string[];
}

export interface VexStatement {
  /** Every name the vulnerability goes by: `name`, `@id` (and its last path segment), `aliases`. */
  vulnerabilityIds: string[];
  products: VexProduct[];
  status: VexStatus;
  justification?: string;
  impactStatement?: string;
  /** Statement timestamp, else the document's; later statements override earlier ones. */
  timestamp?: string;
}

export interface VexDocument {
  /** The document's `@id`, or the file it came from. */
  id: string;
  statements: VexStatement[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalString(obj: Json, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UserError(`${where}: "${key}" must be a string`, 'BAD_VEX');
  return v;
}

function vulnerabilityIds(raw: unknown, where: string): string[] {
  if (typeof raw === 'string') return [raw]; // v0.0.x
  if (!isObject(raw)) throw new UserError(`${where}: "vulnerability" is missing`, 'BAD_VEX');
  const ids: string[] = [];
  const name = optionalString(raw, 'name', where);
  const iri = optionalString(raw, '@id', where);
  if (name) ids.push(name);
  if (iri) {
    ids.push(iri);
    // `https://nvd.nist.gov/vuln/detail/CVE-2023-1234` names CVE-2023-1234.
    const last = /^[a-z][a-z0-9+.-]*:\/\/.*\/([^/?#]+)\/?(?:[?#].*)?$/i.exec(iri)?.[1];
    if (last) ids.push(decodeURIComponent(last));
  }
  const aliases = raw.aliases;
  if (aliases !== undefined) {
    if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string')) {
      throw new UserError(`${where}: "vulnerability.aliases" must be a list of strings`, 'BAD_VEX');
    }
    ids.push(...(aliases as string[]));
  }
  if (ids.length === 0) throw new UserError(`${where}: the vulnerability has neither name nor @id`, 'BAD_VEX');
  return [...new Set(ids)];
}

/** A component's purl: its `@id` when that is a purl, else `identifiers.purl`. */
function componentPurl(raw: unknown, where: string): string | undefined {
  if (typeof raw === 'string') return raw.startsWith('pkg:') ? raw : undefined;
  if (!isObject(raw)) throw new UserError(`${where}: a product must be an object`, 'BAD_VEX');
  const id = optionalString(raw, '@id', where);
  if (id?.startsWith('pkg:')) return id;
  const identifiers = raw.identifiers;
  if (isObject(identifiers) && typeof identifiers.purl === 'string') return identifiers.purl;
  return undefined;
}

function purlList(raw: unknown, where: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new UserError(`${where}: "subcomponents" must be a list`, 'BAD_VEX');
  return raw.map((c) => componentPurl(c, where)).filter((p): p is string => !!p);
}

function parseStatement(raw: unknown, where: string, docTimestamp: string | undefined): VexStatement {
  if (!isObject(raw)) throw new UserError(`${where}: a statement must be an object`, 'BAD_VEX');
  const status = raw.status;
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    throw new UserError(`${where}: unknown status ${JSON.stringify(status)}`, 'BAD_VEX');
  }
  const justification = optionalString(raw, 'justification', where);
  if (justification !== undefined && !JUSTIFICATIONS.has(justification)) {
    throw new UserError(`${where}: unknown justification "${justification}"`, 'BAD_VEX');
  }
  const impactStatement = optionalString(raw, 'impact_statement', where);
  if (status === 'not_affected' && !justification && !impactStatement) {
    throw new UserError(`${where}: a not_affected statement needs a justification or impact_statement`, 'BAD_VEX');
  }
  if (!Array.isArray(raw.products) || raw.products.length === 0) {
    throw new UserError(`${where}: "products" must be a non-empty list`, 'BAD_VEX');
  }
  // v0.0.x put subcomponents on the statement, applying to every product.
  const shared = purlList(raw.subcomponents, where);
  const products = raw.products.map((p): VexProduct => ({
    purl: componentPurl(p, where),
    subcomponents: [...(isObject(p) ? purlList(p.subcomponents, where) : []), ...shared],
  }));
  const statement: VexStatement = {
    vulnerabilityIds: vulnerabilityIds(raw.vulnerability, where),
    products,
    status: status as VexStatus,
  };
  const timestamp = optionalString(raw, 'timestamp', where) ?? docTimestamp;
  if (justification) statement.justification = justification;
  if (impactStatement) statement.impactStatement = impactStatement;
  if (timestamp) statement.timestamp = timestamp;
  return statement;
}

/** Validate and normalise a parsed OpenVEX document; `origin` names it in error messages. */
export function parseOpenVex(data: unknown, origin: string): VexDocument {
  if (!isObject(data)) throw new UserError(`${origin}: not an OpenVEX document (expected a JSON object)`, 'BAD_VEX');
  const context = data['@context'];
  if (typeof context !== 'string' || !context.startsWith('https://openvex.dev/ns')) {
    throw new UserError(`${origin}: not an OpenVEX document (no https://openvex.dev/ns @context)`, 'BAD_VEX');
  }
  if (!Array.isArray(data.statements)) throw new UserError(`${origin}: "statements" must be a list`, 'BAD_VEX');
  const docTimestamp = optionalString(data, 'timestamp', origin);
  return {
    id: optionalString(data, '@id', origin) ?? origin,
    statements: data.statements.map((s, i) => parseStatement(s, `${origin}: statement ${i + 1}`, docTimestamp)),
  };
}

/** Read an OpenVEX JSON file; any problem with it is a UserError. */
export async function readVex(path: string): Promise<VexDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read VEX file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, 'BAD_VEX');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(`${path}: VEX file is not valid JSON`, 'BAD_VEX');
  }
  return parseOpenVex(data, path);
}
