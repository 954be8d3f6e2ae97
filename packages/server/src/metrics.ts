/** Prometheus counters and gauges of the server, rendered as text exposition format at /metrics. */
type Labels = Record<string, string>;

interface Metric {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, number>;
}

export class Metrics {
  private readonly metrics = new Map<string, Metric>();
  private readonly collectors: (() => Promise<void> | void)[] = [];

  private metric(name: string, help: string, type: Metric['type']): Metric {
    let m = this.metrics.get(name);
    if (!m) this.metrics.set(name, (m = { help, type, values: new Map() }));
    return m;
  }

  inc(name: string, help: string, by = 1, labels: Labels = {}): void {
    const m = this.metric(name, help, 'counter');
    const key = labelText(labels);
    m.values.set(key, (m.values.get(key) ?? 0) + by);
  }

  set(name: string, help: string, value: number, labels: Labels = {}): void {
    this.metric(name, help, 'gauge').values.set(labelText(labels), value);
  }

  /** Gauges computed at scrape time (queue depth, agents online). */
  onCollect(fn: () => Promise<void> | void): void {
    this.collectors.push(fn);
  }

  async render(): Promise<string> {
    for (const c of this.collectors) await c();
    const lines: string[] = [];
    for (const [name, m] of this.metrics) {
      lines.push(`# HELP ${name} ${m.help}`, `# TYPE ${name} ${m.type}`);
      for (const [labels, v] of m.values) lines.push(`${name}${labels} ${v}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`).join(',')}}`;
}
