/**
 * The deployment files (deploy/docker-compose.yml, deploy/k8s/*.yaml) parse, lay out the roles
 * the issue names, split the host partitions among analyzers without gaps or overlaps, and use
 * only flags, roles, bus URLs and output specs the real CLI accepts.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { parseNatsUrl } from '../src/bus/nats-url.ts';
import { createOutput, parseOutputSpec } from '../src/outputs/registry.ts';

const DEPLOY = fileURLToPath(new URL('../deploy/', import.meta.url));
const VIGIL = fileURLToPath(new URL('../../cli/bin/vigil.js', import.meta.url));

type Doc = Record<string, any>;

function load(path: string): Doc[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => {
    assert.deepEqual(d.errors, [], `${path}: ${d.errors.join('; ')}`);
    return d.toJS() as Doc;
  });
}

const compose = load(join(DEPLOY, 'docker-compose.yml'))[0];
const k8s = readdirSync(join(DEPLOY, 'k8s'))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => load(join(DEPLOY, 'k8s', f)));
const kind = (k: string, name: string) => k8s.find((d) => d.kind === k && d.metadata.name === name);

/** Long options and --role choices from the CLI's own help. */
function cliHelp(...command: string[]): { flags: Set<string>; roles: string[] } {
  const help = execFileSync(process.execPath, [VIGIL, ...command, '--help'], { encoding: 'utf8' });
  const roles = /choices: ([^)]*?)(?:, default|\))/s.exec(help.replace(/\s+/g, ' '))?.[1].match(/"([^"]+)"/g)?.map((s) => s.slice(1, -1)) ?? [];
  return { flags: new Set(help.match(/--[a-z][a-z-]*/g)), roles };
}
const server = cliHelp('server');
const agent = cliHelp('agent', 'run');

/** Flag → values of a `vigil` argument list (flags without a value map to ''). */
function flagsOf(args: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (!flag.startsWith('--')) continue;
    const value = args[i + 1] !== undefined && !args[i + 1].startsWith('--') ? args[++i] : '';
    out.set(flag, [...(out.get(flag) ?? []), value]);
  }
  return out;
}

function checkServerArgs(where: string, args: string[], expand: (s: string) => string, host?: string): { role: string; owned: number[]; partitions: number } {
  assert.equal(args[0], 'server', where);
  const flags = flagsOf(args.slice(1));
  for (const f of flags.keys()) assert.ok(server.flags.has(f), `${where}: vigil server has no ${f}`);
  const role = flags.get('--role')?.[0] ?? 'all';
  assert.ok(server.roles.includes(role), `${where}: role ${role} not in ${server.roles}`);
  assert.match(expand(flags.get('--store')![0]), /^postgres:\/\//, `${where}: shared PostgreSQL store`);
  const bus = parseNatsUrl(expand(flags.get('--bus')![0]), host);
  for (const spec of flags.get('--output') ?? []) {
    const { type, config } = parseOutputSpec(spec);
    void createOutput(type, config).close();
  }
  return { role, owned: bus.owned, partitions: bus.partitions };
}

function checkAgentArgs(where: string, args: string[]): void {
  assert.deepEqual(args.slice(0, 2), ['agent', 'run'], where);
  for (const f of flagsOf(args.slice(2)).keys()) assert.ok(agent.flags.has(f), `${where}: vigil agent run has no ${f}`);
  assert.ok(args.includes('--server') && args.includes('--enroll-token-file'), `${where}: the agent reports to the server`);
}

/** Every partition owned by exactly one analyzer. */
function assertPartitionsCovered(where: string, analyzers: { owned: number[]; partitions: number }[]): void {
  const partitions = analyzers[0].partitions;
  const owned = analyzers.flatMap((a) => a.owned).sort((a, b) => a - b);
  assert.deepEqual(owned, Array.from({ length: partitions }, (_, i) => i), `${where}: analyzers cover each partition exactly once`);
}

test('docker-compose: postgres, NATS with JetStream, 2 ingest, 2 analyzers, 1 api and a host-level agent, all valid CLI', () => {
  const services = compose.services as Record<string, Doc>;
  assert.ok(services.postgres.image.startsWith('postgres:'));
  assert.ok(services.nats.command.includes('--jetstream'));
  const env = { VIGIL_PG_PASSWORD: 'x' } as Record<string, string>;
  const expand = (s: string) => s.replace(/\$\{(\w+)\}/g, (_, v: string) => env[v] ?? '');
  const roles = Object.entries(services)
    .filter(([, s]) => s.command?.[0] === 'server')
    .map(([name, s]) => ({ name, ...checkServerArgs(`compose ${name}`, s.command, expand) }));
  const count = (role: string) => roles.filter((r) => r.role === role).length;
  assert.deepEqual([count('ingest'), count('analyze'), count('api')], [2, 2, 1]);
  assertPartitionsCovered('compose', roles.filter((r) => r.role === 'analyze'));
  const a = services.agent;
  assert.equal(a.pid, 'host');
  checkAgentArgs('compose agent', a.command);
  for (const mount of ['/sys/kernel/btf', '/sys/fs/bpf']) assert.ok(a.volumes.some((v: string) => v.split(':')[1] === mount), `agent mounts ${mount}`);
});

test('kubernetes: ingest and api Deployments, an analyzer StatefulSet whose ordinals split the partitions, an agent DaemonSet with hostPID', () => {
  const secret = kind('Secret', 'vigil')!.stringData as Record<string, string>;
  const expand = (s: string) => s.replace(/\$\((\w+)\)/g, (_, v: string) => secret[v] ?? '');
  const container = (d: Doc) => d.spec.template.spec.containers[0];

  for (const [k, name, role] of [['Deployment', 'vigil-ingest', 'ingest'], ['Deployment', 'vigil-api', 'api']] as const) {
    const d = kind(k, name);
    assert.ok(d, `${k} ${name}`);
    assert.equal(checkServerArgs(name, container(d).args, expand).role, role);
    assert.ok(kind('Service', name), `Service ${name}`);
  }

  const sts = kind('StatefulSet', 'vigil-analyze')!;
  const replicas = sts.spec.replicas as number;
  const analyzers = Array.from({ length: replicas }, (_, i) => checkServerArgs(`vigil-analyze-${i}`, container(sts).args, expand, `vigil-analyze-${i}`));
  assert.ok(analyzers.every((a) => a.role === 'analyze'));
  assertPartitionsCovered('kubernetes', analyzers);
  assert.equal(kind('Service', 'vigil-analyze')?.spec.clusterIP, 'None');

  const ds = kind('DaemonSet', 'vigil-agent')!;
  const pod = ds.spec.template.spec;
  assert.equal(pod.hostPID, true);
  checkAgentArgs('vigil-agent', container(ds).args);
  const caps = container(ds).securityContext.capabilities.add as string[];
  for (const c of ['BPF', 'PERFMON', 'SYS_PTRACE', 'SYS_RESOURCE']) assert.ok(caps.includes(c), `agent capability ${c}`);
  const mounts = new Map((container(ds).volumeMounts as Doc[]).map((m) => [m.mountPath, m.name]));
  const hostPaths = new Map((pod.volumes as Doc[]).filter((v) => v.hostPath).map((v) => [v.name, v.hostPath.path]));
  for (const path of ['/sys/kernel/btf', '/sys/fs/bpf', '/sys/fs/cgroup', '/etc/machine-id']) assert.equal(hostPaths.get(mounts.get(path)), path, `agent mounts the node's ${path}`);
});
