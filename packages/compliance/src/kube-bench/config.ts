/**
 * kube-bench's cfg/ (read with js-yaml: like kube-bench's Go YAML, it takes the multi-line quoted
 * titles some profiles have, which the stricter `yaml` package refuses): config.yaml (components per node type: the binaries, config files,
 * kubeconfigs, services, CA files and data dirs to look for), overridden by the benchmark's own
 * config.yaml and then by an optional overlay (what kube-bench's --config does). Maps merge key by
 * key, lists are replaced — viper's MergeConfig.
 */
import { access, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { UserError } from '@vigil/schema';
import type { ProcessArgs } from '../context.ts';

export type Tree = Record<string, unknown>;

export async function loadConfig(cfgDir: string, benchmark: string, overlay?: Tree): Promise<Tree> {
  const base = await readYaml(join(cfgDir, 'config.yaml'));
  const own = await readYaml(join(cfgDir, benchmark, 'config.yaml')).catch(() => ({}));
  return merge(merge(base, own), overlay ?? {});
}

export async function readYaml(path: string): Promise<Tree> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`cannot read ${path}`, 'ENOENT');
  }
  try {
    return (yaml.load(text) ?? {}) as Tree;
  } catch (err) {
    throw new UserError(`${path}: not valid YAML (${(err as Error).message.split('\n')[0]})`, 'BAD_CHECK');
  }
}

function merge(a: Tree, b: Tree): Tree {
  const out: Tree = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isTree(prev) && isTree(v) ? merge(prev, v) : v;
  }
  return out;
}

function isTree(v: unknown): v is Tree {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Targets (master, node, etcd, …) a benchmark runs, from `target_mapping`. */
export function targetsOf(config: Tree, benchmark: string): string[] {
  const mapping = (config.target_mapping ?? {}) as Record<string, string[]>;
  const targets = mapping[benchmark];
  if (!targets) throw new UserError(`kube-bench benchmark '${benchmark}' has no target_mapping in config.yaml`, 'BAD_PROFILE');
  return targets;
}

/** File kinds and the option names kube-bench reads for them; the suffix is the variable's (`$apiserverconf`). */
const FILE_KINDS = [
  { suffix: 'conf', list: 'confs', fallback: 'defaultconf' },
  { suffix: 'svc', list: 'svc', fallback: 'defaultsvc' },
  { suffix: 'kubeconfig', list: 'kubeconfig', fallback: 'defaultkubeconfig' },
  { suffix: 'cafile', list: 'cafile', fallback: 'defaultcafile' },
  { suffix: 'datadir', list: 'datadirs', fallback: 'defaultdatadir' },
] as const;

export interface Substitutions {
  /** `$apiserverbin` → `kube-apiserver`, `$kubeletconf` → `/var/lib/kubelet/config.yaml`, … */
  vars: Map<string, string>;
  /** Non-optional components with binaries of which none runs: kube-bench refuses the target. */
  missing: string[];
}

/**
 * The variables of one node type (`config[target]`): a component's running binary (first
 * candidate whose argv[0] is it, optionally after a path; default the component's name), and the
 * first existing candidate file of each kind (else the default, else the component's name).
 */
export async function substitutions(config: Tree, target: string, procs: ProcessArgs[]): Promise<Substitutions> {
  const section = (config[target] ?? {}) as Tree;
  const vars = new Map<string, string>();
  const missing: string[] = [];
  for (const component of (section.components ?? []) as string[]) {
    const c = section[component] as Tree | undefined;
    if (!c) continue;
    const bins = (c.bins ?? []) as string[];
    if (bins.length) {
      const bin = bins.find((b) => running(b, procs));
      if (!bin && c.optional !== true) missing.push(component);
      vars.set(`${component}bin`, bin ?? component);
    }
    for (const kind of FILE_KINDS) {
      const candidates = (c[kind.list] ?? []) as string[] | null;
      let file: string | undefined;
      for (const f of candidates ?? []) if (await access(f).then(() => true, () => false)) { file = f; break; }
      if (file === undefined && c[kind.fallback] !== undefined) file = String(c[kind.fallback]);
      if (file === undefined && !candidates?.length) continue;
      vars.set(`${component}${kind.suffix}`, file ?? component);
    }
  }
  return { vars, missing };
}

/** `kubelet` runs as `/usr/bin/kubelet …`; `hyperkube apiserver` needs both words; `apiserver` is not `kube-apiserver`. */
function running(bin: string, procs: ProcessArgs[]): boolean {
  const words = bin.replace(/^['"]|['"]$/g, '').split(' ');
  return procs.some((p) => {
    const exe = p.argv[0] ?? '';
    if (exe !== words[0] && !exe.endsWith(`/${words[0]}`)) return false;
    return words.slice(1).every((w, i) => p.argv[i + 1] === w);
  });
}

/** Longest variable first, so `$kubeletkubeconfig` is not eaten by a shorter name. */
export function substitute(text: string, vars: Map<string, string>): string {
  let out = text;
  for (const [name, value] of [...vars].sort((a, b) => b[0].length - a[0].length)) out = out.split(`$${name}`).join(value);
  return out;
}

export async function benchmarkDirs(cfgDir: string): Promise<string[]> {
  const entries = await readdir(cfgDir, { withFileTypes: true });
  const dirs: string[] = [];
  for (const e of entries) if (e.isDirectory() && (await access(join(cfgDir, e.name, 'config.yaml')).then(() => true, () => false))) dirs.push(e.name);
  return dirs.sort();
}
