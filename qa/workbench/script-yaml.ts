import { stringify } from 'yaml';

// Replay scripts (`*.test.yaml`) as the corpus recorder (qa/recorder) and the QA workbench's "replay
// script" download both write them: one writer, here in the product so the workbench may use it.

/** What a `bot` step asserts, as the recorder writes it. */
export type BotAssertion =
  { none: true } | { text: string } | { says?: string; card: { title: string; text?: string | RegExp; actions: string[] }; suggested?: string[] };

/** One step of a script as the recorder writes it (a subset of the replayer's YAML format). */
export type ScriptStep =
  { join: true } | { user: string } | { click: string } | { upload: string } | { event: { name: string; value: unknown } } | { bot: BotAssertion };

export interface ScriptFile {
  name: string;
  locale: string;
  now?: string;
  /** The first comment line: who made the file (default: the corpus recorder). */
  header?: string;
  /** Why this script exists, as comment lines at the top. */
  comment?: string[];
  steps: ScriptStep[];
}

/** Text that YAML would read as something else (or the replayer as a regex) is written as a JSON string. */
function scalar(text: string, inFlow = false): string {
  const risky =
    text === '' ||
    /^[\s\-?:,[\]{}#&*!|>'"%@`/]/.test(text) ||
    /\s$/.test(text) ||
    /:( |$)|\s#|\n/.test(text) ||
    (inFlow && /[,[\]{}]/.test(text)) ||
    /^(true|false|null|~|yes|no|on|off|[-+]?[\d._]+)$/i.test(text);
  return risky ? JSON.stringify(text) : text;
}

/** Single-quoted, so a regex's backslashes read as written. */
const regex = (pattern: RegExp) => `'${String(pattern).replace(/'/g, "''")}'`;
const list = (items: string[]) => `[ ${items.map((item) => scalar(item, true)).join(', ')} ]`;

function stepLines(step: ScriptStep): string[] {
  if ('join' in step) return ['  - join: true'];
  if ('user' in step) return [`  - user: ${scalar(step.user)}`];
  if ('click' in step) return [`  - click: ${scalar(step.click)}`];
  if ('upload' in step) return [`  - upload: ${scalar(step.upload)}`];
  if ('event' in step) {
    const value = stringify(step.event.value, { lineWidth: 0 })
      .trimEnd()
      .split('\n')
      .map((line) => `        ${line}`);
    return ['  - event:', `      name: ${scalar(step.event.name)}`, '      value:', ...value];
  }
  const bot = step.bot;
  if ('none' in bot) return ['  - bot: { none: true }'];
  if ('text' in bot) return [`  - bot: { text: ${scalar(bot.text, true)} }`];
  const { title, text, actions } = bot.card;
  return [
    '  - bot:',
    ...(bot.says === undefined ? [] : [`      says: ${scalar(bot.says)}`]),
    '      card:',
    `        title: ${scalar(title)}`,
    ...(text === undefined ? [] : [`        text: ${text instanceof RegExp ? regex(text) : scalar(text)}`]),
    `        actions: ${list(actions)}`,
    ...(bot.suggested ? [`      suggested: ${list(bot.suggested)}`] : []),
  ];
}

/** The script as YAML that reads like a hand-written one. */
export function renderScript(file: ScriptFile): string {
  const lines = [
    `# ${file.header ?? 'Recorded by `npm run -s corpus:record` (scripts/record-corpus.ts) from the real bot; review changes with git diff.'}`,
    ...(file.comment ?? []).map((line) => `# ${line}`),
    `name: ${scalar(file.name)}`,
    ...(file.locale === 'ko-KR' ? [] : [`locale: ${file.locale}`]),
    ...(file.now ? [`now: ${file.now}`] : []),
    'steps:',
    ...file.steps.flatMap(stepLines),
  ];
  return `${lines.join('\n')}\n`;
}
