// npm run teams:package [-- --out FILE]
// Fills appPackage/manifest.json from the environment / .env (MicrosoftAppId, TEAMS_APP_ID,
// PUBLIC_BASE_URL) and package.json's version, validates it against the official Teams schema
// and writes the zip to upload in Teams (default dist/teams-app.zip).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { TeamsConfigError, readTeamsPackageValues } from './teams/config.js';
import { buildTeamsAppPackage, repoRoot } from './teams/build.js';
import { ManifestValidationError } from './teams/manifest.js';

function main(): number {
  let out: string;
  try {
    const { values } = parseArgs({ options: { out: { type: 'string' } } });
    out = path.resolve(values.out ?? path.join(repoRoot, 'dist', 'teams-app.zip'));
  } catch (error) {
    console.error(`teams:package: ${(error as Error).message} (사용법 / usage: npm run teams:package [-- --out FILE])`);
    return 2;
  }

  // Like the bot: .env fills in, real environment variables win.
  dotenv.config({ quiet: true });
  try {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const values = readTeamsPackageValues(process.env, version);
    const teamsPackage = buildTeamsAppPackage(values);
    try {
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, teamsPackage.zip);
    } catch (error) {
      console.error(`teams:package: ${out}에 쓸 수 없습니다 / cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return 1;
    }
    console.log(`Teams 앱 패키지 / Teams app package: ${out}`);
    console.log(`  파일 / files: ${teamsPackage.files.join(', ')}`);
    console.log(
      `  앱 ID / app id: ${values.TEAMS_APP_ID}   봇 / bot: ${values.MicrosoftAppId}   호스트 / host: ${values.HOST}   버전 / version: ${values.VERSION}`,
    );
    console.log(
      '업로드 / upload: Teams → 앱 → 앱 관리 → 앱 업로드 → 사용자 지정 앱 업로드 (Teams → Apps → Manage your apps → Upload an app → Upload a custom app),',
    );
    console.log(
      '  또는 / or Teams 관리 센터 → Teams 앱 → 앱 관리 → 업로드 (Teams admin center → Teams apps → Manage apps → Upload new app). 자세히 / details: appPackage/README.md',
    );
    return 0;
  } catch (error) {
    if (error instanceof TeamsConfigError) {
      for (const problem of error.problems) console.error(`teams:package: ${problem}`);
      return 1;
    }
    if (error instanceof ManifestValidationError) {
      console.error(`teams:package: 앱 패키지가 유효하지 않습니다 / invalid app package — ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main();
