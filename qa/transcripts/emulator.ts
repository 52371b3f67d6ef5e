import type { Activity } from 'botbuilder';

/**
 * One stored activity in the shape the Bot Framework Emulator reads from a `.transcript` file:
 * `from.role` is always `user` or `bot` (the logger marks incoming activities `user`; what the bot
 * sent carries the bot's account, often without a role), timestamps are ISO strings.
 */
export function toEmulatorActivity(activity: Partial<Activity>): Partial<Activity> {
  const role = activity.from?.role === 'user' ? 'user' : 'bot';
  const timestamp = activity.timestamp ? new Date(activity.timestamp as unknown as string).toISOString() : undefined;
  return {
    ...activity,
    ...(timestamp ? { timestamp: timestamp as unknown as Date } : {}),
    from: { ...(activity.from ?? { id: role, name: role }), role },
  };
}
