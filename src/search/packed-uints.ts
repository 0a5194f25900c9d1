/**
 * Unsigned integers packed little-endian and written as base64: how the index
 * artifact stores its flat arrays (term ids, offsets, sentence bounds), so
 * loading one is a base64 decode instead of parsing thousands of JSON numbers.
 * Values under 65,536 take two bytes each, larger ones four; the width is the
 * text's first character (`h` or `w`).
 */

/** Pack `values` (each a whole number from 0 to 2³²−1). */
export function packUints(values: ArrayLike<number>): string {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] ?? 0);
  const wide = max > 0xffff;
  const bytes = Buffer.alloc(values.length * (wide ? 4 : 2));
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`packUints: ${v} at ${i} is not a 32-bit unsigned integer`);
    if (wide) bytes.writeUInt32LE(v, i * 4);
    else bytes.writeUInt16LE(v, i * 2);
  }
  return `${wide ? 'w' : 'h'}${bytes.toString('base64')}`;
}

/**
 * Unpack what {@link packUints} wrote.
 * @throws RangeError when `packed` is not such a text
 */
export function unpackUints(packed: string): Uint32Array {
  const width = packed[0] === 'w' ? 4 : packed[0] === 'h' ? 2 : 0;
  if (width === 0) throw new RangeError('not packed integers (no width mark)');
  const bytes = Buffer.from(packed.slice(1), 'base64');
  if (bytes.length % width !== 0) throw new RangeError(`packed integers of ${width} bytes, but ${bytes.length} bytes`);
  const out = new Uint32Array(bytes.length / width);
  if (width === 4) for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt32LE(i * 4);
  else for (let i = 0; i < out.length; i++) out[i] = bytes.readUInt16LE(i * 2);
  return out;
}
