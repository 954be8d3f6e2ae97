import type { Collector } from '../collector.ts';
import { lastLogins } from '../wtmp.ts';

/** osquery `last`: login, logout, boot records from wtmp. */
export const lastCollector: Collector = {
  name: 'last',
  description: 'Login history (wtmp) / 登录记录',
  async collect(ctx) {
    return (await lastLogins(ctx)).map((r) => ({ ...r, time: new Date(r.time * 1000).toISOString() }));
  },
};
