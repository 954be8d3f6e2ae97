/** Everything a route handler may use, built once by `startServer`. */
import type { Bus } from './bus/bus.ts';
import type { LiveHub } from './live.ts';
import type { Metrics } from './metrics.ts';
import type { AlertOutputs } from './pipeline/alert-outputs.ts';
import type { AlertPipeline } from './pipeline/alerts.ts';
import type { EventIngest } from './pipeline/ingest.ts';
import type { RuleSet } from './pipeline/rules.ts';
import type { VulnerabilityMatcher } from './pipeline/vulnerabilities.ts';
import type { SettingsCache } from './settings.ts';
import type { Store } from './store/store.ts';

export interface Services {
  store: Store;
  bus: Bus;
  live: LiveHub;
  metrics: Metrics;
  settings: SettingsCache;
  rules: RuleSet;
  alerts: AlertPipeline;
  ingest: EventIngest;
  vulns: VulnerabilityMatcher;
  outputs: AlertOutputs;
  version: string;
  /** Whether the API is served over TLS (session cookies get `Secure`). */
  tls: boolean;
}
