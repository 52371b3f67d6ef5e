import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { renderReply, viewReply, visibleTexts, type ReplyView } from '../replay/reply-view.js';
import { DEFAULT_NOW, type Script } from '../replay/script.js';
import { contentTypeFor, type Conversation, type Target } from '../replay/target.js';
import type { BotAssertion, ScriptStep } from '../workbench/script-yaml.js';
import { clickablesOf, type Clickable } from '../replay/runner.js';

/** What the recorder writes for a reply: the card's title and buttons, or the message text. */
export interface ReplyNote {
  /** A text of the card (or the message) to assert too: the part that identifies this reply. */
  mark?: string | RegExp;
  /** Text that must be somewhere on the reply too (e.g. the masked owner on a check result). */
  says?: string;
}

/**
 * One recorded conversation with the real bot: every input is sent as the replayer will send it,
 * and every reply becomes a strict `bot` step (card title + exact buttons, plus an identifying
 * text when the plan names one). Plans check what they got with `expectTitle` so that a recording
 * that went somewhere unexpected stops with a clear message instead of writing a wrong script.
 */
export class Session {
  readonly steps: ScriptStep[] = [];
  private history: Partial<Activity>[] = [];
  /** The replies of the last turn, for the plan to inspect. */
  last: ReplyView[] = [];
  private lastRaw: Partial<Activity>[] = [];

  private constructor(
    private readonly conversation: Conversation,
    readonly locale: string,
    readonly file: string,
  ) {}

  static async open(target: Target, options: { name: string; file: string; locale: string; now?: Date }): Promise<Session> {
    const script: Script = { name: options.name, file: options.file, locale: options.locale, now: options.now ?? DEFAULT_NOW, steps: [] };
    return new Session(await target.open(script), options.locale, options.file);
  }

  async close(): Promise<void> {
    await this.conversation.close();
  }

  async join(note: ReplyNote = {}): Promise<this> {
    this.steps.push({ join: true });
    return this.turn({ type: 'conversationUpdate' }, [], note);
  }

  async user(text: string, note: ReplyNote = {}): Promise<this> {
    this.steps.push({ user: text });
    return this.turn({ type: 'message', text }, [], note);
  }

  /** Clicks the most recent button with this title (as the replayer does). */
  async click(title: string, note: ReplyNote = {}): Promise<this> {
    const button = this.findButton((b) => b.title === title);
    if (!button) throw new Error(`${this.file}: no button "${title}"; last buttons: ${this.lastButtons().join(' | ')}`);
    this.steps.push({ click: title });
    return this.turn({ type: 'message', ...button.activity }, [], note);
  }

  /** Clicks the button whose data matches (e.g. a `choose` for an institution), by its title. */
  async clickData(predicate: (data: Record<string, unknown>) => boolean, note: ReplyNote = {}): Promise<this> {
    const button = this.findButton((b) => Boolean(b.data) && typeof b.data === 'object' && predicate(b.data as Record<string, unknown>));
    if (!button) throw new Error(`${this.file}: no matching button; last buttons: ${this.lastButtons().join(' | ')}`);
    return this.click(button.title, note);
  }

  /** The data of the buttons on the last reply (to decide what to answer). */
  lastButtonData(): { title: string; data: Record<string, unknown> }[] {
    return this.lastRaw.flatMap(clickablesOf).map((b) => ({ title: b.title, data: (b.data ?? {}) as Record<string, unknown> }));
  }

  async upload(relative: string, note: ReplyNote = {}): Promise<this> {
    const file = path.resolve(path.dirname(this.file), relative);
    const bytes = await readFile(file);
    const name = path.basename(file);
    this.steps.push({ upload: relative });
    return this.turn({ type: 'message' }, [{ name, contentType: contentTypeFor(name), bytes }], note);
  }

  async event(name: string, value: unknown, note: ReplyNote = {}): Promise<this> {
    this.steps.push({ event: { name, value } });
    return this.turn({ type: 'event', name, value }, [], note);
  }

  /** Stops the recording when the last turn's card is not the one the plan meant to reach. */
  expectTitle(expected: string): this {
    const titles = this.last.flatMap((r) => r.cards.map((c) => c.title ?? ''));
    if (!titles.includes(expected))
      throw new Error(`${this.file}: expected a card "${expected}", got ${JSON.stringify(titles)} / ${JSON.stringify(this.last.map((r) => r.text))}`);
    return this;
  }

  private async turn(activity: Partial<Activity>, files: Parameters<Conversation['send']>[1], note: ReplyNote): Promise<this> {
    const outcome = await this.conversation.send({ ...activity, locale: this.locale }, files);
    if (outcome.errors.length > 0) throw new Error(`${this.file}: the bot failed: ${outcome.errors.map((e) => e.message).join('; ')}`);
    this.history.push(...outcome.replies);
    this.lastRaw = outcome.replies;
    this.last = outcome.replies.map(viewReply);
    if (this.last.length === 0) this.steps.push({ bot: { none: true } });
    const assertions = this.last.map((reply) => assertionFor(reply, note));
    const written = (key: 'text' | 'says') => assertions.some((a) => 'card' in a && (key === 'says' ? a.says : a.card.text) !== undefined);
    if (note.mark !== undefined && !written('text')) throw new Error(`${this.file}: no card of this turn shows ${String(note.mark)}: ${this.rendered()}`);
    if (note.says !== undefined && !written('says')) throw new Error(`${this.file}: no reply of this turn says ${note.says}: ${this.rendered()}`);
    for (const bot of assertions) this.steps.push({ bot });
    return this;
  }

  private rendered(): string {
    return this.last.map((reply) => renderReply(reply)).join('\n');
  }

  private findButton(test: (button: Clickable) => boolean): Clickable | undefined {
    for (let i = this.history.length - 1; i >= 0; i--) {
      const button = clickablesOf(this.history[i]).find(test);
      if (button) return button;
    }
    return undefined;
  }

  private lastButtons(): string[] {
    return this.lastRaw.flatMap(clickablesOf).map((b) => b.title);
  }
}

/** The assertion a reply is recorded as: title and buttons for a card, the text for a message. */
function assertionFor(reply: ReplyView, note: ReplyNote): BotAssertion {
  const card = reply.cards[0];
  if (!card) return { text: opening(reply.text ?? '') };
  const mark = note.mark;
  const found = mark !== undefined && card.texts.some((t) => (typeof mark === 'string' ? t.includes(mark) : mark.test(t)));
  const says = note.says !== undefined && visibleTexts(reply).some((t) => t.includes(note.says!)) ? { says: note.says } : {};
  // A question's choices are chips under the message (suggested actions) outside Teams.
  const suggested = reply.suggested.length > 0 ? { suggested: reply.suggested } : {};
  return { ...says, card: { title: card.title ?? '', ...(found ? { text: mark } : {}), actions: card.actions }, ...suggested };
}

/** A message is asserted by its opening words: enough to recognise it, loose enough to survive edits further on. */
function opening(text: string): string {
  const sentence = text.split(/(?<=[.!?。])\s|\n/)[0];
  return sentence.length <= 40 ? sentence : sentence.slice(0, 40);
}
