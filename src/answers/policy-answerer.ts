/**
 * The answering core: finds the section of the asker's own trust's policy that
 * answers a question, quotes it, and says when the policy does not cover it.
 */
import type { Clock } from '../clock.js';
import { AssistantError } from '../errors.js';
import { policyStatus } from '../knowledge/policy-status.js';
import type { PolicyDocument, TrustId } from '../knowledge/types.js';
import { coverageAfterRanking, coverageBeforeRanking, DEFAULT_THRESHOLDS, type CoverageThresholds, type CoverageVerdict } from '../search/coverage.js';
import type { Glossary } from '../search/glossary.js';
import { analyseQuery, localiseQuery, type AnalysedQuery } from '../search/query.js';
import { chooseQuote } from '../search/quote.js';
import { quoteScores, rankSections, DEFAULT_WEIGHTS, type RankedSection, type RankingWeights, type SemanticInput } from '../search/ranker.js';
import { byteCosine, type ByteVector, type SentenceEncoder } from '../search/semantic.js';
import type { SpellingCorrector } from '../search/spelling.js';
import { isSearchable, type TrustIndex } from '../search/trust-index.js';
import type { Answer, Answerer, Citation, PolicyStatus } from './types.js';

/** Most citations in one answer. */
export const MAX_CITATIONS = 5;

/** Embeddings of one trust's sections and units, in index order. */
export interface TrustVectors {
  sections: ByteVector[];
  units: ByteVector[][];
}

/** Everything the answerer reads; built by the knowledge base. */
export interface PolicyAnswererParts {
  /** Each trust's index (a `Map` is one; the knowledge base loads each on first use). */
  indexes: { get(trust: TrustId): TrustIndex | undefined; keys(): Iterable<TrustId> };
  /** The documents, for their titles and dates (sections are not read). */
  documents: readonly Omit<PolicyDocument, 'sections'>[];
  glossary: Glossary;
  corrector?: SpellingCorrector;
  clock: Clock;
  /** The semantic stage; absent when it is switched off. */
  semantic?: { encoder: SentenceEncoder; vectors: { get(trust: TrustId): TrustVectors | undefined } };
  weights?: RankingWeights;
  thresholds?: CoverageThresholds;
}

/** An answer with the evidence behind it, for evaluation and diagnostics. */
export interface ExplainedAnswer {
  answer: Answer;
  query: AnalysedQuery;
  /** The best sections, best first (at most {@link MAX_CITATIONS}); none when the question was found not covered before ranking (see {@link coverageBeforeRanking}). */
  ranked: RankedSection[];
  verdict: CoverageVerdict;
}

/** Answers questions from each trust's own policy. */
export class PolicyAnswerer implements Answerer {
  private readonly parts: PolicyAnswererParts;
  /** Each trust's documents, in the order of {@link PolicyAnswererParts.documents}. */
  private readonly documentsOf = new Map<TrustId, Omit<PolicyDocument, 'sections'>[]>();

  constructor(parts: PolicyAnswererParts) {
    this.parts = parts;
    for (const d of parts.documents) {
      const list = this.documentsOf.get(d.trust);
      if (list) list.push(d);
      else this.documentsOf.set(d.trust, [d]);
    }
  }

  /** The glossary questions are analysed with. */
  get glossary(): Glossary {
    return this.parts.glossary;
  }

  /** The search index of `trust`; throws `TRUST_UNKNOWN` for an unknown trust. */
  indexFor(trust: TrustId): TrustIndex {
    return this.index(trust);
  }

  /** True when the semantic stage is on. */
  get semantic(): boolean {
    return this.parts.semantic !== undefined;
  }

  async answer(trust: TrustId, question: string): Promise<Answer> {
    return (await this.explain(trust, question)).answer;
  }

  /** Answer `question` and return the ranking and coverage decision behind the answer. */
  async explain(trust: TrustId, question: string): Promise<ExplainedAnswer> {
    const index = this.index(trust);
    const query = this.analyse(index, question);
    const policies = this.policies(trust);
    if (question.trim().length === 0 || query.tokens.length === 0) {
      return { answer: { trust, answered: false, citations: [], reason: 'empty-question', policies }, query, ranked: [], verdict: { covered: false, absentTopics: [], anchor: 'none', reason: 'no-terms' } };
    }
    // A question about a topic the policy never mentions needs no ranking (nor the question's embedding) to be told so.
    const decided = coverageBeforeRanking(index, query, this.parts.glossary);
    if (decided) return { answer: { trust, answered: false, citations: [], reason: 'not-covered', policies }, query, ranked: [], verdict: decided };
    const semantic = await this.semanticStage(trust, question);
    const ranked = rankSections(index, query, { ...(semantic ? { semantic } : {}), weights: this.parts.weights ?? DEFAULT_WEIGHTS, limit: MAX_CITATIONS });
    const verdict = coverageAfterRanking(index, query, this.parts.glossary, ranked[0], this.parts.thresholds ?? DEFAULT_THRESHOLDS);
    if (!verdict.covered) {
      return { answer: { trust, answered: false, citations: [], reason: 'not-covered', policies }, query, ranked, verdict };
    }
    const citations = ranked.slice(0, MAX_CITATIONS).map((r) => this.citation(index, query, r, semantic));
    const documents = [...new Set(citations.map((c) => c.document))];
    return {
      answer: { trust, answered: true, citations, policies: policies.filter((p) => documents.includes(p.document)) },
      query,
      ranked,
      verdict,
    };
  }

