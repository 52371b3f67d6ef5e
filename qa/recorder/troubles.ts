import type { Locale } from '../../content/texts.js';
import type { TroubleNode, TroubleTree } from '../../content/schema.js';
import { pick, type RecordContext } from './context.js';
import type { Session } from './session.js';

/** How a person describes each problem without naming the certificate type (so every tree starts at its root). */
const KOREAN_COMPLAINT: Record<TroubleTree['id'], string> = {
  trouble_password: '인증서 비밀번호가 틀렸다고 나와요',
  trouble_expired: '인증서가 만료됐대요',
  trouble_unrecognized: '인증서가 목록에 안 보여요',
};

/** Short names for file names: password-joint_forgotten.test.yaml. */
const SHORT: Record<TroubleTree['id'], string> = {
  trouble_password: 'password',
  trouble_expired: 'expired',
  trouble_unrecognized: 'unrecognized',
};

type Path = { from: string; to: string }[];

/** The shortest answer path from the root to every node (breadth first, answers in card order). */
export function shortestPaths(tree: TroubleTree): Map<string, Path> {
  const paths = new Map<string, Path>([[tree.start, []]]);
  const queue = [tree.start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const option of tree.nodes[node].options) {
      if (paths.has(option.next)) continue;
      paths.set(option.next, [...paths.get(node)!, { from: node, to: option.next }]);
      queue.push(option.next);
    }
  }
  return paths;
}

/** What identifies a node's card besides its title (two nodes may share a title): its first check or its text. */
function markOf(node: TroubleNode, locale: Locale): string | undefined {
  const first = node.checklist[0] ?? node.text;
  return first ? pick(locale)(first) : undefined;
}

/** Clicks the answers of `path` from the root card, checking each card reached. */
async function follow(session: Session, tree: TroubleTree, path: Path, locale: Locale): Promise<void> {
  const text = pick(locale);
  for (const { from, to } of path) {
    const option = tree.nodes[from].options.find((o) => o.next === to)!;
    const node = tree.nodes[to];
    await session.click(text(option.label), { mark: markOf(node, locale) });
    session.expectTitle(text(node.title));
  }
}

async function openTree(ctx: RecordContext, session: Session, tree: TroubleTree, locale: Locale, how: 'text' | 'menu'): Promise<void> {
  const root = tree.nodes[tree.start];
  const note = { mark: markOf(root, locale) };
  if (how === 'text') {
    await session.user(KOREAN_COMPLAINT[tree.id], note);
  } else {
    await session.user(locale === 'en-US' ? 'hello' : '안녕하세요');
    await session.click(ctx.text('menu.trouble', locale));
    await session.click(ctx.text(`trouble.${tree.id}`, locale), note);
  }
  session.expectTitle(pick(locale)(root.title));
}

export async function recordTroubles(ctx: RecordContext): Promise<void> {
  for (const tree of ctx.resources.content.troubles) {
    const paths = shortestPaths(tree);
    const unreachable = Object.keys(tree.nodes).filter((id) => !paths.has(id));
    if (unreachable.length > 0) throw new Error(`${tree.id}: nodes no answer leads to: ${unreachable.join(', ')}`);
    const covered = new Set<string>();
    // Korean: every node, reached by its answers from the problem as a person would type it.
    for (const [id, path] of paths) {
      path.forEach((edge) => covered.add(`${edge.from}>${edge.to}`));
      const ko = pick('ko-KR');
      const route = path.map((edge) => ko(tree.nodes[edge.from].options.find((o) => o.next === edge.to)!.label));
      await ctx.record(
        `troubles/${SHORT[tree.id]}-${id}.test.yaml`,
        {
          name: `${ko(tree.nodes[tree.start].title)} → ${[...route, ko(tree.nodes[id].title)].join(' → ')}`,
          locale: 'ko-KR',
          comment: [`${tree.id}, node ${id}: reached by its answers from the root.`],
        },
        async (session) => {
          await openTree(ctx, session, tree, 'ko-KR', 'text');
          await follow(session, tree, path, 'ko-KR');
        },
      );
    }
    // Every other answer (an edge no shortest path took): its own script, so every branch is walked.
    for (const [from, node] of Object.entries(tree.nodes)) {
      for (const option of node.options) {
        if (covered.has(`${from}>${option.next}`)) continue;
        const path = [...paths.get(from)!, { from, to: option.next }];
        const ko = pick('ko-KR');
        await ctx.record(
          `troubles/${SHORT[tree.id]}-${from}-to-${option.next}.test.yaml`,
          {
            name: `${ko(node.title)} → ${ko(option.label)} → ${ko(tree.nodes[option.next].title)}`,
            locale: 'ko-KR',
            comment: [`${tree.id}: the answer from ${from} to ${option.next}.`],
          },
          async (session) => {
            await openTree(ctx, session, tree, 'ko-KR', 'text');
            await follow(session, tree, path, 'ko-KR');
          },
        );
      }
    }
    // English: the main paths, from the menu to every node where the diagnosis ends (no further answers).
    for (const [id, path] of paths) {
      if (tree.nodes[id].options.length > 0) continue;
      const en = pick('en-US');
      await ctx.record(
        `troubles/${SHORT[tree.id]}-${id}.en.test.yaml`,
        {
          name: `${en(tree.nodes[tree.start].title)} → … → ${en(tree.nodes[id].title)} (from the menu)`,
          locale: 'en-US',
          comment: [`${tree.id} in English: menu → ${id}.`],
        },
        async (session) => {
          await openTree(ctx, session, tree, 'en-US', 'menu');
          await follow(session, tree, path, 'en-US');
        },
      );
    }
  }
}
