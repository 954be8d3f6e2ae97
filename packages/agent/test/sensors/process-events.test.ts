import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEvent, processEntityId } from '@vigil/schema';
import type { ContainerInfo } from '../../src/sensors/docker-lookup.ts';
import { ProcessCache } from '../../src/sensors/process-cache.ts';
import { exitCodeFromStatus, ProcessEventBuilder, rfc3339Ns, type EventRecord } from '../../src/sensors/process-events.ts';
import type { ProcessRecord } from '../../src/sensors/process-record.ts';

const ID = 'd41b827194573a1eebe9c8440d54bb64bdb11f48e6485ff9fa22dd10b6e02573';
const host = { id: 'host-1' };

class FakeContainers {
  readonly asked: string[] = [];
  async lookup(id: string): Promise<ContainerInfo | undefined> {
    this.asked.push(id);
    return { name: 'web', image: { name: 'nginx', tag: '1.25' }, privileged: false, k8s: { pod: 'web-0', namespace: 'prod' } };
  }
}

/** pids far above pid_max, so that no live process stands in for the ones these records name. */
const PID = 9_000_001;
const PPID = 9_000_000;

function exec(over: Partial<EventRecord> = {}): EventRecord {
  return {
    kind: 'exec',
    pid: PID,
    ppid: PPID,
    startBootNs: 5_000_000_000n,
    parentStartBootNs: 4_000_000_000n,
    timeNs: 1_700_000_000_123_456_789n,
    startNs: 1_700_000_000_000_000_000n,
    uid: 1000,
    euid: 0,
    gid: 100,
    egid: 100,
    comm: 'sudo',
    parentComm: 'bash',
    executable: '/usr/bin/sudo',
    args: ['sudo', '-i'],
    cwd: '/home/a',
    tty: 'pts/1',
    cgroupPath: `/docker/${ID}`,
    ...over,
  };
}

