import type { Activity, Attachment } from 'botbuilder';
import { maskPhone } from '../handoff/phone.js';
import type { HeldSecrets } from './held-secrets.js';
import { PreviousMessages, redactDeep, redactText } from '../lib/redact.js';

/** What stands in for a callback number that is not a phone number at all (nothing of it is kept). */
export const UNREADABLE_PHONE = '[redacted:phone]';

// The fields of a client activity the bot or Web Chat uses; anything else a client sends is dropped.
const KEPT_FIELDS = [
  'type',
  'id',
  'channelId',
  'serviceUrl',
  'timestamp',
  'localTimestamp',
  'localTimezone',
  'conversation',
  'recipient',
  'textFormat',
  'locale',
  'inputHint',
  'attachmentLayout',
  'replyToId',
  'name',
  'valueType',
] as const;
const MASKED_TEXT_FIELDS = ['text', 'speak', 'summary', 'label'] as const;
// Web Chat matches its own message by this id when the channel echoes it: kept when it is one of its ids.
const CLIENT_ACTIVITY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const INSTITUTION_ID = /^[a-z][a-z0-9-]{1,31}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * The Direct Line channel's door: every activity a client posts passes here before the log, the
 * echo to streams, the bot, transcripts or logs see it. Typed text (also inside `value`, card
 * attachments, `speak`, `summary`) is masked, with the conversation's previous message as context
 * (a registration number split over two messages); `from.name`, unknown fields and `channelData`
 * other than Web Chat's `clientActivityID`/`clientTimestamp` and the page's `institution` id are dropped; file names are masked.
 *
 * The callback form's phone number is the one secret the bot must use: the door holds it in memory
 * (`HeldSecrets`) and leaves only its masked form and a random `phoneRef` in the activity; the
 * handler takes the number by that reference and the ticket store seals it.
 */
export class DirectLineDoor {
  private readonly previous = new PreviousMessages();

  constructor(private readonly held: HeldSecrets) {}

  readonly sanitizeIncoming = (activity: Activity): Activity => {
    const conversationId = activity.conversation?.id ?? '';
    const source = activity as unknown as Record<string, unknown>;
    const safe: Record<string, unknown> = {};
    for (const field of KEPT_FIELDS) if (source[field] !== undefined) safe[field] = redactStrings(source[field], field);
    for (const field of MASKED_TEXT_FIELDS) {
      if (typeof source[field] === 'string') safe[field] = redactText(source[field] as string, this.previous.contextOf(conversationId));
    }
    if (activity.from) safe.from = { id: activity.from.id, ...(activity.from.role ? { role: activity.from.role } : {}) };
    if (activity.value !== undefined) safe.value = this.safeValue(activity.value, conversationId);
    const channelData = webChatChannelData(activity.channelData);
    if (channelData) safe.channelData = channelData;
    if (Array.isArray(activity.entities)) safe.entities = activity.entities.map(clientCapability).filter(Boolean);
    if (Array.isArray(activity.attachments)) safe.attachments = activity.attachments.map(safeAttachment);
    if (typeof safe.text === 'string' && safe.text.trim()) this.previous.remember(conversationId, safe.text);
    return safe as unknown as Activity;
  };

  /** A file name the channel writes into a message of its own ("x.p12" is too large). */
  readonly sanitizeFileName = (name: string): string => redactText(name);

  private safeValue(value: unknown, conversationId: string): unknown {
    const masked = redactDeep(value);
    const form = value as { action?: unknown; phone?: unknown } | null;
    if (form && typeof form === 'object' && form.action === 'callback' && typeof form.phone === 'string') {
      const phoneRef = this.held.hold(form.phone, conversationId);
      return { ...(masked as object), phone: maskedPhone(form.phone), phoneRef };
    }
    return masked;
  }
}

function maskedPhone(phone: string): string {
  try {
    return maskPhone(phone);
  } catch {
    return UNREADABLE_PHONE;
  }
}

/** Identifiers and enums stay as they are unless they carry something that looks secret. */
function redactStrings(value: unknown, field: string): unknown {
  if (['conversation', 'recipient', 'timestamp', 'id', 'serviceUrl', 'channelId'].includes(field)) return value;
  return redactDeep(value);
}

function webChatChannelData(channelData: unknown): Record<string, string> | undefined {
  if (!channelData || typeof channelData !== 'object') return undefined;
  const { clientActivityID, clientTimestamp, institution } = channelData as { clientActivityID?: unknown; clientTimestamp?: unknown; institution?: unknown };
  const kept: Record<string, string> = {};
  if (typeof clientActivityID === 'string' && CLIENT_ACTIVITY_ID.test(clientActivityID) && redactText(clientActivityID) === clientActivityID) {
    kept.clientActivityID = clientActivityID;
  }
  if (typeof clientTimestamp === 'string' && ISO_TIME.test(clientTimestamp)) kept.clientTimestamp = clientTimestamp;
  // The page's institution (embed.js data-institution), an id like "woori": bot/institution-hint.ts.
  if (typeof institution === 'string' && INSTITUTION_ID.test(institution)) kept.institution = institution;
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** Web Chat's ClientCapabilities entity: its type and yes/no flags, nothing else. */
function clientCapability(entity: unknown): Record<string, unknown> | undefined {
  if (!entity || typeof entity !== 'object' || (entity as { type?: unknown }).type !== 'ClientCapabilities') return undefined;
  return Object.fromEntries(Object.entries(entity).filter(([key, flag]) => key === 'type' || typeof flag === 'boolean'));
}

/** Links and previews issued by the channel stay (the bot reads files by them); names and card texts are masked. */
function safeAttachment(attachment: Attachment): Attachment {
  const { contentType, contentUrl, thumbnailUrl, name, content } = attachment;
  return {
    contentType,
    ...(typeof contentUrl === 'string' ? { contentUrl } : {}),
    ...(typeof thumbnailUrl === 'string' ? { thumbnailUrl } : {}),
    ...(typeof name === 'string' ? { name: redactText(name) } : {}),
    ...(content !== undefined ? { content: redactDeep(content) } : {}),
  };
}
