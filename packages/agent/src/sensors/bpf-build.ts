/**
 * Compiles bpf/process.bpf.c into a CO-RE object on first use and caches it, keyed by the
 * source and the compiler, so the repository ships C source only. vmlinux.h is generated from
 * this kernel's BTF; CO-RE relocations make the object portable across kernels anyway.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentFile } from './agent-files.ts';
import { SensorUnavailable } from './sensor.ts';

const BTF = '/sys/kernel/btf/vmlinux';
const CLANGS = ['clang', 'clang-19', 'clang-18', 'clang-17', 'clang-16', 'clang-15', 'clang-14'];

export function defaultBpfCacheDir(): string {
  return process.env.VIGIL_BPF_CACHE ?? (process.getuid?.() === 0 ? '/var/cache/vigil/bpf' : join(process.env.HOME ?? '/tmp', '.cache', 'vigil', 'bpf'));
}

function run(cmd: string, args: string[]): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch {
    return undefined;
  }
}

function findClang(): { path: string; version: string } {
  for (const name of CLANGS) {
    const version = run(name, ['--version']);
    if (version !== undefined) return { path: name, version: version.split('\n')[0] };
  }
  throw new SensorUnavailable('clang is not installed (needed once to build the eBPF sensor; apt-get install clang)');
}

const ARCH: Record<string, string> = { x64: 'x86', arm64: 'arm64', s390x: 's390', ppc64: 'powerpc', riscv64: 'riscv' };

/** Path of the compiled object for this source, building it if the cache lacks it. */
export function buildBpfObject(cacheDir = defaultBpfCacheDir()): string {
  if (!existsSync(BTF)) throw new SensorUnavailable(`${BTF} is missing: this kernel has no BTF for CO-RE eBPF`);
  const sourcePath = agentFile('bpf/process.bpf.c');
  const source = readFileSync(sourcePath);
  const clang = findClang();
  const arch = ARCH[process.arch];
  if (!arch) throw new SensorUnavailable(`eBPF sensor: unsupported architecture ${process.arch}`);
  const key = createHash('sha256').update(source).update(clang.version).update(arch).digest('hex').slice(0, 16);
  const object = join(cacheDir, `process-${key}.bpf.o`);
  if (existsSync(object)) return object;

  mkdirSync(cacheDir, { recursive: true });
  const vmlinux = run('bpftool', ['btf', 'dump', 'file', BTF, 'format', 'c']);
  if (vmlinux === undefined) throw new SensorUnavailable('bpftool is not installed or cannot read kernel BTF (apt-get install bpftool)');
  const work = join(cacheDir, `build-${process.pid}-${key}`);
  mkdirSync(work, { recursive: true });
  const tmpObject = join(work, 'process.bpf.o');
  try {
    writeFileSync(join(work, 'vmlinux.h'), vmlinux);
    execFileSync(clang.path, ['-g', '-O2', '-target', 'bpf', `-D__TARGET_ARCH_${arch}`, '-I', work, '-c', sourcePath, '-o', tmpObject], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Rename is atomic: a concurrent builder never sees half an object.
    renameSync(tmpObject, object);
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(0, 3).join(' ') ?? String(err);
    throw new SensorUnavailable(`eBPF sensor failed to compile (is libbpf-dev installed?): ${stderr}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return object;
}
