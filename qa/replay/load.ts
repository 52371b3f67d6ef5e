import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseConvo } from './parse-convo.js';
import { parseTranscript } from './parse-transcript.js';
import { parseYamlScript } from './parse-yaml.js';
import { ScriptError, type Script } from './script.js';

export const isScriptFile = (file: string) => /\.test\.ya?ml$/.test(file) || file.endsWith('.transcript') || file.endsWith('.convo.txt');

/** Script files under the given files/folders, sorted; a path that does not exist is an error. */
export function findScripts(paths: string[]): string[] {
  const found = new Set<string>();
  const visit = (entry: string, explicit: boolean) => {
    let stat;
    try {
      stat = statSync(entry);
    } catch {
      throw new Error(`no such file or folder: ${entry}`);
    }
    if (stat.isDirectory()) {
      for (const child of readdirSync(entry)) if (!child.startsWith('.') && child !== 'node_modules') visit(path.join(entry, child), false);
    } else if (explicit || isScriptFile(entry)) {
      found.add(path.resolve(entry));
    }
  };
  for (const entry of paths) visit(entry, true);
  return [...found].sort();
}

/** A script, or the error that makes it unreadable (reported as that script's failure). */
export type Loaded = { ok: true; script: Script } | { ok: false; file: string; error: ScriptError };

export function loadScript(file: string): Loaded {
  try {
    const source = readFileSync(file, 'utf8');
    const script = file.endsWith('.transcript')
      ? parseTranscript(source, file)
      : file.endsWith('.convo.txt')
        ? parseConvo(source, file)
        : parseYamlScript(source, file);
    return { ok: true, script };
  } catch (error) {
    const scriptError = error instanceof ScriptError ? error : new ScriptError(file, undefined, (error as Error).message);
    return { ok: false, file, error: scriptError };
  }
}

/** `--filter`: a script is kept when its name or path contains the text (case-insensitive). */
export function matchesFilter(loaded: Loaded, filter: string | undefined): boolean {
  if (!filter) return true;
  const needle = filter.toLowerCase();
  const name = loaded.ok ? loaded.script.name : '';
  return name.toLowerCase().includes(needle) || (loaded.ok ? loaded.script.file : loaded.file).toLowerCase().includes(needle);
}
