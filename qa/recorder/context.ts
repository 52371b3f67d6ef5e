import type { AssistantResources } from '../../bot/create-assistant.js';
import type { Locale, TextKey } from '../../content/texts.js';
import type { Target } from '../replay/target.js';
import { Session } from './session.js';
import { renderScript, type ScriptFile } from '../workbench/script-yaml.js';

/** A script the recorder produced: where it goes and what it says. */
export interface Recorded {
  /** Path relative to test/transcripts/. */
  path: string;
  yaml: string;
}

/** What every plan needs: the content and texts, the bot to record from, and where scripts go. */
export class RecordContext {
  readonly recorded: Recorded[] = [];

  constructor(
    readonly resources: AssistantResources,
    private readonly target: Target,
    /** test/transcripts/, absolute. */
    readonly root: string,
  ) {}

  text(key: TextKey, locale: Locale): string {
    return this.resources.texts.get(key, locale);
  }

  /** Records one conversation with `play` and keeps its script under `path`. */
  async record(
    path: string,
    header: { name: string; locale: Locale; now?: string; comment?: string[] },
    play: (session: Session) => Promise<unknown>,
  ): Promise<void> {
    const session = await Session.open(this.target, {
      name: header.name,
      file: `${this.root}/${path}`,
      locale: header.locale,
      ...(header.now ? { now: new Date(header.now) } : {}),
    });
    try {
      await play(session);
    } finally {
      await session.close();
    }
    const file: ScriptFile = { ...header, steps: session.steps };
    this.recorded.push({ path, yaml: renderScript(file) });
  }
}

export const pick = (locale: Locale) => (text: { ko: string; en: string }) => (locale === 'en-US' ? text.en : text.ko);
