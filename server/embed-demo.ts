import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { bundle, integrityOf } from './web-bundles.js';

/**
 * A stand-in for a bank's website on another origin (local mode only, EMBED_DEMO_PORT): pages that
 * embed the assistant with the one script tag, under a strict CSP of their own as a bank would send.
 * For trying it by hand and for the browser tests; never started with Bot Framework keys.
 */
const DIR = fileURLToPath(new URL('../web/embed-demo/', import.meta.url));
const PAGES: Record<string, { heading: { ko: string; en: string } }> = {
  '/': { heading: { ko: '데모 은행에 오신 것을 환영해요', en: 'Welcome to Demo Bank' } },
  '/page2.html': { heading: { ko: '인증센터', en: 'Certificate centre' } },
};
const ASSETS: Record<string, string> = { '/demo.css': 'text/css; charset=utf-8', '/demo.js': 'text/javascript; charset=utf-8' };

export interface EmbedDemo {
  /** http://host:port of the demo site. */
  url: string;
  close(): Promise<void>;
}

/** @param assistantUrl The assistant's base URL (where embed.js is), asked per request so it may be known only after the demo listens. */
export async function startEmbedDemo(options: { port: number; host: string; assistantUrl: () => string }): Promise<EmbedDemo> {
  const server = http.createServer((req, res) => {
    serve(req, res, options.assistantUrl()).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('demo page failed');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return { url: `http://${host}:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * `npm start`'s demo: started only in local mode (no MicrosoftAppId — never beside Bot Framework keys,
 * i.e. never on a production host) when EMBED_DEMO_PORT is set; its origin is then allowed to embed.
 */
export async function startEmbedDemoIfLocal(config: {
  MicrosoftAppId?: string;
  EMBED_DEMO_PORT?: number;
  HOST: string;
  publicBaseUrl: string;
  EMBED_ALLOWED_ORIGINS: string[];
}): Promise<EmbedDemo | undefined> {
  if (config.MicrosoftAppId || config.EMBED_DEMO_PORT === undefined) return undefined;
  const demo = await startEmbedDemo({ port: config.EMBED_DEMO_PORT, host: config.HOST, assistantUrl: () => config.publicBaseUrl });
  config.EMBED_ALLOWED_ORIGINS.push(demo.url);
  return demo;
}

async function serve(req: http.IncomingMessage, res: http.ServerResponse, assistantUrl: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://demo');
  const assistant = new URL(assistantUrl).origin;
  const headers = {
    // What a careful bank sends: our launcher and panel are the only foreign things it lets in.
    'Content-Security-Policy': `default-src 'self'; script-src 'self' ${assistant}; frame-src ${assistant}; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
  const page = PAGES[url.pathname];
  if (page) {
    const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'ko';
    const html = (await readFile(`${DIR}index.html`, 'utf8'))
      .replaceAll('{{LANG}}', lang)
      .replaceAll('{{QUERY}}', lang === 'en' ? '?lang=en' : '')
      .replaceAll('{{HEADING}}', page.heading[lang])
      .replaceAll('{{ASSISTANT}}', assistant)
      .replaceAll('{{INTEGRITY}}', integrityOf(await bundle('/embed.js')!));
    res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : html);
    return;
  }
  const type = ASSETS[url.pathname];
  if (type) {
    res.writeHead(200, { ...headers, 'Content-Type': type });
    res.end(req.method === 'HEAD' ? undefined : await readFile(`${DIR}${url.pathname.slice(1)}`));
    return;
  }
  res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('not found');
}
