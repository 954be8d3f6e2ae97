import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_FIM_PATHS, defaultFimPaths } from '../../../src/fim/roots.ts';
import { webRootsCollector } from '../../../src/inventory/collectors/web-roots.ts';
import { collectTable, fixtureRoot } from '../fixture-root.ts';

test('nginx root and apache DocumentRoot directives appear with their config file', async () => {
  const root = await fixtureRoot({
    '/etc/nginx/sites-enabled/shop': 'server {\n  listen 80;\n  root /srv/shop/public;\n  # root /old;\n  location /static { root "/srv/static/"; }\n}\n',
    '/etc/nginx/nginx.conf': 'http { include /etc/nginx/sites-enabled/*; }\n',
    '/etc/apache2/sites-enabled/000-default.conf': '<VirtualHost *:80>\n\tDocumentRoot /var/www/html\n</VirtualHost>\n',
  });
  const { rows, warnings } = await collectTable(webRootsCollector, { root });
  assert.deepEqual(warnings, []);
  assert.deepEqual(rows, [
    { server: 'nginx', path: '/srv/shop/public', config: '/etc/nginx/sites-enabled/shop' },
    { server: 'nginx', path: '/srv/static', config: '/etc/nginx/sites-enabled/shop' },
    { server: 'apache', path: '/var/www/html', config: '/etc/apache2/sites-enabled/000-default.conf' },
  ]);
  assert.deepEqual(await defaultFimPaths(root), [...DEFAULT_FIM_PATHS, '/srv/shop/public', '/srv/static', '/var/www/html'], 'file integrity watches them');
});

test('a host without a web server has no web roots', async () => {
  const { rows } = await collectTable(webRootsCollector, { root: await fixtureRoot({ '/etc/hostname': 'x\n' }) });
  assert.deepEqual(rows, []);
});
