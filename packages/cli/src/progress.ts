import cliProgress from 'cli-progress';

/**
 * A byte progress bar on stderr when stderr is a terminal; a no-op when piped or in CI, so
 * scripted output stays clean.
 */
export function byteProgress(label: string): { update(done: number, total?: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {doneMB}/{totalMB} MB`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const mb = (n: number) => (n / 1024 ** 2).toFixed(1);
  return {
    update(done, total) {
      const t = total ?? Math.max(done, 1);
      if (!started) {
        bar.start(t, 0, { doneMB: mb(0), totalMB: mb(t) });
        started = true;
      }
      bar.setTotal(t);
      bar.update(done, { doneMB: mb(done), totalMB: mb(t) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
