/**
 * A spooling agent in its own process, for the kill -9 test: `produce N` spools N events (in
 * batches of 50) and then ships; `drain` only ships. Exits when the spool is empty.
 */
import { Backoff } from '../../src/spool/backoff.ts';
import { Shipper } from '../../src/spool/shipper.ts';
import { Spool } from '../../src/spool/spool.ts';
import { HttpTransport } from '../../src/spool/transport.ts';
import { syntheticEvent } from './outage-scenario.ts';

const [mode, stateDir, url, count] = process.argv.slice(2);
const spool = Spool.open(stateDir);
if (mode === 'produce') {
  const n = Number(count);
  for (let i = 0; i < n; i += 50) spool.append(Array.from({ length: Math.min(50, n - i) }, (_, k) => syntheticEvent(i + k)));
}
process.stdout.write('spooled\n');
const shipper = new Shipper(spool, new HttpTransport({ url }), { backoff: new Backoff({ initialMs: 50, maxMs: 500 }), idleMs: 20 });
shipper.start();
const check = setInterval(() => {
  if (spool.stats().batches > 0) return;
  clearInterval(check);
  void shipper.stop().then(() => spool.close());
}, 20);
