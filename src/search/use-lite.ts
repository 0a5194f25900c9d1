/**
 * Universal Sentence Encoder lite, run directly on its weights.
 *
 * The bundled model is a TensorFlow graph of 317 nodes, most of them shape
 * bookkeeping for padded batches (Shape, StridedSlice, Pack, ScatterNd…); run
 * through the graph executor they cost a third of a question's embedding. One
 * text at a time needs no padding, and the same computation is about eighty
 * tensor operations: a two-layer pre-norm Transformer over the text's sentence
 * pieces, mean-pooled, through a tanh layer, scaled to unit length. It gives
 * the graph's vectors to float rounding (tests/src/search/use-lite.test.ts
 * compares the two); the matrix products, which are most of the time left,
 * run on the same WebAssembly kernels.
 */
import type * as TF from '@energetic-ai/core';
import { AssistantError } from '../errors.js';

type Tensor = TF.Tensor;

/** The TensorFlow.js operations the forward pass uses, on whichever backend `tf` has ready. */
export type TensorOps = Pick<
  typeof TF,
  | 'add' | 'concat' | 'cos' | 'expandDims' | 'fused' | 'gather' | 'matMul' | 'maximum' | 'mean' | 'mul' | 'range' | 'reshape'
  | 'rsqrt' | 'sin' | 'slice' | 'softmax' | 'split' | 'square' | 'sub' | 'sum' | 'tanh' | 'tensor1d' | 'tidy' | 'transpose'
>;

/** The loaded graph's weights by node name, one tensor each (`GraphModel.weights`). */
export type GraphWeights = Record<string, Tensor[]>;

/** The graph's longest input: sentence pieces past this many are ignored. */
export const MAX_PIECES = 128;

/** A fully connected layer: `x · kernel + bias`, kernel [inputs, outputs]. */
interface Dense {
  kernel: Tensor;
  bias: Tensor;
}

/** Layer normalisation's learnt scale and offset. */
interface Norm {
  scale: Tensor;
  bias: Tensor;
}

/** The weights of one Transformer layer. */
interface LayerWeights {
  heads: number;
  /** Multiplies the queries: one over the square root of a head's width. */
  queryScale: number;
  attentionNorm: Norm;
  /** Queries, keys and values side by side. */
  qkv: Dense;
  output: Dense;
  /** Layer 0 widens its 256-wide input to 512 before adding it back; layer 1 adds it as it is. */
  residual?: Dense;
  feedForwardNorm: Norm;
  feedForwardIn: Dense;
  feedForwardOut: Dense;
}

/** The model's weights in the shapes the forward pass uses, read once from the loaded graph. */
export interface UseLiteWeights {
  /** One 256-wide row per sentence piece. */
  embeddings: Tensor;
  /** The sine and cosine position signal of positions 0 … MAX_PIECES − 1, [MAX_PIECES, 256]. */
  timing: Tensor;
  layers: readonly [LayerWeights, LayerWeights];
  pooled: Dense;
  layerNormEpsilon: number;
  l2Epsilon: number;
}

const ENCODE = 'module_apply_default/Encoder_en/KonaTransformer/Encode/';
const KERNELS = 'module/Encoder_en/KonaTransformer/Encode/';
const STACK = `${ENCODE}TransformerStack/`;
const HEADS = 4;

/** Read the weights the forward pass needs from the bundled graph's weights. */
export function useLiteWeights(tf: TensorOps, graph: GraphWeights): UseLiteWeights {
  const tensor = (name: string): Tensor => {
    const t = graph[name]?.[0];
    if (t === undefined) throw new AssistantError('MODEL_INVALID', `the sentence encoder's graph has no weight "${name}"`);
    return t;
  };
  const scalar = (name: string): number => tensor(name).dataSync()[0] ?? Number.NaN;
  // 1×1 convolution kernels [1, 1, in, out] are matrices [in, out].
  const matrix = (name: string): Tensor => {
    const t = tensor(name);
    const outputs = t.shape[t.shape.length - 1] ?? 1;
    return tf.reshape(t, [t.size / outputs, outputs]);
  };
  const layer = (index: 0 | 1): LayerWeights => {
    const own = (name: string) => tensor(`${ENCODE}Layer_${index}/TransformerLayer/${name}/ConcatPartitions/concat`);
    const norm = (at: string): Norm => ({ scale: own(`${at}layer_prepostprocess/layer_norm/layer_norm_scale`), bias: own(`${at}layer_prepostprocess/layer_norm/layer_norm_bias`) });
    const kernel = (name: string) => matrix(`${KERNELS}Layer_${index}/TransformerLayer/MultiheadAttention/${name}/kernel/part_0`);
    const stack = `${STACK}Layer_${index}/TransformerLayer/`;
    return {
      heads: HEADS,
      queryScale: scalar(`${stack}MultiheadAttention/mul/y`),
      attentionNorm: norm(''),
      qkv: { kernel: kernel('qkv_transform_single'), bias: own('MultiheadAttention/qkv_transform_single/bias') },
      output: { kernel: kernel('output_transform_single'), bias: own('MultiheadAttention/output_transform_single/bias') },
      ...(index === 0 ? { residual: { kernel: own('dense/kernel'), bias: own('dense/bias') } } : {}),
      feedForwardNorm: norm('FFN/'),
      feedForwardIn: { kernel: matrix(`${stack}FFN/conv1/Tensordot/Reshape_1`), bias: own('FFN/conv1/bias') },
      feedForwardOut: { kernel: matrix(`${stack}FFN/conv2/Tensordot/Reshape_1`), bias: own('FFN/conv2/bias') },
    };
  };
  const angles = tf.mul(tf.expandDims(tf.range(0, MAX_PIECES, 1, 'float32'), 1), tensor(`${STACK}Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`));
  return {
    embeddings: tensor('module/Embeddings_en'),
    timing: tf.concat([tf.sin(angles), tf.cos(angles)], 1),
    layers: [layer(0), layer(1)],
    pooled: { kernel: tensor('module/Encoder_en/hidden_layers/tanh_layer_0/weights'), bias: tensor('module/Encoder_en/hidden_layers/tanh_layer_0/bias') },
    layerNormEpsilon: scalar(`${STACK}Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x`),
    l2Epsilon: scalar('module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y'),
  };
}

