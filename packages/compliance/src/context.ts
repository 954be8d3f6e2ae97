/**
 * What checks run against. File probes read under `root` (`/` for the live host, or an unpacked
 * rootfs / image); probes of live state (processes, kernel parameters, commands, the Docker
 * Engine) only run when `live`, and report `manual` otherwise — a copy of a disk has no dockerd.
 */
import { request } from 'node:http';
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** GET on the Docker Engine API; the agent passes its own client, the CLI the socket below. */
export interface DockerApi {
  get<T>(path: string): Promise<T>;
}

export interface ProcessArgs {
  pid: number;
  argv: string[];
}

export interface ComplianceContext {
  readonly root: string;
  readonly live: boolean;
  readonly proc: string;
  /** Undefined when no Docker Engine answers: Docker checks then report it. */
  readonly docker?: DockerApi;
  readonly env: NodeJS.ProcessEnv;
  /** Password lists for weak-password checks, most common first (`$VIGIL_PASSWORD_LISTS`, colon-separated). */
  readonly passwordLists: readonly string[];
  /** Kubernetes manifest files or directories for the workload checks. */
  readonly manifests: readonly string[];
  /** Docker checks audit stopped containers too (the benchmark's `docker ps --all`), not only running ones. */
  readonly allContainers: boolean;
  /** Live processes with their argument vectors (kube-bench `bins`, dockerd flags, sshd). */
  processes(): Promise<ProcessArgs[]>;
  /** Runs a command on the live host; resolves with stdout (and stderr), never throws on exit codes. */
  run(command: string): Promise<CommandOutput>;
  /** Work several checks need (docker inspect of every container) is done once per run. */
  shared<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Absolute path of a target file. */
  path(p: string): string;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ContextOptions {
  root?: string;
  proc?: string;
  /** Default: the unix socket at `/var/run/docker.sock` when root is `/`. */
  docker?: DockerApi | null;
  env?: NodeJS.ProcessEnv;
  passwordLists?: readonly string[];
  manifests?: readonly string[];
  allContainers?: boolean;
  /** Per command; the whole audit has one command at a time. */
  commandTimeoutMs?: number;
}

const COMMAND_TIMEOUT_MS = 15_000;
const COMMAND_MAX_BYTES = 4 * 1024 * 1024;
const DOCKER_TIMEOUT_MS = 15_000;

export function createContext(opts: ContextOptions = {}): ComplianceContext {
  const root = opts.root ?? '/';
  const live = root === '/';
  const proc = opts.proc ?? '/proc';
  const shared = new Map<string, Promise<unknown>>();
  const timeout = opts.commandTimeoutMs ?? COMMAND_TIMEOUT_MS;
  const docker = opts.docker === null ? undefined : (opts.docker ?? (live ? socketDocker('/var/run/docker.sock') : undefined));
  return {
    root,
    live,
    proc,
    docker,
    env: opts.env ?? process.env,
    manifests: opts.manifests ?? [],
    allContainers: opts.allContainers ?? false,
    passwordLists: opts.passwordLists ?? (process.env.VIGIL_PASSWORD_LISTS ?? '').split(':').filter(Boolean),
    processes: () => memo(shared, 'processes', () => listProcesses(proc)),
    run: (command) => runShell(command, timeout),
    shared: (key, compute) => memo(shared, key, compute),
    path: (p) => join(root, p),
  };
}

function memo<T>(cache: Map<string, Promise<unknown>>, key: string, compute: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) cache.set(key, (p = compute()));
  return p as Promise<T>;
}

/** Docker Engine API over a unix socket; a missing daemon is `NoDockerEngine`. */
export function socketDocker(socketPath: string): DockerApi {
  return {
    get: <T>(path: string) =>
      new Promise<T>((resolve, reject) => {
        const req = request({ socketPath, path, headers: { host: 'docker' }, timeout: DOCKER_TIMEOUT_MS }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) reject(new Error(`Docker API ${path}: HTTP ${res.statusCode}`));
            else resolve(JSON.parse(text) as T);
          });
        });
        req.on('timeout', () => req.destroy(new Error(`Docker API ${path}: timed out`)));
        req.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? new NoDockerEngine(`no Docker Engine answers on ${socketPath}`) : err));
        req.end();
      }),
  };
}

/** No Engine to ask: Docker checks report it instead of a verdict. */
export class NoDockerEngine extends Error {}

/** argv of every live process; processes that exit while being read are skipped. */
async function listProcesses(proc: string): Promise<ProcessArgs[]> {
  const out: ProcessArgs[] = [];
  for (const name of await readdir(proc)) {
    if (!/^\d+$/.test(name)) continue;
    const raw = await readFile(join(proc, name, 'cmdline'), 'utf8').catch(() => '');
    if (raw) out.push({ pid: Number(name), argv: raw.replace(/\0$/, '').split('\0') });
  }
  return out;
}

function runShell(command: string, timeout: number): Promise<CommandOutput> {
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', command], { timeout, maxBuffer: COMMAND_MAX_BYTES, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 127) : 0;
      resolve({ stdout, stderr, exitCode: code });
    });
  });
}
