/**
 * The file-based checks of cis-docker-1.6 and host-baseline against a root filesystem built here:
 * daemon.json options, unit file and directory permissions, audit rules, login.defs, sshd_config
 * with an Include, sysctl.conf, enabled units, installed packages, cron, and a weak yescrypt hash.
 * Live-state checks (the Docker Engine, commands, services) report manual for an offline root.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { runProfile, type CheckResult } from '@vigil/compliance';
import { fixtureRoot } from './fixture-root.ts';

const root = fixtureRoot();
let docker: Map<string, CheckResult>;
let host: Map<string, CheckResult>;

const EXPECTED_DOCKER: Record<string, CheckResult['status']> = {
  '1.1.2': 'warn', // alice is in the docker group
  '1.1.3': 'pass', // the dockerd binary has an audit watch
  '1.1.6': 'fail', // /etc/docker exists, no watch
  '1.1.7': 'fail', // docker.service exists, no watch
  '1.1.8': 'fail', // dockerd's own containerd socket (/run/docker/containerd) exists, no watch
  '2.2': 'pass', // "icc": false
  '2.3': 'fail', // "log-level": "debug"
  '2.5': 'fail', // an insecure registry
  '2.14': 'fail', // no-new-privileges not set
  '2.16': 'pass', // "userland-proxy": false
  '3.1': 'pass', // docker.service root:root
  '3.2': 'fail', // docker.service 666
  '3.5': 'pass',
  '3.6': 'fail', // /etc/docker 777
  '3.17': 'pass',
  '3.18': 'pass', // daemon.json 644
  '3.7': 'pass', // no registry certificates
  '4.5': 'fail', // DOCKER_CONTENT_TRUST not set in this process's environment
  '5.5': 'manual', // the Engine is live state
  '2.6': 'manual',
};

const EXPECTED_HOST: Record<string, CheckResult['status']> = {
  'host.pw.max-days': 'pass', // 90
  'host.pw.min-days': 'fail', // 0
  'host.pw.min-length': 'fail', // no pwquality.conf
  'host.pw.weak': 'fail', // alice's password is alice123
  'host.accounts.uid0': 'fail', // toor has uid 0
  'host.accounts.defaults': 'pass',
  'host.ssh.root-login': 'fail', // the Include, read first, says yes; sshd's first value wins
  'host.ssh.max-auth-tries': 'pass', // 3
  'host.ssh.empty-passwords': 'pass', // compiled-in default no
  'host.kernel.aslr': 'fail', // sysctl.conf sets 1
  'host.kernel.syncookies': 'pass',
  'host.services.unneeded': 'fail', // avahi-daemon enabled
  'host.audit.enabled': 'fail',
  'host.services.tools': 'warn', // gcc installed
  'host.services.telnet': 'pass',
  'host.cron.crontab': 'pass', // 600
  'host.cron.dirs': 'fail', // cron.d 755
  'host.files.shadow': 'pass',
  'host.services.redis': 'manual', // services are live state
};

before(async () => {
  const weak = execFileSync('mkpasswd', ['-m', 'yescrypt', 'alice123'], { encoding: 'utf8' }).trim();
  root.file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\ntoor:x:0:0::/root:/bin/sh\n');
  root.file('etc/group', 'root:x:0:\nshadow:x:42:\ndocker:x:999:alice\nalice:x:1000:\n');
  root.file('etc/shadow', `root:*:19000:0:99999:7:::\nalice:${weak}:19000:0:99999:7:::\ntoor:!:19000::::::\n`, 0o640);
  root.file('etc/login.defs', 'PASS_MAX_DAYS\t90\nPASS_MIN_DAYS\t0\nPASS_WARN_AGE\t7\nENCRYPT_METHOD YESCRYPT\n');
  root.file('etc/ssh/sshd_config', 'Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\nMaxAuthTries 3\n', 0o600);
  root.file('etc/ssh/sshd_config.d/50-cloud.conf', 'PermitRootLogin yes\n');
  root.file('etc/sysctl.conf', 'kernel.randomize_va_space = 1\nnet.ipv4.tcp_syncookies=1\n');
  root.link('etc/systemd/system/multi-user.target.wants/avahi-daemon.service', '/lib/systemd/system/avahi-daemon.service');
  root.file('var/lib/dpkg/status', 'Package: gcc\nStatus: install ok installed\nVersion: 4:12.2.0-3\n\nPackage: telnetd\nStatus: deinstall ok config-files\n');
  root.file('etc/crontab', '', 0o600);
  root.dirAt('etc/cron.d', 0o755);
  root.dirAt('etc/docker', 0o777);
  root.file('etc/docker/daemon.json', JSON.stringify({ icc: false, 'insecure-registries': ['10.0.0.1:5000'], 'log-level': 'debug', 'userland-proxy': false }));
  root.file('lib/systemd/system/docker.service', '[Service]\n', 0o666);
  root.file('usr/bin/dockerd', '', 0o755);
  root.file('run/docker/containerd/containerd.sock', ''); // stands in for the socket dockerd's containerd serves
  root.file('etc/audit/rules.d/docker.rules', '-w /usr/bin/dockerd -k docker\n');
  docker = new Map((await runProfile('cis-docker-1.6', { root: root.dir, env: {} })).results.map((r) => [r.id, r]));
  host = new Map((await runProfile('host-baseline', { root: root.dir })).results.map((r) => [r.id, r]));
});

after(() => root.remove());

for (const [id, status] of Object.entries(EXPECTED_DOCKER)) {
  test(`cis-docker-1.6 ${id} on the fixture root is ${status}`, () => assert.equal(docker.get(id)?.status, status, docker.get(id)?.evidence));
}
for (const [id, status] of Object.entries(EXPECTED_HOST)) {
  test(`host-baseline ${id} on the fixture root is ${status}`, () => assert.equal(host.get(id)?.status, status, host.get(id)?.evidence));
}

test('evidence names the account, never the password or its hash', () => {
  const e = host.get('host.pw.weak')!.evidence;
  assert.match(e, /^alice: weak yescrypt password \(a user-name guess/);
  assert.ok(!e.includes('alice123') && !e.includes('$y$'));
});