describe('ProcessEventBuilder', () => {
  it('builds a valid process.exec with entity ids from boot ticks, credentials and container', async () => {
    const containers = new FakeContainers();
    const e = await new ProcessEventBuilder(host, containers).build(exec(), 'ebpf');
    assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(e)), 'event'), JSON.parse(JSON.stringify(e)));
    assert.equal(e.time, '2023-11-14T22:13:20.123456789Z');
    assert.deepEqual(e.event, { kind: 'process.exec', sensor: 'ebpf' });
    const p = e.process!;
    assert.equal(p.entity_id, processEntityId('host-1', PID, 500));
    assert.equal(p.start, '2023-11-14T22:13:20.000000000Z');
    assert.deepEqual(p.args, ['sudo', '-i']);
    assert.equal(p.command_line, 'sudo -i');
    assert.equal(p.executable, '/usr/bin/sudo');
    assert.equal(p.working_directory, '/home/a');
    assert.equal(p.tty, 'pts/1');
    assert.deepEqual(p.user, { id: '1000', effective: { id: '0' } });
    assert.deepEqual(p.group, { id: '100' });
    // The parent is gone and unknown to the cache: what the kernel said of it still names it.
    assert.deepEqual(p.parent, { pid: PPID, entity_id: processEntityId('host-1', PPID, 400), name: 'bash', executable: undefined });
    assert.deepEqual(e.container, { id: ID, runtime: 'docker', name: 'web', image: { name: 'nginx', tag: '1.25' }, privileged: false });
    assert.deepEqual(e.k8s, { pod: 'web-0', namespace: 'prod' });
    assert.deepEqual(containers.asked, [ID]);
  });

  it('names parent and ancestors from earlier execs, and forgets a process at its exit', async () => {
    const cache = new ProcessCache();
    const b = new ProcessEventBuilder(host, new FakeContainers(), cache);
    await b.build(exec({ pid: PPID - 1, ppid: 1, startBootNs: 3_000_000_000n, comm: 'sshd', executable: '/usr/sbin/sshd', cgroupPath: '/' }), 'ebpf');
    await b.build(exec({ pid: PPID, ppid: PPID - 1, startBootNs: 4_000_000_000n, parentStartBootNs: 3_000_000_000n, comm: 'bash', executable: '/bin/bash' }), 'ebpf');
    const e = await b.build(exec(), 'ebpf');
    assert.equal(e.process!.parent!.executable, '/bin/bash');
    assert.deepEqual(e.process!.ancestors!.map((a) => a.executable), ['/usr/sbin/sshd']);

    const exit = await b.build({ ...exec(), kind: 'exit', exitStatus: 2 << 8, args: undefined }, 'ebpf');
    assert.equal(exit.event.kind, 'process.exit');
    assert.equal(exit.process!.exit_code, 2);
    assert.equal(exit.process!.executable, '/usr/bin/sudo');
    assert.equal(exit.process!.entity_id, processEntityId('host-1', PID, 500));
    assert.equal(cache.get(PID), undefined, 'no longer live');
    assert.equal(cache.get(PID, 500)?.executable, '/usr/bin/sudo', 'but kept for its children');
  });

  /** sshd (PPID - 1) → bash (PPID): the chain above the processes under test. */
  async function sshSession(b: ProcessEventBuilder): Promise<void> {
    await b.build(exec({ pid: PPID - 1, ppid: 1, startBootNs: 3_000_000_000n, comm: 'sshd', executable: '/usr/sbin/sshd', cgroupPath: '/' }), 'ebpf');
    await b.build(exec({ pid: PPID, ppid: PPID - 1, startBootNs: 4_000_000_000n, parentStartBootNs: 3_000_000_000n, comm: 'bash', executable: '/bin/bash' }), 'ebpf');
  }
  const SUBSHELL = PID + 1;
  const fork = (over: Partial<ProcessRecord> = {}): ProcessRecord => ({ ...exec(), kind: 'fork', pid: SUBSHELL, startBootNs: 4_500_000_000n, comm: 'bash', executable: undefined, args: undefined, ...over });

  it('learns a forked subshell that never execs, so that its child gets the whole chain', async () => {
    const b = new ProcessEventBuilder(host, new FakeContainers());
    await sshSession(b);
    assert.equal(await b.handle(fork(), 'ebpf'), undefined, 'a fork is no event');
    const e = (await b.handle(exec({ ppid: SUBSHELL, parentStartBootNs: 4_500_000_000n }), 'ebpf'))!;
    assert.deepEqual(e.process!.parent, { pid: SUBSHELL, entity_id: processEntityId('host-1', SUBSHELL, 450), name: 'bash', executable: '/bin/bash' });
    assert.deepEqual(e.process!.ancestors!.map((a) => a.name), ['bash', 'sshd']);
  });

  it('resolves the ancestry through a parent that exited before its child execs', async () => {
    const b = new ProcessEventBuilder(host, new FakeContainers());
    await sshSession(b);
    await b.handle(fork(), 'ebpf');
    await b.handle({ ...exec({ pid: PPID, ppid: PPID - 1, startBootNs: 4_000_000_000n, parentStartBootNs: 3_000_000_000n }), kind: 'exit', exitStatus: 0 }, 'ebpf');
    await b.handle({ ...fork(), kind: 'exit', exitStatus: 0 }, 'ebpf');
    const e = await b.build(exec({ ppid: SUBSHELL, parentStartBootNs: 4_500_000_000n }), 'ebpf');
    assert.equal(e.process!.parent!.name, 'bash');
    assert.deepEqual(e.process!.ancestors!.map((a) => a.executable), ['/bin/bash', '/usr/sbin/sshd']);
  });

  it('leaves container fields out for a host process', async () => {
    const containers = new FakeContainers();
    const e = await new ProcessEventBuilder(host, containers).build(exec({ cgroupPath: '/user.slice/session-1.scope' }), 'proc');
    assert.equal(e.container, undefined);
    assert.equal(e.event.sensor, 'proc');
    assert.deepEqual(containers.asked, []);
  });

  it('labels truncated argv and a differing effective group', async () => {
    const e = await new ProcessEventBuilder(host, new FakeContainers()).build(exec({ argsTruncated: true, egid: 0 }), 'ebpf');
    assert.deepEqual(e.labels, { args_truncated: 'true', egid: '0' });
  });
});

