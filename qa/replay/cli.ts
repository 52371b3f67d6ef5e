import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs as parseNodeArgs } from 'node:util';
import { loadResources } from '../../bot/create-assistant.js';
import { directLineTarget, type EndOfTurn } from './direct-line.js';
import { assistantTarget } from './in-process.js';
import { toJUnit } from './junit.js';
import { formatResult, formatSummary } from './report.js';
import { replay } from './replay.js';
import type { Target } from './target.js';

export const USAGE = `usage: npm run -s replay -- [--junit FILE] [--update] [--filter TEXT] [--url http://host:port]
                            [--end-of-turn marked|silence] [--timeout MS] [--concurrency N] [PATH...]
  PATH      *.test.yaml / *.transcript / Botium *.convo.txt files or folders (default: test/transcripts)
  --url     replay against a running server through its Direct Line channel instead of in-process
  --end-of-turn  with --url: 'marked' (default) ends a turn at the bot's reply marked expectingInput,
            else after 250 ms of silence; 'silence' ignores the marks
  --update  rewrite exact-text expectations from the actual replies (regex ones are left alone)`;

export interface CliArgs {
  paths: string[];
  junit?: string;
  update: boolean;
  filter?: string;
  url?: string;
  endOfTurn?: EndOfTurn;
  timeoutMs?: number;
  concurrency?: number;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new UsageError('');
  const positive = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number, not "${text}"`);
    return n;
  };
  const args: CliArgs = { paths: positionals.length > 0 ? positionals : ['test/transcripts'], update: values.update };
  if (values.junit !== undefined) args.junit = values.junit;
  if (values.filter !== undefined) args.filter = values.filter;
  if (values.url !== undefined) {
    if (!/^https?:\/\/[^/]+/.test(values.url)) throw new UsageError(`--url must look like http://host:port, not "${values.url}"`);
    args.url = values.url.replace(/\/$/, '');
  }
  const mode = values['end-of-turn'];
  if (mode !== undefined) {
    if (mode !== 'marked' && mode !== 'silence') throw new UsageError(`--end-of-turn must be marked or silence, not "${mode}"`);
    args.endOfTurn = mode;
  }
  const timeoutMs = positive('--timeout', values.timeout);
  if (timeoutMs !== undefined) args.timeoutMs = timeoutMs;
  const concurrency = positive('--concurrency', values.concurrency);
  if (concurrency !== undefined) args.concurrency = concurrency;
  return args;
}

function parseOptions(argv: string[]) {
  return parseNodeArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      junit: { type: 'string' },
      update: { type: 'boolean', default: false },
      filter: { type: 'string' },
      url: { type: 'string' },
      'end-of-turn': { type: 'string' },
      timeout: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** The replay command; returns the exit code (0 only when every script passed). */
export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      out(error.message ? `${error.message}\n${USAGE}` : USAGE);
      return error.message ? 2 : 0;
    }
    throw error;
  }
  let target: Target;
  if (args.url) {
    target = directLineTarget(args.url, { endOfTurn: args.endOfTurn });
  } else {
    const loading = performance.now();
    const resources = await loadResources();
    out(`loaded content and trained the recogniser in ${((performance.now() - loading) / 1000).toFixed(2)} s`);
    target = assistantTarget(resources);
  }
  const run = await replay(args.paths, target, {
    filter: args.filter,
    update: args.update,
    turnTimeoutMs: args.timeoutMs ?? (args.url ? 15_000 : undefined),
    concurrency: args.concurrency ?? (args.url ? 4 : 16),
    onResult: (result) => out(formatResult(result)),
  });
  if (run.results.length === 0) {
    out(`no scripts found in ${args.paths.join(' ')}${args.filter ? ` matching "${args.filter}"` : ''}`);
    return 1;
  }
  if (args.junit) {
    // The report folder (e.g. test/artifacts/, ignored by git) may not exist on a fresh checkout.
    await mkdir(path.dirname(args.junit), { recursive: true });
    await writeFile(args.junit, toJUnit(run.results, 'transcripts', run.seconds));
  }
  out(`${formatSummary(run.results, run.seconds, run.updated)} [${target.description}]`);
  return run.results.every((r) => r.passed) ? 0 : 1;
}
