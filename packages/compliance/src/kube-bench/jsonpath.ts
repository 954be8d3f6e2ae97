/**
 * The part of Kubernetes JSONPath kube-bench's `path:` test items use: `{.a.b}`, `{.a[0].b}`,
 * `{.a[*].b}`, `[:]`, quoted keys (`{.metadata.annotations['k/v']}`) and one
 * `{range .list[:]}{}{','}{end}` loop. Values print as kubectl prints them: scalars as text,
 * several results space-separated, objects as JSON.
 */
export function jsonPath(expr: string, doc: unknown): string {
  const range = /^\{range\s+([^}]+)\}(.*)\{end\}$/.exec(expr.trim());
  if (range) {
    const templates = [...range[2].matchAll(/\{([^}]*)\}/g)].map((m) => m[1].trim());
    return select(range[1], doc)
      .map((item) => templates.map((t) => (t === '' || t === '@' ? print(item) : /^'.*'$/.test(t) ? t.slice(1, -1) : jsonPath(`{${t}}`, item))).join(''))
      .join('');
  }
  return select(expr.trim().replace(/^\{/, '').replace(/\}$/, ''), doc).map(print).join(' ');
}

function print(v: unknown): string {
  return v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function select(path: string, doc: unknown): unknown[] {
  const inner = path.trim();
  let current: unknown[] = [doc];
  for (const step of steps(inner)) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || typeof v !== 'object') continue;
      if (step === '*' || step === ':') next.push(...(Array.isArray(v) ? v : Object.values(v)));
      else if (Array.isArray(v) && /^-?\d+$/.test(step)) {
        const i = Number(step);
        const item = v[i < 0 ? v.length + i : i];
        if (item !== undefined) next.push(item);
      } else if (!Array.isArray(v) && step in v) next.push((v as Record<string, unknown>)[step]);
    }
    current = next;
  }
  return current.filter((v) => v !== undefined);
}

function steps(path: string): string[] {
  const out: string[] = [];
  const re = /\.([^.[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*([^\]]+?)\s*\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return out;
}