/** Layer normalisation over the last axis, in the graph's order of operations. */
function layerNorm(tf: TensorOps, x: Tensor, norm: Norm, epsilon: number): Tensor {
  const centred = tf.sub(x, tf.mean(x, -1, true));
  const variance = tf.mean(tf.square(centred), -1, true);
  return tf.add(tf.mul(tf.mul(norm.scale, tf.rsqrt(tf.add(variance, epsilon))), centred), norm.bias);
}

function dense(tf: TensorOps, x: Tensor, layer: Dense, activation?: 'relu'): Tensor {
  return tf.fused.matMul({ a: x, b: layer.kernel, bias: layer.bias, ...(activation ? { activation } : {}) });
}

/**
 * One pre-norm Transformer layer over `x`, [pieces, width in]: [pieces, 512],
 * or with `meanOnly` the mean of those rows, [1, 512]. The layer's last step
 * is linear, so the mean is taken before it: one row through the feed-forward
 * output matrix instead of one per piece.
 */
function transformerLayer(tf: TensorOps, x: Tensor, layer: LayerWeights, epsilon: number, meanOnly: boolean): Tensor {
  const pieces = x.shape[0] ?? 0;
  const qkv = dense(tf, layerNorm(tf, x, layer.attentionNorm, epsilon), layer.qkv);
  const width = (qkv.shape[1] ?? 0) / 3;
  const byHead = (t: Tensor) => tf.transpose(tf.reshape(t, [pieces, layer.heads, width / layer.heads]), [1, 0, 2]);
  const [queries, keys, values] = tf.split(qkv, 3, 1).map(byHead) as [Tensor, Tensor, Tensor];
  const attention = tf.softmax(tf.matMul(tf.mul(queries, layer.queryScale), keys, false, true));
  const context = tf.reshape(tf.transpose(tf.matMul(attention, values), [1, 0, 2]), [pieces, width]);
  const attended = tf.add(dense(tf, context, layer.output), layer.residual ? dense(tf, x, layer.residual) : x);
  const hidden = dense(tf, layerNorm(tf, attended, layer.feedForwardNorm, epsilon), layer.feedForwardIn, 'relu');
  if (meanOnly) return tf.add(dense(tf, tf.mean(hidden, 0, true), layer.feedForwardOut), tf.mean(attended, 0, true));
  return tf.add(dense(tf, hidden, layer.feedForwardOut), attended);
}

/**
 * The unit-length 512-dimensional embedding of one text given as its sentence
 * piece ids (the first {@link MAX_PIECES} are read). No pieces give the zero vector.
 */
export function embedPieces(tf: TensorOps, weights: UseLiteWeights, pieces: readonly number[]): Float32Array {
  const ids = pieces.slice(0, MAX_PIECES);
  const dimensions = weights.pooled.kernel.shape[1] ?? 0;
  if (ids.length === 0) return new Float32Array(dimensions);
  const vector = tf.tidy(() => {
    const embedded = tf.gather(weights.embeddings, tf.tensor1d(ids, 'int32'));
    // The graph adds the position signal to the embeddings, then adds the
    // embeddings once more: twice the embedding, plus the signal.
    const x = tf.add(embedded, tf.add(embedded, tf.slice(weights.timing, [0, 0], [ids.length, -1])));
    const [first, last] = weights.layers;
    const pieceMean = transformerLayer(tf, transformerLayer(tf, x, first, weights.layerNormEpsilon, false), last, weights.layerNormEpsilon, true);
    const pooled = tf.tanh(dense(tf, pieceMean, weights.pooled));
    return tf.mul(pooled, tf.rsqrt(tf.maximum(tf.sum(tf.square(pooled), -1, true), weights.l2Epsilon)));
  });
  const out = new Float32Array(vector.dataSync());
  vector.dispose();
  return out;
}
