import path from 'node:path';
import MiniSearch, { type Options, type Query, type SearchOptions } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/knowledge/load-knowledge.js';
import { loadGlossary } from '../../../src/search/glossary.js';
import { mulberry32 } from '../../../bench/synthetic-corpus.js';
import { boundedDistance, LexicalIndex, type StoredLexicalIndex } from '../../../src/search/lexical-index.js';
import { analyse } from '../../../src/search/tokenizer.js';
import { KNOWLEDGE_DIR } from '../answers/shared-knowledge-base.js';

interface Doc {
  id: number;
  heading: string;
  text: string;
  concepts: string;
}

const OPTIONS: Options<Doc> = {
  fields: ['heading', 'text', 'concepts'],
  tokenize: (text) => text.split(' ').filter((t) => t.length > 0),
  processTerm: (term) => term,
};

const knowledge = await loadKnowledge(KNOWLEDGE_DIR);
const glossary = await loadGlossary(path.join(KNOWLEDGE_DIR, 'glossary.json'));

/** Each real trust's sections as the index documents them: content stems of heading and text, and glossary concepts. */
const trusts = knowledge.trusts.map((trust) => {
  const sections = knowledge.documents.filter((d) => d.trust === trust.id).flatMap((d) => d.sections);
  const docs: Doc[] = sections.flatMap((s, id) => {
    if (id % 7 === 3) return []; // Not every section is indexed: document numbers and ids differ.
    const stems = (text: string) => analyse(text).filter((t) => !t.stop).map((t) => t.stem);
    return [{ id, heading: stems(s.headingPath.join('\n')).join(' '), text: stems(s.text).join(' '), concepts: glossary.conceptsOf(`${s.headingPath.join(' ')} ${s.text}`, trust.id).join(' ') }];
  });
  const mini = new MiniSearch<Doc>(OPTIONS);
  mini.addAll(docs);
  return { trust: trust.id, docs, mini };
});

