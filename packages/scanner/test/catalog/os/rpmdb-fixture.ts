/**
 * Real rpm databases for tests, made with the real tools: packages built by rpmbuild from specs
 * written here, installed with `rpm --justdb` into a fresh sqlite rpmdb; the same header blobs
 * re-stored in Berkeley DB by db5.3_load. `rpm -qa` on each database is the expected answer.
 * The sqlite database is built once per machine (cached under the OS temp dir, keyed by the specs,
 * renamed into place so concurrent test processes race safely); derived databases go to a
 * per-process scratch dir removed at exit.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const SPECS: Record<string, string> = {
  // An epoch, a distro release, a vendor and many subpackages built from one source.
  'vigil-demo.spec': `Name: vigil-demo
Epoch: 2
Version: 1.2.3
Release: 4.el9
Summary: demo
License: MIT AND BSD-3-Clause
Vendor: Vigil Test
%description
demo
%files
${Array.from({ length: 40 }, (_, i) => `%package -n libvigil-part${i}
Summary: part
%description -n libvigil-part${i}
part
%files -n libvigil-part${i}
`).join('')}
%package -n gpg-pubkey
Summary: stands in for an imported signing key
%description -n gpg-pubkey
key
%files -n gpg-pubkey
`,
  // A header far larger than a database page: thousands of file names and digests.
  'vigil-big.spec': `Name: vigil-big
Version: 0.9
Release: 1
Summary: big
License: GPL-2.0-or-later
BuildArch: noarch
%description
big
%install
mkdir -p %{buildroot}/usr/share/vigil-big
for i in $(seq 1 3000); do : > %{buildroot}/usr/share/vigil-big/file-with-a-longish-name-$i; done
%files
/usr/share/vigil-big
`,
  // Epoch 0 stated explicitly, a dashed name, a tilde version, a module label.
  'python3-vigil-thing.spec': `Name: python3-vigil-thing
Epoch: 0
Version: 2.0~rc1
Release: 0.3.fc39
Summary: thing
License: Apache-2.0
%description
thing
%files
`,
};

const MODULE_LABEL = 'nodejs:18:8070020230306170042:8d442b57';

/** The fields compared between `rpm -qa` and the catalog, one tab-separated line per package. */
const QUERY_FORMAT =
  '%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\t%{LICENSE}\\t%{VENDOR}\\t%{MODULARITYLABEL}\\n';

export interface RpmFixture {
  /** Directory holding rpmdb.sqlite. */
  sqliteDir: string;
  /** (hnum, blob) rows of the sqlite rpmdb. */
  rows: { hnum: number; blob: Buffer }[];
  /** Scratch directory for derived databases. */
  workDir: string;
}

let built: RpmFixture | undefined;

export function rpmFixture(): RpmFixture {
  if (built) return built;
  const key = createHash('sha256').update(JSON.stringify([SPECS, MODULE_LABEL])).digest('hex').slice(0, 12);
  const cached = join(tmpdir(), `vigil-rpmdb-fixture-${key}`);
  if (!existsSync(cached)) {
    const fresh = mkdtempSync(join(tmpdir(), '.vigil-rpmdb-build-'));
    try {
      buildSqliteDb(fresh);
      renameSync(fresh, cached);
    } catch (err) {
      rmSync(fresh, { recursive: true, force: true });
      if (!existsSync(cached)) throw err;
    }
  }
  const sqliteDir = join(cached, 'sqlite');
  const db = new Database(join(sqliteDir, 'rpmdb.sqlite'), { readonly: true, fileMustExist: true });
  const rows = db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').all() as { hnum: number; blob: Buffer }[];
  db.close();
  const workDir = mkdtempSync(join(tmpdir(), 'vigil-rpmdb-work-'));
  process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
  return (built = { sqliteDir, rows, workDir });
}

/** rpmbuild the specs under `root` and install the packages into `root`/sqlite. */
function buildSqliteDb(root: string): void {
  const top = join(root, 'rpmbuild');
  for (const [name, spec] of Object.entries(SPECS)) {
    const path = join(root, name);
    writeFileSync(path, spec);
    const defines = ['--define', `_topdir ${top}`];
    if (name.startsWith('python3')) defines.push('--define', `modularitylabel ${MODULE_LABEL}`);
    execFileSync('rpmbuild', [...defines, '--nodeps', '-bb', path], { stdio: 'ignore' });
  }
  const rpms = execFileSync('find', [join(top, 'RPMS'), '-name', '*.rpm'], { encoding: 'utf8' }).trim().split('\n');
  const sqliteDir = join(root, 'sqlite');
  mkdirSync(sqliteDir);
  execFileSync('rpm', ['--dbpath', sqliteDir, '--initdb']);
  execFileSync('rpm', ['--dbpath', sqliteDir, '-i', '--justdb', '--nodeps', '--noscripts', '--ignorearch', '--ignoreos', ...rpms], {
    stdio: 'ignore',
  });
  rmSync(top, { recursive: true, force: true });
}

