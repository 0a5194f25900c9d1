/**
 * A stand-in for the sentence encoder at scale: unit vectors of the real
 * model's dimension, derived from a hash of each text, at almost no cost. The
 * artifact, the loader and the ranking handle them exactly as they handle the
 * model's vectors, so vector size, load time, memory and similarity cost are
 * measured for real; only their meaning is not (retrieval quality at scale is
 * not what the scale benchmark measures).
 */
import { EMBEDDING_DIMENSIONS, unit } from '../src/search/semantic.js';
import type { SentenceEncoder } from '../src/search/semantic.js';
import { mulberry32 } from './synthetic-corpus.js';

/** FNV-1a hash of a text, as a seed. */
export function textSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The stand-in encoder: the same text always gets the same unit vector. */
export function standInEncoder(): SentenceEncoder {
  return {
    embed(texts) {
      return Promise.resolve(
        texts.map((text) => {
          const random = mulberry32(textSeed(text));
          const v = new Float32Array(EMBEDDING_DIMENSIONS);
          for (let d = 0; d < v.length; d++) v[d] = random() - 0.5;
          return unit(v);
        }),
      );
    },
  };
}
