import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { loadTexts } from '../content/texts.js';
import { choiceCardData, welcomeCardData } from './card-data.js';
import { compileTemplate } from './compile.js';

// The compiled templates must expand exactly as adaptivecards-templating does, on every template
// (also ones added later) and on data that takes each path: fields present, missing (the library
// writes "${name}"), null, empty, other casing, numbers, nested arrays, repeated objects.
const templatesDir = path.join(import.meta.dirname, 'templates');
const templates = readdirSync(templatesDir).filter((name) => name.endsWith('.json'));
const texts = loadTexts();

const action = (i: number) => ({ title: `버튼 ${i}`, data: { action: 'nav' as const, move: 'next' as const } });
const dataSets: object[] = [
  {},
  welcomeCardData(texts, 'ko-KR'),
  welcomeCardData(texts, 'en-US'),
  choiceCardData({ title: 'T', actions: [] }),
  choiceCardData({ title: '제목', text: '본문', facts: [{ title: 'a', value: 'b' }], items: ['하나', '둘'], note: 'n', actions: [action(1), action(2)] }),
  choiceCardData({
    title: 'T',
    text: 'x',
    readAloud: { title: 'r', text: 'read me' },
    lead: action(0),
    actions: Array.from({ length: 7 }, (_, i) => action(i)),
  }),
  { procedureTitle: 'P', progress: '1 / 2', stepTitle: 'S', text: 'x', tip: '', caution: '', actions: [], links: [] },
  {
    procedureTitle: 'P',
    progress: 3,
    stepTitle: null,
    text: 'x',
    tip: 't',
    caution: 'c',
    actions: [action(1)],
    links: [{ title: 'l', url: 'https://example.com' }],
  },
  { Title: 'other casing', TEXT: 'shouting', actions: [{ Title: 'b', data: 1 }] },
  { title: 'both', Title: 'casings', text: '', note: null, facts: [], items: [], groups: [{ actions: [action(1)] }, { actions: [] }] },
  { title: 'T', phoneLabel: '전화', timeLabel: '시간', submit: '보내기', actions: [action(1)] },
];

describe('compiled card templates expand as adaptivecards-templating does', () => {
  test.each(templates)('%s', (file) => {
    const json = JSON.parse(readFileSync(path.join(templatesDir, file), 'utf8')) as object;
    const compiled = compileTemplate(json);
    const library = new ACData.Template(json);
    for (const data of dataSets) {
      let expected: unknown;
      let error: unknown;
      try {
        expected = library.expand({ $root: data });
      } catch (e) {
        error = e;
      }
      if (error) expect(() => compiled(data)).toThrow();
      else expect(compiled(data)).toEqual(expected);
    }
  });

  test('templates written for the test: literals, $when without an expression, $index, nested $data', () => {
    const template = {
      type: 'AdaptiveCard',
      n: 1,
      flag: false,
      body: [
        { $when: 'not an expression', text: 'dropped' },
        { $when: false, text: 'kept: a literal false is no condition' },
        { $data: '${rows}', text: '${$index}: ${name}', cells: [{ $data: '${cells}', v: '${$data}', root: '${$root.title}' }] },
        { $data: { name: 'fixed' }, text: '${name}' },
        { text: '${toUpper(title)} ${missing}' },
      ],
    };
    const data = { title: 't', rows: [{ name: 'a', cells: [1, 2] }, { name: 'b', cells: [] }, { cells: ['x'] }] };
    expect(compileTemplate(template)(data)).toEqual(new ACData.Template(template).expand({ $root: data }));
  });
});