/** What rpm itself lists, one `QUERY_FORMAT` line per package, sorted. */
export function rpmQuery(dbpath: string, backend: 'sqlite' | 'bdb_ro' = 'sqlite'): string[] {
  const out = execFileSync('rpm', ['--dbpath', dbpath, '--define', `_db_backend ${backend}`, '-qa', '--qf', QUERY_FORMAT], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return out.split('\n').filter(Boolean).sort();
}

export interface BdbOptions {
  type: 'hash' | 'btree';
  pageSize: number;
  bigEndian?: boolean;
  checksum?: boolean;
}

/**
 * The fixture's headers stored as rpm stores them in Berkeley DB (key: header number in host
 * order; record 0: the next-instance counter), written by db5.3_load. Returns the db directory.
 */
export function bdbFromFixture(opts: BdbOptions): string {
  const { rows, workDir } = rpmFixture();
  const dir = mkdtempSync(join(workDir, `bdb-${opts.type}-`));
  const key = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b.toString('hex');
  };
  const lines = ['VERSION=3', 'format=bytevalue', `type=${opts.type}`, 'HEADER=END', ` ${key(0)}`, ` ${key(rows.length + 1)}`];
  for (const { hnum, blob } of rows) lines.push(` ${key(hnum)}`, ` ${Buffer.from(blob).toString('hex')}`);
  lines.push('DATA=END', '');
  const dump = join(dir, 'dump.txt');
  writeFileSync(dump, lines.join('\n'));
  execFileSync('db5.3_load', [
    '-t', opts.type,
    '-c', `db_pagesize=${opts.pageSize}`,
    '-c', `db_lorder=${opts.bigEndian ? 4321 : 1234}`,
    '-c', `chksum=${opts.checksum ? 1 : 0}`,
    '-f', dump,
    join(dir, 'Packages'),
  ]);
  rmSync(dump);
  return dir;
}

export function readDb(dir: string, file: string): Buffer {
  return readFileSync(join(dir, file));
}

/**
 * The fixture's headers in rpm's ndb layout (lib/backend/ndb/rpmpkg.c), written here because
 * Debian's rpm is built without ndb. `freeSlots` leaves that many empty slots before the used ones.
 */
export function ndbFromFixture(freeSlots = 3): Buffer {
  const { rows } = rpmFixture();
  const PAGE = 4096;
  const le = (...words: number[]) => {
    const b = Buffer.alloc(words.length * 4);
    words.forEach((w, i) => b.writeUInt32LE(w >>> 0, i * 4));
    return b;
  };
  const magic = (s: string) => Buffer.from(s, 'latin1').readUInt32LE(0);
  const slots: Buffer[] = [];
  const blobs: Buffer[] = [];
  let blk = PAGE / 16; // blobs start after the one slot page
  for (let i = 0; i < freeSlots; i++) slots.push(le(magic('Slot'), 0, 0, 0));
  rows.forEach(({ blob }, i) => {
    const pkgIdx = i + 1;
    const body = Buffer.concat([le(magic('BlbS'), pkgIdx, 0, blob.length), blob, le(0, blob.length, magic('BlbE'))]);
    const blkCnt = Math.ceil(body.length / 16);
    slots.push(le(magic('Slot'), pkgIdx, blk, blkCnt));
    blobs.push(Buffer.concat([body, Buffer.alloc(blkCnt * 16 - body.length)]));
    blk += blkCnt;
  });
  const header = le(magic('RpmP'), 0, 1, 1, rows.length + 1, 0, 0, 0);
  const slotPage = Buffer.alloc(PAGE);
  header.copy(slotPage, 0);
  for (let at = 32, i = 0; at < PAGE; at += 16, i++) (slots[i] ?? le(magic('Slot'), 0, 0, 0)).copy(slotPage, at);
  if (slots.length > (PAGE - 32) / 16) throw new Error('fixture needs more than one slot page');
  return Buffer.concat([slotPage, ...blobs]);
}
