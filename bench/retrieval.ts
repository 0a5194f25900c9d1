/**
 * Retrieval latency, side by side in one run over the development questions:
 * a plain minisearch over the same sections (the obvious alternative), the
 * product's lexical pipeline, the semantic stage's own cost, and a whole answer
 * as the bot builds it (retrieval, quote, Adaptive Card, serialised).
 */
import MiniSearch from 'minisearch';
import { answerCard } from '../bot/cards/answer-card.js';
import { cardAttachment } from '../bot/cards/card-parts.js';
import { notCoveredCard } from '../bot/cards/not-covered-card.js';
import { openKnowledgeBase } from '../src/answers/knowledge-base.js';
import type { OpenedKnowledgeBase } from '../src/answers/knowledge-base.js';
import type { Answer } from '../src/answers/types.js';
import { systemClock } from '../src/clock.js';
import type { Config } from '../src/config.js';
import type { Trust } from '../src/knowledge/types.js';
import { sentenceEncoder } from '../src/search/semantic.js';
import type { SentenceEncoder } from '../src/search/semantic.js';
import type { BenchQuestion } from './lib/questions.js';
import { summarise } from './lib/stats.js';
import type { LatencySummary } from './lib/stats.js';
import { ms, ratio } from './lib/table.js';
import type { Table } from './lib/table.js';

/** How long to measure. */
export interface RetrievalOptions {
  /** Untimed passes over every question first. */
  warmupRounds: number;
  /** Timed passes for the lexical rows. */
  rounds: number;
  /** Timed passes for the rows that embed the question (each embedding takes tens of ms). */
  semanticRounds: number;
  /** Measure the semantic stage (needs the bundled model; the artifact gains embeddings if it lacks them). */
  semantic: boolean;
  onProgress?: (message: string) => void;
}

/** One measured row. */
export interface RetrievalRow {
  name: string;
  summary: LatencySummary;
}

/** Results of the retrieval benchmark. */
export interface RetrievalResult {
  rows: RetrievalRow[];
  /** The plain minisearch row. */
  baseline: LatencySummary;
  /** The lexical pipeline row. */
  lexical: LatencySummary;
  /** Whole answer without and with the semantic stage. */
  wholeLexical: LatencySummary;
  wholeSemantic?: LatencySummary;
  embedding?: LatencySummary;
  sections: number;
  questions: number;
}

interface Probe {
  name: string;
  /** Embeds the question: timed only in the first `semanticRounds` rounds. */
  expensive: boolean;
  run: (q: BenchQuestion) => unknown;
}

/** A plain minisearch per trust, default options, over the same sections the product searches. */
function plainIndexes(kb: OpenedKnowledgeBase): Map<string, MiniSearch> {
  const out = new Map<string, MiniSearch>();
  for (const trust of kb.trusts) {
    const mini = new MiniSearch({ fields: ['heading', 'text'] });
    const sections = kb.documents.filter((d) => d.trust === trust.id).flatMap((d) => d.sections);
    mini.addAll(sections.map((s, id) => ({ id, heading: s.headingPath.join(' '), text: s.text })));
    out.set(trust.id, mini);
  }
  return out;
}

/** The reply card the bot sends for `answer`, serialised as it goes on the wire. */
function replyCard(trust: Trust, answer: Answer): string {
  const card = answer.answered ? answerCard({ trust, citations: answer.citations, policies: answer.policies }) : notCoveredCard({ trust, dialogs: [] });
  return JSON.stringify(cardAttachment(card));
}

/**
 * An encoder that answers from vectors computed once up front, so the ranking
 * with vectors can be timed without the question's embedding.
 */
function precomputed(encoder: SentenceEncoder, vectors: Map<string, Float32Array>): SentenceEncoder {
  return {
    async embed(texts) {
      const missing = texts.filter((t) => !vectors.has(t));
      const fresh = missing.length > 0 ? await encoder.embed(missing) : [];
      missing.forEach((t, i) => {
        const v = fresh[i];
        if (v) vectors.set(t, v);
      });
      return texts.map((t) => vectors.get(t) ?? new Float32Array(0));
    },
  };
}

