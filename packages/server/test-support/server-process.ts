/**
 * A server as its own process, for crash tests: `node --import tsx server-process.ts DATA_DIR`
 * prints `{"url": …, "token": …}` on one stdout line once it listens, and runs until killed.
 */
import { readFileSync } from 'node:fs';
import { startServer } from '../src/server.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: server-process.ts DATA_DIR');
const server = await startServer({ dataDir, host: '127.0.0.1', port: 0, store: 'sqlite', bus: 'memory', role: 'all', rules: [], adminPassword: 'crash-test-password', log: (l) => process.stderr.write(`${l}\n`) });
process.stdout.write(`${JSON.stringify({ url: server.url, token: readFileSync(server.localAgentTokenPath, 'utf8').trim() })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
