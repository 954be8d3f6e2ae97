/** OpenSSH public key lines (authorized_keys format) and their fingerprints. */
import { createHash } from 'node:crypto';

export interface AuthorizedKey {
  options: string;
  algorithm: string;
  key: string;
  comment: string;
  /** `SHA256:…` exactly as `ssh-keygen -lf` prints it (unpadded base64 of the blob's SHA-256). */
  fingerprint: string;
}

const KEY_TYPE = /^(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com|(?:ssh|ecdsa|sk)[\w.@-]*-cert-v01@openssh\.com)$/;

/** Split on whitespace outside double quotes (options may hold quoted commands with spaces and `\"`). */
function tokens(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let escaped = false;
  for (const ch of line) {
    if (escaped) escaped = false;
    else if (quoted && ch === '\\') escaped = true;
    else if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === ' ' || ch === '\t')) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

export function fingerprint(base64Blob: string): string {
  const digest = createHash('sha256').update(Buffer.from(base64Blob, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** One authorized_keys line, or undefined when it holds no key (blank, comment, garbage). */
export function parseAuthorizedKey(line: string): AuthorizedKey | undefined {
  const t = tokens(line.trim());
  if (t.length === 0 || t[0].startsWith('#')) return undefined;
  // An options field comes first when the first token is not a key type.
  const at = KEY_TYPE.test(t[0]) ? 0 : 1;
  const [algorithm, key, ...comment] = t.slice(at);
  if (!algorithm || !KEY_TYPE.test(algorithm) || !key || !/^[A-Za-z0-9+/]+=*$/.test(key)) return undefined;
  return { options: at ? t[0] : '', algorithm, key, comment: comment.join(' '), fingerprint: fingerprint(key) };
}
