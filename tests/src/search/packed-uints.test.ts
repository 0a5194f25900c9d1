import { describe, expect, it } from 'vitest';
import { packUints, unpackUints } from '../../../src/search/packed-uints.js';

describe('packUints', () => {
  it('round-trips small numbers in two bytes each and large ones in four', () => {
    const small = [0, 1, 65_535, 42];
    const packedSmall = packUints(small);
    expect(packedSmall[0]).toBe('h');
    expect(Buffer.from(packedSmall.slice(1), 'base64')).toHaveLength(8);
    expect([...unpackUints(packedSmall)]).toEqual(small);

    const large = [0, 65_536, 4_294_967_295];
    const packedLarge = packUints(large);
    expect(packedLarge[0]).toBe('w');
    expect([...unpackUints(packedLarge)]).toEqual(large);
    expect([...unpackUints(packUints([]))]).toEqual([]);
  });

  it('refuses numbers that are not 32-bit unsigned integers', () => {
    expect(() => packUints([1, -1])).toThrow(/-1 at 1/);
    expect(() => packUints([1.5])).toThrow(RangeError);
    expect(() => packUints([2 ** 32])).toThrow(RangeError);
  });

  it('refuses text it did not write', () => {
    expect(() => unpackUints('AAAA')).toThrow(/no width mark/);
    expect(() => unpackUints(`w${Buffer.alloc(6).toString('base64')}`)).toThrow(/4 bytes, but 6 bytes/);
  });
});