/** Queries shaped like the product's: stems (some misspelt or cut short) with boosts, fuzzy and prefix matching, and concepts. */
function queries(docs: readonly Doc[], seed: number, count: number): { query: Query; options: SearchOptions }[] {
  const next = mulberry32(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const words = [...new Set(docs.flatMap((d) => d.text.split(' ')).filter((w) => w.length > 0))];
  const concepts = [...new Set(docs.flatMap((d) => d.concepts.split(' ')).filter((w) => w.length > 0))];
  const out: { query: Query; options: SearchOptions }[] = [];
  for (let i = 0; i < count; i++) {
    const terms = Array.from({ length: 1 + Math.floor(next() * 8) }, () => {
      const w = pick(words);
      const roll = next();
      if (roll < 0.15 && w.length > 3) return `${w.slice(0, 1)}${w.slice(2)}`; // a letter dropped
      if (roll < 0.25) return `${w}x`; // a letter added
      if (roll < 0.35) return w.slice(0, Math.max(2, w.length - 2)); // cut short
      if (roll < 0.4) return 'zzqx';
      return w;
    });
    const boosts = new Map(terms.map((t) => [t, pick([1, 0.8, 0.5])]));
    const last = terms.at(-1);
    const stemQuery: Query = {
      fields: ['heading', 'text'],
      boostTerm: (term) => boosts.get(term) ?? 1,
      fuzzy: (term) => (term.length >= (i % 3 === 0 ? 4 : 6) && !words.includes(term) ? (i % 5 === 0 ? 0.3 : 1) : false),
      prefix: (term) => i % 2 === 0 && term === last && term.length >= 3,
      weights: { fuzzy: 0.35, prefix: 0.5 },
      queries: [...boosts.keys()],
      combineWith: 'OR',
    };
    const conceptQuery: Query = { fields: ['concepts'], boostTerm: () => 1.2, queries: Array.from({ length: Math.floor(next() * 3) }, () => pick(concepts)), combineWith: 'OR' };
    out.push({ query: { combineWith: 'OR', queries: [stemQuery, conceptQuery] }, options: { boost: { heading: 2, text: 1, concepts: 1.2 } } });
    if (i % 10 === 0) out.push({ query: terms.join(' '), options: { prefix: true, fuzzy: 0.2 } });
  }
  return out;
}

/** The query without prefix or fuzzy matching. */
function exactOnly(query: Query): Query {
  return typeof query === 'object' ? { ...query, fuzzy: false, prefix: false, queries: query.queries.map(exactOnly) } : query;
}

const results = (list: readonly { id: unknown; score: number }[]) => list.map((r) => [r.id, r.score]);

describe('LexicalIndex', () => {
  it('answers every query as the saved and loaded minisearch index does: same documents, same scores, same order', () => {
    let compared = 0;
    let loose = 0;
    for (const [t, { docs, mini }] of trusts.entries()) {
      const loaded = MiniSearch.loadJS<Doc>(JSON.parse(JSON.stringify(mini)) as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS);
      const index = LexicalIndex.fromMiniSearch(mini);
      const restored = LexicalIndex.restore(JSON.parse(JSON.stringify(index.store())) as StoredLexicalIndex);
      for (const { query, options } of queries(docs, 1000 + t, 150)) {
        const expected = results(loaded.search(query, options));
        expect(results(index.search(query, options))).toEqual(expected);
        expect(results(restored.search(query, options))).toEqual(expected);
        compared += expected.length;
        // Count the queries whose prefix and fuzzy matches changed the results, so both are exercised.
        const strict = typeof query === 'string' ? loaded.search(query) : loaded.search(exactOnly(query), options);
        if (JSON.stringify(results(strict)) !== JSON.stringify(expected)) loose++;
      }
    }
    expect(compared).toBeGreaterThan(5_000);
    expect(loose).toBeGreaterThan(100);
  });

  it('refuses what it does not do rather than answer differently', () => {
    const index = LexicalIndex.fromMiniSearch(trusts[0]?.mini ?? new MiniSearch<Doc>(OPTIONS));
    expect(() => index.search({ combineWith: 'AND', queries: ['pupil', 'senco'] })).toThrow(/only OR/);
    expect(() => index.search(MiniSearch.wildcard)).toThrow(/wildcard/);
    expect(() => index.search('pupil', { filter: () => true })).toThrow(/filters/);
  });

  it('refuses a stored index that does not fit, naming the field', () => {
    const stored = LexicalIndex.fromMiniSearch(trusts[0]?.mini ?? new MiniSearch<Doc>(OPTIONS)).store();
    expect(() => LexicalIndex.restore({ ...stored, documentCount: stored.documentCount + 1 })).toThrow(/^documentIds: /);
    expect(() => LexicalIndex.restore({ ...stored, terms: stored.terms.slice(1) })).toThrow(/^postings\[0\]\.offsets: /);
    expect(() => LexicalIndex.restore({ ...stored, averageFieldLength: [1] })).toThrow(/^averageFieldLength: /);
  });
});

describe('boundedDistance', () => {
  /** The textbook Levenshtein distance, for comparison. */
  function levenshtein(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) current.push(Math.min((previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1), (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
      previous = current;
    }
    return previous[b.length] ?? 0;
  }

  it('agrees with the full Levenshtein distance up to its bound, and reports anything beyond as bound + 1', () => {
    const random = mulberry32(7);
    const word = () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => 'abcde'[Math.floor(random() * 5)]).join('');
    for (let n = 0; n < 3000; n++) {
      const a = word();
      const b = random() < 0.5 ? word() : a.slice(0, Math.floor(random() * a.length)) + word().slice(0, 2) + a.slice(Math.floor(random() * a.length));
      const max = Math.floor(random() * 4);
      const expected = levenshtein(a, b);
      expect(boundedDistance(a, b, max), `${a} ${b} ${max}`).toBe(expected <= max ? expected : max + 1);
    }
  });
});
