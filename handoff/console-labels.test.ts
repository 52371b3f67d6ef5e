import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { PROBLEM_CODES } from '../cert-core/problem-texts.js';
import { consoleLabels, loadConsoleLabels } from './console-labels.js';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../content/${file}`, import.meta.url), 'utf8'));

describe('console labels', () => {
  const labels = loadConsoleLabels();

  test('every institution and certificate type the recogniser knows has a Korean and an English name', () => {
    const entities = read('nlu/entities.json') as { institution: { id: string }[]; certType: { id: string }[] };
    for (const { id } of entities.institution) expect(labels.institutions[id]).toEqual({ ko: expect.any(String), en: expect.any(String) });
    for (const { id } of entities.certType) expect(labels.certTypes[id]).toBeDefined();
    expect(labels.institutions.other).toEqual(read('texts.json')['institution.other']);
  });

  test("the bot's own button text wins over an entity alias", () => {
    expect(labels.institutions.woori).toEqual({ ko: '우리은행', en: 'Woori Bank (우리은행)' });
  });

  test('an entity without a text is named by its first alias, with its first Latin alias in English', () => {
    const made = consoleLabels({}, { institution: [{ id: 'x', aliases: ['엑스은행', 'x뱅크', 'x bank'] }], certType: [] });
    expect(made.institutions.x).toEqual({ ko: '엑스은행', en: 'X Bank (엑스은행)' });
  });

  test('intents come from procedure kinds, troubles and topics; messages under a topic are not names', () => {
    const made = consoleLabels(
      { 'kind.renew': { ko: '갱신', en: 'Renew' }, 'topic.agent': { ko: '상담원', en: 'Agent' }, 'topic.agent.body': { ko: '긴 글', en: 'Long' } },
      { institution: [], certType: [] },
    );
    expect(made.intents).toEqual({ renew: { ko: '갱신', en: 'Renew' }, agent: { ko: '상담원', en: 'Agent' } });
    expect(labels.intents.trouble_password.ko).toBe(read('texts.json')['trouble.trouble_password'].ko);
  });

  test('every problem code has a label without placeholders', () => {
    for (const code of PROBLEM_CODES) {
      const { ko, en } = labels.problems[code];
      expect(`${ko} ${en}`).not.toMatch(/[{}]/);
      expect(ko.length).toBeGreaterThan(3);
      expect(en.length).toBeGreaterThan(3);
    }
  });
});
