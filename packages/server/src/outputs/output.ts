/**
 * The one interface every alert output (webhook, syslog/CEF, JSON lines file) implements. Outputs
 * receive alerts as the store keeps them (`AlertRecord`: id, status, rule, severity, techniques,
 * host, first/last seen, count of deduplicated repeats).
 */
import type { AlertRecord } from '../store/store.ts';

export type OutputAlert = AlertRecord;

export interface Output {
  /** For logs and health: `webhook https://…`, `syslog tcp://…`, `file /var/log/…`. */
  readonly name: string;
  /** Resolves once the receiver has the alert (HTTP 2xx, bytes written to the socket or file); rejects when it cannot. */
  send(alert: OutputAlert): Promise<void>;
  close(): Promise<void>;
}
