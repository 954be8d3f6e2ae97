/**
 * Sigma logsource → the Vigil event kinds that carry the same observations, and the field table
 * their fields are read through. A logsource whose logs Vigil does not collect (daemon logs,
 * web server access logs) maps to nothing, and its rules are skipped with that reason.
 */
import type { EventKind } from '@vigil/schema';
import type { Expr } from '../condition/ast.ts';
import { ACTION_FIELD, type FieldTable } from './fields.ts';
import { SigmaRuleError } from './modifiers.ts';

export interface Logsource {
  product?: string;
  category?: string;
  service?: string;
}

export interface LogsourceMapping {
  kinds: readonly EventKind[];
  table: FieldTable;
  /** Keyword searches run over the event's text; only where the log line records the event itself. */
  keywords: boolean;
  /** What else an event must satisfy to be in this log, beyond its kind. */
  only?: Expr;
}

/**
 * Sysmon's file_event (FileCreate) logs files created or overwritten; Vigil's file.change also
 * carries removals, reads and metadata changes, which such rules must not see.
 */
const NOT_WRITES = ['delete', 'unlink', 'unlinkat', 'rmdir', 'read', 'chmod', 'fchmod', 'fchmodat', 'chown', 'fchown', 'lchown', 'fchownat'];
const FILE_WRITES: Expr = { type: 'not', expr: { type: 'compare', field: { name: ACTION_FIELD }, op: 'in', operand: { kind: 'list', values: NOT_WRITES } } };

const PROCESS_KINDS: readonly EventKind[] = ['process.exec', 'process.exit', 'file.change', 'network.connect', 'network.accept', 'network.listen'];

const CATEGORIES: Record<string, LogsourceMapping> = {
  process_creation: { kinds: ['process.exec'], table: 'sysmon', keywords: false },
  file_event: { kinds: ['file.change'], table: 'sysmon', keywords: false, only: FILE_WRITES },
  network_connection: { kinds: ['network.connect', 'network.accept'], table: 'sysmon', keywords: false },
};

const SERVICES: Record<string, LogsourceMapping> = {
  // One Vigil event stands for an audit event's records, so a keyword searches what they carry.
  auditd: { kinds: PROCESS_KINDS, table: 'auditd', keywords: true },
};

/** Every Linux event kind; a product-only rule searches whatever Vigil observes on the host. */
const LINUX_ANY: LogsourceMapping = { kinds: [...PROCESS_KINDS, 'dns.query'], table: 'none', keywords: true };

export function mapLogsource(ls: Logsource): LogsourceMapping {
  if (ls.product !== undefined && ls.product !== 'linux') throw new SigmaRuleError(`logsource product '${ls.product}' is not Linux`);
  if (ls.category !== undefined) {
    if (ls.service !== undefined) throw new SigmaRuleError(`logsource names both category '${ls.category}' and service '${ls.service}'`);
    if (Object.hasOwn(CATEGORIES, ls.category)) return CATEGORIES[ls.category];
    throw new SigmaRuleError(`logsource category '${ls.category}': Vigil does not collect these events`);
  }
  if (ls.service !== undefined) {
    if (Object.hasOwn(SERVICES, ls.service)) return SERVICES[ls.service];
    throw new SigmaRuleError(`logsource service '${ls.service}': Vigil does not collect these logs`);
  }
  if (ls.product === 'linux') return LINUX_ANY;
  throw new SigmaRuleError('logsource names no product, category or service');
}
