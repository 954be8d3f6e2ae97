import { groups } from '../accounts.ts';
import type { Collector } from '../collector.ts';

/** osquery `groups`, with the members /etc/group lists. */
export const groupsCollector: Collector = {
  name: 'groups',
  description: 'Local groups / 本地用户组',
  async collect(ctx) {
    return (await groups(ctx)).map((g) => ({ gid: g.gid, groupname: g.groupname, members: g.members }));
  },
};
