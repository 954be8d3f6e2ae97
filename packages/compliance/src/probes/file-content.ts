import { readFile } from 'node:fs/promises';
import { compare } from '../compare.ts';
import { expand } from './file-mode.ts';
import type { Audit, Probe, Spec } from './probe.ts';

/**
 * `probe: file-content`, two forms. `pattern`: some line of the files matches the regex (or, with
 * `absent: true`, none does). `key`: a `key value` / `key=value` setting (login.defs, pwquality.conf)
 * whose last occurrence must satisfy `op`/`value`; an unset key takes `unset`.
 */
export const fileContentProbe: Probe = {
  kind: 'file-content',
  compile(spec: Spec): Audit {
    const paths = spec.strings('paths');
    const pattern = spec.string('pattern', undefined);
    const key = spec.string('key', undefined);
    if (!pattern === !key) spec.fail('audit needs exactly one of pattern or key');
    const absent = spec.raw.absent === true;
    const op = spec.op();
    const value = key ? spec.string('value') : '';
    const unset = spec.status('unset', 'fail');
    const missing = spec.status('missing', 'fail');
    const status = spec.status('status', 'fail');
    const re = pattern ? new RegExp(pattern, 'm') : undefined;
    return async (ctx) => {
      const files: { path: string; lines: string[] }[] = [];
      for (const p of await expand(ctx, paths)) {
        const text = await readFile(ctx.path(p), 'utf8').catch(() => undefined);
        if (text !== undefined) files.push({ path: p, lines: text.split('\n').filter((l) => !/^\s*#/.test(l)) });
      }
      if (!files.length) return { status: missing, evidence: `not present: ${paths.join(', ')}` };
      if (re) {
        const hits = files.flatMap((f) => f.lines.filter((l) => re.test(l)).map((l) => `${f.path}: ${l.trim()}`));
        const ok = absent ? hits.length === 0 : hits.length > 0;
        return { status: ok ? 'pass' : status, evidence: hits.length ? hits.slice(0, 10).join('\n') : `no line matches /${pattern}/ in ${files.map((f) => f.path).join(', ')}` };
      }
      let found: { path: string; value: string } | undefined;
      const kv = new RegExp(`^\\s*${key!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(?:=|\\s)\\s*(.*?)\\s*$`, 'i');
      for (const f of files) for (const l of f.lines) {
        const m = kv.exec(l);
        if (m) found = { path: f.path, value: m[1] };
      }
      if (!found) return { status: unset, evidence: `${key} not set in ${files.map((f) => f.path).join(', ')}` };
      return { status: compare(op, found.value, value) ? 'pass' : status, evidence: `${found.path}: ${key} ${found.value}` };
    };
  },
};
