/**
 * The configuration the server pushes with a heartbeat answer. Validated here because it comes
 * from outside; a field the agent does not know is ignored (a newer server), a field of the wrong
 * shape rejects the whole config (the agent keeps running on the previous one).
 */
import { z } from 'zod';

const RateLimitSchema = z.object({ per_second: z.number().positive(), burst: z.number().positive().optional() });

export const PushedConfigSchema = z.object({
  /** Trees the file-integrity monitor watches (absolute paths). */
  fim_paths: z.array(z.string().startsWith('/')).optional(),
  /** Turn a sensor off (`false`) or back on (`true`). */
  sensors: z.object({ process: z.boolean().optional(), fim: z.boolean().optional() }).optional(),
  /** Per record kind (`exec`, `exit`, `connect`, `accept`, `listen`, `setuid`, `dns`). */
  rate_limits: z.record(z.string(), RateLimitSchema).optional(),
});

export type PushedConfig = z.infer<typeof PushedConfigSchema>;

export const ActionSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type AgentAction = z.infer<typeof ActionSchema>;

export const HeartbeatAnswerSchema = z.object({
  config: z.unknown().optional(),
  config_version: z.number().int().optional(),
  heartbeat_seconds: z.number().positive().optional(),
  actions: z.array(ActionSchema).default([]),
});
