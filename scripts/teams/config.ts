import { createHash } from 'node:crypto';
import { z } from 'zod';

// The values `npm run teams:package` puts into appPackage/manifest.json. They come from the same
// environment / `.env` as the bot, but are validated here more strictly: Teams only accepts GUIDs
// and an HTTPS host, and a package with a wrong id installs fine and then silently never talks
// to the bot — so every mistake must stop packaging with a one-line explanation.

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const emptyAsUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** Namespace of the UUIDv5 that derives the Teams app id from the bot id (RFC 4122 URL namespace). */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

function guid(korean: string, english: string) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? `설정되지 않았습니다: ${korean}(GUID)를 .env 또는 환경 변수에 넣으세요 / not set: put ${english} (a GUID) in .env or the environment`
          : 'GUID 문자열이어야 합니다 / must be a GUID string',
    })
    .trim()
    .regex(GUID, {
      error: (issue) => `GUID 형식이 아닙니다 / not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, got ${JSON.stringify(issue.input)})`,
    })
    .transform((value) => value.toLowerCase());
}

const publicBaseUrl = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? '설정되지 않았습니다: Teams가 접속할 HTTPS 주소(예: https://bot.example.com)를 넣으세요 / not set: the HTTPS address Teams reaches the bot at (e.g. https://bot.example.com)'
        : 'URL 문자열이어야 합니다 / must be a URL string',
  })
  .trim()
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `URL이 아닙니다 / not a URL: ${JSON.stringify(value)}` });
      return;
    }
    if (url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `Teams는 HTTPS만 허용합니다 / Teams requires https:// (got ${url.protocol}//)` });
    }
    // The manifest builds every URL as https://HOST/…, so a base path would be silently dropped.
    if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      ctx.addIssue({
        code: 'custom',
        message: `경로 없이 사이트 주소만 넣으세요 / must be the site root without path, query or credentials (e.g. https://${url.host})`,
      });
    }
  });

export const TeamsPackageEnvSchema = z.object({
  MicrosoftAppId: z.preprocess(emptyAsUndefined, guid('Azure Bot의 Microsoft App ID', "the Azure Bot's Microsoft App ID")),
  TEAMS_APP_ID: z.preprocess(emptyAsUndefined, guid('Teams 앱 ID', 'the Teams app id').optional()),
  PUBLIC_BASE_URL: z.preprocess(emptyAsUndefined, publicBaseUrl),
});

// Teams refuses pre-release or build suffixes in the app version, although the schema does not say so.
const TEAMS_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

/** The placeholders of appPackage/manifest.json, by name. */
export interface TeamsPackageValues {
  MicrosoftAppId: string;
  TEAMS_APP_ID: string;
  HOST: string;
  VERSION: string;
}

export class TeamsConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Validates the environment and the package.json version; throws TeamsConfigError with one line
 * per problem (key first, Korean then English).
 */
export function readTeamsPackageValues(env: Record<string, string | undefined>, packageVersion: string): TeamsPackageValues {
  const problems: string[] = [];
  const parsed = TeamsPackageEnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  if (!TEAMS_VERSION.test(packageVersion)) {
    problems.push(`package.json version: Teams는 x.y.z 형식만 받습니다 / Teams accepts only x.y.z versions (got ${JSON.stringify(packageVersion)})`);
  }
  if (!parsed.success || problems.length > 0) throw new TeamsConfigError(problems);

  const { MicrosoftAppId, TEAMS_APP_ID, PUBLIC_BASE_URL } = parsed.data;
  return {
    MicrosoftAppId,
    TEAMS_APP_ID: TEAMS_APP_ID ?? defaultTeamsAppId(MicrosoftAppId),
    HOST: new URL(PUBLIC_BASE_URL).host,
    VERSION: packageVersion,
  };
}

/**
 * The Teams app id used when TEAMS_APP_ID is not set. Derived from the bot id (not random) so that
 * re-packaging produces an update of the installed app rather than a second, duplicate app.
 */
export function defaultTeamsAppId(microsoftAppId: string): string {
  return uuidV5(`urn:cert-helper:teams-app:${microsoftAppId.toLowerCase()}`, URL_NAMESPACE);
}

/** RFC 4122 name-based UUID, version 5 (SHA-1). */
export function uuidV5(name: string, namespace: string): string {
  if (!GUID.test(namespace)) throw new Error(`uuidV5: namespace is not a UUID: ${namespace}`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
