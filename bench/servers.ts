// Child-process entry points for the benchmark, so the load generator does not share a thread with
// the server it measures. `node --import tsx bench/servers.ts bot|bare`; prints the URL on stdout.
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import pino from 'pino';
import { createApp } from '../server/index.js';
import { parseConfig } from '../server/config.js';
import './alloc-probe.js';

// SIGTERM ends the process through `process.exit`, so `node --cpu-prof` writes its profile (bench/cpu-profile.ts).
process.on('SIGTERM', () => process.exit(0));

const kind = process.argv[2];
if (kind === 'bare') {
  // The floor: the same HTTP stack and JSON body parsing, no bot.
  const server = restify.createServer();
  server.post('/echo', restify.plugins.bodyParser({ mapParams: false }), async (req: restify.Request, res: restify.Response) => {
    res.send(200, { activities: [{ type: 'message', text: String((req.body as { text?: string }).text ?? '') }] });
  });
  server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`));
} else {
  const config = parseConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  // A fixed clock when asked (the replay benchmark runs scripts recorded at the scripts' default time).
  const fixed = process.env.BENCH_NOW ? new Date(process.env.BENCH_NOW) : undefined;
  const app = await createApp(config, pino({ level: 'silent' }), fixed ? { now: () => new Date(fixed) } : {});
  // The replay benchmark's handoff scripts expect to be queued: an agent acted in Teams a moment ago,
  // as the replay integration test's server has it (test/support/app.ts).
  if (process.env.BENCH_AGENT_ON_SHIFT) await app.handoff.presence.seen({ id: 'agent-on-shift', name: '상담원', tenantId: config.HANDOFF_TENANT_ID }, 'teams');
  const url = await app.listen();
  console.log(`${url}/api/messages`);
}
