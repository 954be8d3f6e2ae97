/**
 * Every response action the agent runs, by protocol type: the one list the heartbeat's action
 * loop dispatches through. A handler validates its own params and never throws: a failure is a
 * result with `ok: false` and a message for the console.
 */
import { CONTAINER_VERBS, containerAction } from './container-actions.ts';
import { IpBlocklist } from './ip-blocklist.ts';
import { killProcess } from './kill-process.ts';
import { quarantineFile, restoreFile, type ActionResult, type QuarantineParams, type RestoreParams } from './quarantine.ts';

export type ActionHandler = (params: Record<string, unknown>) => Promise<ActionResult>;

export interface ResponseContext {
  /** For checking `entity_id`s of processes. */
  hostId: string;
  dockerSocket?: string;
  blocklist?: IpBlocklist;
  /** Quarantine store (default /var/lib/vigil/quarantine). */
  quarantineStore?: string;
}

export function responseActions(ctx: ResponseContext): ReadonlyMap<string, ActionHandler> {
  const socket = ctx.dockerSocket ?? '/var/run/docker.sock';
  const blocklist = ctx.blocklist ?? new IpBlocklist();
  const store = ctx.quarantineStore === undefined ? {} : { store: ctx.quarantineStore };
  return new Map<string, ActionHandler>([
    ['kill_process', (p) => killProcess(p, ctx.hostId)],
    ...CONTAINER_VERBS.map((verb): [string, ActionHandler] => [verb, (p) => containerAction(verb, p, socket)]),
    ['quarantine_file', (p) => quarantineFile({ ...store, ...p } as unknown as QuarantineParams)],
    ['restore_file', (p) => restoreFile({ ...store, ...p } as unknown as RestoreParams)],
    ['block_ip', (p) => blocklist.block(p)],
    ['unblock_ip', (p) => blocklist.unblock(p)],
  ]);
}
