// The API types this page shares with the server (type-only imports: nothing of the server is bundled).
import type { DirectLineChannel } from '../../directline/index.js';

/** POST /api/webchat/token answers with what the channel's generateToken gives. */
export type WebChatTokenResponse = Awaited<ReturnType<DirectLineChannel['generateToken']>>;
export type { CertReport } from '../../cert-core/index.js';
