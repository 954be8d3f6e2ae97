// List state (filters, page, sort) lives in the address, so every view can be linked and the
// back button works. Changing a filter returns its table to the first page.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type ParamPatch = Record<string, string | undefined>;

export function useUrlParams(): [URLSearchParams, (patch: ParamPatch, keepPage?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (patch: ParamPatch, keepPage = false) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [name, value] of Object.entries(patch)) {
            if (value === undefined || value === '') next.delete(name);
            else next.set(name, value);
          }
          if (!keepPage) for (const name of [...next.keys()]) if (name.endsWith('page') && !(name in patch)) next.delete(name);
          return next;
        },
        { replace: false },
      ),
    [setParams],
  );
  return [params, update];
}

/** The values of `names` present in the address, for a list request. */
export function pick(params: URLSearchParams, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = params.get(name);
    if (value) out[name] = value;
  }
  return out;
}
