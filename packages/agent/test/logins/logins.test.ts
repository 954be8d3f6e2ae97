import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { VigilEvent } from '@vigil/schema';
import { UtmpLoginSensor } from '../../src/logins/utmp-logins.ts';
import { HostSensors } from '../../src/runtime/host-sensors.ts';
import { EbpfProcessSensor } from '../../src/sensors/ebpf-sensor.ts';
import { utmpRecord } from '../inventory/wtmp-fixture.ts';
import { waitUntil } from '../spool/receiver.ts';

const root = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'vagt-logins-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Types a wrong password into /bin/login on a pseudo-terminal: login appends the failure to btmp. */
function failedLogin(user: string): void {
  const script = `
import pty, os, time, select
pid, fd = pty.fork()
if pid == 0:
    os.execv('/bin/login', ['login'])
def wait_for(s):
    buf = b''; end = time.time() + 10
    while time.time() < end and s not in buf:
        if select.select([fd], [], [], 0.2)[0]: buf += os.read(fd, 1024)
    return s in buf
ok = wait_for(b'login:'); os.write(fd, b'${user}\\n')
ok = ok and wait_for(b'assword'); os.write(fd, b'not-the-password\\n')
ok = ok and wait_for(b'incorrect')
os.kill(pid, 9)
exit(0 if ok else 1)`;
  assert.equal(spawnSync('python3', ['-c', script], { stdio: 'ignore', timeout: 30_000 }).status, 0, 'login asked and refused');
}

describe('logins', () => {
  it('maps wtmp sessions to successes (sshd with its source address) and btmp records to failures', async () => {
    const [wtmp, btmp] = [join(dir, 'wtmp'), join(dir, 'btmp')];
    writeFileSync(wtmp, utmpRecord({ type: 7, pid: 1, tty: 'pts/9', user: 'before', host: '', time: 1 }));
    writeFileSync(btmp, '');
    const events: VigilEvent[] = [];
    const sensor = new UtmpLoginSensor({ host: { id: 'h' }, onEvent: (e) => events.push(e), wtmp, btmp });
    await sensor.start();
    try {
      appendFileSync(wtmp, utmpRecord({ type: 7, pid: 4242, tty: 'pts/3', user: 'alice', host: '203.0.113.9', time: 1_700_000_000 }));
      appendFileSync(wtmp, utmpRecord({ type: 8, pid: 4242, tty: 'pts/3', user: '', host: '', time: 1_700_000_100 })); // logout
      appendFileSync(btmp, utmpRecord({ type: 6, pid: 77, tty: 'ssh:notty', user: 'root', host: 'scanner.example', time: 1_700_000_200 }));
      await sensor.poll();
    } finally {
      await sensor.stop();
    }
    assert.deepEqual(events, [
      { time: '2023-11-14T22:13:20.000Z', event: { kind: 'auth.login', action: 'sshd', outcome: 'success', sensor: 'utmp' }, host: { id: 'h' }, user: { name: 'alice' }, source: { ip: '203.0.113.9' }, process: { pid: 4242 }, labels: { tty: 'pts/3' } },
      { time: '2023-11-14T22:16:40.000Z', event: { kind: 'auth.login', action: 'sshd', outcome: 'failure', sensor: 'utmp' }, host: { id: 'h' }, user: { name: 'root' }, source: { domain: 'scanner.example' }, process: { pid: 77 }, labels: { tty: 'ssh:notty' } },
    ]);
  });

  it('reports su switching user, su refused, and a failed console login, as they happen', { skip: !root && 'needs root (eBPF, login)' }, async () => {
    const events: VigilEvent[] = [];
    const sensors = new HostSensors({ host: { id: 'h' }, onEvent: (e) => events.push(e), processSensors: () => [new EbpfProcessSensor()] });
    const logins = () => events.filter((e) => e.event.kind === 'auth.login');
    await sensors.start();
    try {
      const ok = spawn('su', ['nobody', '-s', '/bin/sh', '-c', 'true'], { stdio: 'ignore' });
      // As nobody, with no terminal to type a password on, su root is refused.
      const refused = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'su', 'root', '-c', 'true'], { stdio: 'ignore' });
      failedLogin('nobody');
      const su = (outcome: string) => logins().find((e) => e.event.action === 'su' && e.event.outcome === outcome);
      await waitUntil('su success and failure', () => su('success') !== undefined && su('failure') !== undefined, 10_000);
      assert.equal(su('success')!.user?.id, '65534');
      assert.equal(su('success')!.process?.pid, ok.pid);
      assert.equal(su('failure')!.process?.user?.id, '65534', 'who asked');
      assert.equal(su('failure')!.process?.pid, refused.pid);
      await waitUntil('the failed login', () => logins().some((e) => e.event.sensor === 'utmp' && e.event.outcome === 'failure' && e.user?.name === 'nobody'), 5_000).catch((err) => assert.fail(`${err.message}: ${JSON.stringify(logins())}`));
      assert.equal(sensors.health().logins.state, 'running');
    } finally {
      await sensors.stop();
    }
  });
});
