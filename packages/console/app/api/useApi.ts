// Loads one endpoint for a component: re-fetches when the request or `version` changes (a live
// update, a mutation), aborts the request the component no longer needs.
import { useCallback, useEffect, useState } from 'react';
import { api, type RequestOptions, type Response } from './client.ts';
import type { EndpointKey } from './endpoints.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

export function useApi<K extends EndpointKey>(key: K | null, opts: RequestOptions<K> = {}, version = 0): Loaded<Response<K>> {
  const [data, setData] = useState<Response<K>>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(key !== null);
  const [reloads, setReloads] = useState(0);
  const request = JSON.stringify(opts);
  useEffect(() => {
    if (key === null) return;
    const abort = new AbortController();
    setLoading(true);
    api(key, JSON.parse(request) as RequestOptions<K>, abort.signal).then(
      (answer) => {
        setData(answer);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (abort.signal.aborted) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
    return () => abort.abort();
  }, [key, request, version, reloads]);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { data, error, loading, reload };
}
