/**
 * Event time in ms, read for every event while stateful windows are open. Consecutive events
 * mostly share their second and zone (`2026-01-01T00:00:07.123456789Z`), so only the fraction is
 * parsed then; anything else goes through Date.parse.
 */
export class EventClock {
  private prefix = '';
  private zone = '';
  private base = NaN;

  ms(time: string): number {
    if (time.length > 20 && time.charCodeAt(19) === 46 /* . */ && time.startsWith(this.prefix) && time.endsWith(this.zone)) {
      const end = time.length - this.zone.length;
      let frac = 0;
      let scale = 100;
      for (let i = 20; i < end; i++) {
        const d = time.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return this.slow(time);
        frac += d * scale;
        scale /= 10;
      }
      return this.base + Math.floor(frac);
    }
    return this.slow(time);
  }

  private slow(time: string): number {
    const t = Date.parse(time);
    let end = 19;
    if (time.charCodeAt(19) === 46) for (end = 20; end < time.length && time.charCodeAt(end) >= 48 && time.charCodeAt(end) <= 57; end++);
    this.prefix = time.slice(0, 19);
    this.zone = time.slice(end);
    this.base = Date.parse(`${this.prefix}${this.zone}`);
    return t;
  }
}
