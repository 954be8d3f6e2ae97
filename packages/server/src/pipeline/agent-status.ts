/** Online = an authenticated request within the last 90 s (three missed 30 s heartbeats). */
import type { Agent } from '../store/store.ts';

export const OFFLINE_AFTER_MS = 90_000;
export const HEARTBEAT_SECONDS = 30;

export function isOnline(a: Pick<Agent, 'last_seen'>, now = new Date()): boolean {
  return a.last_seen !== null && Date.parse(a.last_seen) >= now.getTime() - OFFLINE_AFTER_MS;
}

export function withStatus<A extends Agent>(a: A, now = new Date()): A & { status: 'online' | 'offline' } {
  return { ...a, status: isOnline(a, now) ? 'online' : 'offline' };
}
