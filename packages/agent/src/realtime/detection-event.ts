/** A scan hit as a `malware.detection` event: the file, its hashes, who wrote it, and why. */
import { randomUUID } from 'node:crypto';
import type { MalwareReason } from '@vigil/malware';
import type { VigilEvent } from '@vigil/schema';

export interface Detection {
  path: string;
  size: number;
  sha256: string;
  md5: string;
  reasons: MalwareReason[];
  /** The event that made the watcher look: a file change, or a process start for its executable. */
  trigger: VigilEvent;
}

/** The names of what matched: YARA rules, ClamAV signatures, IOC hashes. */
function ruleNames(reasons: readonly MalwareReason[]): string[] {
  return reasons.flatMap((r) => (r.engine === 'yara' ? [r.rule] : r.engine === 'clamav' ? [r.signature] : r.engine === 'ioc' ? [`${r.algorithm}:${r.hash}`] : []));
}

function reasonText(r: MalwareReason): string {
  switch (r.engine) {
    case 'yara':
      return `yara ${r.rule}${r.description ? `: ${r.description}` : ''}`;
    case 'ioc':
      return `ioc ${r.algorithm} ${r.hash}: ${r.description || r.source}`;
    case 'clamav':
      return `clamav ${r.signature} (${r.source})`;
    case 'webshell':
      return `webshell (${r.language ?? 'script'}) score ${r.score.toFixed(2)}: ${r.features.join(', ')}`;
  }
}

export function detectionEvent(d: Detection, host: VigilEvent['host']): VigilEvent {
  const { trigger } = d;
  const scanners = [...new Set(d.reasons.map((r) => r.engine))];
  // YARA and IOC hits name known malware; the analyser's verdict is a judgement on behaviour.
  const verdict = scanners.some((s) => s !== 'webshell') ? 'malicious' : 'suspicious';
  const features = d.reasons.flatMap((r) => (r.engine === 'webshell' ? r.features : []));
  const score = d.reasons.find((r) => r.engine === 'webshell');
  const rules = ruleNames(d.reasons);
  const event: VigilEvent = {
    time: new Date().toISOString(),
    event: { kind: 'malware.detection', id: randomUUID(), action: trigger.event.kind === 'process.exec' ? 'exec' : (trigger.event.action ?? 'change'), sensor: 'malware-watcher' },
    host,
    file: { path: d.path, size: d.size, hash: { sha256: d.sha256, md5: d.md5 } },
    malware: {
      verdict,
      scanner: scanners.join(','),
      ...(rules.length ? { rules } : {}),
      ...(features.length ? { features } : {}),
      reasons: d.reasons.map(reasonText),
      ...(score?.engine === 'webshell' ? { score: score.score } : {}),
    },
  };
  // The process that wrote the file (or, for an exec, the process started from it), where the sensor knew it.
  if (trigger.process) event.process = trigger.process;
  if (trigger.container) event.container = trigger.container;
  if (trigger.k8s) event.k8s = trigger.k8s;
  return event;
}
