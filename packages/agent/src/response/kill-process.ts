/**
 * Response action `kill_process`: a process and every descendant. The tree is frozen first
 * (SIGSTOP, parents before children) so that nothing in it can fork a child that escapes, then
 * signalled. A pid is checked against the process's start time when the caller names one
 * (`start_ticks` or the event's `entity_id`), so a pid reused since the alert is never hit.
 * Not reversible: the result carries no undo.
 */
import { readdirSync } from 'node:fs';
import { processEntityId } from '@vigil/schema';
import { z } from 'zod';
import { readProcStat } from '../sensors/proc-reader.ts';
import type { ActionResult } from './quarantine.ts';

export const KillProcessParams = z.object({
  pid: z.number().int().positive(),
  signal: z.enum(['SIGKILL', 'SIGTERM']).default('SIGKILL'),
  /** /proc/<pid>/stat start time: the process must still be this one. */
  start_ticks: z.number().int().nonnegative().optional(),
  /** …or its `process.entity_id` (needs the agent's host id). */
  entity_id: z.string().optional(),
});

/** `pid` and everything below it, parents before children. */
export function processTree(pid: number, proc = '/proc'): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync(proc)) {
    const child = Number(name);
    if (!Number.isInteger(child)) continue;
    const ppid = readProcStat(child, proc)?.ppid;
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), child]);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** Processes no response may kill: init, the agent itself and the agent's ancestors. */
function protectedPids(): Set<number> {
  const pids = new Set([1, process.pid]);
  for (let p = process.ppid; p > 1 && !pids.has(p); p = readProcStat(p)?.ppid ?? 1) pids.add(p);
  return pids;
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false; // exited meanwhile
  }
}

export async function killProcess(raw: Record<string, unknown>, hostId: string): Promise<ActionResult> {
  const parsed = KillProcessParams.safeParse(raw);
  if (!parsed.success) return { ok: false, message: `kill_process: ${parsed.error.issues[0]?.message}` };
  const { pid, signal: sig, start_ticks: startTicks, entity_id: entityId } = parsed.data;
  const stat = readProcStat(pid);
  if (!stat) return { ok: false, message: `kill_process: no process ${pid}` };
  if (startTicks !== undefined && stat.startTicks !== startTicks) return { ok: false, message: `kill_process: pid ${pid} is another process now (started at tick ${stat.startTicks})` };
  if (entityId !== undefined && processEntityId(hostId, pid, stat.startTicks) !== entityId) return { ok: false, message: `kill_process: pid ${pid} is no longer entity ${entityId}` };
  const spared = protectedPids();
  if (spared.has(pid)) return { ok: false, message: `kill_process: refusing to kill pid ${pid} (init or the agent itself)` };
  const tree = processTree(pid).filter((p) => !spared.has(p));
  for (const p of tree) signal(p, 'SIGSTOP');
  // Children forked between the listing and the stop are caught by a second listing.
  const frozen = processTree(pid).filter((p) => !spared.has(p));
  for (const p of frozen) if (!tree.includes(p)) signal(p, 'SIGSTOP');
  const hit = frozen.filter((p) => signal(p, sig));
  // A stopped process acts on SIGTERM only once continued.
  if (sig !== 'SIGKILL') for (const p of frozen) signal(p, 'SIGCONT');
  return { ok: true, message: `kill_process: sent ${sig} to ${hit.length} process(es) of the tree of ${pid} (${stat.comm}): ${hit.join(' ')}` };
}
