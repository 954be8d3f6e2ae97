/** A compliance report of the host, run and uploaded on a schedule (default every 12 h, first at start). */
import { randomUUID } from 'node:crypto';
import { Periodic } from './periodic.ts';

export interface ComplianceUpload {
  id: string;
  report: unknown;
}

export interface ComplianceUploadOptions {
  run: () => Promise<unknown>;
  /** Resolves once the server acknowledged the report. */
  send: (upload: ComplianceUpload) => Promise<void>;
  everyMs?: number;
  onWarn?: (message: string) => void;
}

export class ComplianceUploads {
  readonly #periodic: Periodic;

  constructor(private readonly opts: ComplianceUploadOptions) {
    this.#periodic = new Periodic('compliance', () => this.upload(), opts.everyMs ?? 12 * 3600_000, opts.onWarn);
  }

  async upload(): Promise<void> {
    await this.opts.send({ id: randomUUID(), report: await this.opts.run() });
  }

  start(): void {
    this.#periodic.start();
  }

  stop(): Promise<void> {
    return this.#periodic.stop();
  }
}
