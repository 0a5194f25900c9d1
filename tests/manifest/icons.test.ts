import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { colourIcon, outlineIcon } from '../../scripts/make-icons.js';
import { decodePng, encodePng } from '../../scripts/png.js';
import { projectRoot } from '../../src/config.js';

const committed = (file: string) => readFileSync(path.join(projectRoot, 'manifest', file));

describe('app icons', () => {
  it('the committed icons are exactly what scripts/make-icons.ts draws', () => {
    expect(encodePng(colourIcon()).equals(committed('color.png'))).toBe(true);
    expect(encodePng(outlineIcon()).equals(committed('outline.png'))).toBe(true);
  });

  it('the colour icon is a fully opaque 192x192 image', () => {
    const icon = decodePng(committed('color.png'), 'color.png');
    expect([icon.width, icon.height]).toEqual([192, 192]);
    const alphas = new Set(icon.rgba.filter((_, i) => i % 4 === 3));
    expect([...alphas]).toEqual([255]);
  });

  it('the outline icon is 32x32, white on a transparent background', () => {
    const icon = decodePng(committed('outline.png'), 'outline.png');
    expect([icon.width, icon.height]).toEqual([32, 32]);
    let opaque = 0;
    for (let i = 0; i < icon.rgba.length; i += 4) {
      const [r, g, b, a] = icon.rgba.subarray(i, i + 4);
      if (a === 0) continue;
      expect([r, g, b], `pixel ${i / 4} is not white`).toEqual([255, 255, 255]);
      if (a === 255) opaque += 1;
    }
    // Corners are background; the mark itself has a solid body.
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31]] as const) expect(icon.rgba[(y * 32 + x) * 4 + 3]).toBe(0);
    expect(opaque).toBeGreaterThan(100);
  });
});
