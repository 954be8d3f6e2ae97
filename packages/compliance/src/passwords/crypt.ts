/**
 * crypt(3) from libxcrypt (libcrypt.so.1, the library PAM and `passwd` use), through koffi: every
 * method /etc/shadow can hold — yescrypt, gost-yescrypt, scrypt, bcrypt, sha512crypt, sha256crypt,
 * md5crypt, DES — hashed exactly as the system does, at C speed. npm has no yescrypt; JS
 * implementations of the rest would be slower and a second opinion on what the system accepts.
 */
import koffi from 'koffi';
import { UserError } from '@vigil/schema';

type CryptFn = (phrase: string, setting: string) => string | null;
let cryptFn: CryptFn | undefined;

function load(): CryptFn {
  if (!cryptFn) {
    let lib;
    try {
      lib = koffi.load('libcrypt.so.1');
    } catch {
      throw new UserError('libcrypt.so.1 (libxcrypt) is not installed; weak-password checks need it', 'NO_LIBCRYPT');
    }
    cryptFn = lib.func('const char *crypt(const char *phrase, const char *setting)') as CryptFn;
  }
  return cryptFn;
}

/** The hash of `phrase` with the method, cost and salt of `setting` (a full hash works); undefined when the method is unsupported. */
export function crypt(phrase: string, setting: string): string | undefined {
  const out = load()(phrase, setting);
  // libxcrypt returns a failure token starting with `*` instead of NULL.
  return out && !out.startsWith('*') ? out : undefined;
}

export type HashMethod = 'yescrypt' | 'gost-yescrypt' | 'scrypt' | 'bcrypt' | 'sha512crypt' | 'sha256crypt' | 'md5crypt' | 'bsdicrypt' | 'descrypt';

export function hashMethod(hash: string): HashMethod | undefined {
  if (hash.startsWith('$y$')) return 'yescrypt';
  if (hash.startsWith('$gy$')) return 'gost-yescrypt';
  if (hash.startsWith('$7$')) return 'scrypt';
  if (/^\$2[abxy]\$/.test(hash)) return 'bcrypt';
  if (hash.startsWith('$6$')) return 'sha512crypt';
  if (hash.startsWith('$5$')) return 'sha256crypt';
  if (hash.startsWith('$1$')) return 'md5crypt';
  if (/^_[./0-9A-Za-z]{19}$/.test(hash)) return 'bsdicrypt';
  if (/^[./0-9A-Za-z]{13}$/.test(hash)) return 'descrypt';
  return undefined;
}
