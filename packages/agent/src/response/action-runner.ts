/**
 * Runs response actions through the registry and keeps a local log of each (time, action,
 * result, undo) in the state directory, so what the agent did to its host can be read and
 * reversed there even when the server's copy is out of reach.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionHandler } from './registry.ts';
import type { ActionResult } from './quarantine.ts';

export const ACTION_LOG = 'actions.jsonl';

export interface ActionRequest {
  id: string;
  type: string;
  params: Record<string, unknown>;
}

export class ActionRunner {
  constructor(
    private readonly handlers: ReadonlyMap<string, ActionHandler>,
    private readonly stateDir: string,
  ) {}

  async run(action: ActionRequest): Promise<ActionResult> {
    const handler = this.handlers.get(action.type);
    const result: ActionResult = handler
      ? await handler(action.params).catch((err: Error) => ({ ok: false, message: `${action.type}: ${err.message}` }))
      : { ok: false, message: `unknown action type '${action.type}' (known: ${[...this.handlers.keys()].join(', ')})` };
    await mkdir(this.stateDir, { recursive: true, mode: 0o700 });
    await appendFile(join(this.stateDir, ACTION_LOG), `${JSON.stringify({ time: new Date().toISOString(), ...action, ...result })}\n`, { mode: 0o600 });
    return result;
  }
}
