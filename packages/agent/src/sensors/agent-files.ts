/**
 * Files the agent needs at run time beside its code (the eBPF C source, the ring-buffer worker).
 * Found next to this module when run from source, else through the @vigil/agent package when
 * the code runs from a bundle.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `rel` is relative to packages/agent (e.g. `bpf/process.bpf.c`). */
export function agentFile(rel: string): string {
  const here = join(dirname(fileURLToPath(import.meta.url)), '..', '..', rel);
  if (existsSync(here)) return here;
  const entry = createRequire(import.meta.url).resolve('@vigil/agent');
  return join(dirname(entry), '..', rel);
}
