import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { CONVERSATION_ID, type ChannelCore } from './core.js';
import { DirectLineError } from './errors.js';
import { errorMessage, parseWatermark, refuseUpgrade } from './request-helpers.js';
import { bearerFrom } from './tokens.js';

const READ_PAGE_SIZE = 100;

/** Gives a raw socket an error listener (a reset closes it, nothing more) and returns it. */
function guarded(socket: Duplex): Duplex {
  socket.on('error', () => socket.destroy());
  return socket;
}

/**
 * The WebSocket stream of a conversation (`…/conversations/:id/stream?t=<token>`): the upgrade is
 * authorised like a REST call, then the client gets the backlog after its watermark and every
 * activity recorded from then on, each exactly once and in order.
 */
export function streamUpgradeHandler(core: ChannelCore, httpServer: HttpServer): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefix = `${core.urls.basePath}/conversations/`;
    if (!url.pathname.startsWith(prefix) || !url.pathname.endsWith('/stream')) {
      // Another listener may serve this path; if there is none, the socket would hang open forever.
      if (httpServer.listenerCount('upgrade') === 1) refuseUpgrade(guarded(socket), new DirectLineError(404, 'NotFound', 'Nothing to upgrade here.'));
      return;
    }
    // Node hands an upgraded socket over with no error handling: a reset while the checks below
    // run must not become an uncaught 'error'.
    guarded(socket);
    if (core.options.acceptsOrigin && !core.options.acceptsOrigin(req)) {
      refuseUpgrade(socket, new DirectLineError(403, 'Forbidden', 'This site is not allowed to use the assistant.'));
      return;
    }
    let conversationId: string;
    try {
      conversationId = decodeURIComponent(url.pathname.slice(prefix.length, -'/stream'.length));
    } catch {
      refuseUpgrade(socket, new DirectLineError(400, 'BadArgument', 'The conversation id is not valid.'));
      return;
    }
    acceptStream(core, req, socket, head, conversationId, url).catch((error: unknown) => {
      const failure = error instanceof DirectLineError ? error : new DirectLineError(500, 'ServiceError', 'The stream could not be opened.');
      if (!(error instanceof DirectLineError)) core.logger.error({ err: errorMessage(error), conversationId }, 'directline stream failed');
      refuseUpgrade(socket, failure);
    });
  };
}

async function acceptStream(core: ChannelCore, req: IncomingMessage, socket: Duplex, head: Buffer, conversationId: string, url: URL): Promise<void> {
  // Browsers cannot set headers on a WebSocket: the stream URL carries the token (`t`).
  const credential = url.searchParams.get('t') ?? bearerFrom(req.headers.authorization);
  const principal = await core.tokens.authenticate(credential ?? undefined);
  core.tokens.authorizeConversation(principal, conversationId);
  if (!CONVERSATION_ID.test(conversationId) || !(await core.options.log.get(conversationId))) {
    throw new DirectLineError(404, 'NotFound', 'The conversation does not exist.');
  }
  const watermark = parseWatermark(url.searchParams.get('watermark'), { lenient: true }) ?? 0;
  if (socket.destroyed) return; // the client left while we looked
  core.wss.handleUpgrade(req, socket, head, (ws) => {
    // Listeners first, synchronously: a bad frame that came with the upgrade (in `head`) is
    // parsed as soon as this callback returns, long before the backlog has been read.
    core.hub.watch(conversationId, ws);
    core.present(conversationId, 'open');
    ws.on('close', () => core.present(conversationId, 'close'));
    // Inside the conversation's queue: no activity can be appended between the backlog and
    // the registration, so the client sees every activity exactly once, in order.
    core.queue
      .run(conversationId, async () => {
        const reached = await sendBacklog(core, ws, conversationId, watermark);
        if (core.shared) core.shared.register(conversationId, ws, reached);
        else core.hub.add(conversationId, ws);
      })
      .catch((error: unknown) => {
        core.logger.error({ err: errorMessage(error), conversationId }, 'directline stream backlog failed');
        ws.close(1011, 'server error');
      });
  });
}

/** Sends what the log holds after `from`; returns the watermark reached. */
async function sendBacklog(core: ChannelCore, ws: WebSocket, conversationId: string, from: number): Promise<number> {
  let watermark = from;
  for (;;) {
    const page = await core.options.log.readFrom(conversationId, watermark, READ_PAGE_SIZE);
    if (page.watermark <= watermark) return watermark;
    watermark = page.watermark;
    if (page.activities.length > 0) core.hub.send(ws, { activities: page.activities, watermark: String(watermark) });
  }
}

/** The page size of GET …/activities and of the stream's backlog. */
export { READ_PAGE_SIZE };
