/**
 * Live updates for the console (`GET /api/v1/stream`, server-sent events). Each subscriber has a
 * bounded buffer: a client that stops reading loses the oldest updates (and is told so by a
 * `dropped` event) instead of growing the server's memory.
 */
export const LIVE_EVENTS = ['alert', 'alert.update', 'agent.status'] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

export interface LiveSubscriber {
  write(chunk: string): boolean;
}

export class LiveHub {
  private readonly subscribers = new Set<LiveSubscriber>();
  private seq = 0;

  subscribe(s: LiveSubscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  get size(): number {
    return this.subscribers.size;
  }

  publish(event: LiveEventName, data: unknown): void {
    if (this.subscribers.size === 0) return;
    const chunk = `id: ${++this.seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const s of this.subscribers) s.write(chunk);
  }
}
