/** TLS material: a given certificate and key, or a self-signed pair generated once into the data dir. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@vigil/schema';

export type TlsOption = { cert: string; key: string } | { selfSigned: true };

export function loadTls(opt: TlsOption, dataDir: string, host: string): { cert: Buffer; key: Buffer } {
  if ('cert' in opt) {
    try {
      return { cert: readFileSync(opt.cert), key: readFileSync(opt.key) };
    } catch (err) {
      throw new UserError(`cannot read TLS certificate or key: ${(err as Error).message}`, 'BAD_TLS');
    }
  }
  const dir = join(dataDir, 'tls');
  const cert = join(dir, 'self-signed.crt');
  const key = join(dir, 'self-signed.key');
  if (!existsSync(cert) || !existsSync(key)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const san = /^[\d.]+$|:/.test(host) ? `IP:${host},DNS:localhost,IP:127.0.0.1` : `DNS:${host},DNS:localhost,IP:127.0.0.1`;
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '825', '-subj', '/CN=vigil-server', '-addext', `subjectAltName=${san}`, '-keyout', key, '-out', cert], { stdio: 'ignore' });
    } catch (err) {
      throw new UserError(`cannot generate a self-signed certificate (is openssl installed?): ${(err as Error).message.split('\n')[0]}`, 'BAD_TLS');
    }
  }
  return { cert: readFileSync(cert), key: readFileSync(key) };
}
