/**
 * Kubernetes workloads from manifest files: every Pod template in Pods, Deployments, ReplicaSets,
 * StatefulSets, DaemonSets, Jobs, CronJobs and ReplicationControllers, across multi-document
 * YAML and `kind: List`. Each is one document per pod (`scope: pod`) and one per container and
 * init container (`scope: container`) for the workload checks' conditions.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { UserError } from '@vigil/schema';

export interface Workload {
  /** `Deployment/shop/web` */
  ref: string;
  file: string;
  metadata: Record<string, unknown>;
  /** The pod spec (the template's for controllers). */
  spec: Record<string, unknown>;
}

type Doc = Record<string, unknown>;

const POD_SPEC_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export async function loadWorkloads(paths: readonly string[]): Promise<Workload[]> {
  const out: Workload[] = [];
  for (const file of await manifestFiles(paths)) {
    let docs: unknown[];
    try {
      docs = yaml.loadAll(await readFile(file, 'utf8'));
    } catch (err) {
      throw new UserError(`${file}: not valid YAML (${(err as Error).message.split('\n')[0]})`, 'BAD_MANIFEST');
    }
    for (const doc of docs.flatMap((d) => ((d as Doc | null)?.kind === 'List' ? (((d as Doc).items as unknown[]) ?? []) : [d]))) {
      const w = workloadOf(doc as Doc | null, file);
      if (w) out.push(w);
    }
  }
  return out;
}

function workloadOf(doc: Doc | null, file: string): Workload | undefined {
  const kind = typeof doc?.kind === 'string' ? doc.kind : '';
  const path = POD_SPEC_PATH[kind];
  if (!doc || !path) return undefined;
  let spec: unknown = doc;
  for (const key of path) spec = (spec as Doc | undefined)?.[key];
  if (!spec || typeof spec !== 'object') return undefined;
  const metadata = (doc.metadata ?? {}) as Doc;
  return { ref: `${kind}/${String(metadata.namespace ?? 'default')}/${String(metadata.name ?? '?')}`, file, metadata, spec: spec as Doc };
}

/** The documents a condition sees: `{metadata, spec}` per pod, `{metadata, spec, container}` per container. */
export function scopeDocs(w: Workload, scope: 'pod' | 'container'): { label: string; doc: Doc }[] {
  if (scope === 'pod') return [{ label: w.ref, doc: { metadata: w.metadata, spec: w.spec } }];
  const containers = [...((w.spec.initContainers as Doc[] | undefined) ?? []), ...((w.spec.containers as Doc[] | undefined) ?? [])];
  return containers.map((c) => ({ label: `${w.ref} container ${String(c.name ?? '?')}`, doc: { metadata: w.metadata, spec: w.spec, container: c } }));
}

async function manifestFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const MAX_FILES = 10_000;
  const pending = [...paths];
  while (pending.length && out.length < MAX_FILES) {
    const p = pending.shift()!;
    const st = await stat(p).catch(() => undefined);
    if (!st) throw new UserError(`no such file or directory: ${p}`, 'ENOENT');
    if (st.isDirectory()) pending.push(...(await readdir(p)).sort().map((n) => join(p, n)));
    else if (paths.includes(p) || /\.ya?ml$|\.json$/.test(p)) out.push(p);
  }
  return out;
}
