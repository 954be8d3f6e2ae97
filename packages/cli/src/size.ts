import { UserError } from '@vigil/schema';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/** Parse a byte size flag: `512MB`, `2g`, `1048576`. Units are binary (1 MB = 1 MiB). */
export function parseSize(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UserError(`${flag}: not a size: '${text}' (examples: 512MB, 2GB, 1048576)`, 'BAD_FLAG');
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes <= 0) throw new UserError(`${flag}: must be greater than zero`, 'BAD_FLAG');
  return bytes;
}
