/** Test support: `struct utmp` records as glibc writes them to /var/log/wtmp (384 bytes each). */
export function utmpRecord(r: { type: number; pid: number; tty: string; user: string; host: string; time: number }): Buffer {
  const buf = Buffer.alloc(384);
  buf.writeInt32LE(r.type, 0);
  buf.writeInt32LE(r.pid, 4);
  buf.write(r.tty, 8, 32);
  buf.write(r.user, 44, 32);
  buf.write(r.host, 76, 256);
  buf.writeUInt32LE(r.time, 340);
  return buf;
}
