import net from 'node:net';
import { randomBytes } from 'node:crypto';

// Byte-level HTTP and WebSocket clients for the adversarial suite: what fetch() and ws refuse to
// send (wrong lengths, torn bodies, invalid frames, frames glued to the upgrade) is sent here.

export interface RawOutcome {
  /** HTTP status of the first response, when one arrived. */
  status?: number;
  /** Everything the server sent, as latin1 text. */
  text: string;
  /** The server closed the connection (rather than our timeout ending it). */
  closedByServer: boolean;
  /** A socket error seen by the client (ECONNRESET, EPIPE): normal when refusing a body mid-send. */
  error?: string;
  /** Bytes we had sent when the first byte of the answer arrived (undefined: no answer). */
  sentBeforeAnswer?: number;
}

export type Step = Buffer | string | { wait: number } | 'end' | 'destroy';

/**
 * Connects, plays the steps (bytes to write, pauses, a half-close, or an abrupt destroy) and
 * collects what comes back until the server closes or `settleMs` passes after the last step.
 */
export function rawExchange(url: string, steps: Step[], { settleMs = 1_000, stopOnAnswer = false } = {}): Promise<RawOutcome> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const received: Buffer[] = [];
    let error: string | undefined;
    let closedByServer = false;
    let finished = false;
    let settleTimer: NodeJS.Timeout | undefined;
    let sentBeforeAnswer: number | undefined;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(settleTimer);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : undefined, text, closedByServer, error, sentBeforeAnswer });
    };
    socket.on('data', (chunk) => {
      sentBeforeAnswer ??= socket.bytesWritten;
      received.push(chunk);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
    });
    socket.on('close', () => {
      closedByServer = !finished;
      finish();
    });
    socket.on('connect', async () => {
      for (const step of steps) {
        if (finished || socket.destroyed) break;
        if (step === 'end') socket.end();
        else if (step === 'destroy') {
          socket.resetAndDestroy();
          break;
        } else if (typeof step === 'object' && 'wait' in step) await new Promise((r) => setTimeout(r, step.wait));
        else await new Promise<void>((r) => socket.write(step, () => r()));
        // Stop sending once the server answered, like a client reading its response would.
        if (stopOnAnswer && sentBeforeAnswer !== undefined) break;
      }
      settleTimer = setTimeout(finish, settleMs);
    });
  });
}

/** Request head; `body` sets Content-Length unless headers say otherwise. */
export function head(method: string, path: string, headers: Record<string, string | number> = {}): string {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** One chunk of a chunked body. */
export function chunk(data: Buffer | string): Buffer {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
  return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
}
export const LAST_CHUNK = '0\r\n\r\n';

/** A client WebSocket frame (masked unless told otherwise), built by hand so it can be wrong. */
export function wsFrame(
  payload: Buffer | string,
  { opcode = 0x1, fin = true, mask = true, rsv = 0 }: { opcode?: number; fin?: boolean; mask?: boolean; rsv?: number } = {},
): Buffer {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const header: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (data.length < 126) header.push(maskBit | data.length);
  else if (data.length < 65536) header.push(maskBit | 126, data.length >> 8, data.length & 0xff);
  else {
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(data.length));
    header.push(maskBit | 127, ...length);
  }
  if (!mask) return Buffer.concat([Buffer.from(header), data]);
  const key = randomBytes(4);
  const masked = Buffer.from(data.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(header), key, masked]);
}

/** The upgrade request of a WebSocket handshake for `path`. */
export function upgradeHead(path: string, extra: Record<string, string> = {}): string {
  const key = randomBytes(16).toString('base64');
  return head('GET', path, {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': key,
    ...extra,
  });
}
