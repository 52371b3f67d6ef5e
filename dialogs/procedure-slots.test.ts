import { describe, expect, test } from '@jest/globals';
import type { Procedure } from '../content/schema.js';
import type { Recognition } from '../nlu/index.js';
import { answerFromText, candidatesFor, channelIn, decideProcedure, institutionChoices, switchNamed } from './procedure-slots.js';

// Made-up procedures: the decisions must follow whatever the content offers, not today's files.
const bilingual = { ko: 'x', en: 'x' };
const procedure = (id: string, fields: Pick<Procedure, 'kind' | 'institution' | 'certType' | 'channel'>): Procedure => ({
  id,
  ...fields,
  device: 'any',
  title: bilingual,
  summary: bilingual,
  prerequisites: [],
  steps: [
    { title: bilingual, text: bilingual },
    { title: bilingual, text: bilingual },
  ],
  success: bilingual,
  troubleshooting: [],
  source: bilingual,
});
const PROCEDURES = [
  procedure('epost-joint-issue-web', { kind: 'issue', institution: 'epost', certType: 'joint', channel: 'internet_banking' }),
  procedure('epost-joint-issue-app', { kind: 'issue', institution: 'epost', certType: 'joint', channel: 'app' }),
  procedure('other-joint-issue-web', { kind: 'issue', institution: 'other', certType: 'joint', channel: 'internet_banking' }),
  procedure('epost-financial-issue-app', { kind: 'issue', institution: 'epost', certType: 'financial', channel: 'app' }),
  procedure('other-joint-copy-web', { kind: 'copy_cert', institution: 'other', certType: 'joint', channel: 'internet_banking' }),
];
const recognition = (text: string, entities: Recognition['entities'] = {}): Recognition =>
  ({ text, intent: 'none', score: 1, lowConfidence: false, entities, alternatives: [] }) as unknown as Recognition;

describe('decideProcedure: asks only when the content offers a choice', () => {
  test('nothing known: the type is asked first', () => {
    expect(decideProcedure(PROCEDURES, { kind: 'issue' })).toMatchObject({ ask: 'certType' });
  });
  test('type known, two institutions offer it: the institution is asked', () => {
    expect(decideProcedure(PROCEDURES, { kind: 'issue', certType: 'joint' })).toMatchObject({ ask: 'institution' });
  });
  test('a type only one institution offers settles the institution by itself', () => {
    const decision = decideProcedure(PROCEDURES, { kind: 'issue', certType: 'financial' });
    expect(decision).toMatchObject({ procedure: { id: 'epost-financial-issue-app' }, slots: { institution: 'epost', channel: 'app' } });
  });
  test('two channels: asked, unless the device names one', () => {
    expect(decideProcedure(PROCEDURES, { kind: 'issue', certType: 'joint', institution: 'epost' })).toMatchObject({ ask: 'channel' });
    expect(decideProcedure(PROCEDURES, { kind: 'issue', certType: 'joint', institution: 'epost', device: 'pc' })).toMatchObject({
      procedure: { id: 'epost-joint-issue-web' },
    });
    expect(decideProcedure(PROCEDURES, { kind: 'issue', certType: 'joint', institution: 'epost', device: 'phone' })).toMatchObject({
      procedure: { id: 'epost-joint-issue-app' },
    });
  });
  test('an institution without its own version gets the generic one; a type the kind lacks is asked again', () => {
    expect(decideProcedure(PROCEDURES, { kind: 'issue', certType: 'joint', institution: 'woori' })).toMatchObject({
      procedure: { id: 'other-joint-issue-web' },
    });
    expect(decideProcedure(PROCEDURES, { kind: 'copy_cert', certType: 'financial' })).toMatchObject({
      procedure: { id: 'other-joint-copy-web' },
      slots: { certType: 'joint' },
    });
  });
  test('an institution with no version and no generic one to fall back on is an error, not a silent guess', () => {
    expect(() => decideProcedure(PROCEDURES, { kind: 'issue', certType: 'financial', institution: 'woori' })).toThrow(/no procedure for issue\/financial/);
  });
  test('the given slots are not changed', () => {
    const given = { kind: 'issue' as const, certType: 'financial' as const };
    decideProcedure(PROCEDURES, given);
    expect(given).toEqual({ kind: 'issue', certType: 'financial' });
  });
});

describe('the pieces of slot filling', () => {
  test('candidates and institution choices', () => {
    expect(candidatesFor(PROCEDURES, { kind: 'issue', certType: 'joint', institution: 'epost' }).map((p) => p.id)).toEqual([
      'epost-joint-issue-web',
      'epost-joint-issue-app',
    ]);
    expect(institutionChoices(PROCEDURES, { kind: 'issue', certType: 'joint' })).toEqual(['epost', 'other']);
    expect(institutionChoices(PROCEDURES, { kind: 'copy_cert', certType: 'joint' })).toEqual(['other']);
  });
  test.each([
    ['우체국 앱으로 할게요', 'app'],
    ['인터넷 뱅킹', 'internet_banking'],
    ['홈페이지에서', 'internet_banking'],
    ['in the app', 'app'],
    ['지점에 갈게요', undefined],
  ])('channelIn(%s) = %s', (text, channel) => {
    expect(channelIn(text)).toBe(channel);
  });
  test('answers typed in words', () => {
    expect(answerFromText('certType', recognition('금융인증서요', { certType: 'financial' }))).toBe('financial');
    expect(answerFromText('institution', recognition('국민은행', { institution: 'kb' }))).toBe('other');
    expect(answerFromText('institution', recognition('우리은행', { institution: 'woori' }))).toBe('woori');
    expect(answerFromText('channel', recognition('PC로요', { device: 'pc' }))).toBe('internet_banking');
    expect(answerFromText('channel', recognition('앱으로'))).toBe('app');
    expect(answerFromText('channel', undefined)).toBeUndefined();
  });
  test('a switch named mid-way: a new institution or a type the kind has; nothing when nothing changes', () => {
    const slots = { kind: 'issue' as const, certType: 'joint' as const, institution: 'epost' as const };
    expect(switchNamed(PROCEDURES, slots, { institution: 'woori' })).toEqual({ institution: 'woori' });
    expect(switchNamed(PROCEDURES, slots, { certType: 'financial' })).toEqual({ certType: 'financial' });
    expect(switchNamed(PROCEDURES, slots, { institution: 'epost', certType: 'joint' })).toBeUndefined();
    expect(switchNamed(PROCEDURES, { ...slots, kind: 'copy_cert' }, { certType: 'financial' })).toBeUndefined();
    expect(switchNamed(PROCEDURES, slots, undefined)).toBeUndefined();
  });
});
