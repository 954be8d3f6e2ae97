/**
 * JSON lines file output: one record per line (an alert or an inspection report, told apart by
 * its `type`), appended. `fsync` chooses durability against cost:
 * `always` syncs before `send` resolves (nothing acknowledged is lost on power failure),
 * `interval` syncs dirty data every `fsyncIntervalMs`, `never` leaves it to the kernel. With
 * `maxBytes` the file rotates by size, logrotate-style: `alerts.jsonl` → `alerts.jsonl.1` → … up
 * to `keep` old files, the oldest deleted.
 */
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { recordDocument, type Output, type OutputRecord } from './output.ts';

export const FSYNC_POLICIES = ['always', 'interval', 'never'] as const;
export type FsyncPolicy = (typeof FSYNC_POLICIES)[number];

export interface JsonlFileOptions {
  path: string;
  fsync?: FsyncPolicy;
  fsyncIntervalMs?: number;
  /** Rotate before a line would take the file past this size; no rotation when absent. */
  maxBytes?: number;
  /** Rotated files kept (default 5). */
  keep?: number;
}

export class JsonlFileOutput implements Output {
  readonly name: string;
  private handle?: FileHandle;
  private size = 0;
  private dirty = false;
  /** Writes run one at a time, in order: lines never interleave and rotation sees a settled size. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timer?: NodeJS.Timeout;

  constructor(private readonly opts: JsonlFileOptions) {
    this.name = `file ${opts.path}`;
    if ((opts.fsync ?? 'interval') === 'interval') {
      this.timer = setInterval(() => void this.enqueue(() => this.syncIfDirty()), opts.fsyncIntervalMs ?? 1000);
      this.timer.unref();
    }
  }

  send(record: OutputRecord): Promise<void> {
    return this.enqueue(() => this.append(`${JSON.stringify(recordDocument(record))}\n`));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async append(line: string): Promise<void> {
    const bytes = Buffer.byteLength(line);
    let fh = await this.file();
    if (this.opts.maxBytes && this.size > 0 && this.size + bytes > this.opts.maxBytes) {
      await this.rotate();
      fh = await this.file();
    }
    await fh.appendFile(line);
    this.size += bytes;
    this.dirty = true;
    if (this.opts.fsync === 'always') await this.syncIfDirty();
  }

  private async file(): Promise<FileHandle> {
    if (!this.handle) {
      this.handle = await open(this.opts.path, 'a', 0o640);
      this.size = (await this.handle.stat()).size;
    }
    return this.handle;
  }

  private async rotate(): Promise<void> {
    await this.closeHandle();
    const keep = this.opts.keep ?? 5;
    const { path } = this.opts;
    await rm(`${path}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      if (await exists(`${path}.${n}`)) await rename(`${path}.${n}`, `${path}.${n + 1}`);
    }
    if (keep > 0) await rename(path, `${path}.1`);
    else await rm(path, { force: true });
  }

  private async syncIfDirty(): Promise<void> {
    if (!this.handle || !this.dirty) return;
    this.dirty = false;
    await this.handle.datasync();
  }

  private async closeHandle(): Promise<void> {
    await this.syncIfDirty();
    await this.handle?.close();
    this.handle = undefined;
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return this.enqueue(() => this.closeHandle());
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