describe('ProcessEventBuilder: connections', () => {
  const connection = { family: 'ipv4' as const, localIp: '10.0.0.5', localPort: 8080, remoteIp: '203.0.113.7', remotePort: 51000 };

  it('makes an accept remote → local and names the process from its exec', async () => {
    const b = new ProcessEventBuilder(host, new FakeContainers());
    await b.build(exec({ executable: '/usr/sbin/nginx', comm: 'nginx' }), 'ebpf');
    const e = await b.build({ ...exec({ comm: 'nginx' }), kind: 'accept', args: undefined, connection }, 'ebpf');
    assert.equal(e.event.kind, 'network.accept');
    assert.deepEqual(e.source, { ip: '203.0.113.7', port: 51000 });
    assert.deepEqual(e.destination, { ip: '10.0.0.5', port: 8080 });
    assert.deepEqual(e.network, { transport: 'tcp', type: 'ipv4' });
    assert.equal(e.process!.executable, '/usr/sbin/nginx');
    assert.equal(e.process!.entity_id, processEntityId('host-1', PID, 500));
    assert.equal(e.process!.args, undefined);
    assert.equal(e.container?.id, ID);
  });

  it('makes a connect local → remote, leaving out a local port not chosen yet', async () => {
    const e = await new ProcessEventBuilder(host, new FakeContainers()).build({ ...exec(), kind: 'connect', connection: { ...connection, localPort: 0 } }, 'ebpf');
    assert.equal(e.event.kind, 'network.connect');
    assert.deepEqual(e.source, { ip: '10.0.0.5', port: undefined });
    assert.deepEqual(e.destination, { ip: '203.0.113.7', port: 51000 });
  });

  it('makes a listen the local address connections will arrive at, with no source', async () => {
    const e = await new ProcessEventBuilder(host, new FakeContainers()).build({ ...exec(), kind: 'listen', connection: { ...connection, remoteIp: '0.0.0.0', remotePort: 0 } }, 'ebpf');
    assert.equal(e.event.kind, 'network.listen');
    assert.deepEqual(e.destination, { ip: '10.0.0.5', port: 8080 });
    assert.equal(e.source, undefined);
    assert.deepEqual(e.network, { transport: 'tcp', type: 'ipv4' });
  });
});

describe('ProcessEventBuilder: DNS', () => {
  it('makes a dns.query from the local end to the resolver, with the question', async () => {
    const connection = { family: 'ipv4' as const, localIp: '10.0.0.5', localPort: 40000, remoteIp: '10.0.0.53', remotePort: 53 };
    const e = await new ProcessEventBuilder(host, new FakeContainers()).build({ ...exec(), kind: 'dns', args: undefined, connection, dns: { name: 'exfil.example.com', type: 'TXT' } }, 'ebpf');
    assert.equal(e.event.kind, 'dns.query');
    assert.deepEqual(e.dns, { question: { name: 'exfil.example.com', type: 'TXT' } });
    assert.deepEqual(e.network, { transport: 'udp', type: 'ipv4' });
    assert.deepEqual(e.destination, { ip: '10.0.0.53', port: 53 });
    assert.deepEqual(e.source, { ip: '10.0.0.5', port: 40000 });
  });
});

describe('ProcessEventBuilder: setuid', () => {
  it('makes a process.setuid with the credentials set, the program named from its exec', async () => {
    const b = new ProcessEventBuilder(host, new FakeContainers());
    await b.build(exec({ executable: '/usr/sbin/sshd' }), 'ebpf');
    const e = await b.build({ ...exec(), kind: 'setuid', args: undefined, uid: 1000, euid: 1000 }, 'ebpf');
    assert.equal(e.event.kind, 'process.setuid');
    assert.deepEqual(e.process!.user, { id: '1000', effective: { id: '1000' } });
    assert.equal(e.process!.executable, '/usr/sbin/sshd');
    assert.equal(e.process!.args, undefined);
  });
});

describe('exitCodeFromStatus', () => {
  it('reads an exit code or a terminating signal from a wait status', () => {
    assert.deepEqual(exitCodeFromStatus(0), { code: 0 });
    assert.deepEqual(exitCodeFromStatus(1 << 8), { code: 1 });
    assert.deepEqual(exitCodeFromStatus(9), { code: 137, signal: 9 });
    assert.deepEqual(exitCodeFromStatus(0x80 | 11), { code: 139, signal: 11 }); // core dumped
  });
});

describe('rfc3339Ns', () => {
  it('keeps all nine fraction digits', () => {
    assert.equal(rfc3339Ns(1_000_000_000_000_000_001n), '2001-09-09T01:46:40.000000001Z');
  });
});
