// One-click help from the console (issue 19) through the real server: the agent of an accepted ticket
// sends the assistant's own cards; the customer walks an agent-sent guide while still assigned; the live
// stream says where the customer is. Authorisation and bad bodies on both new routes. Bounded polls only.
import { waitFor } from '../../directline/test-support.js';
import { loadContent } from '../../content/load.js';
import { loadTexts } from '../../content/texts.js';
import { startTestApp } from '../support/app.js';
import { openEvents, signIn, wsCustomer, type Seen } from '../support/agent-conversation.js';
import { AGENT, consoleAppEnv, localTeamsIdentityProvider, OTHER_AGENT, TENANT, type TeamsIdentityProvider } from '../e2e/agent-console.support.js';
import type { App } from '../../server/index.js';

const content = loadContent();
const texts = loadTexts();
const guide = content.procedures.find((p) => p.id === 'woori-joint-issue-app')!;
const otherGuide = content.procedures.find((p) => p.kind === 'reissue' && p.id !== guide.id)!;
const faq = content.faq.find((f) => f.id === 'call-center')!;

let app: App;
let url: string;
let kim: string;
let lee: string;
let idp: TeamsIdentityProvider;

beforeAll(async () => {
  idp = await localTeamsIdentityProvider();
  ({ app, url } = await startTestApp({ ...(await consoleAppEnv()), TEAMS_SSO_ALLOWED_TENANTS: `${TENANT},tenant-other` }, { jwks: idp.jwks }));
  kim = await signIn(url, AGENT.username, AGENT.password);
  lee = await signIn(url, OTHER_AGENT.username, OTHER_AGENT.password);
}, 60_000);
afterAll(async () => {
  await app.close();
});

const help = (ticketId: string, token: string | undefined, body: unknown) =>
  fetch(`${url}/api/agent/tickets/${ticketId}/help`, {
    method: 'POST',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

/** A customer (who may first open a guide) queued and accepted by kim. */
async function acceptedCustomer(first?: string) {
  const customer = await wsCustomer(url);
  if (first) {
    const bots = () => customer.seen.filter((a) => a.from.role === 'bot').length;
    const before = bots();
    await customer.say(first);
    await waitFor(() => bots() > before || undefined);
  }
  await customer.say('상담원 연결해 주세요');
  await customer.hears(/대기 순서 \d+번째/);
  const ticket = (await app.tickets.findOpenByConversation(customer.conversationId))!;
  expect((await fetch(`${url}/api/agent/tickets/${ticket.id}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${kim}` } })).status).toBe(200);
  await customer.hears(/상담원 kim님이 연결되었어요/);
  return { customer, ticket };
}

/** Presses a chip of the bot's last message as Web Chat does (messageBack: its title as text, its data as value). */
async function press(customer: Awaited<ReturnType<typeof wsCustomer>>, title: string) {
  const last = [...customer.seen].reverse().find((a) => a.from.role === 'bot' && chipsOf(a).length > 0)!;
  const chip = chipsOf(last).find((c) => c.title === title);
  if (!chip) throw new Error(`no chip "${title}" in ${JSON.stringify(chipsOf(last).map((c) => c.title))}`);
  const posted = await fetch(`${url}/v3/directline/conversations/${customer.conversationId}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${customer.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', from: { id: 'u' }, locale: 'ko-KR', text: chip.title, value: chip.value }),
  });
  expect(posted.ok).toBe(true);
}
const chipsOf = (a: Seen) => ((a as { suggestedActions?: { actions: { title: string; value: unknown }[] } }).suggestedActions?.actions ?? []).slice();
const literal = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const cardText = (a: Seen) => JSON.stringify(a.attachments ?? []);

test('the catalog lists every guide with its steps and every FAQ answer, in the language asked', async () => {
  const get = (query: string, token: string | null = kim) =>
    fetch(`${url}/api/agent/help${query}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const ko = (await (await get('?lang=ko')).json()) as {
    procedures: { id: string; title: string; steps: string[] }[];
    faqs: { id: string; question: string }[];
  };
  expect(ko.procedures.map((p) => p.id).sort()).toEqual(content.procedures.map((p) => p.id).sort());
  const listed = ko.procedures.find((p) => p.id === guide.id)!;
  expect(listed.title).toBe(`${guide.title.ko} · ${texts.get(`channel.${guide.channel}`, 'ko-KR')}`);
  expect(listed.steps).toEqual(guide.steps.map((s) => s.title.ko));
  expect(ko.faqs).toContainEqual({ id: faq.id, question: faq.question.ko });
  const en = (await (await get('?lang=en')).json()) as typeof ko;
  expect(en.faqs).toContainEqual({ id: faq.id, question: faq.question.en });
  expect(en.procedures.find((p) => p.id === guide.id)!.steps).toEqual(guide.steps.map((s) => s.title.en));
  expect((await get('?lang=fr')).status).toBe(400);
  expect((await get('', null)).status).toBe(401);
  expect((await get('', 'garbage.token.here')).status).toBe(401);
});

