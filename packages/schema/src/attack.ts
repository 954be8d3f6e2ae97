/**
 * ATT&CK catalog access: technique ids with their revoked/deprecated status, read from MITRE's
 * STIX data — a bundle `.json`, a `.tar.gz` of per-object files (as mitre/cti ships them), or a
 * directory holding either. Rules name techniques by external id (`T1059.004`); a revoked
 * technique is reported with the id that replaced it.
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { UserError } from './errors.ts';

export interface AttackTechnique {
  id: string;
  name: string;
  revoked: boolean;
  deprecated: boolean;
  /** For a revoked technique: the id that replaces it, when the data says. */
  revokedBy?: string;
}

export type TechniqueCheck = { status: 'active'; technique: AttackTechnique } | { status: 'revoked' | 'deprecated'; technique: AttackTechnique } | { status: 'unknown' };

interface StixObject {
  type?: string;
  id?: string;
  name?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  external_references?: { source_name?: string; external_id?: string }[];
  objects?: StixObject[];
}

export class AttackCatalog {
  private constructor(private readonly byId: ReadonlyMap<string, AttackTechnique>) {}

  get size(): number {
    return this.byId.size;
  }

  check(id: string): TechniqueCheck {
    const technique = this.byId.get(id.toUpperCase());
    if (!technique) return { status: 'unknown' };
    if (technique.revoked) return { status: 'revoked', technique };
    if (technique.deprecated) return { status: 'deprecated', technique };
    return { status: 'active', technique };
  }

  /** Read the catalog at `path` (bundle .json, .tar.gz, or a directory of either). */
  static async read(path: string): Promise<AttackCatalog> {
    const objects: StixObject[] = [];
    const add = (text: string, where: string) => {
      let o: StixObject;
      try {
        o = JSON.parse(text) as StixObject;
      } catch {
        throw new UserError(`${where}: not STIX JSON`, 'BAD_ATTACK');
      }
      objects.push(...(Array.isArray(o.objects) ? o.objects : [o]));
    };
    for (const file of stixFiles(path)) {
      if (/\.(tar\.gz|tgz)$/.test(file)) await readArchive(file, add);
      else add(readFileSync(file, 'utf8'), file);
    }
    const catalog = AttackCatalog.fromObjects(objects);
    if (catalog.size === 0) throw new UserError(`${path}: no ATT&CK techniques found (expected enterprise ATT&CK STIX data)`, 'BAD_ATTACK');
    return catalog;
  }

  static fromObjects(objects: readonly StixObject[]): AttackCatalog {
    const byStixId = new Map<string, AttackTechnique>();
    for (const o of objects) {
      if (o.type !== 'attack-pattern' || !o.id) continue;
      const ext = o.external_references?.find((r) => r.source_name === 'mitre-attack')?.external_id;
      if (!ext) continue;
      byStixId.set(o.id, { id: ext, name: o.name ?? ext, revoked: o.revoked === true, deprecated: o.x_mitre_deprecated === true });
    }
    for (const o of objects) {
      if (o.type !== 'relationship' || o.relationship_type !== 'revoked-by') continue;
      const from = byStixId.get(o.source_ref ?? '');
      const to = byStixId.get(o.target_ref ?? '');
      if (from && to) from.revokedBy = to.id;
    }
    return new AttackCatalog(new Map([...byStixId.values()].map((t) => [t.id, t])));
  }
}

function stixFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new UserError(`${path}: cannot read the ATT&CK catalog: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'BAD_ATTACK');
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const p = join(path, name);
    if (statSync(p).isDirectory()) out.push(...stixFiles(p));
    else if (/\.(json|tar\.gz|tgz)$/.test(name)) out.push(p);
  }
  return out;
}

async function readArchive(file: string, add: (text: string, where: string) => void): Promise<void> {
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      const wanted = header.type === 'file' && header.name.endsWith('.json');
      stream.on('data', (c: unknown) => {
        if (wanted) chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        try {
          if (wanted) add(Buffer.concat(chunks).toString('utf8'), `${file}:${header.name}`);
          next();
        } catch (err) {
          reject(err);
        }
      });
      stream.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', (err: Error) => reject(new UserError(`${file}: cannot read the ATT&CK archive: ${err.message}`, 'BAD_ATTACK')));
  });
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (err) => ex.destroy(err));
  gunzip.on('error', (err) => ex.destroy(err));
  input.pipe(gunzip).pipe(ex);
  await done;
}
