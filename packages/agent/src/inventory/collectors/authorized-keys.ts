import { posix } from 'node:path';
import { passwd } from '../accounts.ts';
import type { Collector, Row } from '../collector.ts';
import { readHostText } from '../root-files.ts';
import { parseAuthorizedKey } from '../ssh-key.ts';

/** sshd's default AuthorizedKeysFile. */
const KEY_FILES = ['.ssh/authorized_keys', '.ssh/authorized_keys2'];

/** osquery `authorized_keys` for every account's home, with the SHA256 fingerprint. */
export const authorizedKeysCollector: Collector = {
  name: 'authorized_keys',
  description: 'SSH authorized keys / SSH 授权公钥',
  async collect(ctx) {
    const rows: Row[] = [];
    const seen = new Set<string>();
    for (const user of await passwd(ctx)) {
      if (!user.directory.startsWith('/')) continue;
      for (const rel of KEY_FILES) {
        const keyFile = posix.join(user.directory, rel);
        // Accounts sharing a home (e.g. `/`) would list the same file twice.
        if (seen.has(`${user.uid}:${keyFile}`)) continue;
        seen.add(`${user.uid}:${keyFile}`);
        const text = await readHostText(ctx, keyFile);
        if (text === undefined) continue;
        for (const line of text.split('\n')) {
          const key = parseAuthorizedKey(line);
          if (key) rows.push({ uid: user.uid, username: user.username, ...key, key_file: keyFile });
        }
      }
    }
    return rows;
  },
};
