/** The web console's built files; any other GET outside /api falls back to index.html (SPA routes). */
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function serveConsole(dir: string, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  let path: string;
  try {
    path = decodeURIComponent(req.url.split('?')[0]);
  } catch {
    return reply.code(400).send({ error: 'bad URL encoding' });
  }
  const file = normalize(join(dir, path));
  const inside = file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  const target = inside && isFile(file) ? file : join(dir, 'index.html');
  if (!isFile(target)) return reply.code(404).send({ error: 'console not built' });
  const immutable = target.includes(`${sep}assets${sep}`);
  return reply
    .header('Content-Type', TYPES[extname(target)] ?? 'application/octet-stream')
    .header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .send(createReadStream(target));
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
