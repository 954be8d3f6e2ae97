// Loaded with `node --import` into a benchmarked process: on exit, appends its peak RSS (bytes)
// to the file named by VIGIL_BENCH_RSS_FILE. Keeps measurement code out of the product.
import { appendFileSync } from 'node:fs';

process.on('exit', () => {
  appendFileSync(process.env.VIGIL_BENCH_RSS_FILE, `${process.resourceUsage().maxRSS * 1024}\n`);
});
