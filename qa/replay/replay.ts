import { findScripts, loadScript, matchesFilter, type Loaded } from './load.js';
import { mapPool } from './pool.js';
import { applyUpdates, runScript, type RunOptions, type ScriptResult } from './runner.js';
import type { Target } from './target.js';

export interface ReplayOptions extends RunOptions {
  filter?: string;
  /** Rewrite exact-text expectations from the actual output (for review in the diff). */
  update?: boolean;
  /** Scripts in flight at once. */
  concurrency?: number;
  /** Called as each script finishes (progress output). */
  onResult?: (result: ScriptResult) => void;
}

export interface ReplayRun {
  results: ScriptResult[];
  /** Wall-clock seconds of running the scripts (loading resources not included). */
  seconds: number;
  updated: number;
}

function unreadable(loaded: Extract<Loaded, { ok: false }>): ScriptResult {
  const { file, error } = loaded;
  return {
    name: file.split('/').pop() ?? file,
    file,
    passed: false,
    failures: [{ line: error.line ?? 0, label: 'script', reason: error.reason, mismatches: [], actual: [] }],
    durationMs: 0,
    updates: [],
  };
}

/** Loads and runs every script found under `paths` against `target`, in parallel. */
export async function replay(paths: string[], target: Target, options: ReplayOptions = {}): Promise<ReplayRun> {
  const loaded = findScripts(paths)
    .map(loadScript)
    .filter((entry) => matchesFilter(entry, options.filter));
  const started = performance.now();
  let updated = 0;
  const results = await mapPool(loaded, options.concurrency ?? 16, async (entry) => {
    const result = entry.ok ? await runScript(entry.script, target, options) : unreadable(entry);
    if (entry.ok && options.update && result.updates.length > 0) {
      updated += await applyUpdates(entry.script, result.updates);
    }
    options.onResult?.(result);
    return result;
  });
  return { results, seconds: (performance.now() - started) / 1000, updated };
}
