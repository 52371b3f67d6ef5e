import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContentError, loadContent } from './load.js';

/**
 * Throw-away copies of the real content folder, for tests that break one piece at a time and check
 * that the loader names the file and the path of the damage.
 */

const CONTENT_DIR = path.dirname(fileURLToPath(import.meta.url));
const CONTENT_FOLDERS = ['procedures', 'faq', 'troubles'];
const CONTENT_FILES = ['institutions.yaml', 'canned-answers.yaml'];
const copies: string[] = [];

export function copyOfContent(): string {
  const dir = emptyContentDir();
  for (const folder of CONTENT_FOLDERS) cpSync(path.join(CONTENT_DIR, folder), path.join(dir, folder), { recursive: true });
  for (const file of CONTENT_FILES) cpSync(path.join(CONTENT_DIR, file), path.join(dir, file));
  return dir;
}

export function emptyContentDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'content-test-'));
  copies.push(dir);
  return dir;
}

/** For afterAll: removes every copy made so far. */
export function removeContentCopies(): void {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The ContentError that loading `dir` throws (any other outcome fails the test). */
export function errorOf(dir: string): ContentError {
  try {
    loadContent(dir);
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error('expected a ContentError');
}

/** Rewrites one file of a copy; an edit that changes nothing is a broken test, so it throws. */
export function edit(dir: string, file: string, change: (text: string) => string): void {
  const full = path.join(dir, file);
  const before = readFileSync(full, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit did not change ${file}`);
  writeFileSync(full, after);
}
