// Live updates: one EventSource on /api/v1/stream while someone is signed in. Components ask
// `useLive('alert', 'alert.update')` for a number that grows with every such event and pass it
// to useApi as its version, so lists and details refresh themselves.
import { useEffect, useState } from 'react';
import { API_BASE } from './client.ts';
import { STREAM_EVENTS, type StreamEvent } from './endpoints.ts';

const bus = new EventTarget();

export function connectLive(): () => void {
  const source = new EventSource(`${API_BASE}/stream`, { withCredentials: true });
  for (const name of STREAM_EVENTS) {
    source.addEventListener(name, (e) => bus.dispatchEvent(new CustomEvent(name, { detail: (e as MessageEvent<string>).data })));
  }
  return () => source.close();
}

export function onLive(name: StreamEvent, listener: (data: unknown) => void): () => void {
  const handler = (e: Event) => {
    const raw = (e as CustomEvent<string>).detail;
    try {
      listener(JSON.parse(raw));
    } catch {
      listener(raw);
    }
  };
  bus.addEventListener(name, handler);
  return () => bus.removeEventListener(name, handler);
}

export function useLive(...names: StreamEvent[]): number {
  const [version, setVersion] = useState(0);
  const key = names.join(',');
  useEffect(() => {
    const offs = key.split(',').map((name) => onLive(name as StreamEvent, () => setVersion((v) => v + 1)));
    return () => offs.forEach((off) => off());
  }, [key]);
  return version;
}
