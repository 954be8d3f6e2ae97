/**
 * Workload manifest checks: a multi-document file with a hardened Deployment and a bad DaemonSet,
 * a CronJob inside a List, and a bare Pod; each check lists exactly the workloads (or containers)
 * its text says violate it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runProfile, type CheckResult } from '@vigil/compliance';
import { fixtureRoot } from './fixture-root.ts';

const dir = fixtureRoot();
let results: Map<string, CheckResult>;

const GOOD = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      automountServiceAccountToken: false
      securityContext: { runAsNonRoot: true }
      containers:
        - name: app
          image: registry.example.com/web:1.4.2
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
          resources: { limits: { memory: 128Mi } }
`;
const BAD = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: kube-system }
spec:
  template:
    spec:
      hostPID: true
      hostNetwork: true
      volumes:
        - { name: sock, hostPath: { path: /var/run/docker.sock } }
      initContainers:
        - { name: init, image: busybox }
      containers:
        - name: agent
          image: agent:latest
          securityContext: { privileged: true, capabilities: { add: [SYS_ADMIN] } }
          ports: [ { containerPort: 9100, hostPort: 9100 } ]
`;
const LIST = `apiVersion: v1
kind: List
items:
  - apiVersion: batch/v1
    kind: CronJob
    metadata: { name: report }
    spec:
      jobTemplate:
        spec:
          template:
            spec:
              containers:
                - { name: job, image: "report@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", securityContext: { runAsUser: 1000, allowPrivilegeEscalation: false }, resources: { limits: { memory: 64Mi } } }
  - { apiVersion: v1, kind: ConfigMap, metadata: { name: ignored } }
`;

const DS = 'DaemonSet/kube-system/agent';
const EXPECTED: Record<string, string[]> = {
  'k8s.host-pid': [DS],
  'k8s.host-network': [DS],
  'k8s.host-path': [DS],
  'k8s.docker-socket': [DS],
  'k8s.default-namespace': ['CronJob/default/report'],
  'k8s.service-account-token': [DS, 'CronJob/default/report'],
  'k8s.privileged': [`${DS} container agent`],
  'k8s.capabilities': [`${DS} container agent`],
  'k8s.host-ports': [`${DS} container agent`],
  'k8s.privilege-escalation': [`${DS} container init`, `${DS} container agent`],
  'k8s.run-as-non-root': [`${DS} container init`, `${DS} container agent`],
  'k8s.memory-limit': [`${DS} container init`, `${DS} container agent`],
  'k8s.image-tag': [`${DS} container init`, `${DS} container agent`],
  'k8s.host-ipc': [],
};

before(async () => {
  dir.file('deploy/app.yaml', `${GOOD}---\n${BAD}`);
  dir.file('deploy/jobs/list.yml', LIST);
  dir.file('deploy/README.md', 'not a manifest');
  results = new Map((await runProfile('k8s-workloads', { root: dir.dir, manifests: [`${dir.dir}/deploy`] })).results.map((r) => [r.id, r]));
});

after(() => dir.remove());

for (const [id, violators] of Object.entries(EXPECTED)) {
  test(`${id}: ${violators.join('; ') || 'no violations'}`, () => {
    const r = results.get(id)!;
    const named = r.status === 'pass' ? [] : r.evidence.split('\n').map((l) => l.slice(0, l.indexOf(': ')));
    assert.deepEqual(named, violators, r.evidence);
  });
}

test('without manifests the workload checks are manual', async () => {
  const r = await runProfile('k8s-workloads', { root: dir.dir });
  assert.ok(r.results.every((x) => x.status === 'manual'));
});