test('an agent-sent guide step reaches the customer as the assistant shows it, and the customer walks it while assigned', async () => {
  // The customer was in another guide before asking for a person: the agent's card still takes them to its own.
  const { customer, ticket } = await acceptedCustomer('공동인증서 재발급하고 싶어요');
  const events = await openEvents(url, ticket.id, kim);
  await events.sees(/연결되었어요/, 'bot');

  const sent = await help(ticket.id, kim, { kind: 'procedure', id: guide.id, step: 2 });
  expect(sent.status).toBe(200);
  expect(await sent.json()).toEqual({ sent: 'procedure' });
  const step2 = await customer.hears(literal(guide.steps[1].title.ko));
  expect(chipsOf(step2).map((c) => c.title)).toEqual(['이전', '다음', '잘 안 돼요', '처음으로']);
  expect(cardText(step2)).toContain(`2 / ${guide.steps.length}`);
  // The console sees the card and where it stands.
  const inStream = await waitFor(() => events.activities().find((a) => (a as { guide?: unknown }).guide && cardText(a).includes(guide.steps[1].title.ko)));
  expect((inStream as { guide?: unknown }).guide).toEqual({ procedureId: guide.id, index: 1 });

  // 다음 on the agent's card: the assistant answers with step 3 (not a relayed bare message, not "an old card").
  const seenBefore = Date.parse((await app.tickets.get(ticket.id))!.customerSeenAt ?? '0');
  await press(customer, '다음');
  const step3 = await customer.hears(literal(guide.steps[2].title.ko));
  expect(step3.text ?? '').not.toMatch(/이전 카드/);
  expect(customer.seen.some((a) => /이전 카드의 버튼/.test(a.text ?? ''))).toBe(false);
  await waitFor(() => events.activities().find((a) => (a as { guide?: { index: number } }).guide?.index === 2));
  expect(events.activities().some((a) => a.from.role === 'user' && a.text === '다음')).toBe(true);
  // Walking the guide is a sign of life: the idle check will not close the ticket as "customer left".
  expect(Date.parse((await app.tickets.get(ticket.id))!.customerSeenAt!)).toBeGreaterThan(seenBefore);
  await press(customer, '이전');
  await waitFor(() => events.activities().filter((a) => (a as { guide?: { index: number } }).guide?.index === 1).length >= 2 || undefined);

  // Typed text still goes to the agent: the assistant says nothing back.
  const before = customer.seen.length;
  await customer.say('다음');
  await waitFor(() => events.activities().filter((a) => a.from.role === 'user' && a.text === '다음').length === 2 || undefined);
  expect(customer.seen.slice(before).filter((a) => a.from.role === 'bot')).toEqual([]);
  expect((await app.tickets.get(ticket.id))?.status).toBe('assigned');

  // The card is in the redacted transcript, as the agent's.
  await app.transcripts!.flush();
  const transcript = (await app.transcripts!.exportTranscript(customer.conversationId)) as { from?: { id?: string }; attachments?: unknown[] }[];
  expect(transcript.some((a) => a.from?.id?.startsWith('agent:') && JSON.stringify(a.attachments).includes(guide.steps[1].title.ko))).toBe(true);
  events.close();
  await customer.leave();
}, 120_000);

test('the overview, an FAQ answer and the local-check invitation, in the ticket language', async () => {
  const { customer, ticket } = await acceptedCustomer();
  expect((await help(ticket.id, kim, { kind: 'procedure', id: otherGuide.id })).status).toBe(200);
  const overview = await customer.hears(literal(otherGuide.summary.ko.slice(0, 12)));
  expect(chipsOf(overview)[0].title).toBe('시작하기');
  await press(customer, '시작하기');
  await customer.hears(literal(otherGuide.steps[0].title.ko));

  expect((await help(ticket.id, kim, { kind: 'faq', id: faq.id })).status).toBe(200);
  await customer.hears(literal(faq.question.ko));
  expect((await help(ticket.id, kim, { kind: 'local_check' })).status).toBe(200);
  const invitation = await customer.hears(literal(texts.get('check.local.title', 'ko-KR')));
  expect(cardText(invitation)).toContain('#local-check');
  await customer.leave();
}, 120_000);

