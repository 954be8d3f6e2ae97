/**
 * How middleware and application runtimes are recognised from a running process. A rule looks
 * at the executable's name (or the process name, which some servers rewrite), and for JVM and
 * Erlang servers at the main class or boot module in the command line.
 */
import type { ProcessInfo } from './proc.ts';

export interface MiddlewareRule {
  name: string;
  matches(p: ProcessInfo): boolean;
  /** Packages that carry the product when the executable belongs to a shared runtime (erlang, java). */
  packages?: readonly string[];
  /** Version in the command line (a jar or install directory named with it). */
  versionInArgs?: RegExp;
  /** What the process runs, for generic runtimes (the script, jar or main class). */
  app?(p: ProcessInfo): string | undefined;
}

const base = (path: string) => path.slice(path.lastIndexOf('/') + 1).replace(/ \(deleted\)$/, '');
/** Names a process goes by: its executable, its kernel name, and argv[0]. */
const names = (p: ProcessInfo) => [base(p.path), p.name, base(p.cmdline[0] ?? '')];
const named = (re: RegExp) => (p: ProcessInfo) => names(p).some((n) => re.test(n));
const javaWith = (mainClass: string) => (p: ProcessInfo) => base(p.path) === 'java' && p.cmdline.includes(mainClass);

/** First argument that is not an option (and not an option's value for the few that take one). */
function firstOperand(args: string[], valued: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (valued.has(args[i])) i++;
    else if (!args[i].startsWith('-')) return args[i];
    else if (args[i] === '-m' || args[i] === '-jar') return args[i + 1];
  }
  return undefined;
}
const JAVA_VALUED = new Set(['-cp', '-classpath', '--class-path', '-p', '--module-path']);
const NODE_VALUED = new Set(['-r', '--require', '--import', '--loader', '-e', '--eval']);
const PYTHON_VALUED = new Set(['-W', '-X', '-c']);

/** Specific products first: a JVM running Kafka is Kafka, not a generic Java app. */
export const MIDDLEWARE_RULES: readonly MiddlewareRule[] = [
  { name: 'nginx', matches: named(/^nginx$/) },
  { name: 'apache', matches: named(/^(?:apache2|httpd)$/) },
  { name: 'tomcat', matches: javaWith('org.apache.catalina.startup.Bootstrap'), packages: ['tomcat10', 'tomcat9', 'tomcat'], versionInArgs: /apache-tomcat-(\d+\.\d+\.\d+)/ },
  { name: 'mysql', matches: named(/^mysqld$/), packages: ['mysql-server-core-8.0', 'mysql-server', 'mysql-community-server'] },
  { name: 'mariadb', matches: named(/^mariadbd$/) },
  { name: 'postgresql', matches: named(/^(?:postgres|postmaster)$/) },
  { name: 'redis', matches: named(/^redis-server$/), packages: ['redis-server', 'redis'] },
  { name: 'mongodb', matches: named(/^mongo[ds]$/), packages: ['mongodb-org-server', 'mongodb-server'] },
  { name: 'elasticsearch', matches: javaWith('org.elasticsearch.bootstrap.Elasticsearch'), packages: ['elasticsearch'], versionInArgs: /elasticsearch-(\d+\.\d+\.\d+)/ },
  { name: 'kafka', matches: javaWith('kafka.Kafka'), packages: ['kafka', 'confluent-kafka'], versionInArgs: /kafka_[\d.]+-(\d+\.\d+\.\d+)/ },
  { name: 'rabbitmq', matches: (p) => base(p.path) === 'beam.smp' && /(?:^|\s)-s rabbit(?:\s|$)/.test(p.cmdline.join(' ')), packages: ['rabbitmq-server'] },
  { name: 'nats', matches: named(/^nats-server$/), packages: ['nats-server'] },
  { name: 'mosquitto', matches: named(/^mosquitto$/) },
  { name: 'docker', matches: named(/^dockerd$/), packages: ['docker.io', 'docker-ce', 'moby-engine', 'docker'] },
  { name: 'containerd', matches: named(/^containerd$/), packages: ['containerd', 'containerd.io'] },
  { name: 'kubelet', matches: named(/^kubelet$/), packages: ['kubelet', 'kubernetes-node'] },
  { name: 'php-fpm', matches: named(/^php-fpm[\d.]*(?::|$)/) },
  { name: 'java', matches: named(/^java$/), app: (p) => firstOperand(p.cmdline.slice(1), JAVA_VALUED) },
  { name: 'node', matches: named(/^(?:node|nodejs)$/), app: (p) => firstOperand(p.cmdline.slice(1), NODE_VALUED) },
  { name: 'python', matches: named(/^python[\d.]*$/), app: (p) => firstOperand(p.cmdline.slice(1), PYTHON_VALUED) },
];

export function ruleFor(p: ProcessInfo): MiddlewareRule | undefined {
  return p.path || p.cmdline.length ? MIDDLEWARE_RULES.find((r) => r.matches(p)) : undefined;
}
