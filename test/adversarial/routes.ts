/**
 * Every route of the server, as the adversarial suite attacks it. routes.test.ts compares this
 * list with what the server really registers, so a new route fails that test until it is here.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  /** The credential that gets an attack past authentication to the body reader. */
  credential: 'none' | 'secret' | 'token' | 'agent';
  /** The route reads a JSON body: oversized → 413, compressed → 415, malformed or too deep → 400. */
  jsonBody?: boolean;
}

export const ROUTES: RouteSpec[] = [
  { method: 'POST', path: '/api/messages', credential: 'none', jsonBody: true },
  { method: 'POST', path: '/api/webchat/token', credential: 'none' },
  { method: 'GET', path: '/healthz', credential: 'none' },
  { method: 'GET', path: '/readyz', credential: 'none' },
  { method: 'POST', path: '/v3/directline/tokens/generate', credential: 'secret', jsonBody: true },
  { method: 'POST', path: '/v3/directline/tokens/refresh', credential: 'token' },
  { method: 'POST', path: '/v3/directline/conversations', credential: 'token', jsonBody: true },
  { method: 'GET', path: '/v3/directline/conversations/:conversationId', credential: 'token' },
  { method: 'GET', path: '/v3/directline/conversations/:conversationId/activities', credential: 'token' },
  { method: 'POST', path: '/v3/directline/conversations/:conversationId/activities', credential: 'token', jsonBody: true },
  { method: 'POST', path: '/v3/directline/conversations/:conversationId/upload', credential: 'token' },
  { method: 'GET', path: '/v3/directline/attachments/:attachmentId', credential: 'token' },
  { method: 'GET', path: '/v3/directline/session/getsessionid', credential: 'token' },
  { method: 'GET', path: '/vendor/cert-core.js', credential: 'none' },
  { method: 'POST', path: '/api/agent/session', credential: 'none', jsonBody: true },
  { method: 'GET', path: '/api/agent/sign-in', credential: 'none' },
  { method: 'GET', path: '/api/agent/labels', credential: 'agent' },
  { method: 'GET', path: '/api/agent/me', credential: 'agent' },
  { method: 'GET', path: '/api/agent/tickets', credential: 'agent' },
  { method: 'GET', path: '/api/agent/tickets/:id', credential: 'agent' },
  { method: 'GET', path: '/api/agent/tickets/:id/transcript', credential: 'agent' },
  { method: 'POST', path: '/api/agent/tickets/:id/accept', credential: 'agent' },
  { method: 'POST', path: '/api/agent/tickets/:id/close', credential: 'agent', jsonBody: true },
  { method: 'GET', path: '/api/agent/tickets/:id/callback', credential: 'agent' },
  { method: 'GET', path: '/api/agent/tickets/:id/events', credential: 'agent' },
  { method: 'POST', path: '/api/agent/tickets/:id/messages', credential: 'agent', jsonBody: true },
  { method: 'POST', path: '/api/agent/tickets/:id/typing', credential: 'agent', jsonBody: true },
  { method: 'POST', path: '/api/agent/tickets/:id/handback', credential: 'agent', jsonBody: true },
  { method: 'GET', path: '/api/agent/canned-answers', credential: 'agent' },
  { method: 'GET', path: '/api/agent/help', credential: 'agent' },
  // The QA workbench (the adversarial suite's account has both roles, so attacks get past the QA guard).
  { method: 'GET', path: '/api/qa/dashboard', credential: 'agent' },
  { method: 'GET', path: '/api/qa/misunderstood', credential: 'agent' },
  { method: 'GET', path: '/api/qa/misunderstood/export', credential: 'agent' },
  { method: 'PUT', path: '/api/qa/misunderstood/:id/label', credential: 'agent', jsonBody: true },
  { method: 'GET', path: '/api/qa/conversations', credential: 'agent' },
  { method: 'GET', path: '/api/qa/conversations/:id', credential: 'agent' },
  { method: 'GET', path: '/api/qa/conversations/:id/replay', credential: 'agent' },
  { method: 'POST', path: '/api/agent/tickets/:id/help', credential: 'agent', jsonBody: true },
];

/** The static pages and bundles (GET, no credential). */
export const STATIC_PATHS = [
  '/',
  '/index.html',
  '/favicon.ico',
  '/assets/*',
  '/vendor/webchat.js',
  '/vendor/webchat-:version',
  '/agent',
  '/agent/',
  '/agent/agent.js',
  '/agent/agent.css',
  '/vendor/teams-js.js',
  '/embed.js',
];
