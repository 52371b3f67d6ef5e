import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { appPackageDir } from './build.js';
import { COLOR_ICON_SIZE, OUTLINE_ICON_SIZE, drawColorIcon, drawOutlineIcon, encodePng, regionAt } from './icons.js';
import { iconProblems, readPngHeader } from './png.js';

const committed = (name: string) => readFileSync(path.join(appPackageDir, name));

describe('committed icons', () => {
  test('have the sizes Teams requires (read from the PNG header)', () => {
    expect(readPngHeader(committed('color.png'))).toMatchObject({ width: 192, height: 192 });
    expect(readPngHeader(committed('outline.png'))).toMatchObject({ width: 32, height: 32, colorType: 6 });
  });

  test('are exactly what scripts/teams-icons.ts draws (regenerate with npm run teams:icons)', () => {
    expect(PNG.sync.read(committed('color.png')).data.equals(drawColorIcon().data)).toBe(true);
    expect(PNG.sync.read(committed('outline.png')).data.equals(drawOutlineIcon().data)).toBe(true);
  });

  test('pass the icon checks used when packaging', () => {
    expect(iconProblems('color.png', committed('color.png'), COLOR_ICON_SIZE, 'color')).toEqual([]);
    expect(iconProblems('outline.png', committed('outline.png'), OUTLINE_ICON_SIZE, 'outline')).toEqual([]);
  });
});

describe('icon drawing', () => {
  test('the shape is a shield with a check mark inside', () => {
    expect(regionAt(0.5, 0.3)).toBe('shield');
    expect(regionAt(0.45, 0.64)).toBe('check');
    expect(regionAt(0.05, 0.05)).toBe('background');
    expect(regionAt(0.2, 0.85)).toBe('background'); // outside the tapering tip
  });

  test('outline: white only, transparent around the shield, opaque on it', () => {
    const { data } = drawOutlineIcon();
    const alphaAt = (x: number, y: number) => data[(y * OUTLINE_ICON_SIZE + x) * 4 + 3];
    expect(alphaAt(0, 0)).toBe(0);
    expect(alphaAt(16, 8)).toBe(255);
    for (let offset = 0; offset < data.length; offset += 4) expect([data[offset], data[offset + 1], data[offset + 2]]).toEqual([255, 255, 255]);
  });
});

describe('icon checks', () => {
  test('wrong size, non-PNG, opaque or coloured outline are refused', () => {
    const outline = encodePng(drawOutlineIcon(), true);
    expect(iconProblems('color.png', outline, COLOR_ICON_SIZE, 'color')).toEqual(['color.png: 192×192이어야 합니다 / must be 192×192 pixels (is 32×32)']);
    expect(iconProblems('color.png', Buffer.from('GIF89a not a png at all, not at all'), COLOR_ICON_SIZE, 'color')).toEqual([
      'color.png: PNG 파일이 아닙니다 / not a PNG file',
    ]);

    const opaqueBlue = new PNG({ width: 32, height: 32 });
    for (let offset = 0; offset < opaqueBlue.data.length; offset += 4) opaqueBlue.data.set([0x24, 0x57, 0xa6, 255], offset);
    expect(iconProblems('outline.png', encodePng(opaqueBlue, true), OUTLINE_ICON_SIZE, 'outline')).toEqual([
      'outline.png: 배경이 투명해야 합니다 / the background must be transparent',
      'outline.png: 흰색과 투명만 쓸 수 있습니다 / only white and transparent allowed (1024 coloured pixels)',
    ]);
  });
});
