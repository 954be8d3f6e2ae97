/**
 * CIS Docker 1.6.0 section 4/5 on a real Engine: deliberately bad containers (privileged, docker.sock
 * mounted, host network, no limits) and one hardened container, each check's expected violators
 * written from the benchmark's audit text. The Engine is real; the listing is scoped to this test's
 * `vcmp-cis-*` containers so other work on the machine cannot change the verdicts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, evaluateChecks, loadCheckDir, socketDocker, type CheckResult, type DockerApi } from '@vigil/compliance';
import { bookwormBaseImage, docker } from '../../agent/test/inventory/docker-fixture.ts';

const PREFIX = `vcmp-cis-${process.pid}-`;
const NAMES = ['priv', 'sock', 'hostnet', 'plain', 'good'] as const;
type Name = (typeof NAMES)[number];

/** Violating containers per check, from the benchmark's text for the flags each container runs with. */
const EXPECTED: Record<string, Name[]> = {
  '4.1': ['priv', 'sock', 'hostnet', 'plain'], // no USER / runs as root
  '5.3': ['priv', 'sock', 'hostnet', 'plain'], // no SELinux label option
  '5.4': ['hostnet'], // --cap-add NET_ADMIN
  '5.5': ['priv'],
  '5.6': ['plain'], // -v /etc:/host-etc
  '5.7': ['sock'], // runs a process called sshd
  '5.8': ['plain'], // -p 987:80
  '5.10': ['hostnet'],
  '5.11': ['priv', 'sock', 'hostnet', 'plain'],
  '5.12': ['priv', 'sock', 'hostnet', 'plain'],
  '5.13': ['priv', 'sock', 'hostnet', 'plain'],
  '5.14': ['plain'], // 987 published on every interface; good binds 127.0.0.1
  '5.15': ['priv'], // --restart always; good is on-failure:5
  '5.16': ['priv'], // --pid host
  '5.17': ['sock'], // --ipc host
  '5.18': ['plain'], // --device
  '5.21': ['hostnet'], // --uts host
  '5.22': ['plain'], // seccomp=unconfined
  '5.25': [],
  '5.26': ['priv', 'sock', 'hostnet', 'plain'],
  '5.27': ['priv', 'sock', 'hostnet', 'plain'],
  '5.29': ['priv', 'sock', 'hostnet', 'plain'],
  '5.31': [],
  '5.32': ['sock'],
  'C.5.3.1': ['priv'],
  'C.5.3.3': ['priv'],
};

const RUN_FLAGS: Record<Name, string[]> = {
  priv: ['--privileged', '--pid', 'host', '--restart', 'always'],
  sock: ['-v', '/var/run/docker.sock:/var/run/docker.sock', '--ipc', 'host'],
  hostnet: ['--network', 'host', '--uts', 'host', '--cap-add', 'NET_ADMIN'],
  plain: ['-v', '/etc:/host-etc:ro', '-p', '987:80', '--security-opt', 'seccomp=unconfined', '--device', '/dev/zero:/dev/vzero'],
  good: [
    '--user', '1000:1000', '--read-only', '--memory', '64m', '--cpu-shares', '512', '--pids-limit', '50',
    '--security-opt', 'no-new-privileges', '--security-opt', 'label=level:s0:c100,c200', '--cap-drop', 'ALL',
    '--restart', 'on-failure:5', '--health-cmd', 'true', '--health-interval', '1s', '-p', '127.0.0.1:18987:80',
    '-v', '/etc/localtime:/etc/localtime:ro', // one file below /etc is not the directory the benchmark means
  ],
};

let image: string;
/** With allContainers (the benchmark's `docker ps --all`), and by default (running containers, as docker-bench). */
let results: Map<string, CheckResult>;
let runningOnly: Map<string, CheckResult>;

/** The real Engine, listing only this test's containers and its image. */
function scoped(api: DockerApi): DockerApi {
  return {
    async get<T>(path: string): Promise<T> {
      const body = await api.get<unknown>(path);
      if (path.startsWith('/containers/json')) return (body as { Names: string[] }[]).filter((c) => c.Names.some((n) => n.startsWith(`/${PREFIX}`))) as T;
      if (path === '/images/json') return (body as { RepoTags: string[] | null }[]).filter((i) => i.RepoTags?.includes(image)) as T;
      return body as T;
    },
  };
}

before(async () => {
  image = await bookwormBaseImage();
  for (const name of NAMES) {
    const command = name === 'sock' ? ['bash', '-c', 'exec -a sshd sleep 600'] : ['sleep', '600'];
    docker(['create', '--name', PREFIX + name, ...RUN_FLAGS[name], image, ...command]);
    // A privileged container cannot start inside this sandbox's own container; the benchmark
    // audits created containers too (`docker ps --all`), so its configuration is still checked.
    if (name !== 'priv') docker(['start', PREFIX + name]);
  }
  const files = await loadCheckDir();
  const checks = files.find((f) => f.benchmark === 'cis-docker-1.6')!.checks.filter((c) => c.group === '4' || c.group === '5' || c.group === 'C');
  results = new Map((await evaluateChecks(checks, createContext({ docker: scoped(socketDocker('/var/run/docker.sock')), allContainers: true }))).map((r) => [r.id, r]));
  runningOnly = new Map((await evaluateChecks(checks, createContext({ docker: scoped(socketDocker('/var/run/docker.sock')) }))).map((r) => [r.id, r]));
});

after(() => {
  for (const name of NAMES) docker(['rm', '-f', PREFIX + name]);
});

for (const [id, violators] of Object.entries(EXPECTED)) {
  test(`CIS Docker ${id}: violating containers are exactly ${violators.join(', ') || 'none'}`, () => {
    const r = results.get(id)!;
    const named = NAMES.filter((n) => r.evidence.split('\n').some((line) => line.startsWith(`${PREFIX}${n}:`)));
    assert.deepEqual(named, violators, `${id} evidence:\n${r.evidence}`);
    const expectedStatus = violators.length === 0 ? 'pass' : id === '5.18' ? 'warn' : 'fail';
    assert.equal(r.status, expectedStatus);
  });
}

test('CIS Docker 4.6: an image without HEALTHCHECK is listed', () => {
  const r = results.get('4.6')!;
  assert.equal(r.status, 'fail');
  assert.match(r.evidence, new RegExp(image.replace(/[/:.]/g, '\\$&')));
});

test('by default only running containers are audited: the created-only privileged one is not listed', () => {
  assert.equal(runningOnly.get('5.5')!.status, 'pass', runningOnly.get('5.5')!.evidence);
  assert.match(runningOnly.get('5.10')!.evidence, new RegExp(`^${PREFIX}hostnet:`));
});

test('CIS Docker 5.1 reads the Engine: swarm mode is inactive here', () => {
  const r = results.get('5.1')!;
  assert.equal(r.status, 'pass');
  assert.equal(r.evidence, 'Swarm.LocalNodeState=inactive');
});
