import type { CardAction, CardLink } from '../cards/actions.js';
import type { Institutions } from '../content/institutions-schema.js';
import { choiceCardData, homeAction } from '../cards/card-data.js';
import type { Procedure } from '../content/schema.js';
import { pickerFor, type Locale, type Texts } from '../content/texts.js';
import { candidatesFor, channelsOf, hasOwnVersions, institutionChoices, type Field, type Slots } from './procedure-slots.js';

// The data of a guide's cards (the templates in cards/ lay them out): the questions, the overview,
// one card per step, the closing card, and the compact card for call-center agents.

/** A heading shown above the certificate type question (the FAQ's explanation of the two types). */
export interface Heading {
  title: string;
  text: string;
}

/** The card asking for `field`, with one button per choice the content offers. */
export function askCardData(field: Field, slots: Slots, procedures: readonly Procedure[], texts: Texts, locale: Locale, heading?: Heading) {
  const choose = (value: string, title: string): CardAction => ({ title, data: { action: 'choose', field, value } });
  if (field === 'certType') {
    return choiceCardData({
      title: heading?.title ?? texts.get('ask.cert_type.title', locale),
      text: heading ? `${heading.text}\n\n${texts.get('ask.cert_type.title', locale)}` : texts.get('ask.cert_type.text', locale),
      actions: [
        choose('joint', texts.get('cert_type.joint', locale)),
        choose('financial', texts.get('cert_type.financial', locale)),
        ...(heading ? [] : [{ title: texts.get('ask.cert_type.unsure', locale), data: { action: 'nav', move: 'explain' } } as CardAction]),
        homeAction(texts, locale),
      ],
    });
  }
  if (field === 'institution') {
    return choiceCardData({
      title: texts.get('ask.institution.title', locale),
      text: texts.get('ask.institution.text', locale),
      actions: [...institutionChoices(procedures, slots).map((i) => choose(i, texts.get(`institution.${i}`, locale))), homeAction(texts, locale)],
    });
  }
  const candidates = candidatesFor(procedures, slots);
  // Copying differs by direction, not by channel: name each choice by its procedure (PC → 휴대폰).
  const copying = slots.kind === 'copy_cert';
  const label = (channel: Procedure['channel']) =>
    copying ? pickerFor(locale)(candidates.find((p) => p.channel === channel)!.title) : texts.get(`channel.${channel}`, locale);
  return choiceCardData({
    title: texts.get(copying ? 'ask.copy_direction.title' : 'ask.channel.title', locale),
    actions: [...channelsOf(candidates).map((channel) => choose(channel, label(channel))), homeAction(texts, locale)],
  });
}

/** 기관 바꾸기, when another institution has a version of its own to change to. */
function changeInstitution(procedure: Procedure, procedures: readonly Procedure[], texts: Texts, locale: Locale): CardAction[] {
  return hasOwnVersions(procedures, procedure)
    ? [{ title: texts.get('nav.change_institution', locale), data: { action: 'nav', move: 'change_institution' } }]
    : [];
}

const withoutQuestionMark = (title: string) => title.replace(/\?$/, '');

export function overviewCardData(procedure: Procedure, procedures: readonly Procedure[], texts: Texts, locale: Locale) {
  const pick = pickerFor(locale);
  return choiceCardData({
    title: pick(procedure.title),
    text: pick(procedure.summary),
    facts: [
      { title: withoutQuestionMark(texts.get('ask.institution.title', locale)), value: texts.get(`institution.${procedure.institution}`, locale) },
      { title: withoutQuestionMark(texts.get('ask.cert_type.title', locale)), value: texts.get(`cert_type.${procedure.certType}`, locale) },
      { title: withoutQuestionMark(texts.get('ask.channel.title', locale)), value: texts.get(`channel.${procedure.channel}`, locale) },
      { title: texts.get('intro.prerequisites', locale), value: '' },
    ].filter((fact) => fact.value !== ''),
    items: procedure.prerequisites.map(pick),
    note: pick(procedure.source),
    actions: [
      { title: texts.get('nav.start', locale), data: { action: 'nav', move: 'start', at: { procedureId: procedure.id, index: -1 } } },
      ...changeInstitution(procedure, procedures, texts, locale),
      homeAction(texts, locale),
    ],
  });
}

