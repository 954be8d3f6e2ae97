/**
 * `web_roots`: document roots the host's web servers serve, from their configuration: nginx
 * `root` and apache `DocumentRoot` directives. Where a web shell would be dropped, so file
 * integrity watches them too.
 */
import type { Collector, InventoryContext, Row } from '../collector.ts';
import { configLines, listHostDir, readHostText } from '../root-files.ts';

/** Config trees per server, and the directive naming a document root. */
const SERVERS = [
  { server: 'nginx', dirs: ['/etc/nginx', '/etc/nginx/conf.d', '/etc/nginx/sites-enabled'], directive: /^root\s+("?)([^";\s]+)\1\s*;/ },
  { server: 'apache', dirs: ['/etc/apache2', '/etc/apache2/sites-enabled', '/etc/apache2/conf-enabled', '/etc/httpd/conf', '/etc/httpd/conf.d'], directive: /^DocumentRoot\s+("?)([^"\s]+)\1/i },
] as const;

async function collect(ctx: InventoryContext): Promise<Row[]> {
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const { server, dirs, directive } of SERVERS) {
    for (const dir of dirs) {
      for (const entry of await listHostDir(ctx, dir)) {
        if (!(entry.isFile() || entry.isSymbolicLink()) || entry.name.startsWith('.')) continue;
        const config = `${dir}/${entry.name}`;
        // nginx nests blocks on one line (`location /s { root /srv/s; }`): each block part is a statement.
        const statements = configLines((await readHostText(ctx, config)) ?? '').flatMap((l) => l.split(/[{}]/).map((p) => p.trim()));
        for (const statement of statements) {
          const path = directive.exec(statement)?.[2]?.replace(/\/+$/, '');
          if (!path?.startsWith('/') || seen.has(`${server}\0${path}`)) continue;
          seen.add(`${server}\0${path}`);
          rows.push({ server, path, config });
        }
      }
    }
  }
  return rows;
}

export const webRootsCollector: Collector = { name: 'web_roots', description: 'Document roots of nginx and apache, from their configuration', collect };
