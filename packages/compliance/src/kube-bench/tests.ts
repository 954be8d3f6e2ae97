/**
 * kube-bench's test items, with its semantics (check/test.go): in the audit output a `flag` is
 * found by substring and its value read as `--flag="v"`, `--flag=v`, `flag: v`, `--flag v` or a
 * bare `--flag` (true); in the audit_config output the `path` is a JSONPath into YAML/JSON; in the
 * audit_env output the `env` is `NAME=value`. `set: false` passes when
 * the flag is absent; with `compare`, a found value must satisfy it; without, being found is
 * enough. `use_multiple_values` tests every output line and fails at the first failing one.
 */
import yaml from 'js-yaml';
import { compare, isCompareOp } from '../compare.ts';
import { jsonPath } from './jsonpath.ts';

export interface TestItem {
  flag?: string;
  path?: string;
  env?: string;
  /** Default true, as in kube-bench. */
  set: boolean;
  compare?: { op: string; value: string };
}

export interface Tests {
  binOp: string;
  items: TestItem[];
}

export interface ItemResult {
  pass: boolean;
  found: boolean;
  expected: string;
  error?: string;
}

type Source = 'audit' | 'config' | 'env';

export function parseTestItem(raw: Record<string, unknown>): TestItem {
  const cmp = raw.compare as Record<string, unknown> | undefined;
  const value = cmp?.value !== undefined && cmp.value !== null ? String(cmp.value) : '';
  return {
    ...(raw.flag !== undefined ? { flag: String(raw.flag) } : {}),
    ...(raw.path !== undefined ? { path: String(raw.path) } : {}),
    ...(raw.env !== undefined ? { env: String(raw.env) } : {}),
    set: raw.set === undefined ? true : raw.set === true || raw.set === 'true',
    ...(cmp?.op ? { compare: { op: String(cmp.op), value } } : {}),
  };
}

function findValue(item: TestItem, source: Source, text: string): { found: boolean; value: string; error?: string } {
  if (source === 'env') {
    if (!text || !item.env) return { found: false, value: '' };
    const m = new RegExp(`${item.env}=.*(?:$|\\n)`).exec(text);
    const value = m ? m[0].replace('\n', '').replace(`${item.env}=`, '') : '';
    return { found: value.length > 0, value };
  }
  if (source === 'config') {
    let doc: unknown;
    try {
      doc = yaml.load(text);
    } catch (err) {
      return { found: false, value: '', error: `failed to load YAML or JSON from input: ${(err as Error).message.split('\n')[0]}` };
    }
    const value = jsonPath(item.path ?? '', doc);
    return { found: value !== '', value };
  }
  // A test item without a flag takes the whole output as its value.
  if (!item.flag) return { found: true, value: text };
  if (!text.includes(item.flag)) return { found: false, value: '' };
  return { found: true, value: flagValue(item.flag, text) };
}

/**
 * kube-bench's flag forms, tried in order: `--flag="quoted value"`, `--flag=v` / `flag: v`,
 * `--flag v`, and a bare `--flag` (true; a bare word is its own value).
 */
function flagValue(flag: string, text: string): string {
  const lead = '(?:^|[\\s]+|\\$)';
  const withValue = [
    `${lead}"?(${flag})"?\\s*[=:][\\r\\t\\f\\v ]*"(.*)"`,
    `${lead}"?(${flag})"?\\s*[=:][\\r\\t\\f\\v\\n ]*([^\\s]*)`,
    `${lead}"?(${flag})"?\\s+([^-\\s]+)`,
  ];
  for (const p of withValue) {
    const m = new RegExp(p).exec(text);
    if (m && m[2]) return m[2];
  }
  const bare = new RegExp(`${lead}(${flag})(?:[\\s]|$)`).exec(text);
  if (bare) return flag.startsWith('--') ? 'true' : bare[1];
  return '';
}

function evaluate(item: TestItem, source: Source, text: string): ItemResult {
  const { found, value, error } = findValue(item, source, text);
  const name = (source === 'config' ? item.path : source === 'env' ? item.env : item.flag) ?? '';
  if (error) return { pass: false, found: false, expected: error, error };
  if (!item.set) return { pass: !found, found, expected: `'${name}' is not present` };
  if (found && item.compare) {
    const op = item.compare.op;
    const pass = isCompareOp(op) && compare(op, value, item.compare.value);
    return { pass, found, expected: `'${name}' ${op} '${item.compare.value}'` };
  }
  return { pass: found, found, expected: `'${name}' is present` };
}

function execute(item: TestItem, source: Source, output: string, multiple: boolean): ItemResult {
  const text = output.replace(/[ \n]+$/, '');
  const rows = multiple ? text.split('\n') : [text];
  let result: ItemResult = { pass: false, found: false, expected: '' };
  for (const row of rows) {
    result = evaluate(item, source, row);
    if (!result.pass) break;
  }
  return result;
}

export interface AuditOutputs {
  audit: string;
  config: string;
  env: string;
  /** audit_config was given: a flag not in the audit output is then looked for in the config. */
  hasConfig: boolean;
}

/** The check's verdict over its test items, combined with `bin_op` (and when unset). */
export function runTests(tests: Tests, out: AuditOutputs, multiple: boolean): { pass: boolean; expected: string } {
  const results = tests.items.map((item) => {
    let r = execute(item, 'audit', out.audit, multiple);
    if (!r.found && out.hasConfig) r = execute(item, 'config', out.config, multiple);
    if (!r.found && item.env) r = execute(item, 'env', out.env, multiple);
    return r;
  });
  const expected = results.map((r) => r.expected);
  if (tests.binOp === 'or') return { pass: results.some((r) => r.pass), expected: expected.join(' OR ') };
  return { pass: results.every((r) => r.pass), expected: expected.join(' AND ') };
}
