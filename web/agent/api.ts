// The agent API from the browser: one fetch wrapper, typed by the server's own shapes.
import type {
  ApiErrorBody,
  CannedAnswersResponse,
  HandbackResponse,
  TypingResponse,
  ConsoleLabels,
  HelpCatalog,
  HelpRequest,
  HelpResponse,
  MeResponse,
  ReplyRequest,
  ReplyResponse,
  SessionRequest,
  SessionResponse,
  SignInOptions,
  TicketListResponse,
  TicketResponse,
  TranscriptResponse,
} from '../../handoff/agent-api-types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type TokenSource = () => string | null;

const ticketPath = (id: string) => `/api/agent/tickets/${encodeURIComponent(id)}`;

export class AgentApi {
  constructor(private readonly token: TokenSource) {}

  /** The raw response (downloads need its headers); refusals become ApiError with the server's message. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Accept', 'application/json');
    const token = this.token();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers, cache: 'no-store' });
    } catch {
      throw new ApiError(0, 'Network', '');
    }
    if (response.ok) return response;
    const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
    throw new ApiError(response.status, body?.error?.code ?? 'Http' + response.status, body?.error?.message ?? '');
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await this.request(path, init)).json() as Promise<T>;
  }

  signInOptions = () => this.json<SignInOptions>('/api/agent/sign-in');
  signIn = (credentials: SessionRequest) =>
    this.json<SessionResponse>('/api/agent/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credentials) });
  me = () => this.json<MeResponse>('/api/agent/me');
  labels = () => this.json<ConsoleLabels>('/api/agent/labels');
  tickets = () => this.json<TicketListResponse>('/api/agent/tickets?status=all');
  ticket = (id: string) => this.json<TicketResponse>(ticketPath(id));
  transcript = (id: string) => this.json<TranscriptResponse>(`${ticketPath(id)}/transcript`);
  transcriptFile = (id: string) => this.request(`${ticketPath(id)}/transcript?download=1`);
  accept = (id: string) => this.json<TicketResponse>(`${ticketPath(id)}/accept`, { method: 'POST' });
  close = (id: string) => this.json<TicketResponse>(`${ticketPath(id)}/close`, { method: 'POST' });
  /** The accepted ticket's conversation as Server-Sent Events (web/agent/live.ts reads it). */
  events = (id: string, lastEventId: string | undefined, signal: AbortSignal) =>
    this.request(`${ticketPath(id)}/events`, { headers: lastEventId ? { 'Last-Event-ID': lastEventId } : {}, signal });
  /** The agent is typing (the console sends this at most every few seconds; the server thins it too). */
  typing = (id: string) => this.json<TypingResponse>(`${ticketPath(id)}/typing`, { method: 'POST' });
  handBack = (id: string) => this.json<HandbackResponse>(`${ticketPath(id)}/handback`, { method: 'POST' });
  canned = (locale: string) => this.json<CannedAnswersResponse>(`/api/agent/canned-answers?locale=${encodeURIComponent(locale)}`);
  /** The guides and FAQ answers the help panel can send, named in the agent's language. */
  helpCatalog = (lang: 'ko' | 'en') => this.json<HelpCatalog>(`/api/agent/help?lang=${lang}`);
  /** One of the assistant's cards to the customer of the agent's accepted ticket. */
  sendHelp = (id: string, request: HelpRequest) =>
    this.json<HelpResponse>(`${ticketPath(id)}/help`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
  send = (id: string, text: string) =>
    this.json<ReplyResponse>(`${ticketPath(id)}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text } satisfies ReplyRequest),
    });
}
