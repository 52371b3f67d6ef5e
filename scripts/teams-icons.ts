// Regenerates appPackage/color.png and appPackage/outline.png from scripts/teams/icons.ts.
// Usage: node --import tsx scripts/teams-icons.ts   (commit the two PNGs afterwards)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { appPackageDir } from './teams/build.js';
import { drawColorIcon, drawOutlineIcon, encodePng } from './teams/icons.js';

const outputs: Array<[string, Buffer]> = [
  ['color.png', encodePng(drawColorIcon(), false)],
  ['outline.png', encodePng(drawOutlineIcon(), true)],
];
for (const [name, bytes] of outputs) {
  const file = path.join(appPackageDir, name);
  writeFileSync(file, bytes);
  console.log(`${path.relative(process.cwd(), file)} (${bytes.length} bytes)`);
}
