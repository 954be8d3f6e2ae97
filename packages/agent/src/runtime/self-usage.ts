/** The agent's own resident memory and CPU share since the previous sample, for its health report. */
export class SelfUsage {
  #cpu = process.cpuUsage();
  #at = performance.now();

  sample(): { rss_bytes: number; cpu_percent: number } {
    const cpu = process.cpuUsage();
    const at = performance.now();
    const busyUs = cpu.user - this.#cpu.user + (cpu.system - this.#cpu.system);
    const elapsedUs = (at - this.#at) * 1000;
    this.#cpu = cpu;
    this.#at = at;
    return { rss_bytes: process.memoryUsage.rss(), cpu_percent: elapsedUs > 0 ? Math.round((10_000 * busyUs) / elapsedUs) / 100 : 0 };
  }
}