/** Run the retrieval benchmark. */
export async function benchRetrieval(config: Config, questions: readonly BenchQuestion[], options: RetrievalOptions): Promise<RetrievalResult> {
  const progress = options.onProgress ?? (() => undefined);
  const open = (semantic: boolean, encoder?: SentenceEncoder) =>
    openKnowledgeBase({
      dir: config.knowledge.dir,
      indexPath: config.knowledge.indexPath,
      semantic,
      clock: systemClock,
      ...(encoder ? { encoder } : {}),
      onNotice: (notice) => progress(`index: ${notice}`),
    });

  const encoder = options.semantic ? sentenceEncoder() : undefined;
  const vectors = new Map<string, Float32Array>();
  // Opened first, so an artifact without embeddings gains them before the lexical base reads it.
  const withVectors = encoder ? await open(true, precomputed(encoder, vectors)) : undefined;
  const lexicalKb = await open(false);
  if (encoder) {
    progress('embedding the questions once for the similarity-only row');
    const texts = [...new Set(questions.map((q) => q.question))];
    const embedded = await encoder.embed(texts);
    texts.forEach((t, i) => {
      const v = embedded[i];
      if (v) vectors.set(t, v);
    });
  }
  const fullSemanticKb = encoder ? await open(true, encoder) : undefined;
  const plain = plainIndexes(lexicalKb);
  const trusts = new Map(lexicalKb.trusts.map((t) => [t.id, t]));
  const trustOf = (q: BenchQuestion): Trust => {
    const trust = trusts.get(q.trust);
    if (!trust) throw new RangeError(`no trust ${q.trust} in the knowledge base`);
    return trust;
  };

  const probes: Probe[] = [
    { name: 'plain minisearch, default options (baseline)', expensive: false, run: (q) => plain.get(q.trust)?.search(q.question) },
    { name: 'lexical pipeline: glossary, typos, ranking, abstention, quote', expensive: false, run: (q) => lexicalKb.answerer.answer(q.trust, q.question) },
    {
      name: 'whole answer, lexical: pipeline + answer card, serialised',
      expensive: false,
      run: async (q) => replyCard(trustOf(q), await lexicalKb.answerer.answer(q.trust, q.question)),
    },
  ];
  if (encoder && withVectors && fullSemanticKb) {
    probes.push(
      { name: 'semantic stage: question embedding', expensive: true, run: (q) => encoder.embed([q.question]) },
      {
        name: 'semantic stage: similarity + fused ranking (vector given)',
        expensive: false,
        run: (q) => withVectors.answerer.answer(q.trust, q.question),
      },
      {
        name: 'whole answer, semantic: embedding + pipeline + card',
        expensive: true,
        run: async (q) => replyCard(trustOf(q), await fullSemanticKb.answerer.answer(q.trust, q.question)),
      },
    );
  }

  progress(`warming up (${options.warmupRounds} rounds of ${questions.length} questions)`);
  for (let r = 0; r < options.warmupRounds; r++) {
    for (const q of questions) for (const probe of probes) await probe.run(q);
  }
  const samples = probes.map(() => [] as number[]);
  const rounds = Math.max(options.rounds, options.semantic ? options.semanticRounds : 0);
  for (let r = 0; r < rounds; r++) {
    progress(`round ${r + 1} of ${rounds}`);
    for (const [qi, q] of questions.entries()) {
      // Rotate the order so no probe always runs first (or right after the model).
      for (let k = 0; k < probes.length; k++) {
        const p = (k + qi + r) % probes.length;
        const probe = probes[p];
        const target = samples[p];
        if (!probe || !target) continue;
        if (probe.expensive ? r >= options.semanticRounds : r >= options.rounds) continue;
        const started = performance.now();
        await probe.run(q);
        target.push(performance.now() - started);
      }
    }
  }

  const rows = probes.map((probe, i) => ({ name: probe.name, summary: summarise(samples[i] ?? []) }));
  const row = (name: string) => rows.find((r) => r.name.startsWith(name))?.summary;
  const baseline = row('plain minisearch');
  const lexical = row('lexical pipeline');
  const wholeLexical = row('whole answer, lexical');
  if (!baseline || !lexical || !wholeLexical) throw new Error('retrieval benchmark: a row is missing');
  const wholeSemantic = row('whole answer, semantic');
  const embedding = row('semantic stage: question embedding');
  return {
    rows,
    baseline,
    lexical,
    wholeLexical,
    ...(wholeSemantic ? { wholeSemantic } : {}),
    ...(embedding ? { embedding } : {}),
    sections: lexicalKb.documents.reduce((n, d) => n + d.sections.length, 0),
    questions: questions.length,
  };
}

/** The retrieval table: latency per question and each row's ratio to plain minisearch. */
export function retrievalTable(result: RetrievalResult): Table {
  const base = result.baseline;
  return {
    title: `Retrieval: per-question latency over ${result.questions} dev questions, ${result.sections} sections in five per-trust indexes (ms)`,
    columns: ['row', 'n', 'p50', 'p95', 'p99', 'p95 vs minisearch'],
    rows: result.rows.map(({ name, summary }) => [name, summary.n, ms(summary.p50), ms(summary.p95), ms(summary.p99), ratio(summary.p95 / base.p95)]),
    notes: [
      'Every row measured in the same run, interleaved per question (order rotated), after untimed warm-up rounds.',
      'The similarity row answers with the semantic stage on but the question vector computed beforehand: it is the lexical pipeline plus the cosine similarity over every section and unit vector of the trust and the fused ranking.',
    ],
  };
}
