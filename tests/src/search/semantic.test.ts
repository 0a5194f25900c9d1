import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/synthetic-corpus.js';
import { byteCosine, cosine, EMBEDDING_DIMENSIONS, packVectors, unit, unpackByteVectors, unpackVectors } from '../../../src/search/semantic.js';

const random = mulberry32(3);
const vector = () => unit(Float32Array.from({ length: EMBEDDING_DIMENSIONS }, () => random() * 2 - 1));

describe('vectors held as bytes', () => {
  it('give the similarity of the same vectors unpacked to floats, in a quarter of the memory', () => {
    const stored = Array.from({ length: 50 }, vector);
    const packed = packVectors(stored);
    const floats = unpackVectors(packed, stored.length);
    const bytes = unpackByteVectors(packed, stored.length);
    for (let q = 0; q < 20; q++) {
      const question = vector();
      bytes.forEach((b, i) => expect(byteCosine(question, b)).toBeCloseTo(cosine(question, floats[i] ?? new Float32Array(0)), 6));
    }
    expect(bytes[0]?.bytes.byteLength).toBe(EMBEDDING_DIMENSIONS);
    expect(floats[0]?.byteLength).toBe(EMBEDDING_DIMENSIONS * 4);
    // One vector against itself: unit length survives the bytes.
    expect(byteCosine(floats[7] ?? new Float32Array(0), bytes[7] ?? { bytes: new Int8Array(0), scale: 0 })).toBeCloseTo(1, 6);
  });

  it('refuse a packed string of the wrong length, and keep a zero vector at zero', () => {
    expect(() => unpackByteVectors(packVectors([vector()]), 2)).toThrow(/expected 1024 bytes, got 512/);
    const [zero] = unpackByteVectors(packVectors([new Float32Array(EMBEDDING_DIMENSIONS)]), 1);
    expect(zero?.scale).toBe(0);
    expect(byteCosine(vector(), zero ?? { bytes: new Int8Array(0), scale: 0 })).toBe(0);
  });
});
