import { MemoryStorage, TestAdapter, TurnContext, UserState, type Activity } from 'botbuilder';
import type { UserProfile } from '../dialogs/deps.js';
import { HeldSecrets } from './held-secrets.js';
import { DirectLineDoor } from './incoming.js';
import { institutionHint, rememberInstitutionHint } from './institution-hint.js';

const door = new DirectLineDoor(new HeldSecrets());
const incoming = (channelData: unknown) =>
  door.sanitizeIncoming({ type: 'message', text: 'hi', conversation: { id: 'c1' }, from: { id: 'u1' }, channelData } as unknown as Activity);

test('the door keeps the page institution id and nothing else a page might put beside it', () => {
  expect(incoming({ institution: 'woori', clientActivityID: 'a1', extra: 'x' }).channelData).toEqual({ institution: 'woori', clientActivityID: 'a1' });
  for (const junk of ['Woori', 'woori bank', '900101-1234567', 'w', 'x'.repeat(40), 42, { id: 'woori' }]) {
    expect(incoming({ institution: junk }).channelData).toBeUndefined();
  }
});

test('only an institution the assistant knows is a hint; a bank without its own guides means "other"', () => {
  expect(institutionHint({ channelData: { institution: 'woori' } })).toBe('woori');
  expect(institutionHint({ channelData: { institution: 'kb' } })).toBe('kb');
  expect(institutionHint({ channelData: { institution: 'evilbank' } })).toBeUndefined();
  expect(institutionHint({})).toBeUndefined();
});

async function profileAfter(start: UserProfile, institution: string): Promise<UserProfile> {
  const userState = new UserState(new MemoryStorage());
  const profile = userState.createProperty<UserProfile>('profile');
  const activity = {
    type: 'message',
    text: 'hi',
    channelId: 'directline',
    conversation: { id: 'c1' },
    from: { id: 'u1' },
    recipient: { id: 'bot' },
    channelData: { institution },
  };
  const context = new TurnContext(new TestAdapter(), activity as Activity);
  await profile.set(context, start);
  await rememberInstitutionHint(context, profile);
  return profile.get(context, {});
}

test("the page institution becomes the user's, unless the user already chose one", async () => {
  expect((await profileAfter({}, 'woori')).institution).toBe('woori');
  expect((await profileAfter({}, 'kb')).institution).toBe('other');
  expect((await profileAfter({ institution: 'epost' }, 'woori')).institution).toBe('epost');
});