  async search(trust: TrustId, query: string, limit: number): Promise<Citation[]> {
    const index = this.index(trust);
    const max = Math.max(0, Math.floor(limit));
    if (query.trim().length === 0) return this.usefulSections(index, max);
    const analysed = this.analyse(index, query);
    const semantic = await this.semanticStage(trust, query);
    const ranked = rankSections(index, analysed, { ...(semantic ? { semantic } : {}), weights: this.parts.weights ?? DEFAULT_WEIGHTS, prefix: true, limit: max });
    return ranked.map((r) => this.citation(index, analysed, r, semantic));
  }

  /**
   * The semantic stage alone: embed the question and pair it with the trust's
   * section and unit vectors. Undefined when the stage is off.
   */
  async semanticStage(trust: TrustId, question: string): Promise<SemanticInput | undefined> {
    const semantic = this.parts.semantic;
    const vectors = semantic?.vectors.get(trust);
    if (!semantic || !vectors) return undefined;
    const [vector] = await semantic.encoder.embed([question]);
    if (!vector) return undefined;
    return { question: vector, sections: vectors.sections, units: vectors.units };
  }

  /** Review status of each of `trust`'s policies today. */
  policies(trust: TrustId): PolicyStatus[] {
    return (this.documentsOf.get(trust) ?? []).map((d) => {
      const status = policyStatus(d, this.parts.clock);
      return {
        document: d.title,
        ...(d.policyDate ? { policyDate: d.policyDate } : {}),
        ...(d.reviewDate ? { reviewDate: d.reviewDate } : {}),
        pastReview: status.pastReview === true,
      };
    });
  }

  private analyse(index: TrustIndex, question: string): AnalysedQuery {
    const query = analyseQuery(question, index.trust, this.parts.glossary, this.parts.corrector);
    return localiseQuery(query, this.parts.glossary, (concept) => index.has({ kind: 'concept', key: concept }));
  }

  private index(trust: TrustId): TrustIndex {
    const index = this.parts.indexes.get(trust);
    if (!index) throw new AssistantError('TRUST_UNKNOWN', `"${trust}" is not a trust in the registry (known: ${[...this.parts.indexes.keys()].join(', ')})`);
    return index;
  }

  private citation(index: TrustIndex, query: AnalysedQuery, ranked: RankedSection, semantic: SemanticInput | undefined): Citation {
    const indexed = index.sections[ranked.index];
    if (!indexed) throw new RangeError(`no section at ${ranked.index} in ${index.trust}`);
    const lexical = quoteScores(index, query, ranked.index);
    const unitVectors = semantic?.units[ranked.index];
    const scores = lexical.map((l, k) => {
      const v = unitVectors?.[k];
      return l + (semantic && v ? 0.6 * byteCosine(semantic.question, v) : 0);
    });
    const quote = chooseQuote(indexed.section.text, indexed.units, scores, index.leadIns(ranked.index));
    return {
      sectionId: indexed.section.id,
      trust: indexed.section.trust,
      document: indexed.section.document,
      headingPath: indexed.section.headingPath,
      text: indexed.section.text,
      quote: quote.text,
      ...(quote.leadIn === undefined ? {} : { quoteLeadIn: quote.leadIn }),
      score: ranked.score,
    };
  }

  /** For an empty search: sections that own a heading, richest in glossary topics first. */
  private usefulSections(index: TrustIndex, limit: number): Citation[] {
    const scored = index.sections
      .map((s, i) => ({ s, i, topics: [...s.concepts.keys()].filter((c) => this.parts.glossary.isTopical(c)).length }))
      .filter(({ s }) => isSearchable(s.section) && s.section.ownsHeading && s.section.text.length >= 200);
    scored.sort((a, b) => b.topics - a.topics || a.s.section.order - b.s.section.order);
    return scored.slice(0, limit).map(({ s, topics }) => {
      const first = s.units[0];
      return {
        sectionId: s.section.id,
        trust: s.section.trust,
        document: s.section.document,
        headingPath: s.section.headingPath,
        text: s.section.text,
        quote: chooseQuote(s.section.text, s.units, s.units.map((_, k) => (k === 0 && first ? 1 : 0))).text,
        score: topics,
      };
    });
  }
}
