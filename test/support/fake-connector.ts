import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  conversationId: string;
  activityId?: string;
  /** The bot's credential on the call (JWT mode: its token for the Bot Connector). */
  authorization?: string;
  activity: { type: string; text?: string; attachments?: { content?: unknown }[]; id?: string; replyToId?: string };
}

/**
 * A stand-in for the Bot Connector service Teams uses (the bot's outbound REST calls), on 127.0.0.1:
 * records what the bot sends to a conversation so a test can act as the Teams client.
 */
export async function startFakeConnector(): Promise<{ url: string; calls: ConnectorCall[]; close(): Promise<void> }> {
  const calls: ConnectorCall[] = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (!match) {
        res.writeHead(404);
        res.end();
        return;
      }
      const id = `msg-${++next}`;
      calls.push({
        method: req.method ?? '',
        conversationId: decodeURIComponent(match[1]),
        activityId: match[2] && decodeURIComponent(match[2]),
        authorization: req.headers.authorization,
        activity: body ? JSON.parse(body) : {},
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
