/**
 * The spool's Done-when figure: 200 events/s through batcher → disk spool → HTTP to a receiver on
 * 127.0.0.1 that is down for 60 s; every event must arrive exactly once after it returns.
 * Baseline, in the same process: the same run with no outage. Prints events sent / received /
 * duplicates / lost for both, and how soon the backlog arrived once the receiver came back.
 *   node --import tsx bench/spool-outage.ts [outage-seconds]
 */
import { runOutage, type OutageResult } from '../packages/agent/test/spool/outage-scenario.ts';

const outageS = Number(process.argv[2] ?? '60');
const RATE = 200;

const line = (label: string, r: OutageResult) =>
  `${label.padEnd(22)} sent ${r.sent}  received ${r.received}  duplicates ${r.duplicates}  lost ${r.lost}  ` +
  `re-sent batches ${r.resent}  spooled at return ${r.spooledAtReturn}  backlog delivered ${(r.catchUpMs / 1000).toFixed(2)} s after return`;

const baseline = await runOutage({ outageMs: 0, eventsPerSecond: RATE, steadyMs: 5000 });
console.log(line('baseline (no outage)', baseline));
const outage = await runOutage({ outageMs: outageS * 1000, eventsPerSecond: RATE, steadyMs: 5000, drainTimeoutMs: 120_000 });
console.log(line(`outage ${outageS} s`, outage));
const ratio = outage.received / outage.sent / (baseline.received / baseline.sent);
console.log(`delivered exactly once: ${((outage.received / outage.sent) * 100).toFixed(2)} % (ratio to baseline ${ratio.toFixed(4)})`);
process.exitCode = outage.lost === 0 && outage.duplicates === 0 ? 0 : 1;
