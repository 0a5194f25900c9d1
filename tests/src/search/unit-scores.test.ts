/**
 * Unit scores are worked out term by term through each section's postings. These
 * tests hold them to the plain definition, unit by unit, over the real policies
 * and the development (where it is checked out) and held-out questions.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/knowledge/load-knowledge.js';
import { loadGlossary } from '../../../src/search/glossary.js';
import { analyseQuery, type AnalysedQuery } from '../../../src/search/query.js';
import { coverageTerms, quoteScores, rankSections, termWeight, unitCoverageBound, unitScores } from '../../../src/search/ranker.js';
import { longestCommonRun, TrustIndex, type UnitTerms } from '../../../src/search/trust-index.js';
import { projectRoot } from '../../../src/config.js';
import { mulberry32 } from '../../../bench/synthetic-corpus.js';
import { chooseQuote } from '../../../src/search/quote.js';
import { leadIns } from '../../../src/search/sentences.js';
import { STOP_WORD_STEMS, type Token } from '../../../src/search/tokenizer.js';
import type { Section } from '../../../src/knowledge/types.js';
import { KNOWLEDGE_DIR } from '../answers/shared-knowledge-base.js';
import { section } from '../../fixtures/sections.js';

const knowledge = await loadKnowledge(KNOWLEDGE_DIR);
const glossary = await loadGlossary(path.join(KNOWLEDGE_DIR, 'glossary.json'));
const indexes = new Map(
  knowledge.trusts.map((t) => [t.id, TrustIndex.build(t.id, knowledge.documents.filter((d) => d.trust === t.id).flatMap((d) => d.sections), glossary)]),
);
// The development set lives beside the project where the evaluation material is checked out; the held-out questions ship with it.
const questions = ['../shared/eval/dev.jsonl', 'tests/fixtures/heldout-questions.jsonl']
  .map((file) => path.resolve(projectRoot, file))
  .filter((file) => existsSync(file))
  .flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((l) => JSON.parse(l) as { trust: string; question: string }),
  );

/** The phrase bonus by its definition: the longest shared run, when it holds two content words. */
function phrase(query: AnalysedQuery, unit: UnitTerms): number {
  const run = longestCommonRun(query.tokens, unit.tokens);
  return run.content >= 2 ? Math.min(0.5, 0.08 * (run.length - 2)) : 0;
}

/** Unit coverage and evidence by their definition, one unit and one term at a time. */
function referenceUnitScores(index: TrustIndex, query: AnalysedQuery, sectionIndex: number): { coverage: number[]; evidence: number[] } {
  const section = index.sections[sectionIndex];
  if (section === undefined) throw new Error(`no section ${sectionIndex}`);
  const terms = coverageTerms(query);
  const weights = terms.map((t) => termWeight(index, t));
  const inPolicy = terms.map((t) => index.has(t));
  const totalAll = weights.reduce((a, b) => a + b, 0);
  const totalPolicy = weights.reduce((a, w, k) => a + (inPolicy[k] ? w : 0), 0);
  const headingConcepts = index.glossaryConceptsOfHeadings(sectionIndex);
  const units = index.unitTerms(sectionIndex);
  const coverage: number[] = [];
  const evidence: number[] = [];
  for (const unit of units) {
    let policy = 0;
    let all = 0;
    terms.forEach((term, k) => {
      const w = weights[k] ?? 0;
      let credit = 0;
      if (term.kind === 'concept') credit = unit.concepts.has(term.key) || headingConcepts.includes(term.key) ? w : 0;
      else if (unit.stems.has(term.key) || section.headingStems.has(term.key)) credit = w;
      else if (index.variants(term.key).some((v) => unit.stems.has(v))) credit = w * 0.7;
      all += credit;
      if (inPolicy[k]) policy += credit;
    });
    const size = Math.min(1, unit.contentWords / 4);
    coverage.push(totalPolicy > 0 ? (policy / totalPolicy) * size + phrase(query, unit) : 0);
    evidence.push(totalAll > 0 ? (all / totalAll) * size + phrase(query, unit) : 0);
  }
  return { coverage, evidence };
}

