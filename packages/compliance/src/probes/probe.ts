import { UserError } from '@vigil/schema';
import { compare, isCompareOp, type CompareOp } from '../compare.ts';
import type { ComplianceContext } from '../context.ts';
import type { CheckStatus } from '../model.ts';

export interface Outcome {
  status: CheckStatus;
  evidence: string;
}

export type Audit = (ctx: ComplianceContext) => Promise<Outcome>;

/**
 * One kind of audit a declarative check can name (`probe: file`, `probe: sysctl` …). `compile`
 * validates the check's `audit` mapping when the file is loaded — a typo fails the load, not the
 * run — and returns the function that evaluates it.
 */
export interface Probe {
  readonly kind: string;
  compile(spec: Spec): Audit;
}

/** An `audit` mapping with typed accessors that name the check in their errors. */
export class Spec {
  constructor(
    readonly raw: Record<string, unknown>,
    readonly where: string,
  ) {}

  fail(message: string): never {
    throw new UserError(`${this.where}: ${message}`, 'BAD_CHECK');
  }

  /** A scalar as text; required unless a fallback (possibly undefined) is given. */
  string(key: string): string;
  string(key: string, fallback: string): string;
  string(key: string, fallback: undefined): string | undefined;
  string(key: string, ...fallback: (string | undefined)[]): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return fallback.length ? fallback[0] : this.fail(`audit.${key} is required`);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') this.fail(`audit.${key} must be a scalar`);
    return String(v);
  }

  strings(key: string, optional = false): string[] {
    const v = this.raw[key];
    if (v === undefined && optional) return [];
    if (typeof v === 'string') return [v];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return this.fail(`audit.${key} must be a string or a list of strings`);
    return v as string[];
  }

  /** A comparison operator (kube-bench's set), `eq` when unset. */
  op(key = 'op'): CompareOp {
    const v = this.string(key, 'eq');
    return isCompareOp(v) ? v : this.fail(`audit.${key} '${v}' is unknown`);
  }

  /** `op`, `value` and `status`: the verdict on an actual value (`status` when it fails or is missing). */
  expectation(): (actual: string | undefined) => CheckStatus {
    const op = this.op();
    const value = this.string('value');
    const status = this.status('status', 'fail');
    return (actual) => (actual !== undefined && compare(op, actual, value) ? 'pass' : status);
  }

  /** `<list>` of names and `<flag>: false` for "none of these": the inputs of `presenceOutcome`. */
  presence(list: string, flag: string): { names: string[]; wanted: boolean; status: CheckStatus } {
    return { names: this.strings(list), wanted: this.raw[flag] !== false, status: this.status('status', 'fail') };
  }

  status(key: string, fallback: CheckStatus): CheckStatus {
    const v = this.string(key, fallback);
    if (v !== 'pass' && v !== 'fail' && v !== 'warn' && v !== 'manual') return this.fail(`audit.${key} must be pass, fail, warn or manual`);
    return v;
  }
}

/** Live-state probes asked about a copy of a disk cannot answer: a person must. */
export function notLive(what: string): Outcome {
  return { status: 'manual', evidence: `${what} is live host state; not available for an offline root` };
}

/**
 * The verdict of a "these should (not) be there" check: with `wanted`, every name must be
 * present; without, none may be. `what` names the state (`installed`, `enabled`).
 */
export function presenceOutcome(names: readonly string[], present: ReadonlySet<string>, wanted: boolean, status: CheckStatus, what: string): Outcome {
  const on = names.filter((n) => present.has(n));
  if (wanted) {
    const off = names.filter((n) => !present.has(n));
    return off.length ? { status, evidence: `not ${what}: ${off.join(', ')}` } : { status: 'pass', evidence: `${what}: ${on.join(', ')}` };
  }
  return on.length ? { status, evidence: `${what}: ${on.join(', ')}` } : { status: 'pass', evidence: `none ${what} of: ${names.join(', ')}` };
}
