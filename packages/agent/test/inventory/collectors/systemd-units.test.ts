import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemdUnitsCollector } from '../../../src/inventory/collectors/systemd-units.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';

test('enabled, disabled, static and masked units, a timer with its schedule, and an enabled template instance', async () => {
  const root = await fixtureRoot({
    '/etc/systemd/system/miner.service': '[Unit]\nDescription=Totally legit\n[Service]\nUser=nobody\nExecStart=/tmp/.x/xmr --pool a:1\n[Install]\nWantedBy=multi-user.target\n',
    '/etc/systemd/system/multi-user.target.wants/miner.service': { link: '/etc/systemd/system/miner.service' },
    '/usr/lib/systemd/system/ssh.service': '[Unit]\nDescription=OpenBSD Secure Shell server\n[Service]\nExecStart=/usr/sbin/sshd -D\n[Install]\nWantedBy=multi-user.target\nAlias=sshd.service\n',
    '/etc/systemd/system/sshd.service': { link: '/usr/lib/systemd/system/ssh.service' },
    '/usr/lib/systemd/system/unused.service': '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
    '/usr/lib/systemd/system/static.service': '[Unit]\nDescription=Pulled in by others\n[Service]\nExecStart=/bin/true\n',
    '/usr/lib/systemd/system/cups.service': '[Service]\nExecStart=/usr/sbin/cupsd\n[Install]\nWantedBy=multi-user.target\n',
    '/etc/systemd/system/cups.service': { link: '/dev/null' },
    '/etc/systemd/system/backdoor.timer': '[Unit]\nDescription=Every five minutes\n[Timer]\nOnCalendar=*:0/5\nOnBootSec=1min\n[Install]\nWantedBy=timers.target\n',
    '/etc/systemd/system/timers.target.wants/backdoor.timer': { link: '../backdoor.timer' },
    '/usr/lib/systemd/system/getty@.service': '[Unit]\nDescription=Getty on %I\n[Service]\nExecStart=-/sbin/agetty %I\n[Install]\nWantedBy=getty.target\n',
    '/etc/systemd/system/getty.target.wants/getty@tty1.service': { link: '/usr/lib/systemd/system/getty@.service' },
  });
  const { rows, warnings } = await collectTable(systemdUnitsCollector, { root });
  assert.deepEqual(warnings, []);
  const byId = new Map(rows.map((r) => [r.id, r]));
  assert.deepEqual(byId.get('miner.service'), {
    id: 'miner.service',
    description: 'Totally legit',
    unit_file_state: 'enabled',
    fragment_path: '/etc/systemd/system/miner.service',
    wanted_by: ['multi-user.target'],
    exec_start: ['/tmp/.x/xmr --pool a:1'],
    user: 'nobody',
    drop_ins: [],
  });
  assert.equal(byId.get('ssh.service')?.unit_file_state, 'disabled');
  assert.equal(byId.has('sshd.service'), false, 'an alias is not a unit of its own');
  assert.equal(byId.get('unused.service')?.unit_file_state, 'disabled');
  assert.equal(byId.get('static.service')?.unit_file_state, 'static');
  assert.deepEqual(byId.get('cups.service'), { id: 'cups.service', unit_file_state: 'masked', fragment_path: '/etc/systemd/system/cups.service' });
  const timer = byId.get('backdoor.timer');
  assert.equal(timer?.unit_file_state, 'enabled');
  assert.deepEqual(timer?.on_calendar, ['*:0/5']);
  assert.equal(timer?.on_boot_sec, '1min');
  assert.equal(timer?.unit, 'backdoor.service');
  const getty = byId.get('getty@tty1.service');
  assert.equal(getty?.unit_file_state, 'enabled');
  assert.equal(getty?.fragment_path, '/usr/lib/systemd/system/getty@.service');
  assert.deepEqual(getty?.wanted_by, ['getty.target']);
});

test('drop-ins apply in name order after the unit file, a higher directory hiding a lower one of the same name', async () => {
  const root = await fixtureRoot({
    '/usr/lib/systemd/system/cron.service': '[Unit]\nDescription=cron\n[Service]\nExecStart=/usr/sbin/cron -f\n',
    '/usr/lib/systemd/system/cron.service.d/10-vendor.conf': '[Service]\nUser=root\n',
    '/usr/lib/systemd/system/cron.service.d/50-hidden.conf': '[Service]\nUser=daemon\n',
    '/etc/systemd/system/cron.service.d/50-hidden.conf': '[Service]\nExecStart=\nExecStart=/tmp/.cache/implant\n',
    '/etc/systemd/system/cron.service.d/notes.txt': '[Service]\nUser=ignored\n',
    '/usr/lib/systemd/system/getty@.service': '[Service]\nExecStart=-/sbin/agetty %I\n[Install]\nWantedBy=getty.target\n',
    '/etc/systemd/system/getty@.service.d/autologin.conf': '[Service]\nExecStart=\nExecStart=-/sbin/agetty --autologin root %I\n',
    '/etc/systemd/system/getty.target.wants/getty@tty1.service': { link: '/usr/lib/systemd/system/getty@.service' },
  });
  const { rows } = await collectTable(systemdUnitsCollector, { root });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const cron = byId.get('cron.service')!;
  assert.deepEqual(cron.exec_start, ['/tmp/.cache/implant'], 'the drop-in reset and replaced ExecStart');
  assert.equal(cron.user, 'root', 'the hidden 50-hidden.conf below does not apply');
  assert.deepEqual(cron.drop_ins, ['/usr/lib/systemd/system/cron.service.d/10-vendor.conf', '/etc/systemd/system/cron.service.d/50-hidden.conf']);
  assert.deepEqual(byId.get('getty@tty1.service')!.exec_start, ['-/sbin/agetty --autologin root %I'], "the template's drop-in applies to its instance");
});
