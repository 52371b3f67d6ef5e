import { CannedAnswersSchema, MAX_CANNED_CHARS } from './canned-answers-schema.js';
import { loadCannedAnswers } from './load.js';
import { copyOfContent, edit, removeContentCopies } from './content-copies.js';
import { ContentError } from './issues.js';

afterAll(removeContentCopies);

test('the canned answers load, in Korean and English, with the ones the console promises', () => {
  const answers = loadCannedAnswers();
  const ids = answers.map((a) => a.id);
  for (const id of ['greeting', 'please-wait', 'closing']) expect(ids).toContain(id);
  expect(answers.length).toBeGreaterThanOrEqual(5);
  expect(answers.find((a) => a.id === 'please-wait')!.text.ko).toContain('잠시만 기다려 주세요');
  for (const answer of answers) {
    expect(answer.text.ko).toMatch(/[가-힣]/);
    expect(answer.text.en).toMatch(/^[\x20-\x7e]+$/);
    expect(answer.text.ko.length).toBeLessThanOrEqual(MAX_CANNED_CHARS);
  }
});

const valid = () => structuredClone({ answers: loadCannedAnswers() });

test.each([
  ['Korean only', (d: ReturnType<typeof valid>) => ((d.answers[0].text as { en?: string }).en = undefined)],
  ['an empty text', (d: ReturnType<typeof valid>) => (d.answers[0].text.ko = '   ')],
  ['a placeholder', (d: ReturnType<typeof valid>) => (d.answers[0].text.en = 'Hello {name}')],
  ['markup', (d: ReturnType<typeof valid>) => (d.answers[0].text.ko = '<b>안녕하세요</b>')],
  ['too long', (d: ReturnType<typeof valid>) => (d.answers[0].text.ko = '가'.repeat(MAX_CANNED_CHARS + 1))],
  ['a label too long for a button', (d: ReturnType<typeof valid>) => (d.answers[0].label.en = 'x'.repeat(31))],
  ['two answers with one id', (d: ReturnType<typeof valid>) => (d.answers[1].id = d.answers[0].id)],
  ['an id that is no attribute value', (d: ReturnType<typeof valid>) => (d.answers[0].id = 'Greeting"]')],
  ['an unknown field', (d: ReturnType<typeof valid>) => Object.assign(d.answers[0], { html: '<i>' })],
  ['no answers', (d: ReturnType<typeof valid>) => (d.answers = [])],
])('refused: %s', (_name, spoil) => {
  const data = valid();
  spoil(data);
  expect(CannedAnswersSchema.safeParse(data).success).toBe(false);
});

test('a broken file is named with the path of the damage', () => {
  const dir = copyOfContent();
  edit(dir, 'canned-answers.yaml', (text) => text.replace('id: please-wait', 'id: Please Wait'));
  const error = (() => {
    try {
      loadCannedAnswers(dir);
    } catch (caught) {
      return caught as ContentError;
    }
    throw new Error('loaded');
  })();
  expect(error).toBeInstanceOf(ContentError);
  expect(error.issues[0]).toMatchObject({ file: 'canned-answers.yaml', path: 'answers.1.id' });
});
