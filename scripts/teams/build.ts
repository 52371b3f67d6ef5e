import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import type { TeamsPackageValues } from './config.js';
import { COLOR_ICON_SIZE, OUTLINE_ICON_SIZE } from './icons.js';
import { type Json, ManifestValidationError, checkLocalizationKeys, fillPlaceholders, schemaUrl, validateAgainstSchema } from './manifest.js';
import { iconProblems } from './png.js';

// Turns the appPackage/ template into the zip Teams accepts: placeholders filled, every file
// checked against the official schema (or the icon rules), all files at the zip root.

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const appPackageDir = path.join(repoRoot, 'appPackage');
export const MANIFEST_FILE = 'manifest.json';

// A fixed timestamp makes the zip depend only on its contents: re-packaging unchanged sources
// gives the same bytes (handy to tell whether a new upload is needed).
const ZIP_MTIME = new Date(2000, 0, 1);

export interface TeamsManifest {
  manifestVersion: string;
  icons: { color: string; outline: string; color32x32?: string };
  localizationInfo?: { additionalLanguages?: Array<{ languageTag: string; file: string }> };
  [key: string]: Json | undefined | object;
}

export interface TeamsAppPackage {
  /** The filled, validated manifest. */
  manifest: TeamsManifest;
  /** Names of the files in the zip, manifest first. */
  files: string[];
  zip: Uint8Array;
}

/** Builds the Teams app package from `sourceDir` (default appPackage/); throws ManifestValidationError. */
export function buildTeamsAppPackage(values: TeamsPackageValues, sourceDir = appPackageDir): TeamsAppPackage {
  const placeholders = { ...values };
  const manifest = fillPlaceholders(readJson(sourceDir, MANIFEST_FILE), placeholders, MANIFEST_FILE) as unknown as TeamsManifest;
  const version = typeof manifest.manifestVersion === 'string' ? manifest.manifestVersion : '';
  validateAgainstSchema('manifest', manifest, version, MANIFEST_FILE);
  expectSchemaUrl(manifest, schemaUrl('manifest', version), MANIFEST_FILE);

  const entries: Record<string, Uint8Array> = { [MANIFEST_FILE]: jsonBytes(manifest) };

  for (const { file } of manifest.localizationInfo?.additionalLanguages ?? []) {
    const localization = fillPlaceholders(readJson(sourceDir, file), placeholders, file) as Record<string, Json>;
    validateAgainstSchema('localization', localization, version, file);
    expectSchemaUrl(localization, schemaUrl('localization', version), file);
    checkLocalizationKeys(manifest as unknown as Json, localization, file);
    entries[file] = jsonBytes(localization);
  }

  const icons: Array<[string | undefined, number, 'color' | 'outline']> = [
    [manifest.icons.color, COLOR_ICON_SIZE, 'color'],
    [manifest.icons.outline, OUTLINE_ICON_SIZE, 'outline'],
    [manifest.icons.color32x32, OUTLINE_ICON_SIZE, 'color'],
  ];
  const problems: string[] = [];
  for (const [file, size, kind] of icons) {
    if (file === undefined) continue;
    const bytes = readPackageFile(sourceDir, file);
    problems.push(...iconProblems(file, bytes, size, kind));
    entries[file] = bytes;
  }
  if (problems.length > 0) throw new ManifestValidationError('icons', problems);

  return { manifest, files: Object.keys(entries), zip: zipSync(entries, { level: 9, mtime: ZIP_MTIME }) };
}

/** Reads a file the manifest refers to; only plain names are allowed because Teams reads the zip root. */
function readPackageFile(sourceDir: string, file: string): Uint8Array {
  if (file !== path.basename(file) || file.startsWith('.')) {
    throw new ManifestValidationError(file, ['패키지 파일은 zip 최상위에 있어야 합니다 / package files must be plain names at the zip root']);
  }
  const fullPath = path.join(sourceDir, file);
  if (!existsSync(fullPath)) {
    throw new ManifestValidationError(file, [`파일이 없습니다 / file not found: ${fullPath}`]);
  }
  return readFileSync(fullPath);
}

function readJson(sourceDir: string, file: string): Json {
  const text = Buffer.from(readPackageFile(sourceDir, file)).toString('utf8');
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new ManifestValidationError(file, [`JSON 형식 오류 / invalid JSON: ${(error as Error).message}`]);
  }
}

function expectSchemaUrl(document: object, expected: string, file: string): void {
  const actual = (document as { $schema?: unknown }).$schema;
  if (actual !== expected) {
    throw new ManifestValidationError(file, [
      `$schema: manifestVersion과 맞지 않습니다 / does not match manifestVersion: expected ${expected}, got ${JSON.stringify(actual)}`,
    ]);
  }
}

function jsonBytes(document: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`);
}
