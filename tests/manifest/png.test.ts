import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, readPngHeader } from '../../scripts/png.js';

describe('png codec', () => {
  it('decodes what it encodes, pixel for pixel', () => {
    const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
    const png = encodePng({ width: 3, height: 2, rgba });
    expect(readPngHeader(png)).toEqual({ width: 3, height: 2, bitDepth: 8, colorType: 6 });
    expect(decodePng(png).rgba).toEqual(rgba);
  });

  it('undoes the Sub, Up, Average and Paeth row filters other encoders write', () => {
    const png = encodePng({ width: 2, height: 4, rgba: new Uint8Array(32) });
    // Replace the image data: one row per filter type, each predicting from the rows above.
    const rows = [1, 2, 3, 4].map((filter) => [filter, 10, 20, 30, 40, 1, 2, 3, 4]);
    const idat = deflateSync(Buffer.from(rows.flat()));
    const header = png.subarray(0, 33);
    const chunk = Buffer.alloc(12 + idat.length);
    chunk.writeUInt32BE(idat.length, 0);
    chunk.write('IDAT', 4, 'latin1');
    idat.copy(chunk, 8);
    const decoded = decodePng(Buffer.concat([header, chunk]));
    // Row 0 (Sub): second pixel adds the first.
    expect([...decoded.rgba.subarray(0, 8)]).toEqual([10, 20, 30, 40, 11, 22, 33, 44]);
    // Row 1 (Up): adds row 0.
    expect([...decoded.rgba.subarray(8, 16)]).toEqual([20, 40, 60, 80, 12, 24, 36, 48]);
    // Row 2 (Average): floor((left + up) / 2).
    expect([...decoded.rgba.subarray(16, 20)]).toEqual([20, 40, 60, 80]);
    expect([...decoded.rgba.subarray(20, 24)]).toEqual([1 + 16, 2 + 32, 3 + 48, 4 + 64]);
    // Row 3 (Paeth): up for the first pixel, then left, the nearest predictor.
    expect([...decoded.rgba.subarray(24, 32)]).toEqual([30, 60, 90, 120, 31, 62, 93, 124]);
  });

  it('names the file when the bytes are not a PNG', () => {
    expect(() => readPngHeader(Buffer.from('GIF89a and more bytes than a header needs'), 'color.png')).toThrow('color.png is not a PNG file');
  });
});
