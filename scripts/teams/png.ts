import { PNG } from 'pngjs';

// Checks of the icon files before they go into the package. Teams refuses an app whose icons
// have the wrong size, and an outline icon that is not white-on-transparent shows as a blot.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
}

/** Reads the IHDR chunk, which the PNG format requires to come first right after the signature. */
export function readPngHeader(bytes: Uint8Array): PngHeader | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 33 || !buffer.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  if (buffer.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20), bitDepth: buffer[24], colorType: buffer[25] };
}

/** Problems of an icon file, one line each (empty when fine). */
export function iconProblems(file: string, bytes: Uint8Array, size: number, kind: 'color' | 'outline'): string[] {
  const header = readPngHeader(bytes);
  if (!header) return [`${file}: PNG 파일이 아닙니다 / not a PNG file`];
  if (header.width !== size || header.height !== size) {
    return [`${file}: ${size}×${size}이어야 합니다 / must be ${size}×${size} pixels (is ${header.width}×${header.height})`];
  }
  if (kind === 'color') return [];

  let pixels: Buffer;
  try {
    pixels = PNG.sync.read(Buffer.from(bytes)).data;
  } catch (error) {
    return [`${file}: PNG를 읽을 수 없습니다 / unreadable PNG (${(error as Error).message})`];
  }
  let transparent = 0;
  let coloured = 0;
  for (let offset = 0; offset < pixels.length; offset += 4) {
    const alpha = pixels[offset + 3];
    if (alpha < 255) transparent++;
    if (alpha > 0 && (pixels[offset] !== 255 || pixels[offset + 1] !== 255 || pixels[offset + 2] !== 255)) coloured++;
  }
  const problems: string[] = [];
  if (transparent === 0) problems.push(`${file}: 배경이 투명해야 합니다 / the background must be transparent`);
  if (coloured > 0) problems.push(`${file}: 흰색과 투명만 쓸 수 있습니다 / only white and transparent allowed (${coloured} coloured pixels)`);
  return problems;
}
