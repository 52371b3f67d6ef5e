import { renderCardJson } from './render.js';
import { cardMessage, splitCardButtons } from './quick-replies.js';
import { choiceCardData } from './card-data.js';
import { walkCard } from './walk.js';

const home = { title: '처음으로', data: { action: 'nav', move: 'home' } } as const;
const card = renderCardJson(
  'choice',
  choiceCardData({
    title: '어떤 인증서인가요?',
    links: [{ title: '우체국 인터넷뱅킹 공식 사이트', url: 'https://www.epostbank.go.kr' }],
    lead: { title: '상담원 연결', data: { action: 'topic', intent: 'agent' } },
    actions: [
      { title: '공동인증서', data: { action: 'choose', field: 'certType', value: 'joint' } },
      { title: '금융인증서', data: { action: 'choose', field: 'certType', value: 'financial' } },
      home,
    ],
  }),
);
const actionsOf = (content: unknown) => [...walkCard(content as Record<string, unknown>)].filter((n) => n.kind === 'action').map((n) => n.node);

test('in Web Chat the choices become chips in reading order (처음으로 last), links stay on the card', () => {
  const message = cardMessage(card, 'directline');
  const shown = message.attachments![0].content;
  expect(actionsOf(shown)).toEqual([{ type: 'Action.OpenUrl', title: '우체국 인터넷뱅킹 공식 사이트', url: 'https://www.epostbank.go.kr' }]);
  expect(message.suggestedActions!.actions).toEqual([
    { type: 'messageBack', title: '상담원 연결', text: '상담원 연결', displayText: '상담원 연결', value: { action: 'topic', intent: 'agent' } },
    { type: 'messageBack', title: '공동인증서', text: '공동인증서', displayText: '공동인증서', value: { action: 'choose', field: 'certType', value: 'joint' } },
    {
      type: 'messageBack',
      title: '금융인증서',
      text: '금융인증서',
      displayText: '금융인증서',
      value: { action: 'choose', field: 'certType', value: 'financial' },
    },
    { type: 'messageBack', title: '처음으로', text: '처음으로', displayText: '처음으로', value: { action: 'nav', move: 'home' } },
  ]);
});

test('every channel but Teams gets the same chips (the Emulator as Direct Line)', () => {
  expect(cardMessage(card, 'emulator').suggestedActions).toEqual(cardMessage(card, 'directline').suggestedActions);
});

test('Teams keeps the card with all its buttons and no suggested actions', () => {
  const message = cardMessage(card, 'msteams');
  expect(message.suggestedActions).toBeUndefined();
  expect(actionsOf(message.attachments![0].content).map((a) => a.title)).toEqual([
    '상담원 연결',
    '우체국 인터넷뱅킹 공식 사이트',
    '공동인증서',
    '금융인증서',
    '처음으로',
  ]);
});

test('a form keeps the button that submits its inputs; emptied action sets are removed, not left as gaps', () => {
  const form = renderCardJson('callback', {
    title: '연락 요청',
    text: '번호를 남겨 주세요',
    phoneLabel: '전화번호',
    timeLabel: '편한 시간',
    submit: '연락 요청하기',
    actions: [home],
    callCenterTitle: '',
    callCenters: [],
  });
  const { card: kept, buttons } = splitCardButtons(form);
  expect(actionsOf(kept).map((a) => a.title)).toEqual(['연락 요청하기']);
  expect(buttons.map((b) => b.title)).toEqual(['처음으로']);
  const onlyChoices = splitCardButtons(renderCardJson('choice', choiceCardData({ title: 't', actions: [home] }))).card;
  expect(JSON.stringify(onlyChoices)).not.toMatch(/"ActionSet"/);
  expect(cardMessage(onlyChoices, 'directline').suggestedActions).toBeUndefined();
});