describe('unitScores', () => {
  it('matches the unit-by-unit definition for every section and question', () => {
    let compared = 0;
    for (const q of questions) {
      const index = indexes.get(q.trust);
      if (!index) continue;
      const query = analyseQuery(q.question, q.trust, glossary);
      index.sections.forEach((_, i) => {
        const expected = referenceUnitScores(index, query, i);
        const actual = unitScores(index, query, i);
        expect(actual.coverage.length).toBe(expected.coverage.length);
        actual.coverage.forEach((c, k) => expect(c).toBeCloseTo(expected.coverage[k] ?? Number.NaN, 12));
        actual.evidence.forEach((e, k) => expect(e).toBeCloseTo(expected.evidence[k] ?? Number.NaN, 12));
        compared += actual.coverage.length;
      });
    }
    expect(compared).toBeGreaterThan(30_000);
  });

  it("credits a run that pairs one of the question's words twice", () => {
    const index = TrustIndex.build('t', [section(0, 'Staff', 'Staff give support to support.')], glossary);
    const query = analyseQuery('what is support to support?', 't', glossary);
    const expected = referenceUnitScores(index, query, 0);
    expect(phrase(query, index.unitTerms(0)[0] as UnitTerms)).toBeGreaterThan(0);
    expect(unitScores(index, query, 0)).toEqual(expected);
  });
});

describe('quoteScores', () => {
  it('weights each term by how few of the section\'s units hold it, as defined', () => {
    for (const q of questions.slice(0, 60)) {
      const index = indexes.get(q.trust);
      if (!index) continue;
      const query = analyseQuery(q.question, q.trust, glossary);
      index.sections.forEach((section, i) => {
        const units = index.unitTerms(i);
        const holds = (u: UnitTerms, t: ReturnType<typeof coverageTerms>[number]) => (t.kind === 'concept' ? u.concepts.has(t.key) : u.stems.has(t.key));
        const terms = coverageTerms(query).filter((t) => index.has(t));
        const weights = terms.map((t) => {
          const n = units.filter((u) => holds(u, t)).length;
          return n === 0 ? 0 : termWeight(index, t) * (1 + Math.log(units.length / n));
        });
        const total = weights.reduce((a, b) => a + b, 0);
        const expected = units.map((u, k) => {
          const matched = terms.reduce((sum, t, j) => sum + (holds(u, t) ? (weights[j] ?? 0) : 0), 0);
          const bounds = section.units[k];
          const text = bounds ? section.section.text.slice(bounds.start, bounds.end) : '';
          const time = query.asksWhen && /\b(?:\d+|weeks?|months?|terms?|termly|annual|annually|years?|days?)\b/i.test(text) ? 0.2 : 0;
          return (total > 0 ? matched / total : 0) * Math.min(1, u.contentWords / 4) + phrase(query, u) + time;
        });
        const actual = quoteScores(index, query, i);
        // The time bonus's full word list is wider than the reference's; compare units where both agree on it.
        actual.forEach((a, k) => {
          const e = expected[k] ?? Number.NaN;
          if (Math.abs(a - e) > 1e-9) expect(Math.abs(a - e - 0.2)).toBeLessThan(1e-9);
        });
      });
    }
  });
});

describe('lead-ins', () => {
  it("are each section's as worked out from its text, and quote as the text does", () => {
    let listed = 0;
    for (const index of indexes.values()) {
      index.sections.forEach((s, i) => {
        const leads = leadIns(s.section.text, s.units);
        expect(index.leadIns(i)).toEqual(leads);
        const scores = s.units.map((_, k) => (k === s.units.length - 1 ? 1 : 0));
        expect(chooseQuote(s.section.text, s.units, scores, index.leadIns(i))).toEqual(chooseQuote(s.section.text, s.units, scores));
        if (leads.some((l) => l !== undefined)) listed++;
      });
    }
    expect(listed).toBeGreaterThan(20);
  });
});

