import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { LIMITS, stampBotActivity, stampClientActivity } from './activities.js';
import { DirectLineError } from './errors.js';

const context = { conversationId: 'conv-1', serviceUrl: 'http://127.0.0.1:1/v3/directline', now: Date.parse('2026-01-01T00:00:00Z') };

describe('stampClientActivity', () => {
  test('any JSON value is either a stamped activity or a 4xx DirectLineError — never another exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.record({ type: fc.jsonValue(), text: fc.jsonValue(), from: fc.jsonValue(), attachments: fc.jsonValue() })),
        (value) => {
          try {
            const activity = stampClientActivity(value, { ...context, boundUserId: undefined });
            expect(activity.channelId).toBe('directline');
            expect(activity.conversation.id).toBe('conv-1');
            expect(activity.from.role).toBe('user');
            expect(typeof activity.from.id).toBe('string');
          } catch (error) {
            expect(error).toBeInstanceOf(DirectLineError);
            expect((error as DirectLineError).status).toBeGreaterThanOrEqual(400);
            expect((error as DirectLineError).status).toBeLessThan(500);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a bound user id wins over what the client claims; without one, from.id is required', () => {
    expect(stampClientActivity({ type: 'message', from: { id: 'claimed' } }, { ...context, boundUserId: 'dl_real' }).from).toEqual({
      id: 'dl_real',
      role: 'user',
    });
    expect(() => stampClientActivity({ type: 'message' }, context)).toThrow('from.id');
    expect(stampClientActivity({ type: 'message' }, { ...context, boundUserId: 'dl_real' }).from.id).toBe('dl_real');
  });

  test('forged identity fields are replaced or dropped: channel, conversation, recipient, serviceUrl, role, aadObjectId, callerId, deliveryMode', () => {
    const activity = stampClientActivity(
      {
        type: 'invoke',
        name: 'adaptiveCard/action',
        channelId: 'msteams',
        serviceUrl: 'http://attacker.example',
        conversation: { id: 'victim', tenantId: 't', conversationType: 'channel' },
        recipient: { id: 'agent', role: 'skill' },
        from: { id: 'claimed', name: '상담원', role: 'bot', aadObjectId: 'aad-agent' },
        callerId: 'urn:botframework:azure',
        deliveryMode: 'expectReplies',
      },
      { ...context, boundUserId: 'dl_real' },
    );
    expect(activity).toMatchObject({
      channelId: 'directline',
      serviceUrl: context.serviceUrl,
      conversation: { id: 'conv-1' },
      recipient: { id: 'bot', role: 'bot' },
      from: { id: 'dl_real', name: '상담원', role: 'user' },
    });
    expect(activity.conversation).toEqual({ id: 'conv-1' });
    expect(activity.from).not.toHaveProperty('aadObjectId');
    expect(activity).not.toHaveProperty('callerId');
    expect(activity).not.toHaveProperty('deliveryMode');
  });

  test('text limit is inclusive', () => {
    const from = { id: 'u' };
    expect(stampClientActivity({ type: 'message', from, text: 'x'.repeat(LIMITS.maxTextChars) }, context).text).toHaveLength(LIMITS.maxTextChars);
    expect(() => stampClientActivity({ type: 'message', from, text: 'x'.repeat(LIMITS.maxTextChars + 1) }, context)).toThrow(DirectLineError);
  });
});

describe('stampBotActivity', () => {
  test('bot activities always come from the bot and go to the conversation’s user', () => {
    const activity = stampBotActivity({ type: 'message', text: 'hi', id: 'x', from: { id: 'other', name: 'n' } }, 'conv-1', 'dl_u', context.now);
    expect(activity).toMatchObject({
      type: 'message',
      text: 'hi',
      channelId: 'directline',
      conversation: { id: 'conv-1' },
      from: { id: 'bot', role: 'bot' },
      recipient: { id: 'dl_u', role: 'user' },
      timestamp: '2026-01-01T00:00:00.000Z',
    });
    expect(activity.id).toBeUndefined();
    expect(() => stampBotActivity({ text: 'no type' }, 'conv-1', undefined, context.now)).toThrow('type');
  });
});
