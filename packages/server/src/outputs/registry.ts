/**
 * The one list of output kinds. An output is configured as `{ type, config }` — what the store
 * keeps in `OutputConfig` and the API accepts — or, on the command line, as one URL
 * (`--output SPEC`, repeatable) that maps onto the same config:
 *
 *   webhook+https://hooks.example.com/vigil     HMAC secret from $VIGIL_WEBHOOK_SECRET
 *   syslog+udp://siem:514?format=cef            format rfc5424 (default) | cef
 *   syslog+tcp://siem:601                       octet-counted frames
 *   syslog+tls://siem:6514?ca_file=/etc/vigil/ca.pem
 *   file:///var/log/vigil/alerts.jsonl?fsync=always&max_bytes=104857600&keep=5
 *
 * Every kind also takes `records`: what it receives, `alerts`, `inspections` or both (the
 * default) — a list in a config, comma-separated in a spec (`…?records=inspections`; on a
 * webhook spec the parameter is taken off the URL).
 *
 * A bad config or spec is a UserError naming what is wrong.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UserError } from '@vigil/schema';
import { FSYNC_POLICIES, JsonlFileOutput } from './jsonl-file.ts';
import { RECORD_TYPES, type Output, type RecordType } from './output.ts';
import { SYSLOG_FORMATS, SyslogOutput } from './syslog.ts';
import { SYSLOG_PROTOCOLS, type SyslogProtocol } from './syslog-transport.ts';
import { WebhookOutput } from './webhook.ts';

export const WEBHOOK_SECRET_ENV = 'VIGIL_WEBHOOK_SECRET';

const SYSLOG_DEFAULT_PORT: Record<SyslogProtocol, number> = { udp: 514, tcp: 601, tls: 6514 };

const positive = z.coerce.number().int().positive();

const webhookConfig = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(1).optional(),
  timeout_ms: positive.optional(),
  attempts: positive.optional(),
});

const syslogConfig = z.strictObject({
  protocol: z.enum(SYSLOG_PROTOCOLS),
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  format: z.enum(SYSLOG_FORMATS).default('rfc5424'),
  /** TLS trust anchors: PEM text, or a file holding it. */
  ca: z.string().optional(),
  ca_file: z.string().optional(),
});

const fileConfig = z.strictObject({
  path: z.string().min(1),
  fsync: z.enum(FSYNC_POLICIES).default('interval'),
  max_bytes: positive.optional(),
  keep: z.coerce.number().int().nonnegative().optional(),
});

const recordsSchema = z
  .preprocess((v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()) : v), z.array(z.enum(RECORD_TYPES)).min(1, 'choose alerts, inspections or both'))
  .transform((v) => [...new Set(v)]);

function badOutput(type: string, error: z.ZodError): UserError {
  const issue = error.issues[0];
  return new UserError(`${type} output: ${issue.path.join('.') || 'config'}: ${issue.message}`, 'BAD_OUTPUT');
}

/** The record types an output config asks for (all of them when it names none). */
export function outputRecords(type: string, config: Record<string, unknown>): RecordType[] {
  if (config.records === undefined) return [...RECORD_TYPES];
  const parsed = recordsSchema.safeParse(config.records);
  if (!parsed.success) throw badOutput(type, new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: ['records', ...i.path] }))));
  return parsed.data;
}

function readCa(c: z.infer<typeof syslogConfig>): string | undefined {
  if (c.ca_file === undefined) return c.ca;
  try {
    return readFileSync(c.ca_file, 'utf8');
  } catch {
    throw new UserError(`syslog output: cannot read CA file ${c.ca_file}`, 'BAD_OUTPUT');
  }
}

export const OUTPUT_KINDS = {
  webhook: {
    schema: webhookConfig,
    create: (c: z.infer<typeof webhookConfig>): Output =>
      new WebhookOutput({ url: c.url, secret: c.secret, timeoutMs: c.timeout_ms, attempts: c.attempts }),
  },
  syslog: {
    schema: syslogConfig,
    create: (c: z.infer<typeof syslogConfig>): Output => {
      if ((c.ca ?? c.ca_file) !== undefined && c.protocol !== 'tls') throw new UserError('syslog output: ca applies to protocol tls only', 'BAD_OUTPUT');
      const ca = readCa(c);
      return new SyslogOutput({
        format: c.format,
        protocol: c.protocol,
        host: c.host,
        port: c.port ?? SYSLOG_DEFAULT_PORT[c.protocol],
        tls: ca === undefined ? undefined : { ca },
      });
    },
  },
  file: {
    schema: fileConfig,
    create: (c: z.infer<typeof fileConfig>): Output => new JsonlFileOutput({ path: c.path, fsync: c.fsync, maxBytes: c.max_bytes, keep: c.keep }),
  },
} as const;

export type OutputKind = keyof typeof OUTPUT_KINDS;

/** The output a config describes; `records` is checked here and read with `outputRecords`. */
export function createOutput(type: string, config: unknown): Output {
  if (!Object.hasOwn(OUTPUT_KINDS, type)) throw new UserError(`unknown output type ${type} (${Object.keys(OUTPUT_KINDS).join(', ')})`, 'BAD_OUTPUT');
  if (!config || typeof config !== 'object' || Array.isArray(config)) throw new UserError(`${type} output: config: expected an object`, 'BAD_OUTPUT');
  const { records: _records, ...own } = config as Record<string, unknown>;
  outputRecords(type, config as Record<string, unknown>);
  const kind = OUTPUT_KINDS[type as OutputKind];
  const parsed = kind.schema.safeParse(own);
  if (!parsed.success) throw badOutput(type, parsed.error);
  return (kind.create as (c: unknown) => Output)(parsed.data);
}

/** `--output SPEC` → the `{ type, config }` that `createOutput` takes. */
export function parseOutputSpec(spec: string, env: NodeJS.ProcessEnv = process.env): { type: OutputKind; config: Record<string, unknown> } {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new UserError(`--output ${spec}: not a URL (webhook+https://…, syslog+udp|tcp|tls://host:port, file:///path)`, 'BAD_OUTPUT');
  }
  const query = Object.fromEntries(url.searchParams);
  if (url.protocol === 'webhook+https:' || url.protocol === 'webhook+http:') {
    const target = spec.slice('webhook+'.length);
    const config: Record<string, unknown> = { url: target, secret: env[WEBHOOK_SECRET_ENV] || undefined };
    if (query.records !== undefined) {
      const stripped = new URL(target);
      stripped.searchParams.delete('records');
      Object.assign(config, { url: stripped.href, records: query.records });
    }
    return { type: 'webhook', config };
  }
  const syslog = /^syslog\+(udp|tcp|tls):$/.exec(url.protocol);
  if (syslog) {
    return {
      type: 'syslog',
      config: { ...query, protocol: syslog[1], host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port || undefined },
    };
  }
  if (url.protocol === 'file:') return { type: 'file', config: { ...query, path: fileURLToPath(new URL(url.pathname, 'file://')) } };
  throw new UserError(`--output ${spec}: unknown output kind ${url.protocol.slice(0, -1)} (webhook+https, syslog+udp|tcp|tls, file)`, 'BAD_OUTPUT');
}
