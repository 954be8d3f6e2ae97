import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { UserError } from '@vigil/schema';
import { SERVER_ROLES, type ServerRole, parseOutputSpec, startServer } from '@vigil/server';
import { defaultDbPath } from '@vigil/vulndb';

interface ServerFlags {
  data: string;
  listen: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsSelfSigned?: boolean;
  store: string;
  bus: string;
  role: ServerRole;
  rules?: string[];
  geoip?: string[];
  vulndb: string;
  output?: string[];
  localAgent?: boolean;
}

/** `HOST:PORT`, `[v6]:PORT`, or `:PORT` (127.0.0.1). */
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(s);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UserError(`--listen ${s}: expected HOST:PORT, e.g. 127.0.0.1:8080`, 'USAGE');
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

/** `vigil server`: the API, ingest and analyzers; embedded (SQLite + in-process bus) by default. */
export function registerServer(program: Command): void {
  program
    .command('server')
    .description('Run the Vigil server: agents, ingest, detection, API and console / 运行 Vigil 服务端')
    .option('--data <dir>', 'data directory (SQLite store, TLS, local agent token) / 数据目录', './vigil-data')
    .option('--listen <host:port>', 'address to serve on / 监听地址', '127.0.0.1:8080')
    .option('--tls-cert <file>', 'TLS certificate (PEM) / TLS 证书')
    .option('--tls-key <file>', 'TLS private key (PEM) / TLS 私钥')
    .option('--tls-self-signed', 'serve TLS with a self-signed certificate generated into the data directory / 使用自签名证书')
    .option('--store <spec>', 'sqlite, or a postgres:// URL / 存储', 'sqlite')
    .option('--bus <spec>', 'memory, or a nats:// URL (JetStream) / 消息总线', 'memory')
    .addOption(new Option('--role <role>', 'which part of the server this process runs / 进程角色').choices([...SERVER_ROLES]).default('all'))
    .option('--rules <paths...>', 'rule files or directories beside the built-in pack (Vigil, Falco, Sigma) / 额外规则')
    .option('--geoip <files...>', 'GeoIP City blocks CSV (GeoLite2 or DB-IP; IPv4 and IPv6 files) for impossible-travel rules / 地理数据库（City CSV），供不可能旅行规则使用')
    .option('--vulndb <file>', 'advisory database for vulnerability matching / 漏洞库', defaultDbPath())
    .option('--output <spec...>', 'outputs for alerts and inspection reports: webhook+https://…, syslog+udp|tcp|tls://host:port, file:///path; ?records=alerts|inspections for one kind / 告警与巡检报告输出')
    .option('--local-agent', 'also run an agent on this host, enrolled with <data>/local-agent.token / 同时运行本机代理')
    .action(async (flags: ServerFlags) => {
      await runServer(flags);
    });
}

async function runServer(flags: ServerFlags): Promise<void> {
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new UserError('--tls-cert and --tls-key go together', 'USAGE');
  if (flags.tlsCert && flags.tlsSelfSigned) throw new UserError('give --tls-cert/--tls-key or --tls-self-signed, not both', 'USAGE');
  const { host, port } = parseListen(flags.listen);
  const server = await startServer({
    dataDir: flags.data,
    host,
    port,
    tls: flags.tlsCert && flags.tlsKey ? { cert: flags.tlsCert, key: flags.tlsKey } : flags.tlsSelfSigned ? { selfSigned: true } : undefined,
    store: flags.store,
    bus: flags.bus,
    role: flags.role,
    rules: flags.rules ?? [],
    geoip: flags.geoip ?? [],
    vulndb: resolve(flags.vulndb),
    outputs: (flags.output ?? []).map((spec) => parseOutputSpec(spec)),
    adminPassword: process.env.VIGIL_ADMIN_PASSWORD,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  // Signal handlers first: whoever reads "listening" may stop the server at once.
  const stopped = new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const say = (line: string) => process.stderr.write(`vigil server: ${line}\n`);
  if (server.bootstrap?.generated) say(`first start: user admin, password ${server.bootstrap.password} (shown once; change it) / 首次启动：管理员 admin，密码 ${server.bootstrap.password}（仅显示一次）`);
  else if (server.bootstrap) say('first start: user admin with the password from VIGIL_ADMIN_PASSWORD / 首次启动：管理员密码取自 VIGIL_ADMIN_PASSWORD');
  say(server.url ? `listening on ${server.url} (role ${flags.role}, data ${resolve(flags.data)}) / 服务已启动` : `running role ${flags.role} / 已启动`);

  const agent = flags.localAgent && server.url ? startLocalAgent(server.url, server.localAgentTokenPath, join(resolve(flags.data), 'agent'), say) : undefined;
  await stopped;
  agent?.kill('SIGTERM');
  await server.close();
}

function startLocalAgent(url: string, tokenFile: string, stateDir: string, say: (l: string) => void): ChildProcess {
  // The same `vigil` entry point this server was started through (bundled or from sources).
  const args = [process.argv[1], 'agent', 'run', '--server', url, '--enroll-token-file', tokenFile, '--state', stateDir];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  say(`local agent started (pid ${child.pid}) / 本机代理已启动`);
  child.on('exit', (code, signal) => say(`local agent exited (${signal ?? `code ${code}`}) / 本机代理已退出`));
  return child;
}
