import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { viewReply } from './reply-view.js';
import { DEFAULT_LOCALE, DEFAULT_NOW, ScriptError, type Script, type Step } from './script.js';

/** Activity types a user side sends; the bot's typing indicators depend on timing and are ignored. */
const REPLAYED_USER_TYPES = new Set(['message', 'event', 'conversationUpdate', 'invoke', 'messageReaction']);
const IGNORED_BOT_TYPES = new Set(['typing', 'trace']);

const isUser = (activity: Partial<Activity>) => activity.from?.role === 'user';

/**
 * Reads an Emulator `.transcript` (a JSON array of activities): each user activity becomes a step
 * that sends it again; each bot activity becomes a strict expectation of the next reply (type, text,
 * attachment types, card texts and button titles). Ids, timestamps and addresses are not compared.
 *
 * File bytes are never recorded, so a recorded upload is replayed from `<name>.files/<file name>`
 * next to the transcript when that file exists; otherwise that step fails saying so.
 */
export function parseTranscript(source: string, file: string): Script {
  let activities: unknown;
  try {
    activities = JSON.parse(source);
  } catch (error) {
    throw new ScriptError(file, undefined, `not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(activities)) throw new ScriptError(file, undefined, 'a .transcript must be a JSON array of activities');
  const filesDir = file.replace(/\.transcript$/, '.files');
  const steps: Step[] = [];
  let locale: string | undefined;
  let now: Date | undefined;
  activities.forEach((raw, index) => {
    const activity = raw as Partial<Activity>;
    const at = index + 1; // "line" of a transcript step: the activity's position in the array
    if (!activity || typeof activity !== 'object' || typeof activity.type !== 'string') {
      throw new ScriptError(file, undefined, `activity #${at} has no type`);
    }
    if (isUser(activity)) {
      if (!REPLAYED_USER_TYPES.has(activity.type)) return;
      locale ??= activity.locale;
      now ??= activity.timestamp ? new Date(activity.timestamp as unknown as string) : undefined;
      const { activity: replayed, missingFile } = userActivity(activity, filesDir);
      steps.push({ kind: 'send', line: at, activity: replayed, ...(missingFile ? { missingFile } : {}) });
    } else if (!IGNORED_BOT_TYPES.has(activity.type)) {
      steps.push({ kind: 'bot', line: at, assertion: { line: at, exact: viewReply(activity) } });
    }
  });
  return {
    name: path.basename(file),
    file,
    locale: locale ?? DEFAULT_LOCALE,
    now: now && !Number.isNaN(now.getTime()) ? now : DEFAULT_NOW,
    steps,
  };
}

/** What the user sent, without the recording's ids, addresses and times. */
function userActivity(recorded: Partial<Activity>, filesDir: string): { activity: Partial<Activity>; missingFile?: string } {
  const { type, text, value, name, locale, attachments, membersAdded, membersRemoved, channelData } = recorded;
  const activity: Partial<Activity> = { type, ...{ text, value, name, locale, membersAdded, membersRemoved, channelData } };
  for (const key of Object.keys(activity) as (keyof Activity)[]) if (activity[key] === undefined) delete activity[key];
  if (!attachments?.length) return { activity };
  let missingFile: string | undefined;
  activity.attachments = attachments.map((attachment) => {
    if (attachment.content !== undefined) return attachment;
    const fixture = path.join(filesDir, path.basename(attachment.name ?? 'file'));
    if (!existsSync(fixture)) missingFile ??= fixture;
    return { contentType: attachment.contentType, name: attachment.name, contentUrl: `file://${fixture}` };
  });
  return { activity, ...(missingFile ? { missingFile } : {}) };
}
