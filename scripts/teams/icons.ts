import { PNG } from 'pngjs';

// The two icons Teams requires, drawn from geometry so they can be regenerated (and checked
// against the committed files) instead of being opaque binaries:
//  - color.png   192×192: a white shield with a check mark cut out, on the accent colour;
//  - outline.png  32×32: the same shield in white on a transparent background (Teams tints it).
// The shield + check reads as "verified certificate" at both sizes.

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;
/** Same value as `accentColor` in appPackage/manifest.json (a test keeps them equal). */
export const ACCENT_COLOR = '#2457A6';

// Teams crops the colour icon to a rounded square and wants the symbol inside the central
// ~120 px "safe" area; the shield spans 72 % × 84 % of this box.
const COLOR_SYMBOL_BOX = 136;
const SUPERSAMPLES = 4; // 4×4 samples per pixel: smooth edges without an imaging library

type Region = 'background' | 'shield' | 'check';

/** Which part of the symbol a point of the unit square (0..1, y down) belongs to. */
export function regionAt(x: number, y: number): Region {
  if (!insideShield(x, y)) return 'background';
  return onCheckMark(x, y) ? 'check' : 'shield';
}

const SHIELD_TOP = 0.08;
const SHIELD_SHOULDER = 0.5; // sides are straight down to here, then curve into the tip
const SHIELD_TIP = 0.92;
const SHIELD_HALF_WIDTH = 0.36;

function insideShield(x: number, y: number): boolean {
  if (y < SHIELD_TOP || y > SHIELD_TIP) return false;
  let halfWidth = SHIELD_HALF_WIDTH;
  if (y > SHIELD_SHOULDER) {
    const t = (y - SHIELD_SHOULDER) / (SHIELD_TIP - SHIELD_SHOULDER);
    halfWidth *= Math.cos((t * Math.PI) / 2);
  }
  return Math.abs(x - 0.5) <= halfWidth;
}

const CHECK_POINTS: Array<[number, number]> = [
  [0.32, 0.5],
  [0.45, 0.64],
  [0.69, 0.37],
];
const CHECK_HALF_THICKNESS = 0.055;

function onCheckMark(x: number, y: number): boolean {
  for (let i = 0; i + 1 < CHECK_POINTS.length; i++) {
    if (distanceToSegment(x, y, CHECK_POINTS[i], CHECK_POINTS[i + 1]) <= CHECK_HALF_THICKNESS) return true;
  }
  return false;
}

function distanceToSegment(x: number, y: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Fraction (0..1) of the pixel covered by the white part of the shield. */
function whiteCoverage(px: number, py: number, boxOrigin: number, boxSize: number): number {
  let white = 0;
  for (let sy = 0; sy < SUPERSAMPLES; sy++) {
    for (let sx = 0; sx < SUPERSAMPLES; sx++) {
      const x = (px + (sx + 0.5) / SUPERSAMPLES - boxOrigin) / boxSize;
      const y = (py + (sy + 0.5) / SUPERSAMPLES - boxOrigin) / boxSize;
      if (regionAt(x, y) === 'shield') white++;
    }
  }
  return white / (SUPERSAMPLES * SUPERSAMPLES);
}

function hexToRgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

/** The 192×192 colour icon as RGBA pixels (fully opaque). */
export function drawColorIcon(accent = ACCENT_COLOR): PNG {
  const size = COLOR_ICON_SIZE;
  const png = new PNG({ width: size, height: size });
  const background = hexToRgb(accent);
  const origin = (size - COLOR_SYMBOL_BOX) / 2;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const cover = whiteCoverage(px, py, origin, COLOR_SYMBOL_BOX);
      const offset = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) png.data[offset + c] = Math.round(background[c] + (255 - background[c]) * cover);
      png.data[offset + 3] = 255;
    }
  }
  return png;
}

/** The 32×32 outline icon: white only, the shape carried by the alpha channel. */
export function drawOutlineIcon(): PNG {
  const size = OUTLINE_ICON_SIZE;
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const offset = (py * size + px) * 4;
      png.data.fill(255, offset, offset + 3);
      png.data[offset + 3] = Math.round(255 * whiteCoverage(px, py, 0, size));
    }
  }
  return png;
}

/** PNG file bytes: RGB for the opaque colour icon, RGBA for the outline. */
export function encodePng(png: PNG, withAlpha: boolean): Buffer {
  return PNG.sync.write(png, { colorType: withAlpha ? 6 : 2, inputHasAlpha: true });
}
