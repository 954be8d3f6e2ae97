/**
 * kube-bench's cfg/ profiles, unmodified from ../shared/corpora: every one loads, and on a
 * synthetic node — fake control-plane and kubelet processes (symlinks to node named like the
 * binaries, so `ps -C kubelet` and `ps -ef | grep kube-apiserver` see them) with the flags below,
 * config files in a temp dir reached through kube-bench's own variables ($apiserverconf, …) —
 * cis-1.9 gives the states this table derives from kube-bench's test semantics.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBenchmark, runProfile, type CheckResult, type ComplianceReport } from '@vigil/compliance';
import { corpus } from '../../schema/test-support/corpora.ts';
import { benchmarkDirs } from '../src/kube-bench/config.ts';

const CFG = corpus('compliance/kube-bench/cfg');
const dir = mkdtempSync(join(tmpdir(), 'vcmp-kube-'));
const children: ChildProcess[] = [];

const ARGS: Record<string, string[]> = {
  'kube-apiserver': [
    '--anonymous-auth=false', '--token-auth-file=/etc/tokens.csv', '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NodeRestriction,AlwaysAdmit', '--profiling=false', '--audit-log-path=/var/log/kube-audit.log',
    '--audit-log-maxage=20', '--audit-log-maxbackup=10', '--kubelet-client-certificate=/pki/kubelet.crt',
    '--tls-cipher-suites=TLS_AES_128_GCM_SHA256,TLS_RSA_WITH_RC4_128_SHA',
  ],
  'kube-controller-manager': ['--profiling=true', '--use-service-account-credentials=true', '--root-ca-file=/pki/ca.crt'],
  'kube-scheduler': ['--bind-address=0.0.0.0'],
  kubelet: [`--config=${dir}/kubelet-config.yaml`, '--read-only-port=10255', '--hostname-override=node1'],
};

/** kube-bench state per check id, from its semantics for the flags and files above. */
const EXPECTED: Record<string, CheckResult['status']> = {
  '1.1.1': 'fail', // apiserver manifest 644 > bitmask 600
  '1.1.2': 'pass', // root:root
  '1.1.3': 'pass', // controller-manager manifest 600
  '1.1.5': 'fail', // scheduler manifest absent: audit prints nothing, "permissions" not found
  '1.2.1': 'pass', // --anonymous-auth=false, eq false (unscored)
  '1.2.2': 'fail', // --token-auth-file present, set: false
  '1.2.3': 'warn', // unscored: DenyServiceExternalIPs missing
  '1.2.4': 'fail', // and: certificate given, key not
  '1.2.6': 'pass', // nothave AlwaysAllow
  '1.2.7': 'pass', // has Node
  '1.2.8': 'pass', // has RBAC
  '1.2.10': 'fail', // or: has AlwaysAdmit, and the flag is set
  '1.2.12': 'pass', // or: --disable-admission-plugins not set
  '1.2.14': 'pass', // has NodeRestriction
  '1.2.15': 'pass',
  '1.2.16': 'pass',
  '1.2.17': 'fail', // maxage 20 < 30
  '1.2.18': 'pass', // maxbackup 10 >= 10
  '1.2.19': 'fail', // maxsize absent
  '1.2.20': 'manual', // type: manual
  '1.2.21': 'pass', // or: --service-account-lookup not set
  '1.2.29': 'warn', // unscored valid_elements: RC4 suite not allowed
  '1.3.2': 'fail', // controller-manager --profiling=true
  '1.3.3': 'pass', // noteq false
  '1.3.4': 'fail', // service-account-private-key-file absent
  '1.3.5': 'pass',
  '1.3.7': 'pass', // or: bind-address not set
  '1.4.1': 'fail', // scheduler --profiling absent
  '1.4.2': 'fail', // or: 0.0.0.0 is not 127.0.0.1, and it is set
  '4.1.1': 'fail', // kubelet service file 644
  '4.1.5': 'pass', // kubelet kubeconfig 600
  '4.1.9': 'fail', // kubelet config 644
  '4.1.10': 'pass',
  '4.2.1': 'pass', // flag absent from ps, config: anonymous.enabled false
  '4.2.2': 'fail', // config: authorization.mode AlwaysAllow
  '4.2.3': 'fail', // neither flag nor clientCAFile
  '4.2.4': 'warn', // unscored or: --read-only-port=10255 is not 0 and is set
  '4.2.7': 'warn', // unscored: --hostname-override set
  '4.2.8': 'pass', // or: eventRecordQPS 5 >= 0
  '4.2.10': 'fail', // or: rotateCertificates false, and it is set in the config
  '4.2.12': 'pass', // range over tlsCipherSuites, all allowed
  '4.2.13': 'warn', // unscored: podPidsLimit absent
};

