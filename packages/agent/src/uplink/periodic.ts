/**
 * Runs a task now and then every `everyMs`, one run at a time; a failed run is retried sooner,
 * with backoff (never later than the next regular run), and said once until it succeeds again.
 */
import { Backoff } from '../spool/backoff.ts';

export class Periodic {
  #timer?: NodeJS.Timeout;
  #run?: Promise<void>;
  #stopped = true;
  #failing = false;
  readonly #backoff: Backoff;

  constructor(
    private readonly what: string,
    private readonly task: () => Promise<unknown>,
    private readonly everyMs: number,
    private readonly onWarn?: (message: string) => void,
    backoff = new Backoff({ initialMs: 5_000, maxMs: 300_000 }),
  ) {
    this.#backoff = backoff;
  }

  start(): void {
    this.#stopped = false;
    const run = (): void => {
      this.#run = this.task().then(
        () => {
          this.#failing = false;
          this.#backoff.reset();
          this.#schedule(run, this.everyMs);
        },
        (err: Error) => {
          if (!this.#failing) this.onWarn?.(`${this.what}: ${err.message}; retrying`);
          this.#failing = true;
          this.#schedule(run, Math.min(this.#backoff.next(), this.everyMs));
        },
      );
    };
    run();
  }

  #schedule(run: () => void, ms: number): void {
    if (!this.#stopped) this.#timer = setTimeout(run, ms);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#run;
  }
}
