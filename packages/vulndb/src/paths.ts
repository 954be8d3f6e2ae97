import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$VIGIL_DB`, else `${XDG_CACHE_HOME:-$HOME/.cache}/vigil/vulndb.sqlite`. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VIGIL_DB) return env.VIGIL_DB;
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cache, 'vigil', 'vulndb.sqlite');
}
