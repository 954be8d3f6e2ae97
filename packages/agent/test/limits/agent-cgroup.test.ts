import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '@vigil/schema';
import { AgentCgroup, parseCpuPercent, type CgroupFs } from '../../src/limits/agent-cgroup.ts';

/** An in-memory cgroup v2 tree with the kernel's rules that matter here. */
class FakeCgroupFs implements CgroupFs {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>();
  constructor(root: string, controllers: string) {
    this.dirs.add(root);
    this.files.set(`${root}/cgroup.controllers`, controllers);
    this.files.set(`${root}/cgroup.procs`, '');
  }
  async readFile(p: string): Promise<string> {
    const v = this.files.get(p);
    if (v === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return v;
  }
  async writeFile(p: string, d: string): Promise<void> {
    if (!this.dirs.has(dirname(p))) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    if (p.endsWith('/cgroup.procs')) {
      // A process is in exactly one group.
      for (const [f, v] of this.files) if (f.endsWith('/cgroup.procs')) this.files.set(f, v.split('\n').filter((x) => x && x !== d).join('\n'));
      d = [this.files.get(p), d].filter(Boolean).join('\n');
    }
    this.files.set(p, d);
  }
  async mkdir(p: string): Promise<void> {
    this.dirs.add(p);
    this.files.set(`${p}/cgroup.procs`, '');
  }
  async rmdir(p: string): Promise<void> {
    if (!this.dirs.has(p)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    if (this.files.get(`${p}/cgroup.procs`)) throw Object.assign(new Error(`EBUSY: ${p}`), { code: 'EBUSY' });
    this.dirs.delete(p);
    for (const f of [...this.files.keys()]) if (f.startsWith(`${p}/`)) this.files.delete(f);
  }
}

describe('AgentCgroup', () => {
  it('creates the group with cpu.max and memory.max, moves the process in and removes it again', async () => {
    const fs = new FakeCgroupFs('/cg', 'cpuset cpu io memory pids');
    const g = await AgentCgroup.create({ root: '/cg', cpuPercent: 5, memoryBytes: 128 * 1024 ** 2, pid: 4242, fs });
    assert.equal(g.path, '/cg/vigil-agent');
    assert.equal(fs.files.get('/cg/cgroup.subtree_control'), '+cpu +memory');
    assert.equal(fs.files.get('/cg/vigil-agent/cpu.max'), '5000 100000');
    assert.equal(fs.files.get('/cg/vigil-agent/memory.max'), String(128 * 1024 ** 2));
    assert.equal(fs.files.get('/cg/vigil-agent/cgroup.procs'), '4242');
    await g.remove();
    assert.equal(fs.dirs.has('/cg/vigil-agent'), false);
    assert.equal(fs.files.get('/cg/cgroup.procs'), '4242');
  });

  it('only asks for the controllers a cap needs', async () => {
    const fs = new FakeCgroupFs('/cg', 'memory');
    await AgentCgroup.create({ root: '/cg', memoryBytes: 1 << 20, pid: 1, fs });
    assert.equal(fs.files.get('/cg/cgroup.subtree_control'), '+memory');
    assert.equal(fs.files.has('/cg/vigil-agent/cpu.max'), false);
  });

  it('is a one-line user error without cgroup v2 or without the controller', async () => {
    await assert.rejects(AgentCgroup.create({ root: '/nowhere', cpuPercent: 5, fs: new FakeCgroupFs('/cg', 'cpu') }), (e: Error) => e instanceof UserError && /not a cgroup v2 hierarchy/.test(e.message) && !e.message.includes('\n'));
    await assert.rejects(AgentCgroup.create({ root: '/cg', cpuPercent: 5, memoryBytes: 1, fs: new FakeCgroupFs('/cg', 'cpu pids') }), /controller memory not available/);
  });

  it('leaves no group behind when a cap cannot be written', async () => {
    const fs = new FakeCgroupFs('/cg', 'cpu memory');
    fs.writeFile = async function (this: FakeCgroupFs, p: string, d: string) {
      if (p.endsWith('memory.max')) throw new Error('EINVAL');
      return FakeCgroupFs.prototype.writeFile.call(this, p, d);
    };
    await assert.rejects(AgentCgroup.create({ root: '/cg', cpuPercent: 5, memoryBytes: 1, pid: 7, fs }), UserError);
    assert.equal(fs.dirs.has('/cg/vigil-agent'), false);
  });

  it('on this host: caps a real process, or says in one line why it cannot', async () => {
    const root = '/sys/fs/cgroup';
    const controllers = existsSync(`${root}/cgroup.controllers`) ? readFileSync(`${root}/cgroup.controllers`, 'utf8') : '';
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const name = `vigil-agent-test-${process.pid}`;
      if (!/\bcpu\b/.test(controllers) || !/\bmemory\b/.test(controllers)) {
        await assert.rejects(AgentCgroup.create({ root, name, cpuPercent: 5, memoryBytes: 64 << 20, pid: child.pid! }), (e: Error) => e instanceof UserError && !e.message.includes('\n'));
        assert.equal(existsSync(`${root}/${name}`), false);
        return;
      }
      const g = await AgentCgroup.create({ root, name, cpuPercent: 5, memoryBytes: 64 << 20, pid: child.pid! });
      assert.equal(readFileSync(`${g.path}/cpu.max`, 'utf8').trim(), '5000 100000');
      assert.match(readFileSync(`/proc/${child.pid}/cgroup`, 'utf8'), new RegExp(`/${name}\\n`));
      await g.remove();
      assert.equal(existsSync(g.path), false);
    } finally {
      child.kill();
    }
  });
});

describe('parseCpuPercent', () => {
  it('reads a positive percent, with or without %', () => {
    assert.equal(parseCpuPercent('5'), 5);
    assert.equal(parseCpuPercent('2.5%'), 2.5);
    assert.equal(parseCpuPercent('0'), undefined);
    assert.equal(parseCpuPercent('lots'), undefined);
  });
});