function file(name: string, text: string, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

let results: Map<string, CheckResult>;
let report: ComplianceReport;

before(async () => {
  const node = process.execPath;
  for (const [bin, args] of Object.entries(ARGS)) {
    symlinkSync(node, join(dir, bin));
    // node ignores what follows `--`; the kernel names the process after the link (comm = bin).
    const child = spawn(join(dir, bin), ['-e', 'setTimeout(() => {}, 600000)', '--', ...args], { stdio: 'ignore' });
    children.push(child);
  }
  const overlay = {
    master: {
      apiserver: { confs: [file('kube-apiserver.yaml', 'kind: Pod\n', 0o644)] },
      controllermanager: { confs: [file('kube-controller-manager.yaml', 'kind: Pod\n', 0o600)] },
      scheduler: { confs: [join(dir, 'absent-scheduler.yaml')], defaultconf: join(dir, 'absent-scheduler.yaml') },
    },
    node: {
      kubelet: {
        confs: [
          file(
            'kubelet-config.yaml',
            'authentication:\n  anonymous:\n    enabled: false\nauthorization:\n  mode: AlwaysAllow\neventRecordQPS: 5\nrotateCertificates: false\ntlsCipherSuites:\n  - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n',
            0o644,
          ),
        ],
        svc: [file('10-kubeadm.conf', '[Service]\n', 0o644)],
        kubeconfig: [file('kubelet.conf', 'apiVersion: v1\n', 0o600)],
      },
    },
  };
  // Wait until every fake binary is visible in the process table.
  for (let i = 0; i < 100; i++) {
    if (children.every((c) => c.pid !== undefined)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  report = await runProfile('cis-k8s-1.9', { kubeBenchCfg: CFG, kubeOverlay: overlay, kubeTargets: ['master', 'node'] });
  results = new Map(report.results.map((r) => [r.id, r]));
});

after(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('all 46 kube-bench profiles load unmodified', async () => {
  const dirs = await benchmarkDirs(CFG);
  assert.equal(dirs.length, 46);
  for (const d of dirs) {
    const controls = await loadBenchmark(CFG, d);
    const checks = controls.flatMap((c) => c.groups.flatMap((g) => g.checks));
    assert.ok(checks.length > 0, `${d}: no checks`);
    for (const c of checks) assert.ok(c.id && (c.tests || c.type === 'manual' || c.type === 'skip' || !c.audit), `${d} ${c.id}: neither tests nor a manual type`);
  }
});

for (const [id, status] of Object.entries(EXPECTED)) {
  test(`kube-bench cis-1.9 ${id} on the synthetic node is ${status}`, () => {
    const r = results.get(id);
    assert.ok(r, `${id} missing from the report`);
    assert.equal(r.status, status, r.evidence);
  });
}

test('groups and checks carry Chinese section names beside kube-bench\'s English texts', () => {
  assert.equal(report.groups.find((g) => g.id === '1.2')?.title.zh, 'API 服务器（kube-bench 1.2）');
  assert.match(results.get('4.2.1')!.title.zh, /^Kubernetes CIS 检查项 4\.2\.1（Kubelet）：Ensure that the --anonymous-auth/);
});

test('a target whose components do not run is refused, as kube-bench refuses it', async () => {
  await assert.rejects(
    runProfile('cis-k8s-1.9', { kubeBenchCfg: CFG, kubeTargets: ['etcd'] }),
    /kube-bench cis-1\.9: no target can run on this node \(etcd: not run, no running etcd\)/,
  );
});
