/**
 * containerd's gRPC API over its unix socket, spoken directly with node:http2: the inventory
 * needs four unary List calls, not a gRPC stack. Only the protobuf fields read are decoded.
 */
import { connect as http2Connect, type ClientHttp2Session } from 'node:http2';
import { connect as netConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { InventoryContext } from './collector.ts';

const TIMEOUT_MS = 10_000;
/** The daemon is simply not there: nothing to list. */
const NO_DAEMON = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK']);

/**
 * The standalone daemon (Kubernetes nodes, nerdctl, Docker ≥ 23 with the containerd store) and
 * the one dockerd starts for itself (namespace `moby`); read under the inventory's root.
 */
export const CONTAINERD_SOCKETS = ['/run/containerd/containerd.sock', '/run/docker/containerd/containerd.sock'];

// ---- protobuf wire format (reading only: every request sent is an empty message) ----

type FieldValue = number | Buffer;
/** A decoded message: field number → its values in wire order (repeated fields have several). */
export type Message = Map<number, FieldValue[]>;

export function decodeMessage(buf: Buffer): Message {
  const out: Message = new Map();
  let pos = 0;
  const varint = (): number => {
    // Numbers, not bigint: pids, enums, seconds and sizes stay far below 2^53.
    let value = 0;
    for (let mul = 1; ; mul *= 128) {
      if (pos >= buf.length) throw new Error('protobuf: truncated varint');
      const b = buf[pos++];
      value += (b & 0x7f) * mul;
      if (!(b & 0x80)) return value;
    }
  };
  const bytes = (n: number): Buffer => {
    if (pos + n > buf.length) throw new Error('protobuf: truncated field');
    return buf.subarray(pos, (pos += n));
  };
  while (pos < buf.length) {
    const key = varint();
    const wireType = key & 7;
    let value: FieldValue;
    if (wireType === 0) value = varint();
    else if (wireType === 1) value = bytes(8);
    else if (wireType === 2) value = bytes(varint());
    else if (wireType === 5) value = bytes(4);
    else throw new Error(`protobuf: unsupported wire type ${wireType}`);
    const no = Math.floor(key / 8);
    const values = out.get(no);
    if (values) values.push(value);
    else out.set(no, [value]);
  }
  return out;
}

const bytesField = (m: Message, no: number): Buffer | undefined => {
  const v = m.get(no)?.at(-1);
  return Buffer.isBuffer(v) ? v : undefined;
};
export const stringField = (m: Message, no: number): string => bytesField(m, no)?.toString('utf8') ?? '';
export const numberField = (m: Message, no: number): number => {
  const v = m.get(no)?.at(-1);
  return typeof v === 'number' ? v : 0;
};
export const messageField = (m: Message, no: number): Message => decodeMessage(bytesField(m, no) ?? Buffer.alloc(0));
export const repeatedMessages = (m: Message, no: number): Message[] =>
  (m.get(no) ?? []).filter(Buffer.isBuffer).map(decodeMessage);
/** `map<string, string>`: on the wire, repeated entries {key = 1, value = 2}. */
export const stringMap = (m: Message, no: number): Record<string, string> =>
  Object.fromEntries(repeatedMessages(m, no).map((e) => [stringField(e, 1), stringField(e, 2)]));
/** google.protobuf.Timestamp {seconds = 1, nanos = 2}, as ISO time; null when unset. */
export function timestampField(m: Message, no: number): string | null {
  if (!m.has(no)) return null;
  const t = messageField(m, no);
  return new Date(numberField(t, 1) * 1000 + Math.floor(numberField(t, 2) / 1e6)).toISOString();
}

// ---- gRPC over HTTP/2 ----

export class ContainerdUnavailable extends Error {}

/** The unix socket, connected; ContainerdUnavailable when no daemon listens there. */
function connectSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = netConnect(path);
    sock.once('connect', () => resolve(sock));
    sock.once('error', (err: NodeJS.ErrnoException) =>
      reject(NO_DAEMON.has(err.code ?? '') ? new ContainerdUnavailable(err.message) : err));
  });
}

export class ContainerdClient {
  private constructor(readonly socket: string, private readonly session: ClientHttp2Session) {}

  static async open(socket: string): Promise<ContainerdClient> {
    const sock = await connectSocket(socket);
    const session = http2Connect('http://containerd', { createConnection: () => sock });
    // Per-call errors reject their call; a session error with no call pending must not crash the agent.
    session.on('error', () => {});
    return new ContainerdClient(socket, session);
  }

  /** One unary call with an empty request message (every List here takes its defaults). */
  call(method: string, namespace?: string): Promise<Message> {
    const what = `containerd ${this.socket} ${method}`;
    return new Promise((resolve, reject) => {
      const req = this.session.request({
        ':method': 'POST',
        ':path': method,
        'content-type': 'application/grpc',
        te: 'trailers',
        ...(namespace === undefined ? {} : { 'containerd-namespace': namespace }),
      });
      const chunks: Buffer[] = [];
      // grpc-status comes in the trailers, or in the headers of a trailers-only (error) answer.
      let status: string | undefined;
      let message = '';
      const onHeaders = (h: Record<string, unknown>) => {
        if (h['grpc-status'] !== undefined) status = String(h['grpc-status']);
        if (h['grpc-message'] !== undefined) message = decodeURIComponent(String(h['grpc-message']));
      };
      req.on('response', onHeaders);
      req.on('trailers', onHeaders);
      req.on('data', (c: Buffer) => chunks.push(c));
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`${what}: no answer in ${TIMEOUT_MS / 1000} s`)));
      req.on('error', (err: Error) => reject(new Error(`${what}: ${err.message}`)));
      req.on('end', () => {
        if (status !== '0') return reject(new Error(`${what}: grpc-status ${status ?? 'missing'}${message ? `: ${message}` : ''}`));
        // Length-prefixed message: 1 byte compressed flag (never set: no grpc-encoding asked), 4 bytes length.
        const body = Buffer.concat(chunks);
        if (body.length < 5 || body[0] !== 0 || body.length < 5 + body.readUInt32BE(1)) {
          return reject(new Error(`${what}: malformed gRPC response`));
        }
        try {
          resolve(decodeMessage(body.subarray(5, 5 + body.readUInt32BE(1))));
        } catch (err) {
          reject(new Error(`${what}: ${(err as Error).message}`));
        }
      });
      req.end(Buffer.alloc(5)); // an empty message: flag 0, length 0
    });
  }

  /** Names of containerd.services.namespaces.v1.ListNamespacesResponse {repeated Namespace namespaces = 1 {name = 1}}. */
  async namespaces(): Promise<string[]> {
    const res = await this.call('/containerd.services.namespaces.v1.Namespaces/List');
    return repeatedMessages(res, 1).map((n) => stringField(n, 1));
  }

  close(): void {
    this.session.close();
  }
}

/**
 * Rows from every containerd daemon that answers under the inventory's root, one `list` call per
 * namespace; no rows when none answers. A daemon answering with an error fails the table.
 */
export async function containerdRows<R>(ctx: InventoryContext, list: (c: ContainerdClient, namespace: string) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (const path of CONTAINERD_SOCKETS) {
    let client: ContainerdClient;
    try {
      client = await ContainerdClient.open(join(ctx.root, path));
    } catch (err) {
      if (err instanceof ContainerdUnavailable) continue;
      throw err;
    }
    try {
      for (const ns of await client.namespaces()) rows.push(...(await list(client, ns)));
    } finally {
      client.close();
    }
  }
  return rows;
}
