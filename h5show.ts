import { loadResources } from './bot/create-assistant.js';
import { assistantTarget } from './qa/replay/in-process.js';
import { viewReply, renderReply } from './qa/replay/reply-view.js';
import { DEFAULT_NOW } from './qa/replay/script.js';
const target = assistantTarget(await loadResources());
const conv = await target.open({ name: 'x', file: 'x', locale: 'ko-KR', now: new Date(process.env.NOW ?? DEFAULT_NOW), steps: [] });
for (const arg of process.argv.slice(2)) {
  const activity = JSON.parse(arg);
  const out = await conv.send({ locale: 'ko-KR', ...activity });
  console.log('>>', arg);
  for (const r of out.replies) console.log(renderReply(viewReply(r), '   '), r.inputHint);
}
process.exit(0);
