/**
 * Response actions on containers through the Docker Engine API: stop (undo: start) and pause
 * (undo: unpause), each with the reverse as its undo.
 */
import { z } from 'zod';
import { dockerPost } from '../inventory/docker-api.ts';
import type { ActionResult } from './quarantine.ts';

const ContainerParams = z.object({ container: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'container must be an id or a name') });

/** Each verb, the Engine API path it posts to, and the verb that reverses it. */
const VERBS = {
  stop_container: { op: 'stop', undo: 'start_container' },
  start_container: { op: 'start', undo: 'stop_container' },
  pause_container: { op: 'pause', undo: 'unpause_container' },
  unpause_container: { op: 'unpause', undo: 'pause_container' },
} as const;

export type ContainerVerb = keyof typeof VERBS;
export const CONTAINER_VERBS = Object.keys(VERBS) as ContainerVerb[];

export async function containerAction(verb: ContainerVerb, raw: Record<string, unknown>, dockerSocket: string): Promise<ActionResult> {
  const parsed = ContainerParams.safeParse(raw);
  if (!parsed.success) return { ok: false, message: `${verb}: ${parsed.error.issues[0]?.message}` };
  const { container } = parsed.data;
  const { op, undo } = VERBS[verb];
  try {
    // 304: already in that state, which is what was asked.
    const status = await dockerPost(dockerSocket, `/containers/${encodeURIComponent(container)}/${op}`);
    return { ok: true, message: `${verb}: ${container}${status === 304 ? ' (already so)' : ''}`, undo: { type: undo, params: { container } } };
  } catch (err) {
    return { ok: false, message: `${verb}: ${container}: ${(err as Error).message}` };
  }
}