test('an English ticket gets the English cards', async () => {
  const customer = await wsCustomer(url);
  const posted = await fetch(`${url}/v3/directline/conversations/${customer.conversationId}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${customer.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', from: { id: 'u' }, locale: 'en-US', text: 'I want to talk to an agent' }),
  });
  expect(posted.ok).toBe(true);
  const ticket = await waitFor(() => app.tickets.findOpenByConversation(customer.conversationId));
  expect(ticket.locale).toBe('en-US');
  expect((await fetch(`${url}/api/agent/tickets/${ticket.id}/accept`, { method: 'POST', headers: { Authorization: `Bearer ${kim}` } })).status).toBe(200);
  expect((await help(ticket.id, kim, { kind: 'procedure', id: guide.id, step: 1 })).status).toBe(200);
  const step = await customer.hears(literal(guide.steps[0].title.en));
  expect(chipsOf(step).map((c) => c.title)).toEqual(['nav.next', 'nav.trouble', 'nav.home'].map((key) => texts.get(key as 'nav.next', 'en-US')));
  expect((await help(ticket.id, kim, { kind: 'faq', id: faq.id })).status).toBe(200);
  await customer.hears(literal(faq.question.en));
  await customer.leave();
}, 120_000);

test('who may send: no token, garbage, a Direct Line token, another agent, another tenant, a ticket not accepted', async () => {
  const { customer, ticket } = await acceptedCustomer();
  const body = { kind: 'local_check' };
  for (const token of [undefined, 'garbage', `${kim.slice(0, -4)}AAAA`, customer.token]) {
    const refused = await help(ticket.id, token, body);
    expect(refused.status).toBe(401);
  }
  expect((await help(ticket.id, lee, body)).status).toBe(403);
  expect((await errorOf(await help(ticket.id, lee, body))).code).toBe('NotAssignee');
  const stranger = await idp.token({ oid: 'oid-x', name: '남의 상담원', tenantId: 'tenant-other' });
  expect((await help(ticket.id, stranger, body)).status).toBe(404);

  // A waiting ticket nobody accepted: not even kim may send into it.
  const waiting = await wsCustomer(url);
  await waiting.say('상담원 연결해 주세요');
  await waiting.hears(/대기 순서 \d+번째/);
  const queued = (await app.tickets.findOpenByConversation(waiting.conversationId))!;
  expect((await help(queued.id, kim, body)).status).toBe(403);
  expect((await help('no-such-ticket', kim, body)).status).toBe(404);
  // Closed: no more.
  await fetch(`${url}/api/agent/tickets/${ticket.id}/close`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${kim}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect((await help(ticket.id, kim, body)).status).toBe(403);
  // Nothing of all that reached either customer.
  for (const someone of [customer, waiting]) expect(someone.seen.some((a) => cardText(a).includes('#local-check'))).toBe(false);
  await customer.leave();
  await waiting.leave();
}, 120_000);

test('bad bodies are a precise 400 in both languages and send nothing', async () => {
  const { customer, ticket } = await acceptedCustomer();
  const before = customer.seen.length;
  const unknown = await help(ticket.id, kim, { kind: 'procedure', id: 'no-such-guide' });
  expect(unknown.status).toBe(400);
  expect(await errorOf(unknown)).toEqual({ code: 'UnknownProcedure', message: 'There is no guide "no-such-guide". / "no-such-guide" 안내가 없습니다.' });
  const beyond = await help(ticket.id, kim, { kind: 'procedure', id: guide.id, step: guide.steps.length + 1 });
  expect(await errorOf(beyond)).toEqual({
    code: 'StepOutOfRange',
    message: `The guide "${guide.id}" has steps 1 to ${guide.steps.length}; step ${guide.steps.length + 1} does not exist. / "${guide.id}" 안내의 단계는 1~${guide.steps.length}입니다.`,
  });
  expect((await errorOf(await help(ticket.id, kim, { kind: 'faq', id: 'nope' }))).code).toBe('UnknownFaq');
  expect((await errorOf(await help(ticket.id, kim, { kind: 'local_check', id: 'x' }))).message).toBe('Unknown field(s): id. / 알 수 없는 항목: id.');
  for (const bad of [
    { kind: 'procedure', id: guide.id, step: 0 },
    { kind: 'procedure', id: guide.id, step: 1.5 },
    { kind: 'procedure', id: guide.id, step: '2' },
    { kind: 'procedure', id: '../../etc/passwd' },
    { kind: 'procedure', id: { $ne: null } },
    { kind: 'procedure' },
    { kind: 'shell', id: 'x' },
    { kind: 'faq', id: faq.id, extra: 1 },
    [{ kind: 'local_check' }],
    {},
    'not json',
    JSON.stringify({ kind: 'faq', id: 'x'.repeat(5000) }),
    '{"kind":' + '['.repeat(200) + ']'.repeat(200) + '}',
  ]) {
    const refused = await help(ticket.id, kim, bad);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const { message } = await errorOf(refused);
    expect(message).toMatch(/ \/ .*[가-힣]/);
    expect(message).not.toMatch(/at \w+ \(|ZodError|"code":/);
  }
  expect(customer.seen.slice(before).filter((a) => a.from.role === 'bot')).toEqual([]);
  await customer.leave();
}, 120_000);
