/** Server settings admins change at run time (`/api/v1/settings`), kept in the store. */
import { z } from 'zod';
import type { Store } from './store/store.ts';

export const settingsSchema = z.object({
  /** A repeat of an open alert (same rule, host, container, executable) within this is counted, not new. */
  dedup_window_seconds: z.number().int().min(0).max(86_400).default(300),
  /** Alerts of a host closer than this join the same incident. */
  incident_window_seconds: z.number().int().min(60).max(7 * 86_400).default(3600),
  retention_days: z.number().int().min(1).max(3650).default(30),
  retention_max_bytes: z.number().int().min(1_000_000).default(20 * 1024 ** 3),
  /** Inspection: critical vulnerabilities first seen longer ago than this are reported unpatched. */
  unpatched_days: z.number().int().min(0).max(3650).default(30),
  inspection_interval_seconds: z.number().int().min(60).max(7 * 86_400).default(3600),
});

export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial().strict();

export class SettingsCache {
  private current: Settings = settingsSchema.parse({});

  constructor(private readonly store: Store) {}

  async load(): Promise<Settings> {
    this.current = settingsSchema.parse(await this.store.getSettings());
    return this.current;
  }

  get(): Settings {
    return this.current;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    await this.store.putSettings(patch);
    return this.load();
  }
}
