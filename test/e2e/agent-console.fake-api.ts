// A stand-in for the agent API (handoff/agent-api.ts) with the same contract, for the console's browser
// test while the real API is not mounted in the app: canned tickets, one agent account, in-memory state.
// It also serves the console's files from web/agent exactly as bot/server.ts maps them.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { rootDir } from '../../bot/paths.js';

export const AGENT = { id: 'agent-kim', name: '김상담', username: 'kim', password: 'correct horse battery' };
/** What the simulated Teams host hands out as the SSO token, and who it stands for. */
export const TEAMS_AGENT = { id: 'aad-oid-park', name: '박팀즈', token: 'fake-teams-sso-token' };
const OTHER_AGENT = { id: 'agent-lee', name: '이상담' };

const FILES: Record<string, [string, string]> = {
  '/agent/': [path.join(rootDir, 'web', 'agent', 'index.html'), 'text/html; charset=utf-8'],
  '/agent/agent.js': [path.join(rootDir, 'web', 'agent', 'agent.js'), 'text/javascript; charset=utf-8'],
  '/agent/agent.css': [path.join(rootDir, 'web', 'agent', 'agent.css'), 'text/css; charset=utf-8'],
  '/vendor/teams-js.js': [path.join(rootDir, 'node_modules', '@microsoft', 'teams-js', 'dist', 'umd', 'MicrosoftTeams.min.js'), 'text/javascript; charset=utf-8'],
};

/** A host page that frames the console like Teams does, but never answers teams-js's handshake. */
const SILENT_HOST_PAGE = `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>host</title></head>
<body style="margin:0"><iframe id="tab" title="상담 콘솔" src="/agent/?inTeams=1" style="width:100%;height:95vh;border:0"></iframe></body></html>`;

interface Ticket {
  id: string;
  status: 'waiting' | 'assigned' | 'callback' | 'closed' | 'expired';
  createdAt: string;
  locale: string;
  summary: { intent?: string; institution?: string; certType?: string; stepsDone: string[]; certCheck?: { ok: boolean; codes: string[]; ca?: string; daysLeft?: number } };
  agent?: { id: string; name: string };
  callback?: { phoneMasked: string; preferredTime?: string };
  closeReason?: string;
  /** undefined: no transcript stored (the real API answers 404 TranscriptNotFound). */
  activities?: object[];
}

function cannedTickets(now: number): Ticket[] {
  const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
  const user = (text: string) => ({ type: 'message', from: { role: 'user' }, text });
  const bot = (text: string) => ({ type: 'message', from: { role: 'bot' }, text });
  return [
    {
      id: 't-1001',
      status: 'waiting',
      createdAt: minutesAgo(7),
      locale: 'ko-KR',
      summary: {
        intent: 'trouble_expired',
        institution: 'woori',
        certType: 'joint',
        stepsDone: ['만료 확인 / Checked expiry', '갱신 안내 읽음 / Read the renewal steps'],
        certCheck: { ok: false, codes: ['EXPIRED'], ca: '금융결제원 (yessign)', daysLeft: -3 },
      },
      activities: [
        { type: 'conversationUpdate', from: { role: 'bot' } },
        user('인증서가 만료됐다고 나와요'),
        {
          type: 'message',
          from: { role: 'bot' },
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: {
                type: 'AdaptiveCard',
                version: '1.5',
                body: [
                  { type: 'TextBlock', text: '인증서 확인 결과', weight: 'Bolder' },
                  { type: 'FactSet', facts: [{ title: '소유자', value: '홍*동' }] },
                ],
                actions: [
                  { type: 'Action.Submit', title: '갱신 방법 보기' },
                  { type: 'Action.Submit', title: '상담원 연결' },
                ],
              },
            },
          ],
        },
        user('상담원 연결해 주세요'),
        bot('상담원을 연결해 드릴게요. 대기 순서는 1번째예요.'),
      ],
    },
    {
      id: 't-1002',
      status: 'waiting',
      createdAt: minutesAgo(3),
      locale: 'en-US',
      summary: { intent: 'issue', institution: 'epost', certType: 'financial', stepsDone: [] },
      activities: [user('I need a person'), bot('Connecting you to an agent.')],
    },
    {
      id: 't-0990',
      status: 'closed',
      closeReason: 'resolved',
      createdAt: minutesAgo(90),
      locale: 'ko-KR',
      summary: { intent: 'trouble_password', stepsDone: [] },
      agent: OTHER_AGENT,
      activities: [user('비밀번호를 잊었어요')],
    },
    {
      id: 't-0980',
      status: 'expired',
      closeReason: 'no_agent',
      createdAt: minutesAgo(200),
      locale: 'ko-KR',
      summary: { intent: 'renew', stepsDone: [] },
    },
    {
      id: 't-0970',
      status: 'callback',
      createdAt: minutesAgo(600),
      locale: 'ko-KR',
      summary: { intent: 'reissue', stepsDone: [] },
      callback: { phoneMasked: '010-****-5678', preferredTime: '오전 10시 / 10 am' },
      activities: [user('내일 전화 주세요')],
    },
  ];
}

