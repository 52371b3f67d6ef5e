import type { Procedure } from '../content/schema.js';
import type { Recognition } from '../nlu/index.js';

// Slot filling for a guide, as pure decisions on the content: which procedure the user means, and
// what to ask when the content really offers a choice. The dialog (procedure-dialog.ts) acts on them.

export type Kind = Procedure['kind'];
export type Institution = Procedure['institution'];
export type CertType = Procedure['certType'];
export type Channel = Procedure['channel'];
/** What the guide may ask for, in this order. */
export type Field = 'certType' | 'institution' | 'channel';

export interface ProcedureOptions {
  kind: Kind;
  certType?: CertType;
  institution?: Institution;
  device?: string;
  /** Named in the question ("앱에서", "인터넷뱅킹으로"). */
  channel?: Channel;
}

export interface ProcedureState extends ProcedureOptions {
  topic: Kind;
  asking?: Field;
  /** The difference between the two types has been explained at this question. */
  explained?: boolean;
  procedureId?: string;
  /** -1 = the overview card, 0..n-1 = steps, n = the closing card. */
  index: number;
}

/** The slots known so far; `procedureId`/`index` are set once a procedure is chosen. */
export type Slots = Pick<ProcedureState, 'kind' | 'certType' | 'institution' | 'channel' | 'device'>;

/** What to do next: ask for one field, or show this procedure (with the slots it settled). */
export type SlotDecision = { ask: Field; slots: Slots } | { procedure: Procedure; slots: Slots };

/** The channel a sentence names, if any: 앱 / 어플 / app → the app; 인터넷뱅킹 / 홈페이지 → internet banking. */
export function channelIn(text: string): Channel | undefined {
  const compact = text.normalize('NFC').toLowerCase().replace(/\s+/g, '');
  if (/인터넷뱅킹|홈페이지|internetbanking|website/.test(compact)) return 'internet_banking';
  if (/앱|어플|원뱅킹|won뱅킹|스마트뱅킹|app/.test(compact)) return 'app';
  return undefined;
}

/** The institutions the content has procedures for, as the NLU's institution ids map onto them. */
export function contentInstitution(id: string | undefined): Institution | undefined {
  if (!id) return undefined;
  return id === 'epost' || id === 'woori' ? id : 'other';
}

/** The channel a device implies: a PC or Mac means internet banking, anything else the app. */
const channelOfDevice = (device: string): Channel => (device === 'pc' || device === 'mac' ? 'internet_banking' : 'app');

/**
 * Fills what the content settles by itself (only one type, one institution or one channel on offer,
 * or a channel the named device implies) and says what is still to ask, or which procedure it is.
 */
export function decideProcedure(procedures: readonly Procedure[], given: Slots): SlotDecision {
  const slots = { ...given };
  const ofKind = procedures.filter((p) => p.kind === slots.kind);
  if (!slots.certType || !ofKind.some((p) => p.certType === slots.certType)) {
    const types = unique(ofKind.map((p) => p.certType));
    if (types.length !== 1) return { ask: 'certType', slots };
    slots.certType = types[0];
  }
  if (!slots.institution) {
    const institutions = unique(ofKind.filter((p) => p.certType === slots.certType).map((p) => p.institution));
    if (institutions.length !== 1) return { ask: 'institution', slots };
    slots.institution = institutions[0];
  }
  const candidates = candidatesFor(procedures, slots);
  if (candidates.length === 0) throw new Error(`no procedure for ${slots.kind}/${slots.certType}`);
  const channels = channelsOf(candidates);
  if (!slots.channel || !channels.includes(slots.channel)) {
    const byDevice = slots.device ? channelOfDevice(slots.device) : undefined;
    if (channels.length === 1) slots.channel = channels[0];
    else if (byDevice && channels.includes(byDevice)) slots.channel = byDevice;
    else return { ask: 'channel', slots };
  }
  return { procedure: candidates.find((p) => p.channel === slots.channel)!, slots };
}

/** The institution's own versions of the procedure, or the generic 'other' ones when it has none. */
export function candidatesFor(procedures: readonly Procedure[], slots: Slots): Procedure[] {
  const ofType = procedures.filter((p) => p.kind === slots.kind && p.certType === slots.certType);
  const own = ofType.filter((p) => p.institution === slots.institution);
  return own.length > 0 ? own : ofType.filter((p) => p.institution === 'other');
}

export const channelsOf = (candidates: readonly Procedure[]): Channel[] => unique(candidates.map((p) => p.channel));

/** The institutions offered at the institution question: those with a version of their own, then 'other'. */
export function institutionChoices(procedures: readonly Procedure[], slots: Slots): Institution[] {
  const offered = procedures.filter((p) => p.kind === slots.kind && p.certType === slots.certType).map((p) => p.institution);
  return (['epost', 'woori', 'other'] as const).filter((i) => i === 'other' || offered.includes(i));
}

/** True when some institution has its own version of this kind of procedure (else 기관 바꾸기 changes nothing). */
export function hasOwnVersions(procedures: readonly Procedure[], slots: Pick<Slots, 'kind' | 'certType'>): boolean {
  return procedures.some((p) => p.kind === slots.kind && p.certType === slots.certType && p.institution !== 'other');
}

/** An answer typed in words rather than clicked: "우체국이요", "금융인증서", "앱으로". */
export function answerFromText(field: Field, recognition: Recognition | undefined): string | undefined {
  const entities = recognition?.entities;
  if (!recognition || !entities) return undefined;
  if (field === 'certType') return entities.certType;
  if (field === 'institution') return contentInstitution(entities.institution);
  if (entities.device) return channelOfDevice(entities.device);
  return channelIn(recognition.text);
}

/**
 * Another institution or certificate type named in the middle of a guide ("우리은행은요?"): what
 * to switch to, or undefined when the sentence names nothing new (or a type this kind does not have).
 */
export function switchNamed(
  procedures: readonly Procedure[],
  slots: Slots,
  entities: Recognition['entities'] | undefined,
): { institution?: Institution; certType?: CertType } | undefined {
  const institution = contentInstitution(entities?.institution);
  const named = entities?.certType;
  const certType = named && named !== slots.certType && procedures.some((p) => p.kind === slots.kind && p.certType === named) ? named : undefined;
  if ((!institution || institution === slots.institution) && !certType) return undefined;
  return { ...(institution ? { institution } : {}), ...(certType ? { certType } : {}) };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
