/**
 * Bearer secrets (sessions, API tokens, agent credentials, enrollment tokens): 32 random bytes
 * behind a prefix that says what they are. They carry 256 bits of entropy, so the store keeps a
 * plain SHA-256 of them — a slow hash adds nothing against guessing and would cost every request.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const SECRET_PREFIX = {
  session: 'vgs_',
  apiToken: 'vgt_',
  agent: 'vga_',
  enrollment: 'vge_',
} as const;

export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newId(): string {
  return randomUUID();
}