export interface FakeAgentApi {
  url: string;
  /** Another agent takes the ticket first (the race the console must report). */
  takeByOtherAgent(id: string): void;
  status(id: string): Ticket['status'] | undefined;
  /** A new customer escalates: a waiting ticket joins the end of the queue. */
  addWaitingTicket(id: string): void;
  close(): Promise<void>;
}

export async function startFakeAgentApi(): Promise<FakeAgentApi> {
  const started = Date.now();
  const tickets = cannedTickets(started);
  const tokens = new Map<string, { id: string; name: string }>([[TEAMS_AGENT.token, { id: TEAMS_AGENT.id, name: TEAMS_AGENT.name }]]);

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });
  const listed = (t: Ticket) => ({
    id: t.id,
    status: t.status,
    createdAt: t.createdAt,
    waitingMinutes: Math.floor((Date.now() - Date.parse(t.createdAt)) / 60_000),
    locale: t.locale,
    ...(t.status === 'waiting' ? { position: tickets.filter((w) => w.status === 'waiting').indexOf(t) + 1 } : {}),
    summary: { intent: t.summary.intent, institution: t.summary.institution, certType: t.summary.certType },
    ...(t.agent ? { agent: t.agent } : {}),
    ...(t.closeReason ? { closeReason: t.closeReason } : {}),
    ...(t.callback ? { callback: t.callback } : {}),
  });
  const detailed = ({ activities: _activities, ...ticket }: Ticket) => ticket;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = FILES[url.pathname];
    if (req.method === 'GET' && file) {
      res.writeHead(200, { 'Content-Type': file[1] });
      res.end(await readFile(file[0]));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/teams-host.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(SILENT_HOST_PAGE);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/agent/session') {
      const body = JSON.parse((await readBody(req)) || '{}') as { username?: string; password?: string };
      if (body.username !== AGENT.username || body.password !== AGENT.password) return fail(res, 401, 'Unauthorized', 'Wrong username or password.');
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, { id: AGENT.id, name: AGENT.name });
      return send(res, 200, { token, expiresIn: 3600, agent: { id: AGENT.id, name: AGENT.name } });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const agent = bearer ? tokens.get(bearer) : undefined;
    if (!agent) return fail(res, 401, 'Unauthorized', 'Sign in first.');

    if (req.method === 'GET' && url.pathname === '/api/agent/me') return send(res, 200, { agent });
    if (req.method === 'GET' && url.pathname === '/api/agent/tickets') {
      const status = url.searchParams.get('status') ?? 'waiting';
      return send(res, 200, { tickets: tickets.filter((t) => status === 'all' || t.status === status).map(listed) });
    }
    const match = /^\/api\/agent\/tickets\/([\w-]+)(\/transcript|\/accept|\/close)?$/.exec(url.pathname);
    const ticket = match && tickets.find((t) => t.id === match[1]);
    if (!match || !ticket) return fail(res, 404, 'NotFound', 'No such ticket.');
    const action = match[2];
    if (req.method === 'GET' && !action) return send(res, 200, { ticket: detailed(ticket) });
    if (req.method === 'GET' && action === '/transcript') {
      if (!ticket.activities) return fail(res, 404, 'TranscriptNotFound', 'No transcript is stored for this conversation.');
      if (url.searchParams.get('download') === '1') {
        return send(res, 200, ticket.activities, { 'Content-Disposition': `attachment; filename="${ticket.id}.transcript"` });
      }
      return send(res, 200, { activities: ticket.activities });
    }
    if (req.method === 'POST' && action === '/accept') {
      if (ticket.status === 'assigned') return fail(res, 409, 'Taken', 'Another agent already took this ticket.');
      if (ticket.status !== 'waiting') return fail(res, 409, 'NotWaiting', 'This ticket is no longer waiting.');
      Object.assign(ticket, { status: 'assigned', agent });
      return send(res, 200, { ticket: detailed(ticket) });
    }
    if (req.method === 'POST' && action === '/close') {
      if (ticket.status !== 'assigned' || ticket.agent?.id !== agent.id) return fail(res, 403, 'NotAssignee', 'Not your ticket.');
      Object.assign(ticket, { status: 'closed', closeReason: 'resolved' });
      return send(res, 200, { ticket: detailed(ticket) });
    }
    return fail(res, 405, 'MethodNotAllowed', 'Not allowed.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    takeByOtherAgent(id) {
      const ticket = tickets.find((t) => t.id === id);
      if (ticket) Object.assign(ticket, { status: 'assigned', agent: OTHER_AGENT });
    },
    status: (id) => tickets.find((t) => t.id === id)?.status,
    addWaitingTicket(id) {
      tickets.push({ id, status: 'waiting', createdAt: new Date().toISOString(), locale: 'ko', summary: { intent: 'renew', stepsDone: [] }, activities: [] });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
