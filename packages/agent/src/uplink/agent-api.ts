/**
 * The agent's side of the agent protocol (docs/architecture.md, "Agent"): every request after
 * enrollment goes to `/api/v1/agents/{agent_id}/…` with the credential as a bearer token.
 */
import { HttpTransport, postJson, type Transport } from '../spool/transport.ts';
import type { Credential } from './enrollment.ts';

export class AgentApi {
  constructor(
    readonly credential: Credential,
    private readonly timeoutMs = 30_000,
  ) {}

  #url(path: string): string {
    return `${this.credential.server}/api/v1/agents/${encodeURIComponent(this.credential.agent_id)}/${path}`;
  }

  #headers(): Record<string, string> {
    return { authorization: `Bearer ${this.credential.credential}` };
  }

  /** POSTs `body` as JSON to `path` below the agent's URL and returns the parsed answer. */
  post(path: string, body: unknown): Promise<unknown> {
    return postJson({ url: this.#url(path), headers: this.#headers(), body: JSON.stringify(body), timeoutMs: this.timeoutMs });
  }

  /** Event batches for the shipper. */
  events(): Transport {
    return new HttpTransport({ url: this.#url('events'), headers: this.#headers(), timeoutMs: this.timeoutMs });
  }
}
