import type { TopicIntent } from '../cards/card-data.js';
import type { TextKey } from '../content/texts.js';

/** What each grouped menu topic offers next (intents the router knows how to start). */
export const MENU_CHOICES: Record<'issue' | 'register' | 'trouble', { prompt: TextKey; intents: TopicIntent[] }> = {
  issue: { prompt: 'menu.issue.choose', intents: ['issue', 'reissue', 'renew', 'copy_cert'] },
  register: { prompt: 'menu.register.choose', intents: ['register_other', 'deregister_other'] },
  trouble: { prompt: 'menu.trouble.choose', intents: ['trouble_password', 'trouble_expired', 'trouble_unrecognized'] },
};
