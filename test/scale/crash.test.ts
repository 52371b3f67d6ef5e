import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { describePostgres } from '../../storage/postgres/test-support.js';
import { countAcknowledged, post, readAll, startConversation, type Conversation } from '../support/crash-load.js';
import { startCluster, type Cluster } from './cluster.js';

/**
 * Issue 12, "crash": two instances on one PostgreSQL serve 50 conversations that post without
 * pause; one instance is killed with SIGKILL, five times (alternating). After each kill, on the
 * surviving instance: every post that was acknowledged (200 with an id) is stored, every
 * conversation goes on (a new post is answered and readable), and no activity is stored twice.
 * (test/adversarial/sigkill.test.ts proves the same for one lowdb process.)
 */
jest.setTimeout(900_000);

const CONVERSATIONS = 50;
const KILLS = 5;
const ACKS_BEFORE_KILL = 60;

describePostgres(`SIGKILL under load on PostgreSQL (${CONVERSATIONS} conversations, ${KILLS} kills, two instances)`, () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(2);
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  /** Each conversation posts in a loop to its instance until that instance goes away or `until` says stop. */
  async function drive(conversation: Conversation, base: string, round: number, stop: { now: boolean }): Promise<void> {
    for (let i = 0; !stop.now; i++) {
      try {
        const id = await post(base, conversation, `안녕하세요 ${round}-${i}`);
        if (!id) return;
        conversation.acknowledged.push(id);
      } catch {
        return; // the instance was killed under this request
      }
    }
  }

  async function problems(base: string, conversation: Conversation): Promise<string[]> {
    const { activities, watermark } = await readAll(base, conversation);
    const stored = activities.map((activity) => activity.id);
    const found: string[] = [];
    const lost = conversation.acknowledged.filter((id) => !stored.includes(id));
    if (lost.length > 0) found.push(`${conversation.id}: acknowledged but lost ${lost.join(', ')}`);
    if (new Set(stored).size !== stored.length) found.push(`${conversation.id}: an activity is stored twice`);
    const id = await post(base, conversation, '처음으로');
    if (!id) return [...found, `${conversation.id}: a new post was refused`];
    conversation.acknowledged.push(id);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const after = await readAll(base, conversation, watermark);
      if (after.activities.some((activity) => activity.replyToId === id && activity.from.role === 'bot')) return found;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return [...found, `${conversation.id}: stuck at watermark ${watermark} (the new post was never answered)`];
  }

  test('0 lost acknowledged posts, 0 stuck conversations, 0 duplicate activities', async () => {
    const conversations = await Promise.all(Array.from({ length: CONVERSATIONS }, (_, n) => startConversation(cluster.url(n % 2))));
    const total = () => countAcknowledged(conversations);
    let before = 0;
    for (let round = 1; round <= KILLS; round++) {
      const victim = round % 2;
      const survivor = 1 - victim;
      const stop = { now: false };
      // Half the conversations post through the victim, half through the survivor (any instance serves any conversation).
      const load = conversations.map((conversation, n) => drive(conversation, cluster.url((n + round) % 2), round, stop));
      const deadline = Date.now() + 60_000;
      while (total() < before + ACKS_BEFORE_KILL && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      await cluster.kill(victim, 'SIGKILL');
      stop.now = true;
      await Promise.all(load);
      expect(total()).toBeGreaterThanOrEqual(before + ACKS_BEFORE_KILL);
      // Checked on the survivor while the victim restarts.
      const restart = cluster.start(victim);
      const found = (await Promise.all(conversations.map((conversation) => problems(cluster.url(survivor), conversation)))).flat();
      expect({ round, problems: found }).toEqual({ round, problems: [] });
      await restart;
      before = total();
    }
    // Across the database: no activity id twice, no hole in any conversation's sequence.
    const duplicates = await cluster.pool.query(`SELECT activity->>'id' AS id FROM dl_activities GROUP BY 1 HAVING count(*) > 1`);
    expect(duplicates.rows).toEqual([]);
    const holes = await cluster.pool.query(`SELECT conversation_id FROM dl_activities GROUP BY 1 HAVING max(seq) <> count(*)`);
    expect(holes.rows).toEqual([]);
  });
});
