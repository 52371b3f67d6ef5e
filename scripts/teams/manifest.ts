import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// Validation against the official Teams JSON schemas, read from the @microsoft/app-manifest
// package (it ships every published schema version), so nothing is fetched from the network.
// Those schemas are draft-04, hence ajv-draft-04 rather than Ajv's default draft-07/2020 class.

// Both packages are CommonJS with `exports.default`; under NodeNext the default import is the
// module object, so take `.default` (present at run time too).
const AjvDraft04 = AjvDraft04Module.default;
const addFormats = addFormatsModule.default;

const require = createRequire(import.meta.url);
const SCHEMA_ROOT = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');

export type SchemaKind = 'manifest' | 'localization';
const SCHEMA_FILES: Record<SchemaKind, string> = {
  manifest: 'MicrosoftTeams.schema.json',
  localization: 'MicrosoftTeams.Localization.schema.json',
};

/** The public URL a manifest (or localization file) of that version names in its `$schema`. */
export function schemaUrl(kind: SchemaKind, manifestVersion: string): string {
  return `https://developer.microsoft.com/en-us/json-schemas/teams/v${manifestVersion}/${SCHEMA_FILES[kind]}`;
}

/** Manifest versions (e.g. "1.30") of the stable v1.x schemas shipped by @microsoft/app-manifest, oldest first. */
export function shippedManifestVersions(): string[] {
  return readdirSync(SCHEMA_ROOT)
    .filter((name) => /^v1\.\d+$/.test(name))
    .map((name) => name.slice(1))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

export class ManifestValidationError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(kind: SchemaKind, manifestVersion: string, file: string): ValidateFunction {
  const key = `${kind}@${manifestVersion}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const schemaPath = path.join(SCHEMA_ROOT, `v${manifestVersion}`, SCHEMA_FILES[kind]);
  if (!/^1\.\d+$/.test(manifestVersion) || !existsSync(schemaPath)) {
    throw new ManifestValidationError(file, [
      `manifestVersion ${JSON.stringify(manifestVersion)}: @microsoft/app-manifest에 이 버전의 스키마가 없습니다 / no schema for this version in @microsoft/app-manifest (shipped: ${shippedManifestVersions().join(', ')})`,
    ]);
  }
  // strictTypes off: the official schemas use `additionalProperties` without `type` in places.
  // unicodeRegExp off: some localization key patterns are only valid as non-unicode JS regexps.
  const ajv = new AjvDraft04({ allErrors: true, verbose: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  validators.set(key, validate);
  return validate;
}

/** One readable line per schema error: where (JSON pointer), then what is wrong, Korean then English. */
export function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return `${where}: 필수 필드 '${String(params.missingProperty)}'가 없습니다 / missing required field '${String(params.missingProperty)}'`;
  }
  if (error.keyword === 'additionalProperties') {
    return `${where}: 허용되지 않는 필드 '${String(params.additionalProperty)}' / unknown field '${String(params.additionalProperty)}'`;
  }
  if (error.schemaPath.includes('/definitions/guid/')) {
    return `${where}: GUID가 아닙니다 / not a GUID: ${JSON.stringify(error.data)}`;
  }
  if (error.keyword === 'maxLength') {
    return `${where}: 너무 깁니다 / too long (max ${String(params.limit)} characters): ${JSON.stringify(error.data)}`;
  }
  return `${where}: ${error.message ?? error.keyword} (${JSON.stringify(error.data)})`;
}

/**
 * Validates a filled manifest or localization file against the official schema of the manifest's
 * `manifestVersion`; throws ManifestValidationError listing every problem.
 */
export function validateAgainstSchema(kind: SchemaKind, document: unknown, manifestVersion: string, file: string): void {
  const validate = validatorFor(kind, manifestVersion, file);
  if (validate(document)) return;
  // allErrors reports the same failure once per anyOf branch tried; keep each message once.
  const problems = [...new Set((validate.errors ?? []).map(describeSchemaError))];
  throw new ManifestValidationError(file, problems);
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Replaces every {{NAME}} inside the document's strings. Any placeholder without a value is an
 * error: a package with a literal "{{HOST}}" would install but never load.
 */
export function fillPlaceholders(document: Json, values: Record<string, string>, file: string): Json {
  const unknown = new Set<string>();
  const fill = (node: Json): Json => {
    if (typeof node === 'string') {
      return node.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => {
        if (Object.hasOwn(values, name)) return values[name];
        unknown.add(name);
        return whole;
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value)]));
    }
    return node;
  };
  const filled = fill(document);
  if (unknown.size > 0) {
    throw new ManifestValidationError(
      file,
      [...unknown].map((name) => `{{${name}}}: 알 수 없는 자리표시자 / unknown placeholder (known: ${Object.keys(values).join(', ')})`),
    );
  }
  return filled;
}

/**
 * Localization keys such as `bots[0].commandLists[1].commands[2].description` must point at a
 * field that exists in the manifest: the schema only checks their shape, and Teams ignores
 * (or rejects) translations of fields that are not there.
 */
export function checkLocalizationKeys(manifest: Json, localization: Record<string, Json>, file: string): void {
  const problems: string[] = [];
  for (const key of Object.keys(localization)) {
    if (key === '$schema' || key === 'localizationKeys') continue;
    if (resolveDottedKey(manifest, key) === undefined) {
      problems.push(`${key}: manifest.json에 없는 필드를 번역합니다 / translates a field that manifest.json does not have`);
    }
  }
  if (problems.length > 0) throw new ManifestValidationError(file, problems);
}

function resolveDottedKey(document: Json, key: string): Json | undefined {
  let node: Json | undefined = document;
  for (const segment of key.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(segment);
    if (!match || node === undefined) return undefined;
    node = child(node, match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) {
      node = node === undefined ? undefined : child(node, Number(index[1]));
    }
  }
  return node;
}

function child(node: Json, key: string | number): Json | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) return typeof key === 'number' ? node[key] : undefined;
  return typeof key === 'string' && Object.hasOwn(node, key) ? node[key] : undefined;
}
