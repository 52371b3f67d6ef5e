// Records the transcript corpus (test/transcripts/**) from the real bot, walking the content:
// every procedure, every troubleshooting node, every FAQ, the uploads. The scripts are committed and
// replayed by jest and `npm run -s replay`; after re-recording, review what changed with git diff.
//   npm run -s corpus:record            write all scripts
//   npm run -s corpus:record -- --check exit 1 when a committed script differs from a new recording
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../bot/create-assistant.js';
import { assistantTarget } from '../qa/replay/in-process.js';
import { RecordContext } from '../qa/recorder/context.js';
import { recordPlans } from '../qa/recorder/plans.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/transcripts');

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const resources = await loadResources();
  const ctx = new RecordContext(resources, assistantTarget(resources), root);
  await recordPlans(ctx);
  let changed = 0;
  for (const script of ctx.recorded) {
    const file = path.join(root, script.path);
    let before: string | undefined;
    try {
      before = readFileSync(file, 'utf8');
    } catch {
      before = undefined;
    }
    if (before === script.yaml) continue;
    changed++;
    if (check) {
      console.log(`differs: ${script.path}`);
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, script.yaml);
    console.log(`${before === undefined ? 'new' : 'updated'}: ${script.path}`);
  }
  console.log(`${ctx.recorded.length} scripts recorded, ${changed} ${check ? 'differ' : 'written'}`);
  return check && changed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
