// Heap the server holds per open WebSocket conversation on the embedded Direct Line channel:
// heap after a full GC with 1,000 conversations started and their streams open, minus before.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

export async function heapPerOpenConversation(count = 1000): Promise<number> {
  const secret = 'bench-directline-secret-0123456789';
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(import.meta.dirname, 'servers.ts'), 'bot'], {
    env: { ...process.env, STORAGE: 'memory', DIRECTLINE_SECRET: secret, RATE_LIMIT_CONVERSATIONS: '100000/1m', RATE_LIMIT_TOKENS: '100000/1m' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const line = async () => String((await lines.next()).value ?? '');
  const heap = async () => {
    child.kill('SIGHUP');
    for (;;) {
      const text = await line();
      if (text.startsWith('heap ')) return Number(text.slice(5));
    }
  };
  const sockets: WebSocket[] = [];
  try {
    const base = new URL((await line()).trim()).origin;
    const open = async () => {
      const response = await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${secret}` } });
      if (!response.ok) throw new Error(`start conversation: HTTP ${response.status}`);
      const { streamUrl } = (await response.json()) as { streamUrl: string };
      const socket = new WebSocket(streamUrl);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      sockets.push(socket);
    };
    for (let i = 0; i < 20; i++) await open(); // warm: code paths compiled, caches filled
    const before = await heap();
    for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, open));
    const after = await heap();
    return (after - before) / count;
  } finally {
    for (const socket of sockets) socket.terminate();
    child.kill();
  }
}

if (process.argv[1] === import.meta.filename) {
  console.log(`heap per open WebSocket conversation: ${((await heapPerOpenConversation()) / 1024).toFixed(1)} KB`);
}
