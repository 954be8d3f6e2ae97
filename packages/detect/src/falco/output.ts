/**
 * Falco output templates: `%proc.name`, `%proc.aname[2]`, `%(evt.type)` and `%container.info`.
 * Compiled once per rule; a field Vigil lacks, or that has no value for the event, prints `<NA>`
 * as Falco does, so a template never stops a rule from loading.
 */
import type { VigilEvent } from '@vigil/schema';
import { parseFieldRef } from '../condition/parser.ts';
import type { FieldResolver, FieldSpec } from '../fields.ts';

const FIELD = /%\(([^)]+)\)|%([a-zA-Z_][\w.]*(?:\[[^\]]*\])?)/g;

type Part = string | FieldSpec;

/** The field names a template substitutes, as written (`proc.aname[1]`). */
export function templateFields(template: string): string[] {
  return [...template.matchAll(FIELD)].map((m) => m[1] ?? m[2]);
}

export function compileOutput(template: string, resolve: FieldResolver): (ev: VigilEvent, num: number) => string {
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(FIELD)) {
    parts.push(template.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1] ?? m[2];
    parts.push(name === 'container.info' ? containerInfo(resolve) : fieldOrNA(name, resolve));
  }
  parts.push(template.slice(last));
  const compact = parts.filter((p) => p !== '');
  return (ev, num) => {
    let s = '';
    for (const p of compact) {
      if (typeof p === 'string') s += p;
      else {
        const v = p.get(ev, num);
        s += v === undefined ? '<NA>' : Array.isArray(v) ? v.join(',') : String(v);
      }
    }
    return s.trim();
  };
}

function fieldOrNA(text: string, resolve: FieldResolver): Part {
  try {
    return resolve(parseFieldRef(text));
  } catch {
    return '<NA>';
  }
}

/** Falco expands `%container.info` to the container's identity. */
function containerInfo(resolve: FieldResolver): FieldSpec {
  const id = resolve({ name: 'container.id' });
  const image = resolve({ name: 'container.image' });
  return {
    type: 'string',
    get: (ev, n) => `container_id=${String(id.get(ev, n))} container_image=${String(image.get(ev, n) ?? '<NA>')}`,
  };
}
