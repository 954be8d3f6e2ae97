import { isLoginShell, passwd, passwordStatus } from '../accounts.ts';
import type { Collector } from '../collector.ts';
import { lastLogins } from '../wtmp.ts';

/** osquery `users`, plus login shell, password state and last login (from wtmp). */
export const usersCollector: Collector = {
  name: 'users',
  description: 'Local accounts / 本地账户',
  async collect(ctx) {
    const [users, status, logins] = await Promise.all([passwd(ctx), passwordStatus(ctx), lastLogins(ctx)]);
    const latest = new Map<string, (typeof logins)[number]>();
    for (const l of logins) if (l.type_name === 'user' && (latest.get(l.username)?.time ?? -1) < l.time) latest.set(l.username, l);
    return users.map((u) => ({
      uid: u.uid,
      gid: u.gid,
      username: u.username,
      description: u.description,
      directory: u.directory,
      shell: u.shell,
      login_shell: isLoginShell(u.shell),
      is_uid0: u.uid === 0,
      password_status: status.get(u.username) ?? null,
      last_login: latest.has(u.username) ? new Date(latest.get(u.username)!.time * 1000).toISOString() : null,
      last_login_host: latest.get(u.username)?.host ?? null,
    }));
  },
};