describe('longestCommonRun', () => {
  /** The run by its definition: every pair of start positions, extended while the stems agree. */
  function reference(a: readonly Token[], b: readonly Token[]): { length: number; content: number } {
    let best = { length: 0, content: 0 };
    for (let i = 0; i < a.length; i++) {
      for (let j = 0; j < b.length; j++) {
        let length = 0;
        let content = 0;
        while (i + length < a.length && j + length < b.length && a[i + length]?.stem === b[j + length]?.stem) {
          content += a[i + length]?.stop === true ? 0 : 1;
          length++;
          if (content > best.content || (content === best.content && length > best.length)) best = { length, content };
        }
      }
    }
    return best;
  }

  it('finds the longest shared run, most content words first, over random word runs', () => {
    const random = mulberry32(5);
    const vocabulary = ['the', 'of', 'a', 'pupil', 'send', 'plan', 'review', 'teacher', 'support', 'need'];
    const run = (n: number): Token[] =>
      Array.from({ length: n }, () => {
        const word = vocabulary[Math.floor(random() * vocabulary.length)] ?? 'a';
        return { word, stem: word, stop: word.length <= 3 };
      });
    for (let k = 0; k < 2000; k++) {
      const a = run(1 + Math.floor(random() * 20));
      const b = run(Math.floor(random() * 40));
      expect(longestCommonRun(a, b), `${a.map((t) => t.word).join(' ')} | ${b.map((t) => t.word).join(' ')}`).toEqual(reference(a, b));
    }
  });
});

describe('ranking with bounds', () => {
  it('bounds every section by at least what its best sentence scores', () => {
    let checked = 0;
    for (const q of questions) {
      const index = indexes.get(q.trust);
      if (!index) continue;
      const query = analyseQuery(q.question, q.trust, glossary);
      for (const ranked of rankSections(index, query, { limit: 1000 })) {
        expect(unitCoverageBound(index, query, ranked.index), q.question).toBeGreaterThanOrEqual(ranked.unitCoverage - 1e-12);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3_000);
  });

  it("knows which stop words' stems each section's sentences use", () => {
    let checked = 0;
    for (const index of indexes.values()) {
      index.sections.forEach((_, i) => {
        const used = new Set(index.unitTerms(i).flatMap((u) => u.tokens.map((t) => t.stem)));
        for (const [stem, n] of STOP_WORD_STEMS) {
          expect(index.unitsUseStopStem(i, n), `${index.trust} ${i} ${stem}`).toBe(used.has(stem));
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it("still bounds a section whose sentence names a concept the section's whole text does not", () => {
    // Across the sentence break the text reads "SEN support", which takes "support"; the second sentence alone reads "support staff".
    const section: Section = {
      id: 't/policy/0',
      trust: 't',
      document: 'SEND Policy',
      headingPath: ['SEND Policy', 'Planning'],
      ownsHeading: true,
      text: 'Teachers plan lessons for pupils with SEN. Support staff work with them every term.',
      order: 0,
    };
    const other: Section = { ...section, id: 't/policy/1', headingPath: ['SEND Policy', 'Reviews'], text: 'Support staff join reviews of provision.', order: 1 };
    const index = TrustIndex.build('t', [section, other], glossary);
    expect(index.unitTerms(0).some((u) => u.concepts.has('teaching-assistant'))).toBe(true);
    expect(index.sections[0]?.concepts.has('teaching-assistant')).toBe(false);
    expect(index.unitsWithinSection(0)).toBe(false);
    expect(index.unitsWithinSection(1)).toBe(true);
    const query = analyseQuery('what do support staff do?', 't', glossary);
    const all = rankSections(index, query, { limit: 1000 });
    expect(all.find((r) => r.index === 0)?.unitCoverage).toBe(1);
    for (const ranked of all) expect(unitCoverageBound(index, query, ranked.index)).toBeGreaterThanOrEqual(ranked.unitCoverage - 1e-12);
    for (const limit of [1, 2]) expect(rankSections(index, query, { limit })).toEqual(all.slice(0, limit));
  });

  it('gives the best sections exactly as scoring every candidate does', () => {
    for (const q of questions) {
      const index = indexes.get(q.trust);
      if (!index) continue;
      const query = analyseQuery(q.question, q.trust, glossary);
      const all = rankSections(index, query, { limit: 1000 });
      for (const limit of [1, 3, 5, 10]) expect(rankSections(index, query, { limit }), q.question).toEqual(all.slice(0, limit));
    }
  });
});