/** For agents on the phone: every step on one card, and a block to read aloud to the customer. */
export function compactCardData(procedure: Procedure, procedures: readonly Procedure[], texts: Texts, locale: Locale) {
  const pick = pickerFor(locale);
  const steps = procedure.steps.map((step, i) => `${i + 1}. ${pick(step.title)}`);
  return choiceCardData({
    title: `${pick(procedure.title)} · ${texts.get(`institution.${procedure.institution}`, locale)}`,
    text: pick(procedure.summary),
    items: procedure.steps.map((step, i) => `${i + 1}. ${pick(step.title)} — ${pick(step.text)}`),
    note: pick(procedure.source),
    readAloud: {
      title: texts.get('agent.read_aloud.title', locale),
      text: texts.get('agent.read_aloud', locale, {
        summary: pick(procedure.summary),
        prerequisites: procedure.prerequisites.map(pick).join(', '),
        steps: steps.join(' → '),
      }),
    },
    actions: [
      { title: texts.get('nav.trouble', locale), data: { action: 'nav', move: 'trouble' } },
      ...changeInstitution(procedure, procedures, texts, locale),
      homeAction(texts, locale),
    ],
  });
}

/** Where a step says "open the app" / "go to the site": the institution's own, as link buttons. */
export function stepLinks(procedure: Procedure, index: number, institutions: Institutions | undefined, locale: Locale): CardLink[] {
  const opens = procedure.steps[index]?.opens ?? [];
  const info = procedure.institution === 'other' ? undefined : institutions?.[procedure.institution];
  if (!info) return [];
  const pick = pickerFor(locale);
  return opens.map((target) => ({ title: pick(info[target].label), url: info[target].url }));
}

/** The data of the 'step' template: one step, its links, with 이전 / 다음 (완료) / 잘 안 돼요 / 처음으로. */
export function stepCardData(procedure: Procedure, index: number, texts: Texts, locale: Locale, institutions?: Institutions) {
  const pick = pickerFor(locale);
  const step = procedure.steps[index];
  const last = index === procedure.steps.length - 1;
  const at = { procedureId: procedure.id, index };
  const actions: CardAction[] = [
    ...(index > 0 ? [{ title: texts.get('nav.prev', locale), data: { action: 'nav', move: 'prev', at } } as CardAction] : []),
    { title: texts.get(last ? 'nav.finish' : 'nav.next', locale), data: { action: 'nav', move: 'next', at } },
    { title: texts.get('nav.trouble', locale), data: { action: 'nav', move: 'trouble', at } },
    homeAction(texts, locale),
  ];
  return {
    procedureTitle: `${pick(procedure.title)} · ${texts.get(`institution.${procedure.institution}`, locale)}`,
    progress: texts.get('nav.progress', locale, { current: index + 1, total: procedure.steps.length }),
    stepTitle: pick(step.title),
    text: pick(step.text),
    tip: step.tip ? pick(step.tip) : '',
    caution: step.caution ? pick(step.caution) : '',
    links: stepLinks(procedure, index, institutions, locale),
    actions,
  };
}

/** What success looks like, and 도움이 되었나요? */
export function doneCardData(procedure: Procedure, texts: Texts, locale: Locale) {
  const feedback = (helpful: boolean): CardAction => ({
    title: texts.get(helpful ? 'feedback.yes' : 'feedback.no', locale),
    data: { action: 'feedback', helpful, procedureId: procedure.id },
  });
  return choiceCardData({
    title: texts.get('done.title', locale),
    text: pickerFor(locale)(procedure.success),
    note: texts.get('done.feedback', locale),
    actions: [
      feedback(true),
      feedback(false),
      { title: texts.get('nav.prev', locale), data: { action: 'nav', move: 'prev', at: { procedureId: procedure.id, index: procedure.steps.length } } },
      homeAction(texts, locale),
    ],
  });
}
